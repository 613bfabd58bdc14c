import { describe, expect, it } from 'vitest';
import { createRingBuffer, ringAt, ringCapacity, ringIsFull, ringOldest, ringPush } from '../../../src/detectors/rolling/ring-buffer.js';
import { rng } from './fixtures.js';

function contents(ring: ReturnType<typeof createRingBuffer>): number[] {
  return Array.from({ length: ring.count }, (_, age) => ringAt(ring, age));
}

describe('ring buffer', () => {
  it('keeps the last `capacity` values in arrival order', () => {
    const ring = createRingBuffer(3);
    expect(ringCapacity(ring)).toBe(3);
    ringPush(ring, 1);
    ringPush(ring, 2);
    expect(contents(ring)).toEqual([1, 2]);
    expect(ringIsFull(ring)).toBe(false);
    ringPush(ring, 3);
    expect(ringIsFull(ring)).toBe(true);
    expect(ringOldest(ring)).toBe(1);
    ringPush(ring, 4);
    ringPush(ring, 5);
    expect(contents(ring)).toEqual([3, 4, 5]);
    expect(ringOldest(ring)).toBe(3);
  });

  it('matches a plain array window over many wraps', () => {
    const uniform = rng(7);
    for (const capacity of [1, 2, 5, 64]) {
      const ring = createRingBuffer(capacity);
      const all: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const value = uniform();
        ringPush(ring, value);
        all.push(value);
        const window = all.slice(-capacity);
        expect(contents(ring)).toEqual(window);
        expect(ringOldest(ring)).toBe(window[0]);
      }
    }
  });

  it('writes into its one preallocated array', () => {
    const ring = createRingBuffer(4);
    const values = ring.values;
    for (let i = 0; i < 10; i++) ringPush(ring, i);
    expect(ring.values).toBe(values);
    expect(Array.from(values).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => createRingBuffer(0)).toThrow(RangeError);
    expect(() => createRingBuffer(2.5)).toThrow(RangeError);
    expect(() => createRingBuffer(Number.NaN)).toThrow(RangeError);
  });
});
