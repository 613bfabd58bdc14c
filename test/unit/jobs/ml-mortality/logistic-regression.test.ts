import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticProbability, sigmoid } from '../../../../pipelines/ml-mortality/logistic-regression.js';
import { Prng } from '../../../../src/sources/simulator/prng.js';

/** Rows drawn from a known logistic model: log-odds = −1 + 1.5·z₁ − 0.8·z₂ + 0·z₃. */
function knownModelData(rows: number): { z: Float64Array; y: Uint8Array } {
  const random = new Prng(42);
  const z = new Float64Array(rows * 3);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) z[i * 3 + j] = random.normal();
    y[i] = random.uniform() < sigmoid(-1 + 1.5 * z[i * 3]! - 0.8 * z[i * 3 + 1]!) ? 1 : 0;
  }
  return { z, y };
}

describe('fitLogistic', () => {
  const { z, y } = knownModelData(20_000);

  it('recovers the true coefficients of the model the labels were drawn from', () => {
    const model = fitLogistic(z, y, 3, { c: 1e6 });
    // standard errors at n = 20,000 are about 0.02-0.03
    expect(model.intercept).toBeCloseTo(-1, 1);
    expect(model.coefficients[0]).toBeCloseTo(1.5, 1);
    expect(model.coefficients[1]).toBeCloseTo(-0.8, 1);
    expect(Math.abs(model.coefficients[2]!)).toBeLessThan(0.06);
  });

  it('stops where the penalised gradient is zero: Σ(p − y) = 0 and Σ(p − y)·zⱼ + wⱼ/C = 0', () => {
    const c = 0.01;
    const model = fitLogistic(z, y, 3, { c });
    const gradient = [0, 0, 0, 0];
    for (let i = 0; i < y.length; i++) {
      const residual = logisticProbability(model, z, i * 3) - y[i]!;
      gradient[0]! += residual;
      for (let j = 0; j < 3; j++) gradient[j + 1]! += residual * z[i * 3 + j]!;
    }
    expect(gradient[0]).toBeCloseTo(0, 6);
    for (let j = 0; j < 3; j++) expect(gradient[j + 1]! + model.coefficients[j]! / c).toBeCloseTo(0, 6);
  });

  it('shrinks coefficients towards zero as C gets smaller', () => {
    const loose = fitLogistic(z, y, 3, { c: 1 });
    const tight = fitLogistic(z, y, 3, { c: 1e-4 });
    expect(Math.abs(tight.coefficients[0]!)).toBeLessThan(Math.abs(loose.coefficients[0]!) / 2);
  });

  it('converges on separable data instead of diverging, thanks to the penalty', () => {
    const separable = Float64Array.from([-2, -1, 1, 2]);
    const model = fitLogistic(separable, Uint8Array.from([0, 0, 1, 1]), 1, { c: 1 });
    expect(Number.isFinite(model.coefficients[0])).toBe(true);
    expect(logisticProbability(model, separable, 3)).toBeGreaterThan(0.5);
  });
});
