import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatPercent, formatPrice, priceDecimals } from './format.js';
import { createNewYorkClock, localMinuteOfDay, MINUTE_MS, newYorkLocal, type NewYorkClock } from './new-york-clock.js';
import { parseParams } from './params.js';
import {
  createTimeWindowStats,
  timeWindowAdvance,
  timeWindowCount,
  timeWindowMean,
  timeWindowPush,
  type TimeWindowStats,
} from './rolling/time-window-stats.js';
import { resolveCritical, severityOf } from './severity.js';

export const LULD_BAND = 'luld-band';

/**
 * Prints outside the Limit Up-Limit Down price bands of the US National Market System plan:
 *
 * - Reference price: the arithmetic mean of the trade prices over the preceding five minutes
 *   (`windowMs`), from the day's regular-session trades. The day's first trade is the first
 *   reference (the opening price); it is replaced by the five-minute mean only when that mean
 *   has moved at least `minUpdate` (the plan's 1%) away from it, as the plan updates bands.
 * - Band half-width by tier and reference price: above $3.00, 5% (Tier 1) or 10% (Tier 2);
 *   $0.75 to $3.00, 20%; below $0.75, the lesser of $0.15 and 75%. Doubled from 09:30 to 09:45
 *   and from 15:35 to 16:00 New York time. Bands are rounded to the cent; the lower one is at
 *   least 0.
 * - Only the regular session, 09:30-16:00 New York time, is watched; other prints are ignored.
 *
 * Tier 1 is the symbols in `tier1Symbols`, Tier 2 all others (`defaultTier` to change that).
 * Edge-triggered: the first print of an excursion outside the band flags, and it re-arms at the
 * next print inside it, so one excursion is one event. (Flagging is what this does; pauses,
 * limit states and reopenings of the plan are not modelled.)
 *
 * Event: score |price - reference| / half-width, so 1 is the band edge ('critical' from
 * criticalThreshold up); observed the price, expected the reference, lower/upper the band.
 */
export const luldBandParams = z
  .strictObject({
    tier1Symbols: z.array(z.string().min(1)).default([]).describe('Tier 1 symbols (S&P 500, Russell 1000, some ETPs).'),
    defaultTier: z.union([z.literal(1), z.literal(2)]).default(2).describe('Tier of the symbols not listed in tier1Symbols.'),
    windowMs: z.int().positive().default(300_000).describe('Time window of the reference price, ms (the plan: five minutes).'),
    minUpdate: z.number().min(0).lt(1).default(0.01).describe('The reference moves only when the window mean is this far (fraction) from it; 0: always.'),
    criticalThreshold: z.number().min(1).optional().describe('Critical from this |price - reference| / half-width up; default 1.75.'),
  });

export type LuldBandParams = z.input<typeof luldBandParams>;

/** Regular session and the opening and closing periods of doubled bands, in New York minutes. */
const OPEN = 9 * 60 + 30;
const OPEN_DOUBLED_UNTIL = 9 * 60 + 45;
const CLOSE_DOUBLED_FROM = 15 * 60 + 35;
const CLOSE = 16 * 60;

export interface LuldBandState {
  /** Trade prices of the preceding `windowMs`, today's regular session only. */
  prices: TimeWindowStats;
  /** Reference price in effect; NaN before the day's first trade. */
  reference: number;
  /** Today's regular session, epoch ms: [open, close); bands doubled before doubledUntil and from doubledFrom. */
  open: number;
  close: number;
  doubledUntil: number;
  doubledFrom: number;
  /** The bands in effect, and the reference and doubling they were computed for. */
  lower: number;
  upper: number;
  half: number;
  bandReference: number;
  bandDoubled: boolean;
  /** 1 or 2; 0 until the first tick shows the symbol. */
  tier: number;
  /** False from a flag until a print inside the band. */
  armed: boolean;
  clock: NewYorkClock;
}

export function createLuldBand(params: LuldBandParams = {}): Detector<LuldBandState> {
  const p = parseParams(luldBandParams, params, LULD_BAND);
  return new LuldBand(new Set(p.tier1Symbols), p.defaultTier, p.windowMs, p.minUpdate, resolveCritical(1, p.criticalThreshold));
}

/**
 * Half-width of the LULD band around `reference`, before doubling and rounding (plan, Appendix A).
 */
export function luldHalfWidth(tier: number, reference: number): number {
  if (reference > 3) return reference * (tier === 1 ? 0.05 : 0.1);
  if (reference >= 0.75) return reference * 0.2;
  return Math.min(0.15, reference * 0.75);
}

