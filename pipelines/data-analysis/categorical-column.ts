import type { CategoricalSummary } from './dataset-profile.js';

/** Distinct values counted per column; beyond it new values only raise `count`, so memory stays bounded. */
export const MAX_DISTINCT = 10_000;
const TOP = 5;

/** A text column's counts: rows with a value, missing, and how often each value occurs. */
export class CategoricalColumn {
  count = 0;
  capped = false;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly name: string,
    /** Rows before this column was found. */
    public missing: number,
  ) {}

  add(text: string): void {
    this.count++;
    const seen = this.counts.get(text);
    if (seen !== undefined) this.counts.set(text, seen + 1);
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(text, 1);
    else this.capped = true;
  }

  summary(): CategoricalSummary {
    const top = [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP);
    return { column: this.name, count: this.count, missing: this.missing, distinct: this.counts.size, distinctCapped: this.capped, top };
  }
}
