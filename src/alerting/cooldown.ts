/**
 * Remembers, per key, the event time of the last alert, and answers whether a new alert at a given
 * event time falls inside the cool-down. Event time (not wall time) keeps replays deterministic.
 */
export class Cooldown {
  private readonly lastAlertAt = new Map<string, number>();

  constructor(readonly periodMs: number) {}

  /**
   * Event time until which `key` is cooling down, or undefined when an alert at `ts` may go out.
   * An event older than the last alert is inside the cool-down too: it is older news than
   * an alert already sent.
   */
  blockedUntil(key: string, ts: number): number | undefined {
    const last = this.lastAlertAt.get(key);
    if (last === undefined || this.periodMs === 0) return undefined;
    const until = last + this.periodMs;
    return ts < until ? until : undefined;
  }

  record(key: string, ts: number): void {
    const last = this.lastAlertAt.get(key);
    if (last === undefined || ts > last) this.lastAlertAt.set(key, ts);
  }
}
