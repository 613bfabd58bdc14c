import { Prng } from '../../src/sources/simulator/prng.js';
import { rocAuc } from './classifier-metrics.js';

/** Scores rows of a standardized matrix (row-major, `p` columns) into `out`. */
export type BatchScorer = (z: Float64Array, rows: number, out: Float64Array) => void;

/**
 * Permutation importance on held-out rows: how much the AUC drops when one feature's values are
 * shuffled among the rows, breaking its link with the outcome while keeping its distribution.
 * Works on one copy of the rows, shuffling and restoring one column at a time.
 */
export function permutationImportance(z: Float64Array, y: Uint8Array, p: number, score: BatchScorer, seed: number): number[] {
  const rows = y.length;
  const scores = new Float64Array(rows);
  score(z, rows, scores);
  const baseline = rocAuc(scores, y);
  const work = z.slice();
  const column = new Float64Array(rows);
  const random = new Prng(seed, 1);
  const drops: number[] = [];
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < rows; i++) column[i] = z[i * p + j]!;
    for (let i = rows - 1; i > 0; i--) {
      const other = random.int(i + 1);
      const swap = column[i]!;
      column[i] = column[other]!;
      column[other] = swap;
    }
    for (let i = 0; i < rows; i++) work[i * p + j] = column[i]!;
    score(work, rows, scores);
    drops.push(baseline - rocAuc(scores, y));
    for (let i = 0; i < rows; i++) work[i * p + j] = z[i * p + j]!;
  }
  return drops;
}
