import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sources/simulator/event-queue.js';
import { Prng } from '../../../src/sources/simulator/prng.js';
import { symbolNames } from '../../../src/sources/simulator/symbol-names.js';
import { intradayActivity, nextSessionOpen } from '../../../src/sources/simulator/trading-session.js';

describe('Prng', () => {
  it('repeats for the same seed and stream and differs otherwise', () => {
    const draw = (seed: number, stream: number): number[] => {
      const rng = new Prng(seed, stream);
      return Array.from({ length: 20 }, () => rng.nextUint32());
    };
    expect(draw(42, 0)).toEqual(draw(42, 0));
    expect(draw(42, 1)).not.toEqual(draw(42, 0));
    expect(draw(43, 0)).not.toEqual(draw(42, 0));
  });

  it('draws from the intended distributions', () => {
    const rng = new Prng(7);
    const n = 200_000;
    let uniform = 0;
    let normal = 0;
    let normalSq = 0;
    let exponential = 0;
    let paretoAbove10 = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (u < 0 || u >= 1) outOfRange++;
      uniform += u;
      const z = rng.normal();
      normal += z;
      normalSq += z * z;
      exponential += rng.exponential(3);
      if (rng.pareto(2) > 10) paretoAbove10++;
    }
    expect(outOfRange).toBe(0);
    expect(uniform / n).toBeCloseTo(0.5, 2);
    expect(normal / n).toBeCloseTo(0, 1);
    expect(normalSq / n).toBeCloseTo(1, 1);
    expect(exponential / n).toBeCloseTo(3, 1);
    expect(paretoAbove10 / n).toBeCloseTo(0.01, 2);
  });
});

describe('EventQueue', () => {
  it('always peeks the earliest item, ties to the lowest index', () => {
    const rng = new Prng(1);
    const size = 37;
    const queue = new EventQueue(size);
    const times = new Array<number>(size).fill(0);
    for (let step = 0; step < 5000; step++) {
      const item = rng.int(size);
      times[item] = Math.floor(rng.uniform() * 50);
      queue.set(item, times[item]!);
      const earliest = Math.min(...times);
      expect(queue.peek()).toBe(times.indexOf(earliest));
      expect(queue.timeOf(queue.peek())).toBe(earliest);
    }
  });
});

describe('trading session', () => {
  it('opens at 09:30 New York on the next weekday, across daylight-saving changes', () => {
    expect(new Date(nextSessionOpen(Date.parse('2026-01-05T14:30:00Z'))).toISOString()).toBe('2026-01-06T14:30:00.000Z');
    expect(new Date(nextSessionOpen(Date.parse('2026-01-09T14:30:00Z'))).toISOString()).toBe('2026-01-12T14:30:00.000Z');
    expect(new Date(nextSessionOpen(Date.parse('2026-03-06T14:30:00Z'))).toISOString()).toBe('2026-03-09T13:30:00.000Z');
    expect(new Date(nextSessionOpen(Date.parse('2026-10-30T13:30:00Z'))).toISOString()).toBe('2026-11-02T14:30:00.000Z');
  });

  it('has a U-shaped activity profile averaging 1', () => {
    let sum = 0;
    const steps = 10_000;
    for (let i = 0; i < steps; i++) sum += intradayActivity((i + 0.5) / steps);
    expect(sum / steps).toBeCloseTo(1, 3);
    expect(intradayActivity(0)).toBeGreaterThan(2.5 * intradayActivity(0.5));
    expect(intradayActivity(1)).toBeGreaterThan(1.5 * intradayActivity(0.5));
  });
});

describe('symbolNames', () => {
  it('makes distinct ticker-like names, the same every time', () => {
    const names = symbolNames(500);
    expect(new Set(names).size).toBe(500);
    expect(names.every((name) => /^[A-Z]{3,4}$/.test(name))).toBe(true);
    expect(symbolNames(50)).toEqual(names.slice(0, 50));
  });
});
