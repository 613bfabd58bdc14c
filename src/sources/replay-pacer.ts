import type { Clock } from '../core/clock.js';

/** Waits shorter than this are not worth a timer: the record goes out up to this early. */
const DEFAULT_GRANULARITY_MS = 10;

/**
 * Maps event time to wall time for replays: the first record anchors both clocks, and a record
 * with event time `t` is due `(t - t0) / speed` wall milliseconds after the anchor. The schedule is
 * absolute, so a consumer that fell behind catches up instead of drifting.
 */
export class ReplayPacer {
  private anchorEvent = Number.NaN;
  private anchorWall = 0;

  constructor(
    private readonly speed: number,
    private readonly clock: Clock,
    private readonly granularityMs = DEFAULT_GRANULARITY_MS,
  ) {}

  /** Wall milliseconds to wait before emitting a record with this event time; 0 when it is due. */
  delay(eventTime: number): number {
    if (Number.isNaN(this.anchorEvent)) {
      this.rebase(eventTime);
      return 0;
    }
    const wait = this.anchorWall + (eventTime - this.anchorEvent) / this.speed - this.clock.now();
    return wait >= this.granularityMs ? wait : 0;
  }

  /** Re-anchors at `eventTime` now, e.g. across a gap (overnight) that should not be waited out. */
  rebase(eventTime: number): void {
    this.anchorEvent = eventTime;
    this.anchorWall = this.clock.now();
  }
}
