import type { Tick } from '../../ticks/tick.js';
import { referencePrice } from '../price-step.js';

/**
 * A symbol's last `capacity` ticks, as evidence needs them: a ring over preallocated typed arrays
 * (and one array of origin strings), so recording a tick allocates nothing. Plain data, so it is
 * checkpointed with the detectors' states.
 */
export interface RecentTicks {
  readonly ts: Float64Array;
  /** Reference price: the mid when quoted and not crossed, else the trade price (NaN when neither is valid). */
  readonly price: Float64Array;
  readonly size: Float64Array;
  /** NaN when the tick has no seq. */
  readonly seq: Float64Array;
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
  return {
    ts: new Float64Array(capacity),
    price: new Float64Array(capacity),
    size: new Float64Array(capacity),
    seq: new Float64Array(capacity),
    origins: new Array<string | undefined>(capacity).fill(undefined),
    next: 0,
    count: 0,
  };
}

/** Records `tick` (from input position `origin`), overwriting the oldest when full. */
export function recordTick(recent: RecentTicks, tick: Tick, origin: string | undefined): void {
  const slot = recent.next;
  const mid = referencePrice(tick, 'mid');
  // A crossed quote has no mid; its trade price still belongs on the chart.
  recent.ts[slot] = tick.ts;
  recent.price[slot] = Number.isNaN(mid) ? referencePrice(tick, 'trade') : mid;
  recent.size[slot] = tick.size;
  recent.seq[slot] = tick.seq ?? NaN;
  recent.origins[slot] = origin;
  recent.next = slot + 1 === recent.ts.length ? 0 : slot + 1;
  if (recent.count < recent.ts.length) recent.count++;
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
  const { count } = recent;
  const capacity = recent.ts.length;
  const oldest = recent.next - count < 0 ? recent.next - count + capacity : recent.next - count;
  const ts: number[] = [];
  const price: number[] = [];
  const size: number[] = [];
  const seq: number[] = [];
  for (let age = 0; age < count; age++) {
    const slot = oldest + age < capacity ? oldest + age : oldest + age - capacity;
    ts.push(recent.ts[slot]!);
    price.push(recent.price[slot]!);
    size.push(recent.size[slot]!);
    seq.push(recent.seq[slot]!);
  }
  const newest = recent.next === 0 ? capacity - 1 : recent.next - 1;
  return { ts, price, size, seq, from: count === 0 ? undefined : recent.origins[oldest], to: count === 0 ? undefined : recent.origins[newest] };
}
