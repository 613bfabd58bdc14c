import type { Tick } from '../../ticks/tick.js';
import { referencePrice } from '../price-step.js';

/** Numbers kept per tick, side by side in one row so recording a tick touches one cache line. */
const TS = 0;
const PRICE = 1;
const SIZE = 2;
const SEQ = 3;
const ROW = 4;

/**
 * A symbol's last ticks, as evidence needs them: a ring of rows (ts, reference price, size, seq)
 * in one preallocated Float64Array, and the ticks' origin strings beside it, so recording a tick
 * allocates nothing. The reference price is the mid when quoted and not crossed, else the trade
 * price (NaN when neither is valid); seq is NaN when the tick has none. Plain data, so it is
 * checkpointed with the detectors' states.
 */
export interface RecentTicks {
  readonly rows: Float64Array;
  /** Input position of each tick, undefined when the source has none. */
  readonly origins: (string | undefined)[];
  /** Slot the next tick is written to. */
  next: number;
  /** Ticks held, at most the capacity. */
  count: number;
}

/** The recent window a detect operator keeps per symbol by default. */
export const DEFAULT_RECENT_TICKS = 120;

export function createRecentTicks(capacity: number = DEFAULT_RECENT_TICKS): RecentTicks {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`recent ticks capacity must be a positive integer, got ${capacity}`);
  return { rows: new Float64Array(capacity * ROW), origins: new Array<string | undefined>(capacity).fill(undefined), next: 0, count: 0 };
}

/** Records `tick` (from input position `origin`), overwriting the oldest when full. */
export function recordTick(recent: RecentTicks, tick: Tick, origin: string | undefined): void {
  const slot = recent.next;
  const row = slot * ROW;
  const rows = recent.rows;
  const mid = referencePrice(tick, 'mid');
  rows[row + TS] = tick.ts;
  // A crossed quote has no mid; its trade price still belongs on the chart.
  rows[row + PRICE] = Number.isNaN(mid) ? referencePrice(tick, 'trade') : mid;
  rows[row + SIZE] = tick.size;
  rows[row + SEQ] = tick.seq ?? NaN;
  recent.origins[slot] = origin;
  const capacity = recent.origins.length;
  recent.next = slot + 1 === capacity ? 0 : slot + 1;
  if (recent.count < capacity) recent.count++;
}

/** The ticks held, oldest first, as plain arrays: the copy an event carries. */
export interface RecentWindow {
  readonly ts: number[];
  readonly price: number[];
  readonly size: number[];
  readonly seq: number[];
  /** Origins of the oldest and newest tick; undefined when either is unknown. */
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export function copyRecentTicks(recent: RecentTicks): RecentWindow {
  const { count, rows, origins } = recent;
  const capacity = origins.length;
  const oldest = recent.next - count < 0 ? recent.next - count + capacity : recent.next - count;
  const ts: number[] = [];
  const price: number[] = [];
  const size: number[] = [];
  const seq: number[] = [];
  for (let age = 0; age < count; age++) {
    const row = (oldest + age < capacity ? oldest + age : oldest + age - capacity) * ROW;
    ts.push(rows[row + TS]!);
    price.push(rows[row + PRICE]!);
    size.push(rows[row + SIZE]!);
    seq.push(rows[row + SEQ]!);
  }
  const newest = recent.next === 0 ? capacity - 1 : recent.next - 1;
  return { ts, price, size, seq, from: count === 0 ? undefined : origins[oldest], to: count === 0 ? undefined : origins[newest] };
}
