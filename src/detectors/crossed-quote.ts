import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import { BPS, formatBps } from './bps.js';
import type { Detector } from './detector.js';
import { formatPrice, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { severityOf } from './severity.js';

export const CROSSED_QUOTE = 'crossed-quote';

/**
 * A quote whose bid is at or above its ask: crossed (bid > ask), which no healthy market shows
 * for long and which usually means a bad or stale quote on some venue, or locked (bid = ask).
 * Crossed quotes are 'critical' from `criticalBps` of crossing up (by default, all of them),
 * locked ones 'warning' (or not flagged, with `locked: false`). Ticks without a quote are skipped.
 *
 * Edge-triggered per episode: the first locked or crossed quote after a normal one (ask > bid)
 * flags; the episode then lasts until a normal quote, and only an escalation from locked to
 * crossed flags again inside it.
 *
 * Event: score the crossing in basis points of the mid, (bid - ask) / mid (0 when locked);
 * observed the bid, expected the ask: the price the bid should stay below.
 */
export const crossedQuoteParams = z.strictObject({
  locked: z.boolean().default(true).describe('Also flag locked quotes (bid = ask), as warnings.'),
  criticalBps: z.number().nonnegative().default(0).describe('Crossed quotes are critical from this crossing (bps of the mid) up, warnings below.'),
});

export type CrossedQuoteParams = z.input<typeof crossedQuoteParams>;

/** The worst quote of the current episode. */
export const QUOTE_NORMAL = 0;
export const QUOTE_LOCKED = 1;
export const QUOTE_CROSSED = 2;

export interface CrossedQuoteState {
  /** QUOTE_NORMAL, QUOTE_LOCKED or QUOTE_CROSSED: the worst quote since the last normal one. */
  episode: number;
}

export function createCrossedQuote(params: CrossedQuoteParams = {}): Detector<CrossedQuoteState> {
  const p = parseParams(crossedQuoteParams, params, CROSSED_QUOTE);
  return new CrossedQuote(p.locked, p.criticalBps);
}

class CrossedQuote implements Detector<CrossedQuoteState> {
  readonly id = CROSSED_QUOTE;

  constructor(
    private readonly locked: boolean,
    private readonly criticalBps: number,
  ) {}

  createState(): CrossedQuoteState {
    return { episode: QUOTE_NORMAL };
  }

  update(state: CrossedQuoteState, tick: Tick): AnomalyEvent | undefined {
    const bid = tick.bid;
    const ask = tick.ask;
    if (bid === undefined || ask === undefined || !(bid > 0 && ask > 0)) return undefined;
    if (ask > bid) {
      state.episode = QUOTE_NORMAL;
      return undefined;
    }
    const kind = bid > ask ? QUOTE_CROSSED : QUOTE_LOCKED;
    if (kind <= state.episode) return undefined;
    state.episode = kind;
    if (kind === QUOTE_LOCKED && !this.locked) return undefined;
    return this.flag(tick, bid, ask, kind === QUOTE_CROSSED);
  }

  private flag(tick: Tick, bid: number, ask: number, crossed: boolean): AnomalyEvent {
    const crossing = (2 * (bid - ask)) / (bid + ask);
    const score = crossing * BPS;
    const decimals = Math.max(priceDecimals(bid), priceDecimals(ask));
    const quote = `bid ${formatPrice(bid, decimals)}, ask ${formatPrice(ask, decimals)}`;
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: crossed ? severityOf(score, this.criticalBps) : 'warning',
      score,
      observed: bid,
      expected: ask,
      upper: ask,
      reason: crossed
        ? `${tick.symbol} crossed quote: ${quote}, bid above ask by ${formatBps(crossing)}`
        : `${tick.symbol} locked quote: ${quote}`,
    };
  }
}
