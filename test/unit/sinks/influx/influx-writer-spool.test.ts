import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../../src/core/retry.js';
import { createLogger } from '../../../../src/observability/logger.js';
import { influxOptionsSchema } from '../../../../src/sinks/influx/influx-options.js';
import { InfluxWriter } from '../../../../src/sinks/influx/influx-writer.js';

const logger = createLogger('silent');
const FAST_RETRY: RetryPolicy = { attempts: 2, initialDelayMs: 5, maxDelayMs: 5, factor: 1, jitter: 0 };
const BUCKET = 'db/autogen';

/** An InfluxDB write endpoint that answers `status`; what it accepts (2xx) it keeps, one entry per request. */
interface FakeInflux {
  url: string;
  status: number;
  requests: number;
  accepted: string[][];
  close(): Promise<void>;
}

async function startFakeInflux(status: number): Promise<FakeInflux> {
  const fake: FakeInflux = { url: '', status, requests: 0, accepted: [], close: () => Promise.resolve() };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      fake.requests++;
      if (fake.status < 300) fake.accepted.push(Buffer.concat(chunks).toString('utf8').split('\n'));
      response.writeHead(fake.status, { 'content-type': 'application/json' });
      response.end(fake.status < 300 ? undefined : JSON.stringify({ code: 'x', message: `status ${fake.status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function lines(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `m,s=A v=${from + i} ${from + i}`);
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(status: number): Promise<{ fake: FakeInflux; spoolDir: string; writer: (url?: string) => InfluxWriter }> {
  const fake = await startFakeInflux(status);
  const spoolDir = await mkdtemp(join(tmpdir(), 'rw-spool-'));
  cleanup.push(() => fake.close(), () => rm(spoolDir, { recursive: true, force: true }));
  const writer = (url = fake.url): InfluxWriter => {
    const options = influxOptionsSchema.parse({ url, bucket: BUCKET, token: 't', maxBufferLines: 100, gzipThreshold: 1_000_000, timeoutMs: 1000, spoolDir, spoolRetryMs: 50 });
    const created = new InfluxWriter(options, logger, FAST_RETRY);
    cleanup.push(() => created.close().catch(() => undefined));
    return created;
  };
  return { fake, spoolDir, writer };
}

describe('influx writer spool', () => {
  it('spools when InfluxDB keeps failing, resolves flush, and drains everything once it is back', async () => {
    const { fake, spoolDir, writer: create } = await setup(503);
    const writer = create();
    await writer.add(lines(0, 250));
    await writer.flush();
    expect(writer.spooledLines).toBe(250);
    expect(writer.inMemoryLines).toBe(0);
    expect(fake.requests).toBeGreaterThanOrEqual(2); // both attempts, then the spool (and drain attempts since)

    // While the spool holds lines, flushes go straight to it.
    await writer.add(lines(250, 50));
    await writer.flush();
    expect(writer.spooledLines).toBe(300);
    expect(await readdir(join(spoolDir, encodeURIComponent(BUCKET)))).toHaveLength(2);

    fake.status = 204;
    await waitFor(() => writer.spooledLines === 0);
    expect(await readdir(join(spoolDir, encodeURIComponent(BUCKET)))).toEqual([]);
    const received = fake.accepted.flat().filter((line) => line.length > 0);
    expect(received.sort()).toEqual(lines(0, 300).sort()); // every line, each once
    expect(Math.max(...fake.accepted.map((request) => request.filter((line) => line.length > 0).length))).toBeLessThanOrEqual(100);
    expect(writer.written).toBe(300);

    // Drained: the next flush writes directly again.
    const before = fake.requests;
    await writer.add(lines(300, 10));
    await writer.flush();
    expect(fake.requests).toBe(before + 1);
    expect(writer.spooledLines).toBe(0);
    expect(writer.written).toBe(310);
  });

  it('still rejects a flush on a non-retriable answer (400) and keeps the lines in memory', async () => {
    const { fake, writer: create } = await setup(400);
    const writer = create();
    await writer.add(lines(0, 5));
    await expect(writer.flush()).rejects.toMatchObject({ code: 'influx_write_failed', retriable: false });
    expect(fake.requests).toBe(1);
    expect(writer.spooledLines).toBe(0);
    expect(writer.inMemoryLines).toBe(5);
  });

  it('spools on 429 too', async () => {
    const { writer: create } = await setup(429);
    const writer = create();
    await writer.add(lines(0, 5));
    await writer.flush();
    expect(writer.spooledLines).toBe(5);
  });

  it('spools when nothing listens, and a restarted writer drains the spool left on disk', async () => {
    const { fake, writer: create } = await setup(204);
    const first = create('http://127.0.0.1:1');
    await first.add(lines(0, 120));
    await first.flush();
    expect(first.spooledLines).toBe(120);
    await first.close(); // the last drain attempt fails: the lines stay on disk

    const second = create();
    await waitFor(() => second.spooledLines === 0 && fake.accepted.length > 0);
    expect(fake.accepted.flat().filter((line) => line.length > 0).sort()).toEqual(lines(0, 120).sort());
    expect(second.written).toBe(120);
  });

  it('moves spooled lines InfluxDB refuses (400) aside, so the rest of the spool drains', async () => {
    const { fake, spoolDir, writer: create } = await setup(503);
    const writer = create();
    await writer.add(lines(0, 5));
    await writer.flush();
    fake.status = 400;
    await waitFor(() => writer.spooledLines === 0);
    expect(await readdir(join(spoolDir, encodeURIComponent(BUCKET)))).toEqual(['000000000001.lp.rejected']);
  });
});
