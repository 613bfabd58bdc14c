import { keyed, type KeyedOperator } from '../core/keyed-state.js';
import type { OperatorOutput } from '../core/operator.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from '../detectors/rolling/rolling-stats.js';
import { MARKET_BARS, type MarketBar } from '../events/market-bar.js';
import type { Tick } from '../ticks/tick.js';

interface BarState {
  bucket: number;
  open: number;
  high: number;
  low: number;
  close: number;
  priceSum: number;
  volume: number;
  trades: number;
  closes: RollingStats;
}

/** Closes in the chart band; 20 bars with ±2σ as Bollinger's usual setting. */
const BAND_BARS = 20;
const BAND_WIDTH = 2;

/**
 * Passes ticks through unchanged and, per symbol, summarises them into event-time bars of
 * `barMs`, emitted on the MARKET_BARS side channel when the symbol's next bucket starts (and at the
 * end of a bounded input). Allocates once per bar, not per tick.
 */
export function createMarketBars(barMs: number, id = 'market-bars'): KeyedOperator<Tick, Tick, BarState> {
  const emitBar = (symbol: string, s: BarState, out: OperatorOutput<Tick>): void => {
    rollingPush(s.closes, s.close);
    const bar: MarketBar = {
      symbol,
      ts: s.bucket,
      open: s.open,
      high: s.high,
      low: s.low,
      close: s.close,
      mean: s.priceSum / s.trades,
      volume: s.volume,
      trades: s.trades,
    };
    if (rollingCount(s.closes) === BAND_BARS) {
      const mean = rollingMean(s.closes);
      const band = BAND_WIDTH * rollingStd(s.closes);
      out.side(MARKET_BARS, { ...bar, rollingMean: mean, bandLower: mean - band, bandUpper: mean + band });
    } else {
      out.side(MARKET_BARS, bar);
    }
  };

  return keyed<Tick, Tick, BarState>({
    id,
    key: (tick) => tick.symbol,
    createState: () => ({ bucket: NaN, open: 0, high: 0, low: 0, close: 0, priceSum: 0, volume: 0, trades: 0, closes: createRollingStats(BAND_BARS) }),
    process(s, tick, out) {
      const bucket = tick.ts - (tick.ts % barMs);
      // A late tick for an earlier bucket joins the current bar rather than reopening a closed one.
      if (bucket > s.bucket || Number.isNaN(s.bucket)) {
        if (s.trades > 0) emitBar(tick.symbol, s, out);
        s.bucket = bucket;
        s.open = s.high = s.low = tick.price;
        s.priceSum = 0;
        s.volume = 0;
        s.trades = 0;
      }
      if (tick.price > s.high) s.high = tick.price;
      if (tick.price < s.low) s.low = tick.price;
      s.close = tick.price;
      s.priceSum += tick.price;
      s.volume += tick.size;
      s.trades++;
      out.emit(tick);
    },
    finish(states, out) {
      for (const [symbol, s] of states.entries()) if (s.trades > 0) emitBar(symbol, s, out);
    },
  });
}
