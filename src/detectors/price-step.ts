import { z } from 'zod';
import type { Tick } from '../ticks/tick.js';

/**
 * The step from one tick to the next that the return detectors score: the log return of the
 * reference price, and how much longer than usual the time it spans was.
 *
 * - Reference price: the mid-quote by default. Trades print at the bid or the ask, so trade-price
 *   returns bounce by a whole spread from one print to the next; when a spread blows out, that
 *   bounce alone looks like a string of price jumps. A tick without a two-sided quote falls back
 *   to its trade price; a crossed quote (bid > ask, the crossed-quote detector's business) is
 *   skipped, since one of its sides is wrong and so is its mid.
 * - Gap scale: √(gap / usual gap), at least 1, where the usual gap is an EWMA of the symbol's
 *   inter-tick times. A price diffuses with time, not with ticks: the first return after a
 *   30-second silence is several per-tick σ without anything unusual having happened.
 */
export type PriceSource = 'mid' | 'trade';

export const priceSourceSchema = z
  .enum(['mid', 'trade'])
  .default('mid')
  .describe("Price whose returns are scored: 'mid' (mid-quote, trade price when a tick has no quote) or 'trade'.");

/** Floor on a return scale for low prices, whose mid moves in half cents of many basis points. */
export function minPriceStdSchema(defaultValue: number, scale = 'σ') {
  return z
    .number()
    .nonnegative()
    .default(defaultValue)
    .describe(`Floor on the ${scale} in price units, as minPriceStd / price (${defaultValue}: ${defaultValue * 100} of a cent), for the cent steps of low prices; 0 disables.`);
}

/** The floor on a return scale at `price`: minStd, or minPriceStd / price for a low price. */
export function returnScaleFloor(minStd: number, minPriceStd: number, price: number): number {
  return Math.max(minStd, minPriceStd / price);
}

export interface PriceStepState {
  /** Latest reference price, 0 before the first valid one. */
  lastPrice: number;
  /** Event time of that price, ms. */
  lastTs: number;
  /** EWMA of the time between valid prices, ms; 0 until the second. */
  usualGapMs: number;
  /** Gap scale of the latest step (see above), ≥ 1. */
  gapScale: number;
}

/** Weight of the newest gap in the usual gap (span ≈ 100 ticks). */
const GAP_ALPHA = 0.02;
/** A gap joins the usual one capped at this many times it, so a halt does not reset it. */
const GAP_CAP = 20;

export function createPriceStep(): PriceStepState {
  return { lastPrice: 0, lastTs: 0, usualGapMs: 0, gapScale: 1 };
}

/** The tick's reference price; NaN when it has none (bad price, crossed quote). */
export function referencePrice(tick: Tick, source: PriceSource): number {
  if (source === 'mid') {
    const { bid, ask } = tick;
    if (bid !== undefined && ask !== undefined && bid > 0 && ask < Infinity) return bid <= ask ? (bid + ask) / 2 : NaN;
  }
  const price = tick.price;
  return price > 0 && price < Infinity ? price : NaN;
}

/**
 * Log return of the reference price since the previous valid one, and remembers this one;
 * updates `gapScale`. NaN for the first price and for a tick without one (not remembered, so
 * the next return spans over it).
 */
export function advancePriceStep(state: PriceStepState, tick: Tick, source: PriceSource): number {
  const price = referencePrice(tick, source);
  if (Number.isNaN(price)) return NaN;
  const last = state.lastPrice;
  const gapMs = Math.max(0, tick.ts - state.lastTs);
  state.lastPrice = price;
  state.lastTs = tick.ts;
  if (last === 0) return NaN;
  const usual = state.usualGapMs;
  if (usual > 0) {
    state.gapScale = gapMs > usual ? Math.sqrt(gapMs / usual) : 1;
    state.usualGapMs = usual + GAP_ALPHA * (Math.min(gapMs, GAP_CAP * usual) - usual);
  } else {
    state.gapScale = 1;
    state.usualGapMs = Math.max(1, gapMs);
  }
  return Math.log(price / last);
}

/** Says when a return was scaled down for a long gap, e.g. `, ÷2.4 for a 5.8× usual gap`. */
export function gapScaleNote(gapScale: number): string {
  return gapScale > 1.05 ? `, ÷${gapScale.toFixed(1)} for a ${(gapScale * gapScale).toFixed(1)}× usual gap` : '';
}
