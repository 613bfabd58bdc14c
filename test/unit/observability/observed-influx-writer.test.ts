import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/observability/logger.js';
import { ObservedInfluxWriter } from '../../../src/observability/observed-influx-writer.js';
import { influxOptionsSchema } from '../../../src/sinks/influx/influx-options.js';

const T = Date.UTC(2026, 10, 27);

describe('observed influx writer', () => {
  it('counts buffered lines, marks a write in progress, and shows what was spooled', async () => {
    const clock = new ManualClock(T);
    const spoolDir = await mkdtemp(join(tmpdir(), 'riskwatch-spool-'));
    // Nothing listens on port 1: one attempt, refused at once, then the lines go to the spool.
    const options = influxOptionsSchema.parse({ url: 'http://127.0.0.1:1', token: 'test', attempts: 1, timeoutMs: 1000, spoolDir });
    const writer = new ObservedInfluxWriter(options, createLogger('silent'), clock);
    await writer.add(['m v=1 1', 'm v=2 2']);
    expect(writer.buffered).toBe(2);
    const flushing = writer.flush();
    expect(writer.flushingSince).toBe(T);
    await flushing;
    expect(writer.flushingSince).toBeUndefined();
    expect(writer.buffered).toBe(0);
    expect(writer.spooledLines).toBe(2);
    await writer.close().catch(() => undefined);
    await rm(spoolDir, { recursive: true, force: true });
  });
});
