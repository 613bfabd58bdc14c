/** The profile of one input: what `summary.json` holds as `results` and the report shows. */
export interface DatasetProfile {
  readonly source: string;
  /** Rows profiled (read minus skipped). */
  readonly rows: number;
  /** Values kept per numeric column for quantiles and histograms; exact below it. */
  readonly sampleSize: number;
  readonly numeric: readonly NumericSummary[];
  readonly categorical: readonly CategoricalSummary[];
  /** Pearson r over the rows where both columns have a value; null with < 3 such rows or a constant column. */
  readonly correlations: {
    readonly columns: readonly string[];
    readonly matrix: readonly (readonly (number | null)[])[];
    /** Numeric columns beyond the first ones are left out of the matrix (its cost grows with their square). */
    readonly omittedColumns: readonly string[];
  };
  readonly groupBy?: GroupByProfile;
}

export interface NumericSummary {
  readonly column: string;
  readonly count: number;
  readonly missing: number;
  /** Exact (streamed): mean, sample std (n − 1), min, max. */
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Linear interpolation between closest ranks (numpy/pandas default), from the sample. */
  readonly p05: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p95: number;
  /** True when every value was in the sample, so quantiles and histogram are exact. */
  readonly quantilesExact: boolean;
  readonly histogram: readonly HistogramBin[];
}

/** Equal-width bin over [min, max]; counts scaled from the sample to `count` when it was sampled. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
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

export interface GroupByProfile {
  readonly column: string;
  /** Largest first. */
  readonly groups: readonly GroupSummary[];
  /** True when groups beyond the tracked number were folded into "(other groups)". */
  readonly capped: boolean;
}

export interface GroupSummary {
  readonly group: string;
  readonly rows: number;
  /** Per numeric column: count, mean, sample std, min, max within the group (exact). */
  readonly columns: Readonly<Record<string, ColumnMoments>>;
}

export interface ColumnMoments {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}
