import { sideChannel } from '../core/operator.js';

/** One symbol's trading over one time bucket, with a Bollinger band over recent closes: for charts. */
export interface MarketBar {
  readonly symbol: string;
  /** Bucket start, epoch ms (event time). */
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Mean trade price in the bucket. */
  readonly mean: number;
  readonly volume: number;
  readonly trades: number;
  /** Rolling mean of recent closes and the band of ±2σ around it; absent until enough bars. */
  readonly rollingMean?: number;
  readonly bandLower?: number;
  readonly bandUpper?: number;
}

/** Side channel on which the monitor emits bars beside its events. */
export const MARKET_BARS = sideChannel<MarketBar>('market-bars');
