import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createLuldBand, luldBandParams, luldHalfWidth } from '../../../src/detectors/luld-band.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, normal, rng, run } from './fixtures.js';
import { detectAll, simulateMarket } from './simulated-market.js';

const MINUTE = 60_000;
/** 09:30 New York on a winter and a summer day (UTC-5, UTC-4). */
const WINTER_OPEN = Date.parse('2024-01-02T14:30:00Z');
const SUMMER_OPEN = Date.parse('2024-07-01T13:30:00Z');

function prints(open: number, prices: readonly (readonly [minute: number, price: number])[], symbol = 'ACME'): Tick[] {
  return prices.map(([minute, price]) => ({ symbol, ts: open + minute * MINUTE, price, size: 100 }));
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

/** A print every `stepMs` through the session, around `level`; the first print of minute m is moved by moves.get(m) (relative). */
function session(open: number, level: number, seed: number, moves: ReadonlyMap<number, number> = new Map(), stepMs = 2000): Tick[] {
  const draw = normal(rng(seed));
  const ticks: Tick[] = [];
  let price = level;
  for (let ts = open; ts < open + 390 * MINUTE; ts += stepMs) {
    price *= Math.exp(0.0008 * draw());
    const move = (ts - open) % MINUTE < stepMs ? (moves.get((ts - open - ((ts - open) % MINUTE)) / MINUTE) ?? 0) : 0;
    ticks.push({ symbol: 'ACME', ts, price: Math.round(price * (1 + move) * 100) / 100, size: 100 });
  }
  return ticks;
}

/**
 * The plan's rule recomputed from scratch for every print: the mean of the day's prints in the
 * five minutes before it, the reference moved only on a 1% change, the band from the table,
 * doubled in the first 15 and last 25 minutes, rounded to the cent; one event per excursion.
 */
function reference(ticks: readonly Tick[], open: number, tier: number): { index: number; reference: number; lower: number; upper: number }[] {
  const events = [];
  let ref = Number.NaN;
  let armed = true;
  for (let i = 0; i < ticks.length; i++) {
    const tick = ticks[i]!;
    const window = ticks.slice(0, i).filter((t) => t.ts > tick.ts - 5 * MINUTE && t.ts >= open);
    if (window.length > 0) {
      const mean = window.reduce((sum, t) => sum + t.price, 0) / window.length;
      if (Math.abs(mean - ref) >= 0.01 * ref) ref = mean;
    }
    if (Number.isNaN(ref)) {
      ref = tick.price;
      continue;
    }
    const minute = (tick.ts - open) / MINUTE;
    const doubled = minute < 15 || minute >= 365;
    const half = luldHalfWidth(tier, ref) * (doubled ? 2 : 1);
    const lower = Math.max(0, Math.round((ref - half) * 100) / 100);
    const upper = Math.round((ref + half) * 100) / 100;
    if (tick.price >= lower && tick.price <= upper) armed = true;
    else if (armed) {
      armed = false;
      events.push({ index: i, reference: ref, lower, upper });
    }
  }
  return events;
}

describe('luld-band', () => {
  it('has the plan’s band percentages by tier and reference price', () => {
    expect(luldHalfWidth(1, 100)).toBeCloseTo(5, 12);
    expect(luldHalfWidth(2, 100)).toBeCloseTo(10, 12);
    expect(luldHalfWidth(1, 3.01)).toBeCloseTo(0.1505, 12);
    expect(luldHalfWidth(2, 3)).toBeCloseTo(0.6, 12); // $3.00 itself is in the 20% tier
    expect(luldHalfWidth(1, 0.75)).toBeCloseTo(0.15, 12);
    expect(luldHalfWidth(2, 0.5)).toBeCloseTo(0.15, 12); // lesser of $0.15 and 75% ($0.375)
    expect(luldHalfWidth(2, 0.1)).toBeCloseTo(0.075, 12); // lesser of $0.15 and 75%
  });

  it('flags like a brute-force recompute of reference and bands, for both tiers', () => {
    // Moves of 7% (outside Tier 1's 5% band only), 12% (outside both), 15% at 15:40 (doubled bands).
    const moves = new Map([[60, 0.07], [120, 0.12], [200, -0.12], [250, -0.07], [370, 0.15]]);
    const ticks = session(WINTER_OPEN, 50, 1, moves);
    for (const tier of [1, 2]) {
      const events = run(createLuldBand(tier === 1 ? { tier1Symbols: ['ACME'] } : {}), ticks);
      const expected = reference(ticks, WINTER_OPEN, tier);
      expect(flagged(events)).toEqual(expected.map((e) => e.index));
      for (const e of expected) {
        const event = events[e.index]!;
        expectClose(event.expected, e.reference, 1e-9);
        expect([event.lower, event.upper]).toEqual([e.lower, e.upper]);
      }
      const minutes = expected.map((e) => Math.floor((ticks[e.index]!.ts - WINTER_OPEN) / MINUTE));
      // 15% at 15:40 is inside Tier 2's doubled band (20%), outside Tier 1's (10%).
      expect(minutes).toEqual(tier === 1 ? [60, 120, 200, 250, 370] : [120, 200]);
    }
  });

  it('doubles the bands from 09:30 to 09:45 and from 15:35 to 16:00, New York time, summer and winter', () => {
    for (const open of [WINTER_OPEN, SUMMER_OPEN]) {
      // Reference 100; Tier 2: ±10, doubled ±20.
      const at = (minute: number, price: number): Tick[] => prints(open, [[minute - 1, 100], [minute, price]]);
      expect(run(createLuldBand(), at(10, 115))[1]).toBeUndefined();
      expect(run(createLuldBand(), at(10, 121))[1]).toBeDefined();
      expect(run(createLuldBand(), at(16, 115))[1]).toMatchObject({ lower: 90, upper: 110 });
      expect(run(createLuldBand(), at(364, 111))[1]).toBeDefined();
      expect(run(createLuldBand(), at(366, 111))[1]).toBeUndefined();
    }
  });

  it('watches only the regular session, and starts each day afresh', () => {
    const ticks = prints(WINTER_OPEN, [[-10, 100], [-5, 150], [0, 100], [1, 100], [391, 150], [24 * 60, 130], [24 * 60 + 1, 131], [24 * 60 + 2, 160]]);
    const events = run(createLuldBand(), ticks);
    // Pre-market and after-hours prints are ignored; the next day's first print (130) is its reference.
    expect(flagged(events)).toEqual([7]);
    expect(events[7]).toMatchObject({ expected: 130, upper: 156 }); // 09:32: doubled
  });

  it('moves the reference only when the five-minute mean is 1% away (minUpdate)', () => {
    // From 100, prints at 100.9: the mean stays within 1%, so the reference stays 100 and 110.5 is outside.
    const drift = prints(WINTER_OPEN, [[20, 100], [21, 100.9], [22, 100.9], [30, 100.9], [30.5, 110.5]]);
    expect(run(createLuldBand(), drift)[4]).toMatchObject({ expected: 100, upper: 110 });
    expect(run(createLuldBand({ minUpdate: 0 }), drift)[4]).toBeUndefined();
  });

  it('flags once per excursion and describes it', () => {
    const steady = Array.from({ length: 10 }, (_, i): [number, number] => [15 + i / 2, 40]);
    // 45 leaves the band [36, 44]; 46 is the same excursion (the reference has moved to 40.45); 40 is
    // back inside; 45.5 leaves again (reference 40.92, band up to 45.01).
    const ticks = prints(WINTER_OPEN, [...steady, [20, 45], [20.1, 46], [20.2, 40], [20.3, 45.5]]);
    const events = run(createLuldBand(), ticks);
    expect(flagged(events)).toEqual([10, 13]);
    expect(events[10]).toMatchObject({
      id: `ACME|luld-band|${WINTER_OPEN + 20 * MINUTE}`,
      detector: 'luld-band',
      severity: 'warning', // 1.25 half-widths from the reference
      score: 1.25,
      observed: 45,
      expected: 40,
      lower: 36,
      upper: 44,
      reason: 'ACME print 45.00 outside its LULD band [36.00, 44.00]: reference 40.00, Tier 2 ±10.00%',
    });
    expect(run(createLuldBand(), prints(WINTER_OPEN, [[20, 40], [21, 48]]))[1]?.severity).toBe('critical');
  });

  it('applies the low-price tiers: 20% from $0.75 to $3.00, the lesser of $0.15 and 75% below', () => {
    expect(run(createLuldBand(), prints(WINTER_OPEN, [[20, 2], [21, 2.39]]))[1]).toBeUndefined();
    expect(run(createLuldBand(), prints(WINTER_OPEN, [[20, 2], [21, 2.41]]))[1]).toMatchObject({ lower: 1.6, upper: 2.4 });
    expect(run(createLuldBand(), prints(WINTER_OPEN, [[20, 0.5], [21, 0.66]]))[1]).toMatchObject({ lower: 0.35, upper: 0.65 });
  });

  it('is quiet on the simulated market, anomalies included (its jumps stay within 10%)', () => {
    expect(detectAll(createLuldBand(), simulateMarket({ seed: 51, symbols: 20, minutes: 60 }).ticks)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(luldBandParams.parse({})).toEqual({ tier1Symbols: [], defaultTier: 2, windowMs: 300_000, minUpdate: 0.01 });
    });

    it.each([
      [{ tier1Symbols: 'AAPL' }, 'luld-band.tier1Symbols'],
      [{ defaultTier: 3 }, 'luld-band.defaultTier'],
      [{ windowMs: 0 }, 'luld-band.windowMs'],
      [{ minUpdate: 1 }, 'luld-band.minUpdate'],
      [{ criticalThreshold: 0.5 }, 'luld-band.criticalThreshold'],
      [{ tier: 1 }, 'luld-band'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createLuldBand(params as never)).toThrow(ConfigError);
      expect(() => createLuldBand(params as never)).toThrow(path);
    });
  });
});
