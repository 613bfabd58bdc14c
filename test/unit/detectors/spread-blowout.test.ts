import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createSpreadBlowout, spreadBlowoutParams, type SpreadBlowoutParams } from '../../../src/detectors/spread-blowout.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, rng, run, T0 } from './fixtures.js';
import { detectAll, onLabel, simulateMarket } from './simulated-market.js';

const DEFAULTS = { window: 200, minSamples: 50, ratio: 2.5, k: 3, minStd: 0.1, rearm: 1.5 };

/** Quotes around a mid near 100 with a relative spread of 5 bp × U(0.8, 1.25) × blowUp(i). */
function quotes(n: number, seed: number, blowUp: (i: number) => number = () => 1): Tick[] {
  const uniform = rng(seed);
  let mid = 100;
  return Array.from({ length: n }, (_, i) => {
    mid *= Math.exp(0.0005 * (uniform() - 0.5));
    const half = (mid * 5e-4 * (0.8 + 0.45 * uniform()) * blowUp(i)) / 2;
    return { symbol: 'ACME', ts: T0 + i * 500, price: mid, size: 100, bid: mid - half, ask: mid + half };
  });
}

function blowUps(...episodes: readonly (readonly [from: number, to: number, factor: number])[]): (i: number) => number {
  return (i) => episodes.find(([from, to]) => i >= from && i < to)?.[2] ?? 1;
}

interface ReferenceEvent {
  index: number;
  ratio: number;
  z: number;
  expected: number;
}

/**
 * The rule from its description, with the baseline statistics recomputed from scratch on every
 * quote (simple-statistics over a plain array): log relative spreads, the held-out blow-out
 * quotes, edge triggering.
 */
