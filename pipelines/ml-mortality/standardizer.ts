import type { FeatureTable } from './feature-table.js';

/** Per feature: the training mean (also what a missing value becomes) and standard deviation. */
export interface Standardization {
  readonly means: readonly number[];
  readonly scales: readonly number[];
}

/**
 * Learns mean imputation and standardization from training rows, as scikit-learn's
 * SimpleImputer(strategy="mean") followed by StandardScaler: the mean over present values, the
 * population standard deviation after imputation, and 1 for a constant column.
 */
export function fitStandardization(table: FeatureTable): Standardization {
  const p = table.features.length;
  const sums = new Float64Array(p);
  const counts = new Float64Array(p);
  for (let i = 0; i < table.rows; i++) {
    for (let j = 0; j < p; j++) {
      const v = table.x[i * p + j]!;
      if (v === v) {
        sums[j] = sums[j]! + v;
        counts[j] = counts[j]! + 1;
      }
    }
  }
  const means = Array.from(sums, (sum, j) => (counts[j]! > 0 ? sum / counts[j]! : 0));
  const squares = new Float64Array(p);
  for (let i = 0; i < table.rows; i++) {
    for (let j = 0; j < p; j++) {
      const v = table.x[i * p + j]!;
      if (v === v) squares[j] = squares[j]! + (v - means[j]!) ** 2;
    }
  }
  const scales = Array.from(squares, (sum) => {
    const sd = Math.sqrt(sum / Math.max(table.rows, 1));
    return sd > 0 ? sd : 1;
  });
  return { means, scales };
}

/** The table imputed and standardized, as a new row-major matrix. */
export function standardize(table: FeatureTable, standardization: Standardization): Float64Array {
  const p = table.features.length;
  const z = new Float64Array(table.rows * p);
  for (let i = 0; i < table.rows; i++) standardizeRow(table.x, i * p, standardization, z, i * p, p);
  return z;
}

/** One row, from `x` at `from` into `z` at `to`; allocates nothing. */
export function standardizeRow(x: ArrayLike<number>, from: number, standardization: Standardization, z: Float64Array, to: number, p: number): void {
  const { means, scales } = standardization;
  for (let j = 0; j < p; j++) {
    const v = x[from + j]!;
    z[to + j] = v === v ? (v - means[j]!) / scales[j]! : 0;
  }
}
