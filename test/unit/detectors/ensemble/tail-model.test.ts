import { describe, expect, it } from 'vitest';
import { fitTailModel, tailProbability, type TailModel } from '../../../../src/detectors/ensemble/tail-model.js';
import { expectClose } from '../fixtures.js';

describe('tail model', () => {
  const model: TailModel = {
    points: [
      [4, 1e-3],
      [6, 1e-4],
      [8, 1e-5],
    ],
    alpha: 8,
  };

  it('reads the measured rates at the levels, interpolating in log rate between them', () => {
    expectClose(tailProbability(model, 4), 1e-3);
    expectClose(tailProbability(model, 6), 1e-4);
    expectClose(tailProbability(model, 5), Math.sqrt(1e-3 * 1e-4));
    expectClose(tailProbability(model, 7.5), 10 ** (-4 - 0.75));
  });

  it('holds the first rate below the first level, and extends a Pareto tail beyond the last', () => {
    expect(tailProbability(model, 1)).toBe(1e-3);
    expectClose(tailProbability(model, 16), 1e-5 * 2 ** -8);
    expect(tailProbability({ points: [[0, 3e-7]], alpha: 0 }, 1e9)).toBe(3e-7);
  });

  it('fits a sweep: rates per tick, non-increasing, Pareto index from the last two levels', () => {
    const ticks = 1e6;
    // Events from a Pareto(α = 3) score above 1, 10,000 of them: P(S ≥ s) = 0.01 s^-3.
    const levels = [1, 2, 4, 8, 16].map((level) => [level, Math.round(1e4 * level ** -3)] as const);
    const fitted = fitTailModel(levels, ticks);
    expect(fitted.points.map(([level]) => level)).toEqual([1, 2, 4, 8]); // 16: 2 events, too few
    expectClose(fitted.points[0]![1], 1e-2);
    expectClose(fitted.alpha, 3, 0.05);
    expectClose(tailProbability(fitted, 32), 1e-2 * 32 ** -3, 0.2);
    // Counting noise that makes a higher level fire more never makes its rate go up.
    const noisy = fitTailModel([[1, 100], [2, 120], [3, 40]], ticks);
    expect(noisy.points.map(([, rate]) => rate)).toEqual([1e-4, 1e-4, 4e-5]);
  });

  it('bounds a detector that never fired often enough by the rule of three', () => {
    expect(fitTailModel([[2, 1], [3, 0]], 3e6)).toEqual({ points: [[2, 1e-6]], alpha: 0 });
    expect(fitTailModel([[5, 10]], 1e6)).toEqual({ points: [[5, 1e-5]], alpha: 0 });
  });
});
