import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import { BPS, formatBps } from './bps.js';
import type { Detector } from './detector.js';
import { formatPrice, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { resolveCritical, severityOf } from './severity.js';

export const FAT_FINGER = 'fat-finger';

/**
 * A trade printed far outside the quote it came with: a mistyped price or size-for-price, a
 * broken feed, a trade-through. The distance is from the nearest side (above the ask, below the
 * bid), in basis points of the mid, and flags when it exceeds both `spreads` × the quoted spread
 * (so a wide market is given room) and `minBps` (so a tight one is not flagged for a tick's
 * slip). Trades at or inside the quote, ticks without a quote, and trades against a locked or
 * crossed quote (no valid reference; crossed-quote's business) are skipped. Every such print is
 * flagged: each is a separate bad trade. Stateless.
 *
 * Event: score the distance in bps; 'critical' from criticalBps up, by default from 1.75 × the
 * distance that flagged; observed the price, expected the nearest side, lower/upper the prices
 * that would have flagged.
 */
export const fatFingerParams = z.strictObject({
  spreads: z.number().nonnegative().default(5).describe('Flag only trades more than this many quoted spreads outside the quote ...'),
  minBps: z.number().positive().default(50).describe('... and more than this many basis points of the mid outside it.'),
  criticalBps: z.number().positive().optional().describe('Critical from this distance (bps) up; default 1.75 × the flag distance of the tick.'),
});

export type FatFingerParams = z.input<typeof fatFingerParams>;

export type FatFingerState = Record<string, never>;

export function createFatFinger(params: FatFingerParams = {}): Detector<FatFingerState> {
  const p = parseParams(fatFingerParams, params, FAT_FINGER);
  return new FatFinger(p.spreads, p.minBps / BPS, p.criticalBps);
}

const NO_STATE: FatFingerState = Object.freeze({});

class FatFinger implements Detector<FatFingerState> {
  readonly id = FAT_FINGER;

  constructor(
    private readonly spreads: number,
    /** minBps as a fraction of the mid. */
    private readonly minFraction: number,
    private readonly criticalBps: number | undefined,
  ) {}

  createState(): FatFingerState {
    return NO_STATE;
  }

  update(_state: FatFingerState, tick: Tick): AnomalyEvent | undefined {
    const bid = tick.bid;
    const ask = tick.ask;
    const price = tick.price;
    if (bid === undefined || ask === undefined || !(bid > 0 && ask > bid && ask < Infinity)) return undefined;
    const outside = price > ask ? price - ask : bid - price;
    if (!(outside > 0)) return undefined;
    const mid = (bid + ask) / 2;
    const allowed = Math.max(this.spreads * (ask - bid), this.minFraction * mid);
    if (outside <= allowed) return undefined;
    return this.flag(tick, bid, ask, outside / mid, allowed);
  }

  private flag(tick: Tick, bid: number, ask: number, distance: number, allowed: number): AnomalyEvent {
    const mid = (bid + ask) / 2;
    const score = distance * BPS;
    const above = tick.price > ask;
    const decimals = Math.max(priceDecimals(tick.price), priceDecimals(bid), priceDecimals(ask));
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, resolveCritical((allowed / mid) * BPS, this.criticalBps)),
      score,
      observed: tick.price,
      expected: above ? ask : bid,
      lower: bid - allowed,
      upper: ask + allowed,
      reason:
        `${tick.symbol} trade at ${formatPrice(tick.price, decimals)} is ${formatBps(distance)} ${above ? 'above the ask' : 'below the bid'} ` +
        `(bid ${formatPrice(bid, decimals)}, ask ${formatPrice(ask, decimals)}; flags beyond ${formatBps(allowed / mid)})`,
    };
  }
}
