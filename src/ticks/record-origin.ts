/**
 * Where the tick in flight came from (`ticks[3]@5120`, `ticks.csv:42`): a cell decodeTicks sets
 * just before it emits a tick and operators downstream read while that tick passes through them.
 * Operators call each other synchronously, one record at a time, so the cell always names the
 * tick in hand; a shared cell rather than a field on Tick keeps the decoded tick unchanged and the
 * hot path free of allocation.
 */
export interface RecordOrigin {
  /** Origin of the tick being processed; undefined before the first. */
  current: string | undefined;
}

export function createRecordOrigin(): RecordOrigin {
  return { current: undefined };
}
