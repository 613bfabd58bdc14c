import { type Clock, systemClock } from './clock.js';

/**
 * Event time as a clock: the highest event time the input has seen (read from `latest`, which the
 * tick-order step keeps, so nothing extra runs per tick), carried forward by wall time while the
 * stream is quiet (a market that goes silent still lets a group wait end or an alert resolve).
 * Never goes backwards. In a fast replay the wall-time share is the replay's own run time, small
 * against the hours of event time it covers; the decisions then match a live run.
 */
export class EventTimeClock implements Clock {
  private eventTime = Number.NEGATIVE_INFINITY;
  /** now() = base + wall time since `baseAt`. */
  private base = Number.NEGATIVE_INFINITY;
  private baseAt = 0;
  private last = Number.NEGATIVE_INFINITY;

  /** @param latest the input's latest event time; -Infinity before the first tick */
  constructor(
    private readonly latest: () => number,
    private readonly wall: Clock = systemClock,
  ) {}

  /** Before the first event: wall time. */
  now(): number {
    const wall = this.wall.now();
    const latest = this.latest();
    if (latest > this.eventTime) {
      // The carry restarts from the new event time, at this reading.
      this.eventTime = latest;
      this.base = Math.max(latest, this.last);
      this.baseAt = wall;
    }
    if (this.eventTime === Number.NEGATIVE_INFINITY) return wall;
    this.last = Math.max(this.last, this.base + Math.max(0, wall - this.baseAt));
    return this.last;
  }
}
