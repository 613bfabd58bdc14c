import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createEwmaVolBand, ewmaVolBandParams } from '../../../src/detectors/ewma-vol-band.js';
import { expectClose, logReturns, randomWalk, referenceEwma, run, T0, ticks } from './fixtures.js';

interface Expected {
  score: number;
  mean: number;
  std: number;
}

/**
 * Each tick's return against a brute-force EWMA of all previous returns, once `warmup` of them
 * exist, with σ floored at `minStd` (none while σ is 0).
 */
function referenceBand(prices: readonly number[], alpha: number, warmup: number, minStd = 1e-4): (Expected | undefined)[] {
  const returns = logReturns(prices);
  return prices.map((_, i) => {
    const previous = returns.slice(1, i);
    if (i < 2 || previous.length < warmup) return undefined;
    const { mean, variance } = referenceEwma(previous, alpha);
    const raw = Math.sqrt(variance);
    const std = Math.max(raw, minStd);
    return raw > 0 ? { score: Math.abs(returns[i]! - mean) / std, mean, std } : undefined;
  });
}

const JUMPS = new Map([
  [300, 0.02],
  [700, -0.015],
  [1100, 0.01],
  [1500, -0.03],
  [1800, 0.012],
]);

describe('ewma-vol-band', () => {
  it('scores every tick and places the band like a brute-force EWMA of previous returns', () => {
    // σ of the walk's returns is ~1e-3: a minStd of 1e-3 binds on about half the ticks.
    for (const [alpha, warmup, minStd] of [[0.06, 50, 1e-4], [0.2, 10, 1e-3], [0.1, 20, 0]] as const) {
      const prices = randomWalk(2000, 7, 0.001, JUMPS);
      const expected = referenceBand(prices, alpha, warmup, minStd);
      const k = 1e-9;
      const events = run(createEwmaVolBand({ alpha, warmup, k, minStd, minPriceStd: 0 }), ticks('ACME', prices));
      events.forEach((event, i) => {
        const reference = expected[i];
        expect(event === undefined).toBe(reference === undefined);
        if (event === undefined || reference === undefined) return;
        const previous = prices[i - 1]!;
        expectClose(event.score, reference.score);
        expect(event.observed).toBe(prices[i]);
        expectClose(event.expected, previous * Math.exp(reference.mean));
        expectClose(event.lower!, previous * Math.exp(reference.mean - k * reference.std));
        expectClose(event.upper!, previous * Math.exp(reference.mean + k * reference.std));
      });
    }
  });

  it('flags exactly the prices outside the k·σ band, with severity by criticalK', () => {
    const prices = randomWalk(2000, 21, 0.001, JUMPS);
    const expected = referenceBand(prices, 0.06, 50);
    const events = run(createEwmaVolBand({ k: 5 }), ticks('ACME', prices));
    events.forEach((event, i) => {
      const score = expected[i]?.score ?? 0;
      expect(event !== undefined, `tick ${i}, score ${score}`).toBe(score > 5);
      if (event === undefined) return;
      expect(event.severity).toBe(score >= 8.75 ? 'critical' : 'warning');
      expect(event.observed < event.lower! || event.observed > event.upper!).toBe(true);
    });
    for (const index of JUMPS.keys()) expect(events[index], `jump at ${index}`).toBeDefined();
  });

  it('raises almost nothing on a quiet 10k-tick random walk', () => {
    const events = run(createEwmaVolBand(), ticks('ACME', randomWalk(10_000, 99)));
    expect(events.filter((event) => event !== undefined).length).toBeLessThanOrEqual(3);
  });

  it('waits for the warm-up: a symbol\'s first tick sets its price, then `warmup` returns', () => {
    const jumpAt = (index: number) => run(createEwmaVolBand(), ticks('ACME', randomWalk(60, 4, 0.001, new Map([[index, 0.05]]))));
    expect(jumpAt(50)[50]).toBeUndefined(); // 49 returns before it
    expect(jumpAt(51)[51]).toBeDefined(); // 50 returns before it
  });

  it('puts the price band in the event and the reason', () => {
    const prices = randomWalk(300, 5, 0.001, new Map([[250, 0.03]]));
    const event = run(createEwmaVolBand(), ticks('AAPL', prices))[250]!;
    expect(event).toMatchObject({
      id: `AAPL|ewma-vol-band|${T0 + 250_000}`,
      symbol: 'AAPL',
      detector: 'ewma-vol-band',
      severity: 'critical',
      observed: prices[250],
    });
    expect(event.observed).toBeGreaterThan(event.upper!);
    expect(event.lower!).toBeLessThan(event.expected);
    expect(event.reason).toMatch(
      /^AAPL price \d+\.\d{2,4} outside band \[\d+\.\d{2,4}, \d+\.\d{2,4}\]: return \+\d\.\d\d% is \d+\.\dσ from its EWMA mean \([+-]\d\.\d\d%, σ \d\.\d\d%\)$/,
    );
  });

  it('never flags or produces NaN on a flat price', () => {
    const flat = Array.from({ length: 500 }, () => 42.5);
    expect(run(createEwmaVolBand(), ticks('FLAT', [...flat, 43, 42.5, 43])).every((e) => e === undefined)).toBe(true);
  });

  it('floors σ at minStd: a first one-tick move after a nearly flat stretch is not an alarm', () => {
    // An illiquid $40 name stuck on one price, one 1-cent blip, then a 1-cent move.
    const stuck = Array.from({ length: 120 }, (_, i) => (i === 60 ? 40.01 : 40));
    const prices = [...stuck, 40.01];
    const last = prices.length - 1;
    expect(run(createEwmaVolBand({ k: 5, minStd: 0, minPriceStd: 0 }), ticks('THIN', prices))[last]?.score).toBeGreaterThan(9);
    // 2.5 bp against a 1 bp floor
    expect(run(createEwmaVolBand({ k: 5, minPriceStd: 0 }), ticks('THIN', prices))[last]).toBeUndefined();

    const event = run(createEwmaVolBand({ k: 5, minPriceStd: 0 }), ticks('THIN', [...stuck, 40.1]))[last]!;
    expect(event.upper!).toBeCloseTo(40 * Math.exp(Math.log(event.expected / 40) + 5e-4), 9);
    expect(event.reason).toMatch(/σ 0\.01% \(floor\)\)$/);
  });

  it('bands the mid-quote when the tick has a quote, and says so', () => {
    const mids = randomWalk(300, 5, 0.001, new Map([[250, 0.03]]));
    const quoted = ticks('AAPL', mids).map((tick, i) => ({ ...tick, bid: tick.price - 0.01, ask: tick.price + 0.01, price: tick.price + (i % 2 === 0 ? 0.01 : -0.01) }));
    const event = run(createEwmaVolBand(), quoted)[250]!;
    expect(event.observed).toBeCloseTo(mids[250]!, 9);
    expect(event.reason).toMatch(/^AAPL mid-quote \d+\.\d{3,5} outside band/);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(ewmaVolBandParams.parse({})).toEqual({ alpha: 0.06, warmup: 50, k: 12, minStd: 1e-4, minPriceStd: 0.005, price: 'mid' });
    });

    it.each([
      [{ alpha: 0 }, 'ewma-vol-band.alpha'],
      [{ alpha: 1 }, 'ewma-vol-band.alpha'],
      [{ warmup: 0 }, 'ewma-vol-band.warmup'],
      [{ k: -1 }, 'ewma-vol-band.k'],
      [{ k: 5, criticalK: 4 }, 'ewma-vol-band.criticalK'],
      [{ minStd: -1 }, 'ewma-vol-band.minStd'],
      [{ span: 32 }, 'ewma-vol-band'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createEwmaVolBand(params as never)).toThrow(ConfigError);
      expect(() => createEwmaVolBand(params as never)).toThrow(path);
    });
  });
});
