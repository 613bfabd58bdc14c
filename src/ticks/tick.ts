/**
 * One trade print with the prevailing quote, as riskwatch sees it after validation.
 * Times are event times in milliseconds since the Unix epoch (UTC).
 */
export interface Tick {
  readonly symbol: string;
  readonly ts: number;
  readonly price: number;
  readonly size: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly bidSize?: number;
  readonly askSize?: number;
  readonly exchange?: string;
  /** Per-symbol sequence number from the feed, when it has one (duplicate/gap detection). */
  readonly seq?: number;
}

/** The fields of a tick, in the column order used for CSV files. */
export const TICK_FIELDS = ['symbol', 'ts', 'price', 'size', 'bid', 'ask', 'bidSize', 'askSize', 'exchange', 'seq'] as const;
export type TickField = (typeof TICK_FIELDS)[number];
