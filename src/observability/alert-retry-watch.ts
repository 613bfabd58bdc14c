import type { DeliveryStats } from '../alerting/notification-delivery.js';
import type { Clock } from '../core/clock.js';
import type { ReadinessProbe } from './readiness.js';

/**
 * Whether alert e-mails are being retried right now: from a retry until the next e-mail is
 * accepted or given up on. With several sends in flight, one succeeding clears it until the next
 * retry; close enough for a readiness signal, and it needs no hook in the delivery code.
 */
export class AlertRetryWatch {
  private since: number | undefined;
  private settledAtRetry = 0;

  constructor(
    private readonly stats: () => Readonly<DeliveryStats> | undefined,
    private readonly clock: Clock,
  ) {}

  /** For the alert sink's `onRetry`. */
  retried(): void {
    this.since ??= this.clock.now();
    this.settledAtRetry = this.settled();
  }

  readonly probe: ReadinessProbe = (now) => {
    if (this.since === undefined) return undefined;
    if (this.settled() > this.settledAtRetry) {
      this.since = undefined;
      return undefined;
    }
    return `alerts: retrying e-mails for ${Math.round((now - this.since) / 1000)} s`;
  };

  private settled(): number {
    const stats = this.stats();
    return stats === undefined ? 0 : stats.mails + stats.failed;
  }
}
