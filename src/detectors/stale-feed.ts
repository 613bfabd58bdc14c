import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { parseParams } from './params.js';
import { createNewYorkClock, localDay, newYorkLocal, type NewYorkClock } from './new-york-clock.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';

export const STALE_FEED = 'stale-feed';

/**
 * A symbol that went quiet for far longer than usual. Keeps an EWMA of the symbol's gaps between
 * ticks (event time) and flags a gap longer than max(minGapMs, multiple × that usual gap). For
 * Poisson-like arrivals a gap of m × the mean has probability e^-m, so the multiple sets the
 * false-alarm rate: at 12, about one in 160,000 gaps; the floor keeps busy symbols, whose usual
 * gap is a fraction of a second, from flagging a few seconds' lull.
 *
 * Limitation: a detector only runs when a tick arrives, so the silence is detected when it ends,
 * on the first tick after it, and the event carries that tick's time. Noticing a feed that is
 * silent right now needs a wall-clock check outside the per-tick path (a later issue).
 *
 * The usual gap adapts: during the first `1/alpha` gaps it is their plain mean, then an EWMA.
 * A flagged gap enters it clipped to the limit, so one silence does not blind the detector to the
 * next, while a symbol that really slows down is relearned within a few flags. A gap across New
 * York midnight (the overnight close) is neither flagged nor learned. Out-of-order ticks are
 * ignored.
 *
 * Event: score gap / usual gap ('critical' from criticalMultiple up); observed the gap in ms,
 * expected the usual gap in ms, upper the gap that would have flagged.
 */
export const staleFeedParams = z
  .strictObject({
    alpha: z.number().gt(0).lt(1).default(0.01).describe('EWMA weight of the newest gap between ticks; span ≈ 2/alpha - 1 (0.01 ≈ 200).'),
    warmup: z.int().min(1).default(100).describe('Gaps learned before it may flag.'),
    multiple: z.number().gt(1).default(12).describe('Flag a gap longer than multiple × the usual gap ...'),
    minGapMs: z.number().nonnegative().default(20_000).describe('... and longer than this (ms).'),
    criticalMultiple: z.number().positive().optional().describe('Critical from this multiple of the usual gap up; default 1.75 × multiple.'),
  })
  .refine(...criticalNotBelow('criticalMultiple', 'multiple'));

export type StaleFeedParams = z.input<typeof staleFeedParams>;

export interface StaleFeedState {
  /** Event time of the latest tick; NaN before the first. */
  lastTs: number;
  /** Usual gap between ticks, ms (EWMA). */
  meanGapMs: number;
  /** Gaps learned. */
  gaps: number;
  clock: NewYorkClock;
}

export function createStaleFeed(params: StaleFeedParams = {}): Detector<StaleFeedState> {
  const p = parseParams(staleFeedParams, params, STALE_FEED);
  return new StaleFeed(p.alpha, p.warmup, p.multiple, p.minGapMs, resolveCritical(p.multiple, p.criticalMultiple));
}

class StaleFeed implements Detector<StaleFeedState> {
  readonly id = STALE_FEED;

  constructor(
    private readonly alpha: number,
    private readonly warmup: number,
    private readonly multiple: number,
    private readonly minGapMs: number,
    private readonly critical: number,
  ) {}

  createState(): StaleFeedState {
    return { lastTs: Number.NaN, meanGapMs: 0, gaps: 0, clock: createNewYorkClock() };
  }

  update(state: StaleFeedState, tick: Tick): AnomalyEvent | undefined {
    const ts = tick.ts;
    const lastTs = state.lastTs;
    if (!(ts >= lastTs)) {
      if (Number.isNaN(lastTs)) state.lastTs = ts;
      return undefined;
    }
    state.lastTs = ts;
    let gap = ts - lastTs;
    let event: AnomalyEvent | undefined;
    if (state.gaps >= this.warmup) {
      const limit = Math.max(this.minGapMs, this.multiple * state.meanGapMs);
      if (gap > limit) {
        if (this.overnight(state.clock, lastTs, ts)) return undefined;
        event = this.flag(tick, lastTs, gap, state.meanGapMs, limit);
        gap = limit;
      }
    }
    state.gaps++;
    state.meanGapMs += Math.max(this.alpha, 1 / state.gaps) * (gap - state.meanGapMs);
    return event;
  }

  private overnight(clock: NewYorkClock, from: number, to: number): boolean {
    return localDay(newYorkLocal(clock, from)) !== localDay(newYorkLocal(clock, to));
  }

  private flag(tick: Tick, lastTs: number, gap: number, meanGap: number, limit: number): AnomalyEvent {
    // Ticks sharing a millisecond can make the usual gap 0; the score stays finite.
    const score = gap / Math.max(meanGap, 1);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: gap,
      expected: meanGap,
      upper: limit,
      reason:
        `${tick.symbol} stale feed: no ticks for ${formatSeconds(gap)} (since ${new Date(lastTs).toISOString()}), ` +
        `${score.toFixed(0)}× its usual ${formatSeconds(meanGap)} between ticks (seen when ticks resumed)`,
    };
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(seconds >= 1 ? 1 : 2)} s`;
}
