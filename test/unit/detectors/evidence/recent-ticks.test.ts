import { describe, expect, it } from 'vitest';
import { copyRecentTicks, createRecentTicks, recordTick } from '../../../../src/detectors/evidence/recent-ticks.js';
import type { Tick } from '../../../../src/ticks/tick.js';

const tick = (ts: number, price: number, extra: Partial<Tick> = {}): Tick => ({ symbol: 'ACME', ts, price, size: ts * 10, ...extra });

describe('recent ticks', () => {
  it('keeps the last `capacity` ticks, oldest first, across wraparounds', () => {
    const recent = createRecentTicks(3);
    recordTick(recent, tick(1, 10), 'f:1');
    recordTick(recent, tick(2, 11), 'f:2');
    expect(copyRecentTicks(recent)).toEqual({ ts: [1, 2], price: [10, 11], size: [10, 20], seq: [NaN, NaN], from: 'f:1', to: 'f:2' });
    for (let i = 3; i <= 7; i++) recordTick(recent, tick(i, 10 + i - 1, { seq: i }), `f:${i}`);
    expect(copyRecentTicks(recent)).toEqual({ ts: [5, 6, 7], price: [14, 15, 16], size: [50, 60, 70], seq: [5, 6, 7], from: 'f:5', to: 'f:7' });
    expect(recent.count).toBe(3);
  });

  it('matches a plain array window for every capacity and length', () => {
    for (const capacity of [1, 2, 5]) {
      const recent = createRecentTicks(capacity);
      const all: number[] = [];
      for (let i = 1; i <= 12; i++) {
        recordTick(recent, tick(i, i), `f:${i}`);
        all.push(i);
        const window = copyRecentTicks(recent);
        expect(window.ts).toEqual(all.slice(-capacity));
        expect([window.from, window.to]).toEqual([`f:${all.slice(-capacity)[0]}`, `f:${i}`]);
      }
    }
  });

  it('records the mid when quoted, the trade price without a quote or with a crossed one', () => {
    const recent = createRecentTicks(4);
    recordTick(recent, tick(1, 10, { bid: 9.98, ask: 10.02 }), undefined);
    recordTick(recent, tick(2, 10.5), undefined);
    recordTick(recent, tick(3, 10.1, { bid: 10.2, ask: 10 }), undefined);
    recordTick(recent, tick(4, 10.1, { bid: 10, ask: 10 }), undefined);
    expect(copyRecentTicks(recent).price).toEqual([10, 10.5, 10.1, 10]);
  });

  it('has no input range when an origin is unknown', () => {
    const recent = createRecentTicks(2);
    expect(copyRecentTicks(recent)).toEqual({ ts: [], price: [], size: [], seq: [], from: undefined, to: undefined });
    recordTick(recent, tick(1, 10), undefined);
    recordTick(recent, tick(2, 10), 'f:2');
    expect(copyRecentTicks(recent)).toMatchObject({ from: undefined, to: 'f:2' });
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => createRecentTicks(0)).toThrow(RangeError);
    expect(() => createRecentTicks(2.5)).toThrow(RangeError);
  });
});
