import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createCrossedQuote, crossedQuoteParams } from '../../../src/detectors/crossed-quote.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { run, T0 } from './fixtures.js';
import { detectAll, onLabel, simulateMarket } from './simulated-market.js';

/** One tick per [bid, ask] pair (undefined: a tick without a quote), a second apart. */
function quoteTicks(quotes: readonly ([number, number] | undefined)[]): Tick[] {
  return quotes.map((quote, i) => {
    const tick = { symbol: 'ACME', ts: T0 + i * 1000, price: 100, size: 100 };
    return quote === undefined ? tick : { ...tick, bid: quote[0], ask: quote[1] };
  });
}

function flagged(events: readonly unknown[]): number[] {
  return events.flatMap((event, i) => (event === undefined ? [] : [i]));
}

const NORMAL: [number, number] = [100, 100.02];
const LOCKED: [number, number] = [100.01, 100.01];
const CROSSED: [number, number] = [100.03, 100.01];

describe('crossed-quote', () => {
  it('flags the first crossed or locked quote of each episode, and an escalation from locked to crossed', () => {
    const input = quoteTicks([NORMAL, CROSSED, CROSSED, undefined, CROSSED, NORMAL, LOCKED, LOCKED, CROSSED, LOCKED, CROSSED, NORMAL, CROSSED]);
    const events = run(createCrossedQuote(), input);
    expect(flagged(events)).toEqual([1, 6, 8, 12]);
    expect(events.map((event) => event?.severity)).toEqual([
      undefined, 'critical', undefined, undefined, undefined, undefined, 'warning', undefined, 'critical', undefined, undefined, undefined, 'critical',
    ]);
  });

  it('scores the crossing in basis points of the mid and says what it saw', () => {
    const [, crossed, locked] = run(createCrossedQuote(), quoteTicks([NORMAL, [100.1, 100], NORMAL, LOCKED]).filter((_, i) => i !== 2));
    expect(crossed).toMatchObject({
      id: `ACME|crossed-quote|${T0 + 1000}`,
      detector: 'crossed-quote',
      severity: 'critical',
      observed: 100.1,
      expected: 100,
      upper: 100,
      reason: 'ACME crossed quote: bid 100.10, ask 100.00, bid above ask by 10.0 bps',
    });
    expect(crossed!.score).toBeCloseTo((0.1 / 100.05) * 1e4, 10);
    // The locked quote comes straight after the crossed one: the same episode, not flagged.
    expect(locked).toBeUndefined();
    const [, lockedAlone] = run(createCrossedQuote(), quoteTicks([NORMAL, LOCKED]));
    expect(lockedAlone).toMatchObject({ severity: 'warning', score: 0, reason: 'ACME locked quote: bid 100.01, ask 100.01' });
  });

  it('leaves locked quotes alone with locked: false, and grades crossings with criticalBps', () => {
    const input = quoteTicks([NORMAL, LOCKED, CROSSED, NORMAL, [100.5, 100], NORMAL]);
    const events = run(createCrossedQuote({ locked: false, criticalBps: 10 }), input);
    expect(flagged(events)).toEqual([2, 4]);
    expect(events[2]!.severity).toBe('warning'); // 2 bp
    expect(events[4]!.severity).toBe('critical'); // 50 bp
  });

  it('ignores ticks without a two-sided positive quote', () => {
    const input: Tick[] = [...quoteTicks([undefined, [0, 0], NORMAL]), { symbol: 'ACME', ts: T0 + 5000, price: 100, size: 1, bid: 100.05 }];
    expect(flagged(run(createCrossedQuote(), input))).toEqual([]);
  });

  it('catches every crossed quote the simulator injects, and nothing else', () => {
    const market = simulateMarket({ seed: 21, symbols: 20, minutes: 60, kinds: ['crossed_quote'] });
    const events = detectAll(createCrossedQuote(), market.ticks);
    expect(market.labels.length).toBeGreaterThan(80);
    for (const label of market.labels) {
      const hits = events.filter((event) => onLabel(event, label, 0));
      expect(hits).toHaveLength(1);
      expect(hits[0]!.ts).toBe(label.start);
    }
    expect(events).toHaveLength(market.labels.length);
    expect(detectAll(createCrossedQuote(), simulateMarket({ seed: 22, symbols: 20, minutes: 60, perSymbolHour: 0 }).ticks)).toEqual([]);
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(crossedQuoteParams.parse({})).toEqual({ locked: true, criticalBps: 0 });
    });

    it.each([
      [{ locked: 'yes' }, 'crossed-quote.locked'],
      [{ criticalBps: -1 }, 'crossed-quote.criticalBps'],
      [{ minBps: 1 }, 'crossed-quote'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createCrossedQuote(params as never)).toThrow(ConfigError);
      expect(() => createCrossedQuote(params as never)).toThrow(path);
    });
  });
});
