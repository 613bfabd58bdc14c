import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createFatFinger, fatFingerParams } from '../../../src/detectors/fat-finger.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, rng, run, T0 } from './fixtures.js';
import { detectAll, simulateMarket } from './simulated-market.js';

function trade(price: number, bid: number | undefined, ask: number | undefined, i = 0): Tick {
  const tick = { symbol: 'ACME', ts: T0 + i * 1000, price, size: 100 };
  return bid === undefined || ask === undefined ? tick : { ...tick, bid, ask };
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

describe('fat-finger', () => {
  it('flags like the rule computed directly: beyond max(spreads × spread, minBps of the mid) from the nearest side', () => {
    const uniform = rng(1);
    const input = Array.from({ length: 5000 }, (_, i) => {
      const mid = 20 + 200 * uniform();
      const spread = mid * (0.0001 + 0.002 * uniform());
      // Mostly at or inside the quote, some a little outside, some far.
      const offset = (uniform() - 0.5) * spread * (uniform() < 0.9 ? 1 : 40);
      return trade(mid + offset, mid - spread / 2, mid + spread / 2, i);
    });
    for (const params of [{ spreads: 5, minBps: 50 }, { spreads: 2, minBps: 10 }, { spreads: 0, minBps: 1 }]) {
      const expected = input.flatMap((tick, i) => {
        const { bid, ask, price } = tick as Required<Tick>;
        const mid = (bid + ask) / 2;
        const distance = price > ask ? price - ask : bid - price;
        return distance > Math.max(params.spreads * (ask - bid), (params.minBps / 1e4) * mid) ? [{ i, bps: (distance / mid) * 1e4 }] : [];
      });
      const events = run(createFatFinger(params), input);
      expect(expected.length).toBeGreaterThan(10);
      expect(flagged(events)).toEqual(expected.map((e) => e.i));
      for (const e of expected) expectClose(events[e.i]!.score, e.bps, 1e-9);
    }
  });

  it('describes the print against its quote', () => {
    const [above] = run(createFatFinger(), [trade(101, 100, 100.1)]);
    expect(above).toMatchObject({
      id: `ACME|fat-finger|${T0}`,
      detector: 'fat-finger',
      severity: 'critical', // 90 bp against a flag distance of 50 bp: critical from 87.5 bp
      observed: 101,
      expected: 100.1,
    });
    expectClose(above!.score, (0.9 / 100.05) * 1e4, 1e-12);
    expectClose(above!.upper!, 100.1 + 0.0050025 * 100, 1e-12);
    expect(above!.reason).toBe('ACME trade at 101.00 is 90.0 bps above the ask (bid 100.00, ask 100.10; flags beyond 50.0 bps)');

    const [below] = run(createFatFinger(), [trade(95, 100, 100.1)]);
    expect(below).toMatchObject({ severity: 'critical', expected: 100 });
    expect(below!.reason).toContain('below the bid');
  });

  it('is critical from criticalBps, or by default from 1.75 × the flag distance', () => {
    // Flag distance 50 bp, so critical from 87.5 bp.
    expect(run(createFatFinger(), [trade(100.98, 100, 100.1)])[0]?.severity).toBe('critical');
    expect(run(createFatFinger(), [trade(100.95, 100, 100.1)])[0]?.severity).toBe('warning');
    expect(run(createFatFinger({ criticalBps: 200 }), [trade(101.5, 100, 100.1)])[0]?.severity).toBe('warning');
    expect(run(createFatFinger({ criticalBps: 200 }), [trade(102.2, 100, 100.1)])[0]?.severity).toBe('critical');
  });

  it('gives a wide market room: k spreads', () => {
    // Spread 2 (200 bp): 5 spreads is 10 away from the ask.
    expect(run(createFatFinger(), [trade(111, 99, 101)])[0]).toBeUndefined();
    expect(run(createFatFinger(), [trade(111.5, 99, 101)])[0]).toBeDefined();
  });

  it('skips trades without a valid quote: none, one-sided, locked or crossed', () => {
    const input = [trade(150, undefined, undefined), { ...trade(150, 100, 100.1), ask: undefined }, trade(150, 100, 100), trade(150, 100.1, 100)];
    expect(flagged(run(createFatFinger(), input as Tick[]))).toEqual([]);
  });

  it('is quiet on the simulated market, anomalies included: its trades print at or inside the quote', () => {
    expect(detectAll(createFatFinger(), simulateMarket({ seed: 41, symbols: 20, minutes: 60 }).ticks)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(fatFingerParams.parse({})).toEqual({ spreads: 5, minBps: 50 });
    });

    it.each([
      [{ spreads: -1 }, 'fat-finger.spreads'],
      [{ minBps: 0 }, 'fat-finger.minBps'],
      [{ criticalBps: 0 }, 'fat-finger.criticalBps'],
      [{ k: 3 }, 'fat-finger'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createFatFinger(params as never)).toThrow(ConfigError);
      expect(() => createFatFinger(params as never)).toThrow(path);
    });
  });
});
