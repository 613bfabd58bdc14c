import { describe, expect, it } from 'vitest';
import { assessQuality, defaultGapLimitMs } from '../../../../src/detectors/evidence/data-quality.js';

/** Ticks as quality sees them; price 10 and size 100 unless given. */
function ticks(ts: number[], { seq, price, size }: { seq?: number[]; price?: number[]; size?: number[] } = {}) {
  return { ts, price: price ?? ts.map(() => 10), size: size ?? ts.map(() => 100), seq: seq ?? ts.map(() => NaN) };
}

describe('data quality', () => {
  it('finds nothing wrong in an even stream', () => {
    expect(assessQuality(ticks([0, 1000, 2000, 3000], { seq: [1, 2, 3, 4] }))).toEqual({ ticks: 4, gaps: 0, maxGapMs: 1000, late: 0, duplicates: 0 });
  });

  it('counts a gap over 10 × the median gap, and reports the longest', () => {
    // Gaps 1000, 1000, 1000, 11000, 1000: the median is 1000, the limit 10000.
    expect(assessQuality(ticks([0, 1000, 2000, 3000, 14_000, 15_000]))).toEqual({ ticks: 6, gaps: 1, maxGapMs: 11_000, late: 0, duplicates: 0 });
    expect(assessQuality(ticks([0, 1000, 2000, 3000, 13_000, 14_000])).gaps).toBe(0); // exactly 10× is not over
    expect(assessQuality(ticks([0, 1000, 2000, 3000, 8000, 9000]), 1500).gaps).toBe(1);
  });

  it('counts a jump in seq as a gap, whatever the time', () => {
    expect(assessQuality(ticks([0, 1000, 2000, 3000], { seq: [1, 2, 5, 6] }))).toMatchObject({ gaps: 1, duplicates: 0 });
  });

  it('counts a tick older than the one before it as late', () => {
    expect(assessQuality(ticks([0, 1000, 2000, 1500, 3000], { seq: [1, 2, 3, 4, 5] }))).toEqual({ ticks: 5, gaps: 0, maxGapMs: 1500, late: 1, duplicates: 0 });
  });

  it('counts a repeated seq as a duplicate, even with another time, price or size', () => {
    const quality = assessQuality(ticks([0, 1000, 1001, 2000], { seq: [1, 2, 2, 3], price: [10, 10, 10.5, 10] }));
    expect(quality).toMatchObject({ duplicates: 1, late: 0, gaps: 0 });
    // Same time, price and size but a new seq: two prints, not a duplicate.
    expect(assessQuality(ticks([0, 1000, 1000], { seq: [1, 2, 3] })).duplicates).toBe(0);
  });

  it('without seq, counts a tick repeating the previous time, price and size as a duplicate', () => {
    const ts = [0, 1000, 1000, 1000, 2000];
    const quality = assessQuality(ticks(ts, { price: [10, 10.1, 10.1, 10.2, 10.2], size: [100, 200, 200, 200, 200] }));
    expect(quality).toMatchObject({ duplicates: 1, gaps: 0 });
  });

  it('bases the default limit on the positive gaps only', () => {
    expect(defaultGapLimitMs([0, 0, 0, 100, 100, 300])).toBe(10 * 150);
    expect(defaultGapLimitMs([0, 0, 0])).toBe(Infinity);
    expect(defaultGapLimitMs([5])).toBe(Infinity);
    expect(assessQuality(ticks([7]))).toEqual({ ticks: 1, gaps: 0, maxGapMs: 0, late: 0, duplicates: 0 });
  });
});
