/** Per pair of columns: rows where both are present, both means, both M2s and the co-moment. */
const FIELDS = 6;
const N = 0;
const MEAN_X = 1;
const MEAN_Y = 2;
const M2_X = 3;
const M2_Y = 4;
const CO = 5;

/**
 * Exact Pearson correlations of every pair of numeric columns, streamed: each pair keeps Welford
 * co-moments over the rows where both values are present (pairwise complete, as pandas does), so
 * memory is O(columns²) whatever the row count. Pairs are laid out triangularly (column i's pairs
 * with 0..i−1 after all earlier columns' pairs), so a column found late only appends.
 */
export class PairwiseCorrelations {
  private state = new Float64Array(0);
  columns = 0;

  /** Makes room for one more column (its index is the current count). */
  addColumn(): void {
    const next = this.columns + 1;
    const grown = new Float64Array(((next * (next - 1)) / 2) * FIELDS);
    grown.set(this.state);
    this.state = grown;
    this.columns = next;
  }

  /** One row: `values[i]` is column i's value, NaN when missing. */
  add(values: Float64Array): void {
    const state = this.state;
    const columns = this.columns;
    for (let i = 1; i < columns; i++) {
      const x = values[i]!;
      if (Number.isNaN(x)) continue;
      let at = ((i * (i - 1)) / 2) * FIELDS;
      for (let j = 0; j < i; j++, at += FIELDS) {
        const y = values[j]!;
        if (Number.isNaN(y)) continue;
        const n = ++state[at + N]!;
        const dx = x - state[at + MEAN_X]!;
        const dy = y - state[at + MEAN_Y]!;
        const meanX = (state[at + MEAN_X]! += dx / n);
        const meanY = (state[at + MEAN_Y]! += dy / n);
        state[at + M2_X]! += dx * (x - meanX);
        state[at + M2_Y]! += dy * (y - meanY);
        state[at + CO]! += dx * (y - meanY);
      }
    }
  }

  /** Pearson r of columns i and j over their shared rows; null with fewer than 3 or a constant column. */
  correlation(i: number, j: number): number | null {
    if (i === j) return 1;
    const [a, b] = i > j ? [i, j] : [j, i];
    const at = ((a * (a - 1)) / 2 + b) * FIELDS;
    const state = this.state;
    if (state[at + N]! < 3) return null;
    const denominator = Math.sqrt(state[at + M2_X]! * state[at + M2_Y]!);
    if (!(denominator > 0)) return null;
    return Math.max(-1, Math.min(1, state[at + CO]! / denominator));
  }
}
