import type { GroupByProfile } from './dataset-profile.js';
import type { NumericColumn } from './numeric-column.js';
import { RunningMoments } from './running-moments.js';

/** Groups tracked one by one; rows of later new groups are pooled, so memory stays bounded. */
export const MAX_GROUPS = 1000;
export const OTHER_GROUPS = '(other groups)';
export const MISSING_GROUP = '(missing)';

interface GroupState {
  rows: number;
  /** By numeric column index; created on the group's first value in that column. */
  readonly moments: (RunningMoments | undefined)[];
}

/** Exact per-group moments of every numeric column, keyed by the group-by column's value. */
export class GroupSummaries {
  private readonly groups = new Map<string, GroupState>();
  private capped = false;

  constructor(readonly column: string) {}

  /** One row: its group key, and its numeric values by column index (NaN when missing). */
  add(key: string, values: Float64Array): void {
    let group = this.groups.get(key);
    if (group === undefined) {
      if (this.groups.size >= MAX_GROUPS) {
        this.capped = true;
        key = OTHER_GROUPS;
        group = this.groups.get(key);
      }
      if (group === undefined) {
        group = { rows: 0, moments: [] };
        this.groups.set(key, group);
      }
    }
    group.rows++;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (!Number.isNaN(value)) (group.moments[i] ??= new RunningMoments()).add(value);
    }
  }

  profile(numeric: readonly NumericColumn[]): GroupByProfile {
    const groups = [...this.groups]
      .sort((a, b) => b[1].rows - a[1].rows || a[0].localeCompare(b[0]))
      .map(([group, state]) => ({
        group,
        rows: state.rows,
        columns: Object.fromEntries(
          numeric.flatMap((column) => {
            const m = state.moments[column.index];
            return m === undefined ? [] : [[column.name, { count: m.count, mean: m.mean, std: m.std(), min: m.min, max: m.max }]];
          }),
        ),
      }));
    return { column: this.column, groups, capped: this.capped };
  }
}