function reference(ticks: readonly Tick[], p: typeof DEFAULTS): ReferenceEvent[] {
  const baseline: number[] = [];
  const events: ReferenceEvent[] = [];
  let armed = true;
  let held = 0;
  ticks.forEach((tick, index) => {
    const { bid, ask } = tick;
    if (bid === undefined || ask === undefined || !(ask > bid)) return;
    const x = Math.log((ask - bid) / ((ask + bid) / 2));
    const window = baseline.slice(-p.window);
    if (window.length >= p.minSamples) {
      const m = mean(window);
      const std = Math.max(Math.sqrt(variance(window)), p.minStd);
      const lift = x - m;
      if (!armed) {
        if (lift < Math.log(p.rearm)) {
          armed = true;
          held = 0;
        } else if (held < p.window) {
          held++;
          return;
        }
      } else if (lift >= Math.log(p.ratio) && lift >= p.k * std) {
        armed = false;
        held = 1;
        events.push({ index, ratio: Math.exp(lift), z: lift / std, expected: Math.exp(m) });
        return;
      }
    }
    baseline.push(x);
  });
  return events;
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

describe('spread-blowout', () => {
  it('flags like a brute-force recompute of the rule, including blow-outs inside the window of the last one', () => {
    // 300-340 and 420-450 are close enough that the first is still in the second's window.
    const input = quotes(2000, 1, blowUps([300, 340, 10], [420, 450, 8], [800, 803, 3], [1200, 1500, 6]));
    for (const params of [DEFAULTS, { ...DEFAULTS, window: 60, minSamples: 60, k: 4, rearm: 2 }]) {
      const events = run(createSpreadBlowout(params), input);
      const expected = reference(input, params);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(flagged(events)).toEqual(expected.map((e) => e.index));
      for (const e of expected) {
        const event = events[e.index]!;
        expectClose(event.score, e.ratio, 1e-9);
        expectClose(event.expected, e.expected, 1e-9);
        expect(event.reason).toContain(`z ${e.z.toFixed(1)}`);
      }
    }
  });

  it('raises one event per blow-out and none on normal quotes', () => {
    const input = quotes(2000, 2, blowUps([300, 340, 10], [420, 450, 8], [900, 960, 6]));
    expect(flagged(run(createSpreadBlowout(), input))).toEqual([300, 420, 900]);
    expect(flagged(run(createSpreadBlowout(), quotes(5000, 3)))).toEqual([]);
  });

  it('describes the event: ratio as score, spreads as fractions, the quote in the reason', () => {
    const input = quotes(400, 4, blowUps([300, 310, 10]));
    const event = run(createSpreadBlowout(), input)[300]!;
    const tick = input[300]!;
    const spread = (tick.ask! - tick.bid!) / ((tick.ask! + tick.bid!) / 2);
    expect(event).toMatchObject({ id: `ACME|spread-blowout|${tick.ts}`, detector: 'spread-blowout', symbol: 'ACME', severity: 'critical' });
    expectClose(event.observed, spread, 1e-12);
    expect(event.score).toBeGreaterThan(7);
    expect(event.upper).toBeCloseTo(event.expected * 2.5, 12);
    expect(event.reason).toMatch(/^ACME spread blow-out: \d+\.\d bps \(bid \d+\.\d+, ask \d+\.\d+\) is \d+\.\d× its usual \d\.\d bps over the last 200 quotes \(z \d+\.\d\)$/);
  });

  it('is a warning below criticalRatio', () => {
    const input = quotes(400, 5, blowUps([300, 310, 4]));
    const event = run(createSpreadBlowout({ criticalRatio: 20 }), input)[300];
    expect(event?.severity).toBe('warning');
  });

  it('a blow-out that lasts longer than the window becomes the new normal', () => {
    const input = quotes(1500, 6, blowUps([300, 1500, 6]));
    const detector = createSpreadBlowout({ window: 100, minSamples: 100 });
    expect(flagged(run(detector, input))).toEqual([300]);
    // Back to normal after that: no event for the return, and the next blow-out is caught.
    const back = quotes(2200, 6, (i) => (i >= 300 && i < 1500 ? 6 : i >= 2000 && i < 2020 ? 6 : 1));
    expect(flagged(run(detector, back))).toEqual([300, 2000]);
  });

  it('skips ticks without a quote and locked or crossed quotes', () => {
    const input: Tick[] = quotes(400, 7).map((tick, i) => {
      if (i % 7 === 0) return { symbol: tick.symbol, ts: tick.ts, price: tick.price, size: tick.size };
      if (i === 350) return { ...tick, bid: tick.ask! + 1 };
      if (i === 351) return { ...tick, bid: tick.ask! };
      return tick;
    });
    expect(flagged(run(createSpreadBlowout(), input))).toEqual([]);
  });

  it('catches the simulator’s spread blow-outs, and is quiet on its clean market', () => {
    const market = simulateMarket({ seed: 11, symbols: 20, minutes: 90, kinds: ['spread_blowout'] });
    const events = detectAll(createSpreadBlowout(), market.ticks);
    expect(market.labels.length).toBeGreaterThan(100);
    const caught = market.labels.filter((label) => events.some((event) => onLabel(event, label)));
    expect(caught.length / market.labels.length).toBeGreaterThan(0.95);
    expect(events.filter((event) => !market.labels.some((label) => onLabel(event, label)))).toEqual([]);

    const clean = simulateMarket({ seed: 12, symbols: 20, minutes: 120, perSymbolHour: 0 });
    expect(detectAll(createSpreadBlowout(), clean.ticks)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(spreadBlowoutParams.parse({})).toEqual(DEFAULTS);
    });

    it.each<[SpreadBlowoutParams | Record<string, unknown>, string]>([
      [{ window: 1 }, 'spread-blowout.window'],
      [{ minSamples: 300 }, 'spread-blowout.minSamples'],
      [{ ratio: 1 }, 'spread-blowout.ratio'],
      [{ k: 0 }, 'spread-blowout.k'],
      [{ minStd: -1 }, 'spread-blowout.minStd'],
      [{ rearm: 0.5 }, 'spread-blowout.rearm'],
      [{ rearm: 3 }, 'spread-blowout.rearm'],
      [{ criticalRatio: 2 }, 'spread-blowout.criticalRatio'],
      [{ threshold: 3 }, 'spread-blowout'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createSpreadBlowout(params as never)).toThrow(ConfigError);
      expect(() => createSpreadBlowout(params as never)).toThrow(path);
    });
  });
});
