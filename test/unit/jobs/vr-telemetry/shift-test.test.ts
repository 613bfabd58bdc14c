import { describe, expect, it } from 'vitest';
import { candidateWorse } from '../../../../pipelines/vr-telemetry/shift-test.js';

describe('candidateWorse (one-sided Mann–Whitney U)', () => {
  it('every candidate session worse: U = n1·n2, P(worse) = 1, p from the normal approximation', () => {
    const test = candidateWorse([1, 2, 3], [4, 5, 6]);
    expect(test.u).toBe(9);
    expect(test.probabilityWorse).toBe(1);
    // z = (9 - 4.5 - 0.5) / sqrt(3·3·7/12) = 1.7457; p = 1 - Φ(z) = 0.04043.
    expect(test.z).toBeCloseTo(1.7457, 4);
    expect(test.pValue).toBeCloseTo(0.040428, 5);
  });

  it('every candidate session better: U = 0 and p near 1', () => {
    const test = candidateWorse([4, 5, 6], [1, 2, 3]);
    expect(test.u).toBe(0);
    expect(test.probabilityWorse).toBe(0);
    expect(test.pValue).toBeGreaterThan(0.95);
  });

  it('interleaved samples: ties count a half, no shift', () => {
    const test = candidateWorse([1, 3, 5, 7], [1, 3, 5, 7]);
    expect(test.u).toBe(8);
    expect(test.probabilityWorse).toBe(0.5);
    expect(test.pValue).toBeGreaterThan(0.5);
  });
});
