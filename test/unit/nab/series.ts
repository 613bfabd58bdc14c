import type { NabWindow } from '../../../src/nab/nab-labels.js';

export const T0 = Date.UTC(2014, 3, 10);

/** Timestamps of `rows` rows one minute apart from T0. */
export function minutes(rows: number): Float64Array {
  return new Float64Array(rows).map((_, i) => T0 + i * 60_000);
}

export function windowOfRows(timestampsMs: Float64Array, first: number, last: number): NabWindow {
  return { startMs: timestampsMs[first]!, endMs: timestampsMs[last]! };
}

/** A score column that is 0 except at the given rows. */
export function scoresAt(rows: number, at: Readonly<Record<number, number>>): Float64Array {
  const scores = new Float64Array(rows);
  for (const [row, score] of Object.entries(at)) scores[Number(row)] = score;
  return scores;
}

/** `YYYY-MM-DD hh:mm:ss` as in NAB's files. */
export function nabTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
