import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createInfluxSink } from '../../../src/sinks/influx/influx-sink.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { influxOptionsSchema } from '../../../src/sinks/influx/influx-options.js';
import { InfluxWriter } from '../../../src/sinks/influx/influx-writer.js';
import { eventLine } from '../../../src/sinks/influx/points.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';

const logger = createLogger('silent');

function event(i: number): AnomalyEvent {
  const ts = Date.UTC(2026, 0, 5, 14, 30) + i * 1000;
  return { id: `S|d|${ts}`, symbol: `S${i % 3}`, ts, detector: 'return-zscore', severity: 'warning', score: 4 + i, observed: 0.01, expected: 0, reason: `move "${i}", big` };
}

async function countEvents(url: string, bucket: string): Promise<number> {
  const rows = await new InfluxDB({ url, token: 'user:password' }).getQueryApi('').collectRows<{ _value: number }>(`
    from(bucket: "${bucket}") |> range(start: 2000-01-01T00:00:00Z)
      |> filter(fn: (r) => r._measurement == "riskwatch_events" and r._field == "score")
      |> group() |> count()`);
  return rows[0]?._value ?? 0;
}

describe('InfluxDB writer on a real server', () => {
  const { influxUrl } = testServers();

  it('writes events in gzipped batches, and the same event written twice stays one point', async () => {
    const bucket = await createInfluxBucket(influxUrl, uniqueName('rw'));
    const writer = new InfluxWriter(validateConfig({ url: influxUrl, bucket, token: 'user:password', gzipThreshold: 0 }, 'influx', influxOptionsSchema), logger);
    const sink = createInfluxSink('influx-events', writer, eventLine);
    const events = Array.from({ length: 50 }, (_, i) => event(i));
    await sink.write(events);
    await sink.write(events.slice(0, 20));
    await sink.flush();
    await writer.close();
    expect(writer.written).toBe(70);
    expect(await countEvents(influxUrl, bucket)).toBe(50);
  });

  it('spools the lines to disk when the server cannot be reached, and keeps them there after close', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'riskwatch-spool-'));
    const options = validateConfig({ url: 'http://127.0.0.1:9', bucket: 'x/autogen', token: 't', attempts: 2, timeoutMs: 500, spoolDir }, 'influx', influxOptionsSchema);
    const writer = new InfluxWriter(options, logger, { attempts: 2, initialDelayMs: 10, maxDelayMs: 10, factor: 1, jitter: 0 });
    await writer.add([eventLine(event(1))]);
    // The retries ran out: the line is durable on disk instead, so the pipeline goes on.
    await writer.flush();
    expect(writer.spooledLines).toBe(1);
    await writer.close();
    expect(writer.spooledLines).toBe(1);
    await rm(spoolDir, { recursive: true, force: true });
  });
});
