import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildDetectors, detectorsConfigSchema } from '../../../src/detectors/registry.js';
import { bollingerParams, createBollinger } from '../../../src/detectors/bollinger.js';
import { expectClose, randomWalk, run, T0, ticks } from './fixtures.js';
import { outside, recall, streamMarket } from './market-stream.js';

interface Expected {
  percentB: number;
  mean: number;
  std: number;
}

/** %b of each price in the band mean ± k·σ of the previous `window` prices (σ population, floored at minStd × mean). */
function referencePercentB(prices: readonly number[], window: number, k: number, minStd: number): (Expected | undefined)[] {
  return prices.map((price, i) => {
    if (i < window) return undefined;
    const previous = prices.slice(i - window, i);
    const m = mean(previous);
    const raw = Math.sqrt(variance(previous));
    if (raw === 0) return undefined;
    const std = Math.max(raw, minStd * m);
    return { percentB: (price - (m - k * std)) / (2 * k * std), mean: m, std };
  });
}

const score = (percentB: number): number => (percentB > 1 ? percentB - 1 : -percentB);

describe('bollinger', () => {
  it('computes %b like a brute-force band over the previous w prices', () => {
    // A narrow band (k 0.05) and a tiny `outside`, so most ticks flag and carry their %b.
    for (const [window, minStd, seed] of [[20, 2e-4, 1], [5, 0, 2], [64, 1e-3, 3]] as const) {
      const prices = randomWalk(2000, seed, 0.001, new Map([[700, 0.02]]));
      const expected = referencePercentB(prices, window, 0.05, minStd);
      const events = run(createBollinger({ window, k: 0.05, outside: 1e-9, minStd }), ticks('ACME', prices));
      let flagged = 0;
      events.forEach((event, i) => {
        const reference = expected[i];
        const s = reference === undefined ? -Infinity : score(reference.percentB);
        expect(event !== undefined, `tick ${i}, %b ${reference?.percentB}`).toBe(s > 1e-9);
        if (event === undefined || reference === undefined) return;
        flagged++;
        expectClose(event.score, s, 1e-9, 1);
        expectClose(event.expected, reference.mean);
        expectClose(event.lower!, reference.mean - 0.05 * reference.std);
        expectClose(event.upper!, reference.mean + 0.05 * reference.std);
        expect(event.observed).toBe(prices[i]);
      });
      expect(flagged).toBeGreaterThan(500);
    }
  });

  it('flags only far outside the band (%b > 2.5 or < -1.5 by default), critical from 1.75 × outside', () => {
    const jumps = new Map([[300, 0.01], [600, -0.008], [900, 0.003]]);
    const prices = randomWalk(1000, 11, 0.0005, jumps);
    const expected = referencePercentB(prices, 20, 2, 2e-4);
    const events = run(createBollinger(), ticks('ACME', prices));
    events.forEach((event, i) => {
      const s = expected[i] === undefined ? -Infinity : score(expected[i]!.percentB);
      expect(event !== undefined, `tick ${i}`).toBe(s > 1.5);
      if (event !== undefined) expect(event.severity).toBe(s >= 2.625 ? 'critical' : 'warning');
    });
    expect(events[300]).toBeDefined();
    expect(events[600]).toBeDefined();
  });

  it('fills the event and explains it in one line', () => {
    const prices = randomWalk(100, 5, 0.001, new Map([[80, -0.03]]));
    const event = run(createBollinger(), ticks('AAPL', prices))[80]!;
    expect(event).toMatchObject({ id: `AAPL|bollinger|${T0 + 80_000}`, symbol: 'AAPL', detector: 'bollinger', severity: 'critical', observed: prices[80] });
    expect(event.observed).toBeLessThan(event.lower!);
    expect(event.reason).toMatch(/^AAPL price \d+\.\d+ far below its 20-tick Bollinger band \[\d+\.\d+, \d+\.\d+\]: %b -\d+\.\d\d \(mean \d+\.\d+, σ \d+\.\d+\)$/);
  });

  it('floors σ at minStd × mean: a one-cent move after a nearly flat stretch is no alarm', () => {
    const stuck = Array.from({ length: 40 }, (_, i) => (i === 30 ? 40.01 : 40));
    expect(run(createBollinger({ minStd: 0 }), ticks('THIN', [...stuck, 40.02]))[40]).toBeDefined();
    expect(run(createBollinger(), ticks('THIN', [...stuck, 40.02]))[40]).toBeUndefined();
    const event = run(createBollinger(), ticks('THIN', [...stuck, 40.2]))[40]!;
    expect(event.reason).toMatch(/ \(floor\)\)$/);
  });

  it('never flags a flat price, nor the first move after a flat window (σ 0)', () => {
    const flat = Array.from({ length: 50 }, () => 42.5);
    expect(run(createBollinger(), ticks('FLAT', [...flat, 45])).every((e) => e === undefined)).toBe(true);
  });

  it('skips ticks whose price is not a positive finite number', () => {
    const prices = randomWalk(300, 8, 0.001, new Map([[200, 0.02]]));
    const clean = run(createBollinger(), ticks('ACME', prices)).filter((e) => e !== undefined);
    const dirty = ticks('ACME', prices).flatMap((tick, i) => (i % 20 === 7 ? [{ ...tick, price: Infinity }, { ...tick, price: 0 }, tick] : [tick]));
    const detector = createBollinger();
    const state = detector.createState();
    expect(dirty.map((tick) => detector.update(state, tick)).filter((e) => e !== undefined)).toEqual(clean);
    expect(clean).toHaveLength(1);
  });

  describe('on the simulated market (20 symbols, a full session)', () => {
    it('stays quiet on a clean market', () => {
      expect(streamMarket(createBollinger(), { seed: 4 }).events.length).toBeLessThanOrEqual(2);
    });

    it('catches every injected price jump, and flags nothing away from the anomalies', () => {
      const market = streamMarket(createBollinger(), { seed: 2, perSymbolHour: 6 });
      const jumps = recall(market, 'price_jump', 5_000);
      expect(jumps.labels).toBeGreaterThan(100);
      expect(jumps.caught).toBe(jumps.labels);
      expect(outside(market, 30_000).length).toBeLessThanOrEqual(2);
    });
  });

  describe('registry', () => {
    it('is off by default (opt-in); {} or parameters turn it on', () => {
      expect(buildDetectors().map((detector) => detector.id)).not.toContain('bollinger');
      expect(detectorsConfigSchema.parse({}).bollinger).toBe(false);
      expect(buildDetectors({ bollinger: {} }).map((detector) => detector.id)).toContain('bollinger');
      expect(detectorsConfigSchema.parse({ bollinger: { outside: 2 } }).bollinger).toEqual({ window: 20, k: 2, outside: 2, minStd: 2e-4 });
    });
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(bollingerParams.parse({})).toEqual({ window: 20, k: 2, outside: 1.5, minStd: 2e-4 });
    });

    it.each([
      [{ window: 1 }, 'bollinger.window'],
      [{ k: 0 }, 'bollinger.k'],
      [{ outside: -1 }, 'bollinger.outside'],
      [{ outside: 2, criticalOutside: 1 }, 'bollinger.criticalOutside'],
      [{ minStd: -1 }, 'bollinger.minStd'],
      [{ width: 2 }, 'bollinger'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createBollinger(params as never)).toThrow(ConfigError);
      expect(() => createBollinger(params as never)).toThrow(path);
    });
  });
});
