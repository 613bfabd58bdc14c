import { Registry, Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startOpsServer, type OpsServer } from '../../../src/observability/ops-server.js';
import type { Readiness } from '../../../src/observability/readiness.js';

const logger = createLogger('silent');
const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(readiness: () => Readiness): Promise<OpsServer> {
  const registry = new Registry();
  new Counter({ name: 'riskwatch_test_total', help: 'test', registers: [registry] }).inc(3);
  const server = await startOpsServer({ host: '127.0.0.1', port: 0 }, { registry, readiness }, logger);
  servers.push(server);
  return server;
}

describe('ops server', () => {
  it('answers liveness, readiness and metrics', async () => {
    let readiness: Readiness = { ready: false, reasons: ['influx: retrying writes for 12 s'] };
    const { url } = await start(() => readiness);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const unready = await fetch(`${url}/readyz`);
    expect(unready.status).toBe(503);
    expect(unready.headers.get('content-type')).toBe('application/json');
    expect(await unready.json()).toEqual({ ready: false, reasons: ['influx: retrying writes for 12 s'] });
    readiness = { ready: true, reasons: [] };
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const metrics = await fetch(`${url}/metrics?x=1`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('riskwatch_test_total 3');
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    const { url } = await start(() => ({ ready: true, reasons: [] }));
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metricsx`)).status).toBe(404);
    const post = await fetch(`${url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses at start when the port is taken', async () => {
    const first = await start(() => ({ ready: true, reasons: [] }));
    const port = Number(new URL(first.url).port);
    const error = await startOpsServer({ host: '127.0.0.1', port }, { registry: new Registry(), readiness: () => ({ ready: true, reasons: [] }) }, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ops server cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE.*ops\.port/);
  });

  it('stops answering once closed', async () => {
    const server = await start(() => ({ ready: true, reasons: [] }));
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
