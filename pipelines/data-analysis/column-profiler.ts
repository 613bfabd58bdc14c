import { ConfigError } from '../../src/core/errors.js';
import type { Operator, OperatorOutput } from '../../src/core/operator.js';
import { FieldError } from '../../src/operators/parse-rows.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import { CategoricalColumn } from './categorical-column.js';
import { cellText, isMissingCell, isNumberCell, numberReader } from './cell-values.js';
import type { DatasetProfile } from './dataset-profile.js';
import { GroupSummaries, MISSING_GROUP } from './group-summaries.js';
import { NumericColumn } from './numeric-column.js';
import { PairwiseCorrelations } from './pairwise-correlations.js';

/** Rows held back to decide each column's type; enough to see past a stray bad cell or two. */
export const INFERENCE_ROWS = 1000;
/** Share of a column's present cells that must be numbers for it to be numeric. */
const NUMERIC_SHARE = 0.9;
/** Numeric columns in the correlation matrix: its cost per row grows with their square. */
export const MAX_CORRELATED = 30;
export const DEFAULT_SAMPLE_SIZE = 65_536;

export interface ColumnProfilerOptions {
  /** Shown in the profile. */
  readonly source: string;
  /** Column whose values group the rows; always treated as categorical. */
  readonly groupBy?: string;
  /** Values kept per numeric column for quantiles and histograms. */
  readonly sampleSize?: number;
  /** CSV rows all have the header's columns, so only the first rows are scanned for names; JSONL objects may add keys anywhere. */
  readonly fixedColumns?: boolean;
}

/**
 * Profiles rows of named cells (CSV rows or JSON objects) in one pass with bounded memory. Each
 * column's type is decided on the first rows (numeric when nearly all its values are numbers);
 * a later row whose numeric cell is not a number is rejected whole, naming the field, so every
 * statistic is over the same rows. Emits one DatasetProfile when the input ends.
 */
export function createColumnProfiler(options: ColumnProfilerOptions): Operator<RawRecord, DatasetProfile> {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const groupBy = options.groupBy;
  const numeric: NumericColumn[] = [];
  const readers: ((raw: unknown) => number)[] = [];
  const categorical: CategoricalColumn[] = [];
  /** Columns with no value so far: typed by their first one. */
  const undecided = new Set<string>();
  const known = new Set<string>();
  const correlations = new PairwiseCorrelations();
  const groups = groupBy === undefined ? undefined : new GroupSummaries(groupBy);
  let values = new Float64Array(0);
  let rows = 0;
  let pending: RawRecord[] | undefined = [];

  const addColumn = (name: string, isNumeric: boolean): void => {
    known.add(name);
    if (!isNumeric || name === groupBy) {
      categorical.push(new CategoricalColumn(name, rows));
      return;
    }
    numeric.push(new NumericColumn(name, numeric.length, rows, sampleSize));
    readers.push(numberReader(name));
    if (correlations.columns < MAX_CORRELATED) correlations.addColumn();
    values = new Float64Array(numeric.length);
  };

  /** Decides the columns seen in the held-back rows, by the share of numbers among their values. */
  const inferColumns = (held: readonly RawRecord[]): void => {
    const tally = new Map<string, { present: number; numbers: number }>();
    for (const { value } of held) {
      if (!isRecord(value)) continue;
      for (const name in value) {
        let t = tally.get(name);
        if (t === undefined) tally.set(name, (t = { present: 0, numbers: 0 }));
        const raw = value[name];
        if (isMissingCell(raw)) continue;
        t.present++;
        if (isNumberCell(raw)) t.numbers++;
      }
    }
    for (const [name, { present, numbers }] of tally) {
      if (present === 0) {
        known.add(name);
        undecided.add(name);
      } else addColumn(name, numbers >= present * NUMERIC_SHARE);
    }
  };

  const profileRow = (record: RawRecord, out: OperatorOutput<DatasetProfile>): void => {
    const cells = record.value;
    if (!isRecord(cells)) {
      out.reject(cells, { code: 'not_an_object', message: 'expected a row of named fields (a JSON object)' }, record.origin);
      return;
    }
    if (options.fixedColumns !== true || rows === 0) {
      for (const name in cells) {
        if (known.has(name)) continue;
        known.add(name);
        undecided.add(name);
      }
    }
    for (const name of undecided) {
      const raw = cells[name];
      if (isMissingCell(raw)) continue;
      undecided.delete(name);
      addColumn(name, isNumberCell(raw));
    }
    // Read every numeric cell before counting any, so a rejected row leaves no trace.
    for (let i = 0; i < numeric.length; i++) {
      const raw = cells[numeric[i]!.name];
      if (isMissingCell(raw)) {
        values[i] = NaN;
        continue;
      }
      try {
        values[i] = readers[i]!(raw);
      } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        out.reject(cells, { code: 'bad_field', field: error.field, message: error.message }, record.origin);
        return;
      }
    }
    rows++;
    for (let i = 0; i < numeric.length; i++) {
      const value = values[i]!;
      if (Number.isNaN(value)) numeric[i]!.missing++;
      else numeric[i]!.add(value);
    }
    correlations.add(values);
    for (const column of categorical) {
      const raw = cells[column.name];
      if (isMissingCell(raw)) column.missing++;
      else column.add(cellText(raw));
    }
    if (groups !== undefined) {
      const raw = cells[groups.column];
      groups.add(isMissingCell(raw) ? MISSING_GROUP : cellText(raw), values);
    }
  };

  const replayHeld = (out: OperatorOutput<DatasetProfile>): void => {
    const held = pending!;
    pending = undefined;
    inferColumns(held);
    if (options.fixedColumns === true) checkGroupByColumn();
    for (const record of held) profileRow(record, out);
  };

  return {
    id: 'profile-columns',
    process(record, out) {
      if (pending === undefined) {
        profileRow(record, out);
        return;
      }
      pending.push(record);
      if (pending.length === INFERENCE_ROWS) replayHeld(out);
    },
    finish(out) {
      if (pending !== undefined) replayHeld(out);
      checkGroupByColumn();
      out.emit(buildProfile());
    },
  };

  /** A group-by column that is not in the input is a mistake in the flags, not a group of missing values. */
  function checkGroupByColumn(): void {
    if (groupBy === undefined || known.has(groupBy) || known.size === 0) return;
    throw new ConfigError(`--group-by ${groupBy}: no such column in ${options.source}; its columns are ${[...known].join(', ')}`);
  }

  function buildProfile(): DatasetProfile {
    const correlated = numeric.slice(0, correlations.columns);
    const profile: DatasetProfile = {
      source: options.source,
      rows,
      sampleSize,
      numeric: numeric.map((column) => column.summary()),
      categorical: [...categorical.map((column) => column.summary()), ...[...undecided].map((column) => emptyColumn(column, rows))],
      correlations: {
        columns: correlated.map((column) => column.name),
        matrix: correlated.map((_, i) => correlated.map((__, j) => correlations.correlation(i, j))),
        omittedColumns: numeric.slice(correlations.columns).map((column) => column.name),
      },
    };
    return groups === undefined ? profile : { ...profile, groupBy: groups.profile(numeric) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyColumn(column: string, rows: number): DatasetProfile['categorical'][number] {
  return { column, count: 0, missing: rows, distinct: 0, distinctCapped: false, top: [] };
}
