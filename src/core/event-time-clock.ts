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

  /**
   * @param latest the input's latest event time; -Infinity before the first tick
   * @param quietSince when given, the wall time since which the input has been idle (caught up,
   *   nothing to read), or undefined while it is busy: time is carried forward only while idle,
   *   so a consumer catching up a backlog (or resuming after a restart) decides on event time
   *   alone, as the live run did. Without it, every pause between readings counts as quiet.
   */
  constructor(
    private readonly latest: () => number,
    private readonly wall: Clock = systemClock,
    private readonly quietSince?: (now: number) => number | undefined,
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
    let from = this.baseAt;
    if (this.quietSince !== undefined) {
      const since = this.quietSince(wall);
      if (since === undefined) return (this.last = Math.max(this.last, this.base));
      from = Math.max(from, since);
    }
    this.last = Math.max(this.last, this.base + Math.max(0, wall - from));
    return this.last;
  }
}
