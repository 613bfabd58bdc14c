import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';
import type { RetryPolicy } from '../../../src/core/retry.js';
import { createLogger } from '../../../src/observability/logger.js';
import { influxOptionsSchema } from '../../../src/sinks/influx/influx-options.js';
import { InfluxWriter } from '../../../src/sinks/influx/influx-writer.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

/** About 0.1 s of retries: a cut of a second outlasts them, as a minute outlasts the default 31 s. */
const SHORT_RETRY: RetryPolicy = { attempts: 3, initialDelayMs: 30, maxDelayMs: 60, factor: 2, jitter: 0 };
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const BATCHES = 30;
const BATCH_LINES = 100;

function batch(index: number): string[] {
  return Array.from({ length: BATCH_LINES }, (_, i) => {
    const n = index * BATCH_LINES + i;
    return `outage_probe,symbol=S${n % 7} v=${n} ${T0 + n}`;
  });
}

let proxy: TcpProxy | undefined;
let spoolDir: string | undefined;
afterEach(async () => {
  await proxy?.close();
  if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  proxy = undefined;
  spoolDir = undefined;
});

describe('fault: InfluxDB is unreachable for longer than the retries last', () => {
  it('spools the lines to disk (flush resolves), and drains them into InfluxDB when it is back: every point, once', async () => {
    const { influxUrl } = testServers();
    const bucket = await createInfluxBucket(influxUrl, uniqueName('rw_outage'));
    proxy = await startTcpProxy(influxUrl);
    spoolDir = await mkdtemp(join(tmpdir(), 'rw-influx-spool-'));
    const options = validateConfig(
      { url: proxy.url, bucket, token: 'user:password', maxBufferLines: 100, timeoutMs: 2000, spoolDir, spoolRetryMs: 200 },
      'influx',
      influxOptionsSchema,
    );
    const writer = new InfluxWriter(options, createLogger('silent'), SHORT_RETRY);

    let maxSpooled = 0;
    for (let i = 0; i < BATCHES; i++) {
      if (i === BATCHES / 3) proxy.cut();
      if (i === (2 * BATCHES) / 3) proxy.restore();
      await writer.add(batch(i));
      await writer.flush(); // resolves throughout: written, or durable in the spool
      maxSpooled = Math.max(maxSpooled, writer.spooledLines);
      if (i === (2 * BATCHES) / 3 - 1) expect(writer.spooledLines).toBe(BATCHES * BATCH_LINES / 3);
    }

    const deadline = Date.now() + 10_000;
    while (writer.spooledLines > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writer.spooledLines).toBe(0);
    await writer.close();

    const rows = await new InfluxDB({ url: influxUrl, token: 'user:password' }).getQueryApi('').collectRows<{ _time: string; _value: number; symbol: string }>(`
      from(bucket: "${bucket}") |> range(start: 2026-01-01T00:00:00Z, stop: 2026-02-01T00:00:00Z)
        |> filter(fn: (r) => r._measurement == "outage_probe" and r._field == "v")`);
    const found = new Map(rows.map((row) => [Date.parse(row._time) - T0, { value: row._value, symbol: row.symbol }]));
    const total = BATCHES * BATCH_LINES;
    console.info(`influx outage: ${total} points written, ${maxSpooled} spooled at most, ${rows.length} rows found (${found.size} distinct), writer.written ${writer.written}`);
    expect(rows).toHaveLength(total);
    expect(found.size).toBe(total);
    for (let n = 0; n < total; n++) expect(found.get(n)).toEqual({ value: n, symbol: `S${n % 7}` });
    expect(writer.written).toBeGreaterThanOrEqual(total);
  }, 20_000);
});
