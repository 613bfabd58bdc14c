import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { AlertLabels } from './alert-labels.js';
import type { AlertLevel } from './alert-level.js';

/** One (symbol, detector) alert as a notification shows it. */
export interface AlertSnapshot {
  /** `symbol|detector`. */
  readonly key: string;
  readonly labels: AlertLabels;
  /** Now; `ok` once resolved. */
  readonly level: AlertLevel;
  /** In this group's previous notification; `ok` when the alert is new to the group. */
  readonly previous: AlertLevel;
  /** `flapping`: changing level too often; notifications for it are held until it settles. */
  readonly status: 'firing' | 'resolved' | 'flapping';
  /** When it entered `level` (or resolved), engine time. */
  readonly since: number;
  /** When it started firing this time. */
  readonly startsAt: number;
  /** The event behind the current level: the strongest of the latest events (for a resolved alert, its last). */
  readonly event: AnomalyEvent;
  /** Events seen for this alert since it started firing. */
  readonly events: number;
}

/** Why a notification goes out. */
export type NotificationReason =
  /** The group's first notification (after group wait). */
  | 'new'
  /** Alerts joined, changed level, resolved, started or stopped flapping. */
  | 'changed'
  /** Nothing changed, but alerts are still firing after the repeat interval. */
  | 'reminder'
  /** Alerts held back by a recipient's e-mail budget, sent once the budget allows. */
  | 'digest';

/** A recipient's budget state, shown in digests and, for a critical e-mail over budget, on it. */
export interface BudgetNote {
  readonly limitPerHour: number;
  /** When the budget was first exceeded in this streak, engine time. */
  readonly exceededAt: number;
  /** Notifications rolled into this digest. */
  readonly heldNotifications: number;
  /** Critical e-mails sent past the budget in this streak. */
  readonly criticalOverBudget: number;
}

/** One e-mail the alerting module decided to send: what, to whom, when and why. */
export interface Notification {
  /** Deterministic (group key, sequence): becomes the Message-ID, so a resend collapses in clients. */
  readonly id: string;
  readonly reason: NotificationReason;
  /** Engine time at which it was decided. */
  readonly at: number;
  readonly route: string;
  readonly receiver: string;
  readonly to: readonly string[];
  /** The receiver's IANA time zone; times are shown in it and in UTC. */
  readonly timeZone: string;
  /** The labels the group is keyed by, e.g. `{ symbol: 'AAPL' }`; empty for one group per route. */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Firing first (most severe first), then flapping, then resolved. */
  readonly alerts: readonly AlertSnapshot[];
  /** Content hash of the rules in force. */
  readonly rulesVersion: string;
  readonly budget?: BudgetNote;
}
