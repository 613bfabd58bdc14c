import type { Alert } from './decide.js';
import type { DigestOptions } from './rules.js';

/** One e-mail's worth of alerts for one recipient list, in arrival order. */
export interface Digest {
  readonly to: readonly string[];
  readonly alerts: readonly Alert[];
}

interface OpenDigest {
  readonly to: readonly string[];
  readonly alerts: Alert[];
  /** Event time (watermark) when it opened. */
  readonly openedTs: number;
  /** Wall time when it opened. */
  readonly openedAt: number;
}

/** Same recipients in any order and with repeats are one list. */
function recipientKey(to: readonly string[]): string {
  return [...new Set(to.map((address) => address.toLowerCase()))].sort().join('\n');
}

/**
 * Groups alerts into digests, one open digest per recipient list. The first alert opens a window;
 * it closes when the event-time watermark has moved `windowMs` past its opening (replays group the
 * same way at any speed), or when as much wall time has passed (a quiet live stream still gets its
 * e-mail), or when it holds `maxAlerts`. No I/O and no clock: times are passed in.
 */
export class DigestBuffer {
  private readonly open = new Map<string, OpenDigest>();

  constructor(readonly options: DigestOptions) {}

  /** Alerts waiting in open digests. */
  get pending(): number {
    let count = 0;
    for (const digest of this.open.values()) count += digest.alerts.length;
    return count;
  }

  /**
   * Adds an alert at event time `watermark` and wall time `now`; returns its digest if this
   * alert filled it. Call `due` first, so that a window that has ended is not joined.
   */
  add(alert: Alert, watermark: number, now: number): Digest | undefined {
    const key = recipientKey(alert.to);
    let digest = this.open.get(key);
    if (digest === undefined) {
      digest = { to: alert.to, alerts: [], openedTs: watermark, openedAt: now };
      this.open.set(key, digest);
    }
    digest.alerts.push(alert);
    if (digest.alerts.length < this.options.maxAlerts) return undefined;
    this.open.delete(key);
    return { to: digest.to, alerts: digest.alerts };
  }

  /** Closes the digests whose window has ended by event time `watermark` or by wall time `now`, oldest first. */
  due(watermark: number, now: number): Digest[] {
    const closed: Digest[] = [];
    for (const [key, digest] of this.open) {
      const { windowMs } = this.options;
      if (watermark - digest.openedTs >= windowMs || now - digest.openedAt >= windowMs) {
        this.open.delete(key);
        closed.push({ to: digest.to, alerts: digest.alerts });
      }
    }
    return closed;
  }

  /** Wall time at which the oldest open digest closes at the latest, if any is open. */
  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const digest of this.open.values()) {
      const deadline = digest.openedAt + this.options.windowMs;
      if (earliest === undefined || deadline < earliest) earliest = deadline;
    }
    return earliest;
  }

  /** Closes every open digest (shutdown). */
  drain(): Digest[] {
    const all = [...this.open.values()].map((digest) => ({ to: digest.to, alerts: digest.alerts }));
    this.open.clear();
    return all;
  }
}
