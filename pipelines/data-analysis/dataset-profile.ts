import { max, mean, min, quantileSorted, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';

export interface NumericSummary {
  readonly column: string;
  readonly count: number;
  readonly missing: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly std: number;
  readonly min: number;
  readonly p05: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p95: number;
  readonly max: number;
}

export interface CategoricalSummary {
  readonly column: string;
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** True when more distinct values were seen than are tracked; `distinct` is then a floor. */
  readonly distinctCapped: boolean;
  readonly top: readonly (readonly [value: string, count: number])[];
}

export interface GroupSummary {
  readonly group: string;
  readonly rows: number;
  /** Per numeric column: count, mean, sample std, min, max within the group. */
  readonly columns: Readonly<Record<string, { count: number; mean: number; std: number; min: number; max: number }>>;
}

export interface DatasetProfile {
  readonly source: string;
  readonly rows: number;
  readonly numeric: readonly NumericSummary[];
  readonly categorical: readonly CategoricalSummary[];
  /** Pearson correlation over rows where both columns have a value; null where undefined. */
  readonly correlations: { readonly columns: readonly string[]; readonly matrix: readonly (readonly (number | null)[])[] };
  readonly groupBy?: { readonly column: string; readonly groups: readonly GroupSummary[] };
}

/** Summary of one numeric column; `values` holds NaN for missing cells and may be reordered. */
export function summarizeNumeric(column: string, values: Float64Array): NumericSummary {
  const present = Array.from(values.filter((v) => !Number.isNaN(v))).sort((a, b) => a - b);
  const missing = values.length - present.length;
  if (present.length === 0) {
    return { column, count: 0, missing, mean: NaN, std: NaN, min: NaN, p05: NaN, p25: NaN, median: NaN, p75: NaN, p95: NaN, max: NaN };
  }
  return {
    column,
    count: present.length,
    missing,
    mean: mean(present),
    std: present.length > 1 ? sampleStandardDeviation(present) : 0,
    min: min(present),
    p05: quantileSorted(present, 0.05),
    p25: quantileSorted(present, 0.25),
    median: quantileSorted(present, 0.5),
    p75: quantileSorted(present, 0.75),
    p95: quantileSorted(present, 0.95),
    max: max(present),
  };
}

/** Pairwise-complete Pearson correlation; null when fewer than 3 shared rows or a constant column. */
export function pairwiseCorrelation(a: Float64Array, b: Float64Array): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isNaN(x) && !Number.isNaN(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length < 3) return null;
  const r = sampleCorrelation(xs, ys);
  return Number.isFinite(r) ? r : null;
}
