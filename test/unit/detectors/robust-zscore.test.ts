import { median, medianAbsoluteDeviation, quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildDetectors, detectorsConfigSchema } from '../../../src/detectors/registry.js';
import { createReturnZScore } from '../../../src/detectors/return-zscore.js';
import { createRobustZScore, robustZScoreParams } from '../../../src/detectors/robust-zscore.js';
import { expectClose, logReturns, randomWalk, rng, run, T0, ticks } from './fixtures.js';
import { outside, recall, streamMarket } from './market-stream.js';

interface Expected {
  z: number;
  median: number;
  scale: number;
}

/**
 * z of each tick's log return against the median and robust σ of the previous `window` returns,
 * recomputed from scratch: 1.4826 · MAD, or the upper quartile of |r - median| / 1.1503 when the
 * MAD is 0, floored at minStd (no z at all while that is 0).
 */
function referenceZ(prices: readonly number[], window: number, minSamples = window, minStd = 2e-4): (Expected | undefined)[] {
  const returns = logReturns(prices);
  return prices.map((_, i) => {
    const previous = returns.slice(Math.max(1, i - window), i);
    if (i < 2 || previous.length < minSamples) return undefined;
    const m = median(previous);
    const mad = medianAbsoluteDeviation(previous);
    const raw = mad > 0 ? 1.4826 * mad : quantile(previous.map((r) => Math.abs(r - m)), 0.75) / 1.1503;
    const scale = Math.max(raw, minStd);
    return scale > 0 ? { z: (returns[i]! - m) / scale, median: m, scale } : undefined;
  });
}

/** A walk on a price grid of cents: many returns exactly 0, so the MAD is often 0. */
function stickyWalk(n: number, seed: number, level: number): number[] {
  const uniform = rng(seed);
  const prices = [level];
  for (let i = 1; i < n; i++) {
    const u = uniform();
    const step = u < 0.6 ? 0 : u < 0.8 ? 0.01 : -0.01;
    prices.push(Math.round((prices[i - 1]! + step) * 100) / 100);
  }
  return prices;
}

const JUMPS = new Map([
  [400, 0.02],
  [900, -0.015],
  [1500, 0.01],
  [2200, -0.03],
]);

