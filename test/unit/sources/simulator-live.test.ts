import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { SourceBatch } from '../../../src/core/source.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import { SESSION_MS } from '../../../src/sources/simulator/trading-session.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { fakeSleep } from './helpers.js';

const WALL_START = 1_000_000;

/** Runs a live simulator on a manual clock, noting the wall time each batch was handed out. */
async function runLive(options: Parameters<typeof simulatorSource>[0], signal = new AbortController().signal) {
  const clock = new ManualClock(WALL_START);
  const { sleep, waits } = fakeSleep(clock);
  const source = simulatorSource({ mode: 'live', ...options }, { sleep });
  await source.open({ clock, deadLetter: () => undefined, releaseKeys: () => undefined });
  const received: { batch: SourceBatch<Tick>; at: number }[] = [];
  for await (const batch of source.batches(signal)) received.push({ batch, at: clock.now() });
  return { received, waits, clock, source };
}

describe('market simulator: live mode', () => {
  it('paces ticks in wall time at the speed factor, using the injected clock and sleep', async () => {
    const speed = 25;
    const { received, waits, clock } = await runLive({ seed: 2, speed, durationMs: 2 * 60_000 });
    const ticks = received.flatMap((r) => [...r.batch.records]);
    const first = ticks[0]!.ts;
    const last = ticks.at(-1)!.ts;
    // Two simulated minutes at speed 25 take 4.8 wall seconds, to the pacing granularity.
    expect(clock.now() - WALL_START).toBeGreaterThan((last - first) / speed - 20);
    expect(clock.now() - WALL_START).toBeLessThanOrEqual((last - first) / speed);
    expect(waits.every((ms) => ms >= 10)).toBe(true);
    for (const { batch, at } of received) {
      const due = WALL_START + (batch.records[0]!.ts - first) / speed;
      // No tick goes out more than the granularity (10 ms) before it is due.
      expect(at).toBeGreaterThanOrEqual(due - 10);
    }
    // Default live pace: 50 symbols make a few thousand ticks per wall second.
    const perSecond = ticks.length / ((clock.now() - WALL_START) / 1000);
    expect(perSecond).toBeGreaterThan(2000);
    expect(perSecond).toBeLessThan(20_000);
  });

  it('shows labelled anomalies within a few wall seconds of start', async () => {
    const { source, clock } = await runLive({ seed: 2, durationMs: 2 * 60_000 });
    const firstLabel = source.labels()[0]!;
    expect(firstLabel).toBeDefined();
    expect((firstLabel.start - Date.parse('2026-01-05T14:30:00Z')) / 25).toBeLessThan(5000);
    expect(clock.now()).toBeGreaterThan(WALL_START);
  });

  it('does not wait out the overnight close', async () => {
    const { waits, received } = await runLive({ seed: 2, symbols: 2, speed: 1000, durationMs: SESSION_MS + 20 * 60 * 60_000 });
    const days = new Set(received.flatMap((r) => r.batch.records.map((tick) => new Date(tick.ts).toISOString().slice(0, 10))));
    expect(days).toEqual(new Set(['2026-01-05', '2026-01-06']));
    expect(Math.max(...waits)).toBeLessThan(5000);
  });

  it('stops promptly when aborted during a real pause', async () => {
    const source = simulatorSource({ mode: 'live', speed: 0.001, symbols: 1 });
    await source.open({ clock: { now: () => Date.now() }, deadLetter: () => undefined, releaseKeys: () => undefined });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const batches: SourceBatch<Tick>[] = [];
    for await (const batch of source.batches(controller.signal)) batches.push(batch);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(batches.length).toBeLessThanOrEqual(1);
  });

  it('must be opened before it runs', () => {
    expect(() => simulatorSource({ mode: 'live' }).batches(new AbortController().signal)).toThrow(/open/);
  });
});
