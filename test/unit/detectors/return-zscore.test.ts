import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createReturnZScore, returnZScoreParams } from '../../../src/detectors/return-zscore.js';
import { expectClose, logReturns, randomWalk, run, T0, ticks } from './fixtures.js';

interface Expected {
  z: number;
  mean: number;
  std: number;
}

/**
 * z of each tick's log return against the previous `window` returns, recomputed from scratch, with
 * σ floored at `minStd` (no z at all while the window has no spread).
 */
function referenceZ(prices: readonly number[], window: number, minSamples = window, minStd = 1e-4): (Expected | undefined)[] {
  const returns = logReturns(prices);
  return prices.map((_, i) => {
    const previous = returns.slice(Math.max(1, i - window), i);
    if (i < 2 || previous.length < minSamples) return undefined;
    const m = mean(previous);
    const raw = Math.sqrt(variance(previous));
    const std = Math.max(raw, minStd);
    return raw > 0 ? { z: (returns[i]! - m) / std, mean: m, std } : undefined;
  });
}

const JUMPS = new Map([
  [400, 0.02],
  [900, -0.015],
  [1500, 0.01],
  [2200, -0.03],
  [2800, 0.012],
]);

describe('return-zscore', () => {
  it('scores every tick like a brute-force z-score over the previous w returns', () => {
    // σ of the walk's returns is ~1e-3: a minStd of 1e-3 binds on about half the ticks.
    for (const [window, minSamples, minStd] of [[100, 100, 1e-4], [30, 30, 0], [50, 10, 1e-3]] as const) {
      const prices = randomWalk(3000, window, 0.001, JUMPS);
      const expected = referenceZ(prices, window, minSamples, minStd);
      const events = run(createReturnZScore({ window, minSamples, threshold: 1e-12, minStd, minPriceStd: 0 }), ticks('ACME', prices));
      events.forEach((event, i) => {
        const reference = expected[i];
        expect(event === undefined).toBe(reference === undefined);
        if (event === undefined || reference === undefined) return;
        expectClose(event.score, Math.abs(reference.z));
        expectClose(event.observed, logReturns(prices)[i]!);
        expectClose(event.expected, reference.mean, 1e-9, 1e-12);
        expectClose(event.lower!, reference.mean - 1e-12 * reference.std, 1e-9, 1e-12);
        expectClose(event.upper!, reference.mean + 1e-12 * reference.std, 1e-9, 1e-12);
      });
    }
  });

  it('flags exactly the ticks with |z| >= threshold, with severity by criticalThreshold', () => {
    const prices = randomWalk(3000, 17, 0.001, JUMPS);
    const expected = referenceZ(prices, 100);
    const events = run(createReturnZScore({ threshold: 4 }), ticks('ACME', prices));
    events.forEach((event, i) => {
      const z = Math.abs(expected[i]?.z ?? 0);
      expect(event !== undefined, `tick ${i}, |z| ${z}`).toBe(z >= 4);
      if (event !== undefined) expect(event.severity).toBe(z >= 7 ? 'critical' : 'warning');
    });
    for (const index of JUMPS.keys()) expect(events[index], `jump at ${index}`).toBeDefined();
    expect(events[2200]!.severity).toBe('critical');
  });

  it('raises almost nothing on a quiet 10k-tick random walk', () => {
    const events = run(createReturnZScore(), ticks('ACME', randomWalk(10_000, 99)));
    expect(events.filter((event) => event !== undefined).length).toBeLessThanOrEqual(3);
  });

  it('fills the event and explains it in one line', () => {
    const prices = randomWalk(300, 5, 0.005, new Map([[250, -0.15]]));
    const event = run(createReturnZScore(), ticks('AAPL', prices))[250]!;
    expect(event).toMatchObject({
      id: `AAPL|return-zscore|${T0 + 250_000}`,
      symbol: 'AAPL',
      ts: T0 + 250_000,
      detector: 'return-zscore',
      severity: 'critical',
    });
    expect(event.observed).toBeLessThan(event.lower!);
    expect(event.reason).toMatch(/^AAPL return -\d+\.\d\d% is \d+\.\dσ from its 100-tick mean \([+-]\d\.\d\d%, σ \d\.\d\d%\)$/);
  });

  it('never flags a flat price, nor the first move after a flat window (σ 0: z undefined)', () => {
    const flat = Array.from({ length: 500 }, () => 42.5);
    expect(run(createReturnZScore(), ticks('FLAT', [...flat, 43])).every((e) => e === undefined)).toBe(true);

    const walk = randomWalk(300, 3);
    const last = walk[walk.length - 1]!;
    const prices = [...walk, ...Array.from({ length: 100 }, () => last), last * 1.01];
    expect(run(createReturnZScore(), ticks('FLAT', prices))[prices.length - 1]).toBeUndefined();
  });

  it('floors σ at minStd: a first one-tick move after a nearly flat stretch is not an alarm', () => {
    // An illiquid $40 name stuck on one price, one 1-cent blip (σ ≈ 0.35 bp over 100 returns), then a 1-cent move.
    const stuck = Array.from({ length: 120 }, (_, i) => (i === 60 ? 40.01 : 40));
    const prices = [...stuck, 40.01];
    const last = prices.length - 1;
    const unfloored = run(createReturnZScore({ threshold: 4, minStd: 0, minPriceStd: 0 }), ticks('THIN', prices))[last];
    expect(unfloored?.score).toBeGreaterThan(7);
    // 2.5 bp against a 1 bp floor
    expect(run(createReturnZScore({ threshold: 4, minPriceStd: 0 }), ticks('THIN', prices))[last]).toBeUndefined();

    const jump = [...stuck, 40.1]; // 25 bp: still 25σ of the floor
    const event = run(createReturnZScore({ threshold: 4, minPriceStd: 0 }), ticks('THIN', jump))[last]!;
    expectClose(event.score, Math.abs(Math.log(40.1 / 40) - event.expected) / 1e-4);
    expectClose(event.upper! - event.expected, 4 * 1e-4);
    expect(event.reason).toMatch(/σ 0\.01% \(floor\)\)$/);
  });

  it('skips ticks whose price is not a positive finite number, leaving state as it was', () => {
    const prices = randomWalk(400, 8, 0.001, new Map([[300, 0.02]]));
    const clean = run(createReturnZScore(), ticks('ACME', prices));
    const dirty = ticks('ACME', prices).flatMap((tick, i) =>
      i % 50 === 7 ? [{ ...tick, price: Number.NaN }, { ...tick, price: 0 }, tick] : [tick],
    );
    const detector = createReturnZScore();
    const state = detector.createState();
    const flagged = dirty.map((tick) => detector.update(state, tick)).filter((e) => e !== undefined);
    expect(flagged).toEqual(clean.filter((e) => e !== undefined));
  });

  it('floors σ at minPriceStd / price: half-cent steps of a low-priced mid are not moves', () => {
    // A $5 name whose mid flickers by half a cent (10 bp) now and then, then moves a cent (20 bp).
    const flicker = Array.from({ length: 150 }, (_, i) => (i % 40 === 20 ? 5.005 : 5));
    const prices = [...flicker, 5.01];
    const last = prices.length - 1;
    expect(run(createReturnZScore({ threshold: 4, minPriceStd: 0 }), ticks('LOW', prices))[last]).toBeDefined();
    expect(run(createReturnZScore({ threshold: 4 }), ticks('LOW', prices))[last]).toBeUndefined(); // 20 bp against a 10 bp floor
  });

  it('scores the mid-quote: a blown-out spread makes trade prints bounce, not the mid', () => {
    const mids = randomWalk(400, 21, 0.0005);
    const quoted = ticks('WIDE', mids).map((tick, i) => {
      const half = tick.price * (i >= 300 ? 0.01 : 0.0002); // the spread widens 50-fold at tick 300
      return { ...tick, bid: tick.price - half, ask: tick.price + half, price: i % 2 === 0 ? tick.price - half : tick.price + half };
    });
    const onTrades = run(createReturnZScore({ price: 'trade' }), quoted).filter((e) => e !== undefined);
    const onMid = run(createReturnZScore(), quoted).filter((e) => e !== undefined);
    expect(onTrades.length).toBeGreaterThan(0);
    expect(onMid).toEqual([]);
  });

  it('skips a crossed quote (its mid is wrong) and falls back to the trade price without a quote', () => {
    const prices = randomWalk(300, 22, 0.0005);
    const quoted = ticks('X', prices).map((tick) => ({ ...tick, bid: tick.price - 0.01, ask: tick.price + 0.01 }));
    // A crossed quote 10 % off, then the market as before: nothing to flag.
    quoted[200] = { ...quoted[200]!, bid: prices[200]! * 1.1, ask: prices[200]! * 1.09 };
    expect(run(createReturnZScore(), quoted).filter((e) => e !== undefined)).toEqual([]);
    // Without any quote, the trade price is scored: a 5 % print is a jump.
    const unquoted = ticks('X', prices.map((p, i) => (i === 250 ? p * 1.05 : p)));
    expect(run(createReturnZScore(), unquoted)[250]).toBeDefined();
  });

  it('scales a return by √(gap / usual gap): a move after a long silence is not a jump for that alone', () => {
    const prices = randomWalk(300, 23, 0.001);
    const spaced = ticks('GAP', prices);
    // 400 s of silence before tick 250 (usual gap 1 s), over which the price moved 20σ-per-tick: 1σ over the gap.
    const moved = prices.map((p, i) => (i >= 250 ? p * Math.exp(0.02) : p));
    const late = ticks('GAP', moved).map((tick, i) => (i >= 250 ? { ...tick, ts: tick.ts + 400_000 } : tick));
    expect(run(createReturnZScore(), late)[250]).toBeUndefined();
    const scaledEvent = run(createReturnZScore({ threshold: 0.5 }), late)[250]!;
    expect(scaledEvent.reason).toMatch(/÷\d+\.\d for a \d+\.\d× usual gap\)$/);
    // The same move without the silence is a 20σ jump.
    expect(run(createReturnZScore(), ticks('GAP', moved))[250]).toBeDefined();
    expect(run(createReturnZScore(), spaced).filter((e) => e !== undefined)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(returnZScoreParams.parse({})).toEqual({ window: 100, threshold: 12, minStd: 1e-4, minPriceStd: 0.005, price: 'mid' });
    });

    it.each([
      [{ window: 1 }, 'return-zscore.window'],
      [{ window: 10.5 }, 'return-zscore.window'],
      [{ threshold: 0 }, 'return-zscore.threshold'],
      [{ window: 10, minSamples: 20 }, 'return-zscore.minSamples'],
      [{ threshold: 5, criticalThreshold: 4 }, 'return-zscore.criticalThreshold'],
      [{ minStd: -1e-4 }, 'return-zscore.minStd'],
      [{ minPriceStd: -1 }, 'return-zscore.minPriceStd'],
      [{ price: 'last' }, 'return-zscore.price'],
      [{ windw: 10 }, 'return-zscore'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createReturnZScore(params as never)).toThrow(ConfigError);
      expect(() => createReturnZScore(params as never)).toThrow(path);
    });
  });
});