describe('robust-zscore', () => {
  it('scores every tick like a brute-force median / MAD z-score over the previous w returns', () => {
    const cases = [
      { prices: randomWalk(2500, 1, 0.001, JUMPS), window: 200, minSamples: 200, minStd: 2e-4 },
      { prices: randomWalk(2500, 2, 0.001, JUMPS), window: 31, minSamples: 10, minStd: 0 },
      { prices: randomWalk(2500, 3, 0.001), window: 50, minSamples: 50, minStd: 1e-3 }, // the floor binds often
      { prices: stickyWalk(2500, 4, 8), window: 60, minSamples: 60, minStd: 0 }, // MAD 0: the quartile fallback
      { prices: stickyWalk(2500, 5, 8), window: 40, minSamples: 40, minStd: 5e-4 },
    ];
    for (const { prices, window, minSamples, minStd } of cases) {
      const expected = referenceZ(prices, window, minSamples, minStd);
      const events = run(createRobustZScore({ window, minSamples, threshold: 1e-12, minStd, minPriceStd: 0 }), ticks('ACME', prices));
      const returns = logReturns(prices);
      let scored = 0;
      events.forEach((event, i) => {
        const reference = expected[i];
        // With threshold ~0 a tick flags whenever z is defined and non-zero.
        expect(event === undefined, `tick ${i}`).toBe(reference === undefined || reference.z === 0);
        if (event === undefined || reference === undefined) return;
        scored++;
        expectClose(event.score, Math.abs(reference.z));
        expectClose(event.observed, returns[i]!);
        expectClose(event.expected, reference.median, 1e-9, 1e-12);
      });
      expect(scored).toBeGreaterThan(prices.length / 3);
    }
  });

  it('uses the upper-quartile fallback on sticky prices, so a one-cent bounce of a cheap symbol is no alarm', () => {
    // $5: a cent is 20 bp. Most returns are 0 (MAD 0); the moves are ±1 cent.
    const prices = stickyWalk(3000, 6, 5);
    const events = run(createRobustZScore(), ticks('CHEAP', prices));
    expect(events.filter((event) => event !== undefined)).toEqual([]);
    const jumped = [...prices, prices[prices.length - 1]! * 1.03];
    const event = run(createRobustZScore(), ticks('CHEAP', jumped))[jumped.length - 1]!;
    expect(event.reason).toMatch(/robust σ \d\.\d\d% \(MAD 0: upper quartile\)\)$/);
  });

  it('flags exactly the ticks with |z| >= threshold, with severity by criticalThreshold', () => {
    const prices = randomWalk(3000, 17, 0.001, JUMPS);
    const expected = referenceZ(prices, 200);
    const events = run(createRobustZScore(), ticks('ACME', prices));
    events.forEach((event, i) => {
      const z = Math.abs(expected[i]?.z ?? 0);
      expect(event !== undefined, `tick ${i}, |z| ${z}`).toBe(z >= 6);
      if (event === undefined) return;
      expect(event.severity).toBe(z >= 10.5 ? 'critical' : 'warning');
      expectClose(event.upper! - event.expected, 6 * expected[i]!.scale, 1e-6);
      expectClose(event.expected - event.lower!, 6 * expected[i]!.scale, 1e-6);
    });
    for (const index of JUMPS.keys()) expect(events[index], `jump at ${index}`).toBeDefined();
  });

  it('keeps flagging each step of a staircase, where a σ inflated by the first steps would not', () => {
    const steps = new Map([1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070].map((i) => [i, 0.01] as const));
    const prices = randomWalk(1100, 8, 0.001, steps);
    const events = run(createRobustZScore(), ticks('ACME', prices));
    for (const index of steps.keys()) expect(events[index], `step at ${index}`).toBeDefined();
    const zscore = run(createReturnZScore(), ticks('ACME', prices));
    expect([...steps.keys()].filter((index) => zscore[index] === undefined).length).toBeGreaterThan(0);
  });

  it('fills the event and explains it in one line', () => {
    const prices = randomWalk(300, 5, 0.002, new Map([[250, -0.05]]));
    const event = run(createRobustZScore(), ticks('AAPL', prices))[250]!;
    expect(event).toMatchObject({ id: `AAPL|robust-zscore|${T0 + 250_000}`, symbol: 'AAPL', detector: 'robust-zscore', severity: 'critical' });
    expect(event.observed).toBeLessThan(event.lower!);
    expect(event.reason).toMatch(/^AAPL return -\d\.\d\d% is \d+\.\dσ from its 200-tick median \([+-]\d\.\d\d%, robust σ \d\.\d\d% \(MAD\)\)$/);
  });

  it('never flags a flat price (scale at its floor, returns all 0)', () => {
    const flat = Array.from({ length: 500 }, () => 42.5);
    expect(run(createRobustZScore(), ticks('FLAT', flat)).every((e) => e === undefined)).toBe(true);
    expect(run(createRobustZScore({ minStd: 0, minPriceStd: 0 }), ticks('FLAT', [...flat, 43])).every((e) => e === undefined)).toBe(true);
  });

  it('skips ticks whose price is not a positive finite number, leaving state as it was', () => {
    const prices = randomWalk(600, 8, 0.001, new Map([[500, 0.02]]));
    const clean = run(createRobustZScore(), ticks('ACME', prices));
    const dirty = ticks('ACME', prices).flatMap((tick, i) => (i % 50 === 7 ? [{ ...tick, price: Number.NaN }, { ...tick, price: -1 }, tick] : [tick]));
    const detector = createRobustZScore();
    const state = detector.createState();
    expect(dirty.map((tick) => detector.update(state, tick)).filter((e) => e !== undefined)).toEqual(clean.filter((e) => e !== undefined));
  });

  describe('on the simulated market (20 symbols, a full session)', () => {
    it('stays quiet on a clean market', () => {
      const clean = streamMarket(createRobustZScore());
      expect(clean.ticks).toBeGreaterThan(700_000);
      expect(clean.events.length).toBeLessThanOrEqual(3);
    });

    it('catches every injected price jump', () => {
      const market = streamMarket(createRobustZScore(), { seed: 3, perSymbolHour: 6 });
      const jumps = recall(market, 'price_jump', 5_000);
      expect(jumps.labels).toBeGreaterThan(100);
      expect(jumps.caught).toBe(jumps.labels);
      expect(outside(market, 30_000).length).toBeLessThanOrEqual(5);
    });
  });

  describe('registry', () => {
    it('is off by default (opt-in); {} or parameters turn it on', () => {
      expect(buildDetectors().map((detector) => detector.id)).not.toContain('robust-zscore');
      expect(detectorsConfigSchema.parse({})['robust-zscore']).toBe(false);
      expect(buildDetectors({ 'robust-zscore': {} }).map((detector) => detector.id)).toContain('robust-zscore');
      expect(detectorsConfigSchema.parse({ 'robust-zscore': { threshold: 5 } })['robust-zscore']).toEqual({ window: 200, threshold: 5, minStd: 2e-4, minPriceStd: 0.005, price: 'mid' });
    });
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(robustZScoreParams.parse({})).toEqual({ window: 200, threshold: 6, minStd: 2e-4, minPriceStd: 0.005, price: 'mid' });
    });

    it.each([
      [{ window: 2 }, 'robust-zscore.window'],
      [{ window: 10.5 }, 'robust-zscore.window'],
      [{ threshold: 0 }, 'robust-zscore.threshold'],
      [{ window: 10, minSamples: 20 }, 'robust-zscore.minSamples'],
      [{ threshold: 6, criticalThreshold: 5 }, 'robust-zscore.criticalThreshold'],
      [{ minStd: -1e-4 }, 'robust-zscore.minStd'],
      [{ windw: 10 }, 'robust-zscore'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createRobustZScore(params as never)).toThrow(ConfigError);
      expect(() => createRobustZScore(params as never)).toThrow(path);
    });
  });
});
