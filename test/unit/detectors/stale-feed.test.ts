import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createStaleFeed, staleFeedParams } from '../../../src/detectors/stale-feed.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, rng, run, T0 } from './fixtures.js';
import { detectAll, onLabel, simulateMarket } from './simulated-market.js';

function atTimes(times: readonly number[], symbol = 'ACME'): Tick[] {
  return times.map((ts) => ({ symbol, ts, price: 100, size: 100 }));
}

/** Exponential gaps of mean `meanMs` from T0, with `extra` ms added to the gap before tick i. */
function arrivals(n: number, seed: number, meanMs: number, extra: ReadonlyMap<number, number> = new Map()): number[] {
  const uniform = rng(seed);
  const times = [T0];
  for (let i = 1; i < n; i++) times.push(times[i - 1]! + Math.round(-meanMs * Math.log(1 - uniform())) + (extra.get(i) ?? 0));
  return times;
}

/**
 * The usual gap from its definition as weights: the plain mean of the first N = floor(1/alpha)
 * gaps, then each later gap j of n weighted alpha(1 - alpha)^(n - j), the first N's mean the rest.
 */
function usualGap(gaps: readonly number[], alpha: number): number {
  const first = Math.min(gaps.length, Math.floor(1 / alpha));
  let usual = gaps.slice(0, first).reduce((sum, gap) => sum + gap, 0) / first;
  const n = gaps.length;
  usual *= (1 - alpha) ** (n - first);
  for (let j = first; j < n; j++) usual += alpha * (1 - alpha) ** (n - 1 - j) * gaps[j]!;
  return usual;
}

interface ReferenceEvent {
  index: number;
  gap: number;
  usual: number;
}

/** The rule recomputed from scratch for every tick: flag gap > max(minGapMs, multiple × usual); learn min(gap, limit). */
function reference(times: readonly number[], p: { alpha: number; warmup: number; multiple: number; minGapMs: number }): ReferenceEvent[] {
  const learned: number[] = [];
  const events: ReferenceEvent[] = [];
  for (let i = 1; i < times.length; i++) {
    let gap = times[i]! - times[i - 1]!;
    if (learned.length >= p.warmup) {
      const usual = usualGap(learned, p.alpha);
      const limit = Math.max(p.minGapMs, p.multiple * usual);
      if (gap > limit) {
        events.push({ index: i, gap, usual });
        gap = limit;
      }
    }
    learned.push(gap);
  }
  return events;
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

describe('stale-feed', () => {
  it('flags like a brute-force recompute of the usual gap, clipped silences included', () => {
    const params = { alpha: 0.05, warmup: 30, multiple: 10, minGapMs: 5_000 };
    // Silences of 60 s, 30 s right after (the clipped first must not hide it) and a 4 s lull that stays under the floor.
    const times = arrivals(1500, 1, 400, new Map([[200, 60_000], [215, 30_000], [600, 4_000], [1000, 12_000]]));
    const events = run(createStaleFeed(params), atTimes(times));
    const expected = reference(times, params);
    expect(expected.map((e) => e.index)).toEqual([200, 215, 1000]);
    expect(flagged(events)).toEqual(expected.map((e) => e.index));
    for (const e of expected) {
      const event = events[e.index]!;
      expect(event.observed).toBe(e.gap);
      expectClose(event.expected, e.usual, 1e-9);
      expectClose(event.score, e.gap / e.usual, 1e-9);
    }
  });

  it('says how long the silence was, since when, and the usual gap', () => {
    const times = [...Array.from({ length: 101 }, (_, i) => T0 + i * 2000), T0 + 200_000 + 95_000];
    const event = run(createStaleFeed(), atTimes(times))[101]!;
    expect(event).toMatchObject({
      id: `ACME|stale-feed|${T0 + 295_000}`,
      detector: 'stale-feed',
      severity: 'critical', // 47.5× the usual 2 s
      observed: 95_000,
      expected: 2000,
      upper: 24_000,
      reason: `ACME stale feed: no ticks for 95 s (since ${new Date(T0 + 200_000).toISOString()}), 48× its usual 2.0 s between ticks (seen when ticks resumed)`,
    });
  });

  it('waits for `warmup` gaps, and never flags a gap under minGapMs', () => {
    const times = [T0, T0 + 1000, T0 + 2000, T0 + 60_000];
    expect(flagged(run(createStaleFeed({ warmup: 2, minGapMs: 0 }), atTimes(times)))).toEqual([3]);
    expect(flagged(run(createStaleFeed({ warmup: 3, minGapMs: 0 }), atTimes(times)))).toEqual([]);
    expect(flagged(run(createStaleFeed({ warmup: 2, minGapMs: 60_000 }), atTimes(times)))).toEqual([]);
  });

  it('does not take the overnight close for a silence, nor learn from it', () => {
    const close = Date.parse('2026-01-05T20:59:00Z');
    const day = Array.from({ length: 200 }, (_, i) => close - (200 - i) * 1000);
    const nextOpen = Date.parse('2026-01-06T14:30:00Z');
    const times = [...day, nextOpen, nextOpen + 1000, nextOpen + 2000, nextOpen + 40_000];
    const events = run(createStaleFeed(), atTimes(times));
    expect(flagged(events)).toEqual([203]);
    expect(events[203]!.expected).toBeCloseTo(1000, 6);
  });

  it('ignores a tick older than the latest', () => {
    const times = [...Array.from({ length: 150 }, (_, i) => T0 + i * 1000), T0 + 10_000, T0 + 150_000];
    const events = run(createStaleFeed(), atTimes(times));
    expect(flagged(events)).toEqual([]);
  });

  it('catches the simulator’s stale feeds when ticks resume, and is quiet on its clean market', () => {
    const market = simulateMarket({ seed: 31, symbols: 20, minutes: 90, kinds: ['stale_feed'] });
    const events = detectAll(createStaleFeed(), market.ticks);
    const lastTick = new Map(market.ticks.map((tick) => [tick.symbol, tick.ts]));
    // A silence still running when the data ends is never seen: no tick comes after it.
    const resumed = market.labels.filter((label) => label.end <= lastTick.get(label.symbol)!);
    expect(resumed.length).toBeGreaterThan(80);
    const caught = resumed.filter((label) => events.some((event) => onLabel(event, label, 0)));
    // A short silence of a slow symbol can stay under 12 × its usual gap (here: 45 s against 4 s).
    expect(caught.length / resumed.length).toBeGreaterThan(0.95);
    for (const label of caught) expect(events.filter((event) => onLabel(event, label, 0)).map((event) => event.ts)).toEqual([label.end]);
    expect(events).toHaveLength(caught.length);

    const clean = simulateMarket({ seed: 32, symbols: 20, minutes: 120, perSymbolHour: 0 });
    expect(detectAll(createStaleFeed(), clean.ticks)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(staleFeedParams.parse({})).toEqual({ alpha: 0.01, warmup: 100, multiple: 12, minGapMs: 20_000 });
    });

    it.each([
      [{ alpha: 0 }, 'stale-feed.alpha'],
      [{ alpha: 1 }, 'stale-feed.alpha'],
      [{ warmup: 0 }, 'stale-feed.warmup'],
      [{ multiple: 1 }, 'stale-feed.multiple'],
      [{ minGapMs: -1 }, 'stale-feed.minGapMs'],
      [{ multiple: 10, criticalMultiple: 5 }, 'stale-feed.criticalMultiple'],
      [{ threshold: 3 }, 'stale-feed'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createStaleFeed(params as never)).toThrow(ConfigError);
      expect(() => createStaleFeed(params as never)).toThrow(path);
    });
  });
});
