import { Prng } from '../../src/sources/simulator/prng.js';

/**
 * Assigns each row to one of `k` folds so every fold has the same share of deaths (±1 row):
 * deaths and survivors are each shuffled with a seeded generator and dealt round-robin. The same
 * seed gives the same folds, which are written out so a reference implementation can use them.
 */
export function stratifiedFolds(y: Uint8Array, k: number, seed: number): Uint8Array {
  const random = new Prng(seed);
  const folds = new Uint8Array(y.length);
  let dealt = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) rows.push(i);
    for (let i = rows.length - 1; i > 0; i--) {
      const other = random.int(i + 1);
      [rows[i], rows[other]] = [rows[other]!, rows[i]!];
    }
    // continue the deal where the other class stopped, so fold sizes differ by at most one
    for (const row of rows) folds[row] = dealt++ % k;
  }
  return folds;
}

/** Rows in fold `fold` (held out) and the others (training). */
export function foldRows(folds: Uint8Array, fold: number): { readonly train: Uint32Array; readonly test: Uint32Array } {
  let testCount = 0;
  for (const f of folds) if (f === fold) testCount++;
  const train = new Uint32Array(folds.length - testCount);
  const test = new Uint32Array(testCount);
  for (let i = 0, a = 0, b = 0; i < folds.length; i++) {
    if (folds[i] === fold) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
