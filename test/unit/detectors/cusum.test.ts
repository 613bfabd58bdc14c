import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildDetectors, detectorsConfigSchema } from '../../../src/detectors/registry.js';
import { createCusum, cusumParams } from '../../../src/detectors/cusum.js';
import { expectClose, logReturns, normal, randomWalk, rng, run, T0, ticks } from './fixtures.js';
import { outside, streamMarket } from './market-stream.js';

interface Alarm {
  index: number;
  sum: number;
  rising: boolean;
  runMean: number;
  mean: number;
  std: number;
}

/**
 * The CUSUM recursion over returns standardised from scratch: mean and population σ of the
 * previous `window` returns by simple-statistics, σ floored, z clipped, both sums reset on alarm.
 */
function referenceAlarms(prices: readonly number[], p: { window: number; k: number; h: number; clip: number; minStd: number }): Alarm[] {
  const returns = logReturns(prices);
  const alarms: Alarm[] = [];
  let up = 0;
  let down = 0;
  let upRun: number[] = [];
  let downRun: number[] = [];
  for (let i = 2; i < prices.length; i++) {
    const previous = returns.slice(Math.max(1, i - p.window), i);
    if (previous.length < p.window) continue;
    const m = mean(previous);
    const raw = Math.sqrt(variance(previous));
    if (raw === 0) continue;
    const std = Math.max(raw, p.minStd);
    const z = Math.max(-p.clip, Math.min(p.clip, (returns[i]! - m) / std));
    up = Math.max(0, up + z - p.k);
    down = Math.max(0, down - z - p.k);
    upRun = up > 0 ? [...upRun, returns[i]!] : [];
    downRun = down > 0 ? [...downRun, returns[i]!] : [];
    if (up > p.h || down > p.h) {
      const rising = up >= down;
      const runReturns = rising ? upRun : downRun;
      alarms.push({ index: i, sum: rising ? up : down, rising, runMean: mean(runReturns), mean: m, std });
      up = down = 0;
      upRun = [];
      downRun = [];
    }
  }
  return alarms;
}

/** A random walk whose log returns gain `drift` from tick `from` to tick `to`. */
function driftingWalk(n: number, seed: number, sigma: number, drift: number, from: number, to: number): number[] {
  const draw = normal(rng(seed));
  const prices = [100];
  for (let i = 1; i < n; i++) prices.push(prices[i - 1]! * Math.exp(sigma * draw() + (i >= from && i < to ? drift : 0)));
  return prices;
}

const DEFAULTS = { window: 200, k: 0.5, h: 8, clip: 4, minStd: 1e-4, price: 'trade' as const };

