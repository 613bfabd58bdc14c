import { describe, expect, it } from 'vitest';
import type { AlertStats } from '../../../src/alerting/alert-sink.js';
import { ManualClock } from '../../../src/core/clock.js';
import { RunStats } from '../../../src/core/run-stats.js';
import { createMetricsRegistry, deadLettersByCode } from '../../../src/observability/metrics.js';
import { RunWatch } from '../../../src/observability/run-watch.js';

const T = Date.UTC(2026, 10, 27);

function alertStats(): AlertStats {
  return { events: 9, stateChanges: 4, notifications: 5, silenced: 1, inhibited: 2, muted: 3, held: 4, budgetExceeded: 1, firing: 2, mails: 5, failed: 1, retries: 3, deferred: 0 };
}

describe('metrics', () => {
  it('render the live counters at scrape time', async () => {
    const clock = new ManualClock(T);
    const run = new RunWatch(clock);
    const stats = new RunStats(T);
    run.started(stats);
    const registry = createMetricsRegistry({ run, clock, alerts: alertStats, lag: () => 42, influxBuffered: () => 7 });

    stats.recordsIn = 120;
    stats.recordsOut = 3;
    stats.countDeadLetter('decode-ticks', 'invalid_field');
    stats.countDeadLetter('decode-ticks', 'invalid_field');
    stats.countDeadLetter('file', 'unreadable');
    clock.advance(2500);
    run.committed();
    clock.advance(1500);
    const text = await registry.metrics();

    expect(text).toContain('# TYPE riskwatch_ticks_in_total counter');
    expect(text).toContain('riskwatch_ticks_in_total 120\n');
    expect(text).toContain('riskwatch_events_out_total 3\n');
    expect(text).toContain('riskwatch_dead_letters_total{reason="invalid_field"} 2\n');
    expect(text).toContain('riskwatch_dead_letters_total{reason="unreadable"} 1\n');
    expect(text).toContain('riskwatch_last_commit_age_seconds 1.5\n');
    expect(text).toContain('riskwatch_consumer_lag 42\n');
    expect(text).toContain('riskwatch_influx_buffered_lines 7\n');
    expect(text).toContain('riskwatch_alerts_sent_total 5\n');
    expect(text).toContain('riskwatch_alerts_failed_total 1\n');
    expect(text).toContain('riskwatch_alerts_retries_total 3\n');
    expect(text).toContain('riskwatch_alerts_suppressed_total 6\n');
    expect(text).toContain('riskwatch_alerts_held_total 4\n');
    expect(text).toContain('riskwatch_alerts_budget_exceeded_total 1\n');
    expect(text).toContain('# TYPE riskwatch_alerts_firing gauge');
    expect(text).toContain('riskwatch_alerts_firing 2\n');
    expect(text).toContain('process_cpu_user_seconds_total');

    // Counters follow the live values on the next scrape.
    stats.recordsIn = 121;
    expect(await registry.metrics()).toContain('riskwatch_ticks_in_total 121\n');
  });

  it('leave out what the pipeline does not have, and read 0 before the run starts', async () => {
    const clock = new ManualClock(T);
    const text = await createMetricsRegistry({ run: new RunWatch(clock), clock }).metrics();
    expect(text).toContain('riskwatch_ticks_in_total 0\n');
    expect(text).not.toContain('riskwatch_consumer_lag');
    expect(text).not.toContain('riskwatch_alerts_');
    expect(text).not.toContain('riskwatch_influx_');
  });

  it('count commit age from the start while nothing is committed', async () => {
    const clock = new ManualClock(T);
    const run = new RunWatch(clock);
    run.started(new RunStats(T));
    clock.advance(3000);
    expect(await createMetricsRegistry({ run, clock }).metrics()).toContain('riskwatch_last_commit_age_seconds 3\n');
  });

  it('sum dead letters by code over steps', () => {
    expect(deadLettersByCode(new Map([['a:x', 1], ['b:x', 2], ['b:y', 5]]))).toEqual(new Map([['x', 3], ['y', 5]]));
    expect(deadLettersByCode(undefined).size).toBe(0);
  });
});
