import { describe, expect, it } from 'vitest';
import type { DeliveryStats } from '../../../src/alerting/notification-delivery.js';
import { ManualClock } from '../../../src/core/clock.js';
import { RunStats } from '../../../src/core/run-stats.js';
import { AlertRetryWatch } from '../../../src/observability/alert-retry-watch.js';
import { influxProbe } from '../../../src/observability/observed-influx-writer.js';
import { checkReadiness } from '../../../src/observability/readiness.js';
import { RunWatch } from '../../../src/observability/run-watch.js';

const T = Date.UTC(2026, 10, 27);

describe('readiness', () => {
  it('waits for the run to start and the source to deliver', () => {
    const run = new RunWatch(new ManualClock(T));
    expect(checkReadiness(run, [], T)).toEqual({ ready: false, reasons: ['pipeline: not started'] });
    const stats = new RunStats(T);
    run.started(stats);
    expect(checkReadiness(run, [], T)).toEqual({ ready: false, reasons: ['source: nothing received yet'] });
    stats.batches = 1;
    expect(checkReadiness(run, [], T)).toEqual({ ready: true, reasons: [] });
  });

  it('lists every degraded output', () => {
    const run = new RunWatch(new ManualClock(T));
    const stats = new RunStats(T);
    stats.batches = 3;
    run.started(stats);
    expect(checkReadiness(run, [() => 'a: down', () => undefined, () => 'b: slow'], T)).toEqual({ ready: false, reasons: ['a: down', 'b: slow'] });
  });

  it('calls influx degraded while a write is slow, the buffer is past its mark, or lines wait in the spool', () => {
    const writer = { buffered: 0, flushingSince: undefined as number | undefined, spooledLines: 0 };
    const probe = influxProbe(writer, 1000);
    expect(probe(T)).toBeUndefined();
    writer.flushingSince = T - 1000;
    expect(probe(T)).toBeUndefined();
    writer.flushingSince = T - 12_000;
    expect(probe(T)).toBe('influx: retrying writes for 12 s');
    writer.flushingSince = undefined;
    writer.buffered = 800;
    expect(probe(T)).toBe('influx: 800 lines buffered (mark 800 of 1000)');
    writer.buffered = 0;
    writer.spooledLines = 1500;
    expect(probe(T)).toBe('influx: 1500 lines spooled to disk, waiting for InfluxDB');
  });

  it('calls alerts degraded from a retry until an e-mail is accepted or given up', () => {
    const clock = new ManualClock(T);
    const stats: DeliveryStats = { mails: 2, failed: 0, retries: 0, deferred: 0 };
    const watch = new AlertRetryWatch(() => stats, clock);
    expect(watch.probe(clock.now())).toBeUndefined();
    stats.retries++;
    watch.retried();
    clock.advance(5000);
    expect(watch.probe(clock.now())).toBe('alerts: retrying e-mails for 5 s');
    stats.retries++;
    watch.retried();
    clock.advance(2000);
    expect(watch.probe(clock.now())).toBe('alerts: retrying e-mails for 7 s');
    stats.mails++;
    expect(watch.probe(clock.now())).toBeUndefined();
  });
});