describe('cusum', () => {
  it('alarms on the same ticks, with the same sums, as a brute-force CUSUM', () => {
    const cases = [
      { ...DEFAULTS, h: 2 },
      { window: 30, k: 0.25, h: 3, clip: 2, minStd: 0 },
      { window: 50, k: 0, h: 5, clip: 100, minStd: 2e-3 }, // the floor binds
    ];
    for (const [c, p] of cases.entries()) {
      const prices = driftingWalk(3000, c + 1, 0.001, 0.0004, 1000, 1400);
      const expected = referenceAlarms(prices, p);
      const events = run(createCusum(p), ticks('ACME', prices));
      const flagged = events.flatMap((event, index) => (event === undefined ? [] : [{ event, index }]));
      expect(flagged.map((f) => f.index)).toEqual(expected.map((a) => a.index));
      expect(expected.length).toBeGreaterThan(10);
      flagged.forEach(({ event }, i) => {
        const alarm = expected[i]!;
        expectClose(event.score, alarm.sum);
        expectClose(event.observed, alarm.runMean, 1e-9, 1e-12);
        expectClose(event.expected, alarm.mean, 1e-9, 1e-12);
        expectClose(event.upper! - event.expected, p.k * alarm.std, 1e-6, 1e-12);
        expect(event.reason).toContain(alarm.rising ? 'drift up' : 'drift down');
      });
    }
  });

  it('detects a drift of 0.8σ a tick within a few dozen ticks, and once per h of accumulated sum', () => {
    const prices = driftingWalk(2000, 7, 0.001, 0.0008, 1500, 1600);
    const events = run(createCusum(), ticks('ACME', prices));
    const flagged = events.flatMap((event, index) => (event === undefined ? [] : [index]));
    expect(flagged.filter((index) => index < 1500)).toEqual([]);
    expect(flagged[0]).toBeGreaterThan(1500);
    expect(flagged[0]).toBeLessThan(1550);
    // Reset after each alarm: a 100-tick drift re-accumulates h a few times, not on every tick.
    const during = flagged.filter((index) => index < 1600);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(5);
    expect(events[flagged[0]!]!.reason).toMatch(/^ACME returns drift up: CUSUM \d+\.\dσ over the last \d+ ticks \(mean \+0\.\d\d% a tick against [+-]0\.\d\d%, σ 0\.\d\d%\)$/);
  });

  it('does not alarm on a single price jump: the clip caps one return at 4σ', () => {
    const prices = randomWalk(1000, 3, 0.001, new Map([[700, 0.05]]));
    expect(run(createCusum(), ticks('ACME', prices)).filter((e) => e !== undefined)).toEqual([]);
    expect(run(createCusum({ clip: 100 }), ticks('ACME', prices))[700]).toBeDefined();
  });

  it('is quiet on a driftless random walk', () => {
    const events = run(createCusum(), ticks('ACME', randomWalk(10_000, 99)));
    expect(events.filter((e) => e !== undefined).length).toBeLessThanOrEqual(2);
  });

  it('fills the event: critical from 1.75 × h, down-drifts too', () => {
    const prices = driftingWalk(600, 5, 0.001, -0.004, 400, 420);
    const event = run(createCusum(), ticks('AAPL', prices)).find((e) => e !== undefined)!;
    expect(event).toMatchObject({ symbol: 'AAPL', detector: 'cusum', severity: 'warning' });
    expect(event.id).toBe(`AAPL|cusum|${event.ts}`);
    expect(event.ts).toBeGreaterThan(T0 + 400_000);
    expect(event.observed).toBeLessThan(event.lower!);
    expect(event.reason).toMatch(/drift down/);
    const critical = run(createCusum({ h: 2, criticalH: 2.5 }), ticks('AAPL', prices)).filter((e) => e?.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
  });

  it('skips ticks whose price is not a positive finite number, and never accumulates on a flat price', () => {
    const prices = driftingWalk(800, 9, 0.001, 0.001, 500, 600);
    const clean = run(createCusum(), ticks('ACME', prices)).filter((e) => e !== undefined);
    const dirty = ticks('ACME', prices).flatMap((tick, i) => (i % 40 === 3 ? [{ ...tick, price: Number.NaN }, tick] : [tick]));
    const detector = createCusum();
    const state = detector.createState();
    expect(dirty.map((tick) => detector.update(state, tick)).filter((e) => e !== undefined)).toEqual(clean);
    expect(clean.length).toBeGreaterThan(0);
    const flat = Array.from({ length: 500 }, () => 10);
    expect(run(createCusum(), ticks('FLAT', [...flat, 10.5, 11, 11.5])).every((e) => e === undefined)).toBe(true);
  });

  describe('on the simulated market (20 symbols, a full session)', () => {
    it('stays quiet on a clean market', () => {
      expect(streamMarket(createCusum(), { seed: 2 }).events.length).toBeLessThanOrEqual(2);
    });

    it('with anomalies, alarms only during them (mostly volatility regimes)', () => {
      const market = streamMarket(createCusum(), { seed: 4, perSymbolHour: 6 });
      expect(market.events.length).toBeGreaterThan(5);
      expect(outside(market, 30_000).length).toBeLessThanOrEqual(1);
    });
  });

  describe('registry', () => {
    it('is on by default, and takes its parameters from the detectors section', () => {
      expect(buildDetectors().map((detector) => detector.id)).toContain('cusum');
      expect(buildDetectors({ cusum: false }).map((detector) => detector.id)).not.toContain('cusum');
      expect(detectorsConfigSchema.parse({ cusum: { h: 10 } }).cusum).toEqual({ ...DEFAULTS, h: 10 });
    });
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(cusumParams.parse({})).toEqual(DEFAULTS);
    });

    it.each([
      [{ window: 1 }, 'cusum.window'],
      [{ k: -0.1 }, 'cusum.k'],
      [{ h: 0 }, 'cusum.h'],
      [{ k: 2, clip: 1 }, 'cusum.clip'],
      [{ h: 8, criticalH: 4 }, 'cusum.criticalH'],
      [{ minStd: -1 }, 'cusum.minStd'],
      [{ drift: 1 }, 'cusum'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createCusum(params as never)).toThrow(ConfigError);
      expect(() => createCusum(params as never)).toThrow(path);
    });
  });
});
