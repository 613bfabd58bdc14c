import type { Sink } from '../../src/core/sink.js';

/**
 * A labelled dataset in memory, as compact typed arrays: training needs every row at once, so
 * memory grows with the training set (8 bytes per feature value, 1 per label) even though the
 * input is read streamed.
 */
export interface FeatureTable {
  readonly features: readonly string[];
  readonly rows: number;
  /** Row-major, `rows × features.length`; NaN where a value is missing. */
  readonly x: Float64Array;
  /** 1 = died, 0 = survived. */
  readonly y: Uint8Array;
}

/** A parsed input row: feature values (undefined when missing) and the label. */
export type LabelledRow = Readonly<Record<string, unknown>>;

const INITIAL_ROWS = 1024;

/** Appends parsed rows into growing typed arrays (doubling, so appends are amortised O(1)). */
export class FeatureTableBuilder implements Sink<LabelledRow> {
  readonly id = 'feature-table';
  private x: Float64Array;
  private y = new Uint8Array(INITIAL_ROWS);
  private rows = 0;

  constructor(
    readonly features: readonly string[],
    readonly label: string,
  ) {
    this.x = new Float64Array(INITIAL_ROWS * features.length);
  }

  async write(records: readonly LabelledRow[]): Promise<void> {
    for (const record of records) this.add(record);
  }

  add(record: LabelledRow): void {
    const p = this.features.length;
    if (this.rows === this.y.length) this.grow();
    const base = this.rows * p;
    for (let j = 0; j < p; j++) {
      const value = record[this.features[j]!];
      this.x[base + j] = typeof value === 'number' ? value : Number.NaN;
    }
    this.y[this.rows] = record[this.label] === 1 ? 1 : 0;
    this.rows++;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  table(): FeatureTable {
    const p = this.features.length;
    return { features: this.features, rows: this.rows, x: this.x.subarray(0, this.rows * p), y: this.y.subarray(0, this.rows) };
  }

  private grow(): void {
    const x = new Float64Array(this.x.length * 2);
    x.set(this.x);
    this.x = x;
    const y = new Uint8Array(this.y.length * 2);
    y.set(this.y);
    this.y = y;
  }
}

/** Rows `indices` of a table as a new, dense table. */
export function takeRows(table: FeatureTable, indices: Uint32Array): FeatureTable {
  const p = table.features.length;
  const x = new Float64Array(indices.length * p);
  const y = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    x.set(table.x.subarray(row * p, row * p + p), i * p);
    y[i] = table.y[row]!;
  }
  return { features: table.features, rows: indices.length, x, y };
}