class LuldBand implements Detector<LuldBandState> {
  readonly id = LULD_BAND;

  constructor(
    private readonly tier1: ReadonlySet<string>,
    private readonly defaultTier: number,
    private readonly windowMs: number,
    private readonly minUpdate: number,
    private readonly critical: number,
  ) {}

  createState(): LuldBandState {
    return {
      prices: createTimeWindowStats(this.windowMs, undefined, false),
      reference: Number.NaN,
      open: Number.NaN,
      close: Number.NaN,
      doubledUntil: Number.NaN,
      doubledFrom: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
      half: Number.NaN,
      bandReference: Number.NaN,
      bandDoubled: false,
      tier: 0,
      armed: true,
      clock: createNewYorkClock(),
    };
  }

  update(state: LuldBandState, tick: Tick): AnomalyEvent | undefined {
    const price = tick.price;
    const ts = tick.ts;
    if (!(price > 0 && price < Infinity)) return undefined;
    if (!(ts >= state.open && ts < state.close) && !this.enterSession(state, tick)) return undefined;
    const prices = state.prices;
    timeWindowAdvance(prices, ts);
    const reference = this.reference(state);
    let event: AnomalyEvent | undefined;
    if (Number.isNaN(reference)) {
      state.reference = price;
    } else {
      const doubled = ts < state.doubledUntil || ts >= state.doubledFrom;
      if (reference !== state.bandReference || doubled !== state.bandDoubled) this.setBands(state, reference, doubled);
      if (price >= state.lower && price <= state.upper) state.armed = true;
      else if (state.armed) {
        state.armed = false;
        event = this.flag(tick, state);
      }
    }
    timeWindowPush(prices, ts, price);
    return event;
  }

  /** The reference in effect: moved to the window mean when that is minUpdate away. */
  private reference(state: LuldBandState): number {
    const reference = state.reference;
    if (timeWindowCount(state.prices) === 0) return reference;
    const mean = timeWindowMean(state.prices);
    if (Math.abs(mean - reference) >= this.minUpdate * reference) state.reference = mean;
    return state.reference;
  }

  private setBands(state: LuldBandState, reference: number, doubled: boolean): void {
    const half = luldHalfWidth(state.tier, reference) * (doubled ? 2 : 1);
    state.half = half;
    state.lower = Math.max(0, Math.round((reference - half) * 100) / 100);
    state.upper = Math.round((reference + half) * 100) / 100;
    state.bandReference = reference;
    state.bandDoubled = doubled;
  }

  /**
   * For a tick outside the cached session: false when it is outside regular hours; otherwise
   * caches its day's session times, starting afresh when that is a new day.
   */
  private enterSession(state: LuldBandState, tick: Tick): boolean {
    const local = newYorkLocal(state.clock, tick.ts);
    const minute = localMinuteOfDay(local);
    if (minute < OPEN || minute >= CLOSE) return false;
    const midnight = tick.ts - minute * MINUTE_MS;
    const open = midnight + OPEN * MINUTE_MS;
    if (open === state.open) return true;
    state.open = open;
    state.close = midnight + CLOSE * MINUTE_MS;
    state.doubledUntil = midnight + OPEN_DOUBLED_UNTIL * MINUTE_MS;
    state.doubledFrom = midnight + CLOSE_DOUBLED_FROM * MINUTE_MS;
    state.reference = Number.NaN;
    state.bandReference = Number.NaN;
    state.armed = true;
    if (state.tier === 0) state.tier = this.tier1.has(tick.symbol) ? 1 : this.defaultTier;
    // Once per symbol and day: yesterday's prices are no reference for today.
    if (timeWindowCount(state.prices) > 0) state.prices = createTimeWindowStats(this.windowMs, undefined, false);
    return true;
  }

  private flag(tick: Tick, state: LuldBandState): AnomalyEvent {
    const { reference, half, lower, upper } = state;
    const score = Math.abs(tick.price - reference) / half;
    const decimals = Math.max(priceDecimals(tick.price), 2);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: tick.price,
      expected: reference,
      lower,
      upper,
      reason:
        `${tick.symbol} print ${formatPrice(tick.price, decimals)} outside its LULD band ` +
        `[${formatPrice(lower, 2)}, ${formatPrice(upper, 2)}]: reference ${formatPrice(reference, decimals)}, ` +
        `Tier ${state.tier} ±${formatPercent(half / reference)}${state.bandDoubled ? ' (doubled)' : ''}`,
    };
  }
}
