import { type Clock, systemClock } from './clock.js';
import type { Operator } from './operator.js';

/**
 * Event time as a clock: the highest event time seen, carried forward by wall time while the
 * stream is quiet (a market that goes silent still lets a group wait end or an alert resolve).
 * Never goes backwards. In a fast replay the wall-time share is the replay's own run time, small
 * against the hours of event time it covers; the decisions then match a live run.
 */
export class EventTimeClock implements Clock {
  private eventTime = Number.NEGATIVE_INFINITY;
  private advanced = false;
  /** now() = base + wall time since `baseAt`. */
  private base = Number.NEGATIVE_INFINITY;
  private baseAt = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly wall: Clock = systemClock) {}

  /** Before the first event: wall time. */
  now(): number {
    const wall = this.wall.now();
    if (this.eventTime === Number.NEGATIVE_INFINITY) return wall;
    // Wall time is read here, not per tick: the carry starts at the first reading after the
    // event time moved, at most one sink flush late.
    if (this.advanced) {
      this.base = Math.max(this.eventTime, this.last);
      this.baseAt = wall;
      this.advanced = false;
    }
    this.last = Math.max(this.last, this.base + Math.max(0, wall - this.baseAt));
    return this.last;
  }

  /** Per tick: one comparison. */
  observe(ts: number): void {
    if (ts > this.eventTime) {
      this.eventTime = ts;
      this.advanced = true;
    }
  }
}

/** Passes records through unchanged, moving `clock` to each one's event time. */
export function trackEventTime<T>(clock: EventTimeClock, timeOf: (record: T) => number, id = 'event-time'): Operator<T, T> {
  return {
    id,
    process(record, out) {
      clock.observe(timeOf(record));
      out.emit(record);
    },
  };
}
