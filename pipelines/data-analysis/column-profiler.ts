import type { Operator, OperatorOutput } from '../../src/core/operator.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import {
  pairwiseCorrelation,
  summarizeNumeric,
  type CategoricalSummary,
  type DatasetProfile,
  type GroupSummary,
} from './dataset-profile.js';

/** Cells read as "no value" rather than as bad numbers. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);
/** Distinct values tracked per categorical column; beyond it only counts grow. */
const MAX_DISTINCT = 10_000;

class GrowableColumn {
  values = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

interface RunningMoments {
  count: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

type ColumnState =
  | { kind: 'unknown'; leadingMissing: number }
  | { kind: 'numeric'; data: GrowableColumn }
  | { kind: 'categorical'; counts: Map<string, number>; count: number; missing: number; capped: boolean };

export interface ColumnProfilerOptions {
  readonly source: string;
  readonly groupBy?: string;
}

/**
 * Profiles a CSV read as records of strings. A column is numeric when its first value is a
 * number; later non-numeric cells in it are rejected (dead letter) and counted as missing, the
 * rest of the row still counts. Emits one DatasetProfile when the input ends.
 */
export function createColumnProfiler(options: ColumnProfilerOptions): Operator<RawRecord, DatasetProfile> {
  const columns = new Map<string, ColumnState>();
  const groups = new Map<string, { rows: number; moments: Map<string, RunningMoments> }>();
  let rows = 0;

  const stateOf = (name: string): ColumnState => {
    let state = columns.get(name);
    if (state === undefined) {
      // A column first seen on a later row is missing in every row before it.
      state = { kind: 'unknown', leadingMissing: rows };
      columns.set(name, state);
    }
    return state;
  };

  const addToGroup = (group: string | undefined, column: string, value: number): void => {
    if (group === undefined) return;
    const moments = groups.get(group)!.moments;
    let m = moments.get(column);
    if (m === undefined) {
      m = { count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
      moments.set(column, m);
    }
    m.count++;
    const delta = value - m.mean;
    m.mean += delta / m.count;
    m.m2 += delta * (value - m.mean);
    if (value < m.min) m.min = value;
    if (value > m.max) m.max = value;
  };

  return {
    id: 'profile-columns',
    process(record: RawRecord, out: OperatorOutput<DatasetProfile>) {
      const row = record.value;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        out.reject(row, { code: 'not_an_object', message: 'row is not a record of named columns' }, record.origin);
        return;
      }
      const cells = row as Record<string, unknown>;
      let group: string | undefined;
      if (options.groupBy !== undefined) {
        group = String(cells[options.groupBy] ?? '').trim() || '(missing)';
        if (!groups.has(group)) groups.set(group, { rows: 0, moments: new Map() });
        groups.get(group)!.rows++;
      }
      for (const name of Object.keys(cells)) stateOf(name);
      for (const [name, state] of columns) {
        const rawCell = cells[name];
        const text = rawCell === undefined || rawCell === null ? '' : String(rawCell).trim();
        const isMissing = MISSING.has(text.toLowerCase());
        if (state.kind === 'unknown') {
          if (isMissing) {
            state.leadingMissing++;
            continue;
          }
          const asNumber = Number(text);
          if (Number.isFinite(asNumber) && name !== options.groupBy) {
            const data = new GrowableColumn();
            for (let i = 0; i < state.leadingMissing; i++) data.push(NaN);
            data.push(asNumber);
            addToGroup(group, name, asNumber);
            columns.set(name, { kind: 'numeric', data });
          } else {
            columns.set(name, { kind: 'categorical', counts: new Map([[text, 1]]), count: 1, missing: state.leadingMissing, capped: false });
          }
          continue;
        }
        if (state.kind === 'numeric') {
          if (isMissing) {
            state.data.push(NaN);
            continue;
          }
          const value = Number(text);
          if (Number.isFinite(value)) {
            state.data.push(value);
            addToGroup(group, name, value);
          } else {
            state.data.push(NaN);
            out.reject(
              row,
              { code: 'not_a_number', field: name, message: `column "${name}": "${text.slice(0, 40)}" is not a number; counted as missing` },
              record.origin,
            );
          }
          continue;
        }
        if (isMissing) {
          state.missing++;
          continue;
        }
        state.count++;
        const seen = state.counts.get(text);
        if (seen !== undefined) state.counts.set(text, seen + 1);
        else if (state.counts.size < MAX_DISTINCT) state.counts.set(text, 1);
        else state.capped = true;
      }
      rows++;
    },
    finish(out) {
      out.emit(buildProfile(options, rows, columns, groups));
    },
  };
}

function buildProfile(
  options: ColumnProfilerOptions,
  rows: number,
  columns: Map<string, ColumnState>,
  groups: Map<string, { rows: number; moments: Map<string, RunningMoments> }>,
): DatasetProfile {
  const numericData = new Map<string, Float64Array>();
  const categorical: CategoricalSummary[] = [];
  for (const [name, state] of columns) {
    if (state.kind === 'numeric') numericData.set(name, state.data.view());
    else if (state.kind === 'categorical') {
      const top = [...state.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
      categorical.push({ column: name, count: state.count, missing: state.missing, distinct: state.counts.size, distinctCapped: state.capped, top });
    } else {
      categorical.push({ column: name, count: 0, missing: state.leadingMissing, distinct: 0, distinctCapped: false, top: [] });
    }
  }
  const names = [...numericData.keys()];
  const matrix = names.map((a, i) =>
    names.map((b, j) => (i === j ? 1 : pairwiseCorrelation(numericData.get(a)!, numericData.get(b)!))),
  );
  const profile: DatasetProfile = {
    source: options.source,
    rows,
    numeric: names.map((name) => summarizeNumeric(name, numericData.get(name)!.slice())),
    categorical,
    correlations: { columns: names, matrix },
  };
  if (options.groupBy === undefined) return profile;
  const groupSummaries: GroupSummary[] = [...groups]
    .sort((a, b) => b[1].rows - a[1].rows || a[0].localeCompare(b[0]))
    .map(([group, { rows: groupRows, moments }]) => ({
      group,
      rows: groupRows,
      columns: Object.fromEntries(
        [...moments].map(([column, m]) => [
          column,
          { count: m.count, mean: m.mean, std: m.count > 1 ? Math.sqrt(m.m2 / (m.count - 1)) : 0, min: m.min, max: m.max },
        ]),
      ),
    }));
  return { ...profile, groupBy: { column: options.groupBy, groups: groupSummaries } };
}
