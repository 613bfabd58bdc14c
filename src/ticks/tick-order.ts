import { z } from 'zod';
import { validateConfig } from '../config/validate-config.js';
import type { CheckpointValue } from '../core/checkpoint/checkpointer.js';
import { keyed, type KeyedOperator } from '../core/keyed-state.js';
import type { RecordOrigin } from './record-origin.js';
import type { Tick } from './tick.js';

export const TICK_ORDER_ID = 'tick-order';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Codes the tick-order step rejects with; stable, for dead-letter metrics and alerting on them. */
export type TickOrderRejectCode = 'duplicate' | 'out_of_order_seq' | 'late' | 'too_far_ahead';

export const tickOrderOptionsSchema = z.object({
  /**
   * How far behind its symbol's latest event time a tick may arrive and still be used; an older
   * one is dead-lettered as `late`. 0: no lateness at all.
   */
  allowedLatenessMs: z.int().min(0).default(5000),
  /**
   * How far a tick may jump ahead of the latest event time seen on any symbol. Relative to the
   * data, not the wall clock, so replays of old files work. A week covers weekends and holidays;
   * a longer jump is taken once a second tick in a row confirms it (a replay spanning years).
   */
  maxAheadMs: z.int().positive().default(7 * DAY_MS),
});

export type TickOrderOptions = z.output<typeof tickOrderOptionsSchema>;
export type TickOrderOptionsInput = z.input<typeof tickOrderOptionsSchema>;

/** The latest event time the step accepted over all symbols: the input's event-time watermark. */
export interface EventTimeMark {
  latest: number;
}

export function createEventTimeMark(): EventTimeMark {
  return { latest: Number.NEGATIVE_INFINITY };
}

/** The mark as a checkpointed value: restored, the step's lateness checks go on from where they were. */
export function eventTimeCheckpoint(mark: EventTimeMark): CheckpointValue {
  return {
    name: 'event-time',
    snapshot: () => mark.latest,
    restore: (value) => {
      if (typeof value === 'number') mark.latest = value;
    },
  };
}

/** Per symbol: two numbers, updated in place. */
export interface SymbolOrder {
  /** Highest event time accepted for the symbol. */
  latestTs: number;
  /** Last seq accepted for the symbol; -1 before any (seqs are >= 0). */
  lastSeq: number;
}

/**
 * Drops what must not reach the detectors, to the dead letters with its reason: per symbol, a tick
 * whose seq is not above the last one (`duplicate`, e.g. an at-least-once redelivery, or
 * `out_of_order_seq`), one older than the symbol's latest event time by more than
 * `allowedLatenessMs` (`late`), and one more than `maxAheadMs` ahead of the latest event time
 * seen on any symbol (`too_far_ahead`): a single bogus future tick would otherwise make every
 * later tick of its symbol late. Ticks without seq are checked on time only. A lower seq on a
 * tick newer than the symbol's latest is a feed restarting its numbering, not a duplicate: it is
 * taken (rejecting it would drop the whole rest of the feed). Accepted ticks allocate nothing.
 */
export function tickOrder(
  options: TickOrderOptionsInput = {},
  {
    id = TICK_ORDER_ID,
    origin,
    eventTime = createEventTimeMark(),
  }: { readonly id?: string; readonly origin?: RecordOrigin | undefined; readonly eventTime?: EventTimeMark } = {},
): KeyedOperator<Tick, Tick, SymbolOrder> {
  const { allowedLatenessMs, maxAheadMs } = validateConfig(options, 'tick order', tickOrderOptionsSchema);
  /** Event time of the last tick rejected as too far ahead, if the tick before this one was; else NaN. */
  let jumpTs = Number.NaN;
  return keyed<Tick, Tick, SymbolOrder>({
    id,
    key: (tick) => tick.symbol,
    createState: () => ({ latestTs: Number.NEGATIVE_INFINITY, lastSeq: -1 }),
    process(state, tick, out) {
      const { seq, ts } = tick;
      // A seq at or below the last one on a tick newer than any of the symbol's is a feed that
      // restarted its numbering (a new session, a restarted publisher): taken, and the count restarts.
      if (seq !== undefined && seq <= state.lastSeq && ts <= state.latestTs) {
        const duplicate = seq === state.lastSeq;
        const message = duplicate
          ? `seq ${seq} of ${tick.symbol} was already seen`
          : `seq ${seq} of ${tick.symbol} is below the last one seen, ${state.lastSeq}`;
        out.reject(tick, { code: duplicate ? 'duplicate' : 'out_of_order_seq', field: 'seq', message }, origin?.current);
        return;
      }
      if (ts < state.latestTs - allowedLatenessMs) {
        const message = `ts ${ts} is ${state.latestTs - ts} ms behind the latest tick of ${tick.symbol} (${state.latestTs}); allowedLatenessMs is ${allowedLatenessMs}`;
        out.reject(tick, { code: 'late', field: 'ts', message }, origin?.current);
        return;
      }
      const latestTs = eventTime.latest;
      if (latestTs !== Number.NEGATIVE_INFINITY && ts > latestTs + maxAheadMs && !(Math.abs(ts - jumpTs) <= maxAheadMs)) {
        jumpTs = ts;
        const message = `ts ${ts} is ${ts - latestTs} ms ahead of the latest tick seen (${latestTs}); maxAheadMs is ${maxAheadMs} (a second tick this far ahead confirms the jump)`;
        out.reject(tick, { code: 'too_far_ahead', field: 'ts', message }, origin?.current);
        return;
      }
      jumpTs = Number.NaN;
      if (seq !== undefined) state.lastSeq = seq;
      if (ts > state.latestTs) state.latestTs = ts;
      if (ts > latestTs) eventTime.latest = ts;
      out.emit(tick);
    },
  });
}
