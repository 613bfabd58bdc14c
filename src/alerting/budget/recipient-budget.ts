import type { BudgetConfig } from '../config/receiver-config.js';
import type { AlertSnapshot, BudgetNote, Notification } from '../model/notification.js';
import type { BudgetsSnapshot } from '../engine-snapshot.js';
import { decodeAlert, decodeNotification, encodeAlert, encodeNotification, type EventRefs, type EventTable, instantOf, timeOf } from '../snapshot-codec.js';

const HOUR_MS = 3_600_000;

/** A recipient's e-mails in the last hour, and what is held back for their digest. */
interface RecipientState {
  /** Send times within the last hour, oldest first. */
  readonly sent: number[];
  /** Held alerts by key: the latest snapshot of each. */
  readonly held: Map<string, AlertSnapshot>;
  heldNotifications: number;
  /** Where the held notifications were going (route, receiver, time zone): the latest one. */
  lastHeld: Notification | undefined;
  exceededAt: number | undefined;
  criticalOverBudget: number;
}

/** How a notification's recipients fare against their budgets. */
export interface Admission {
  /** Within budget. */
  readonly send: readonly string[];
  /** Over budget, but the notification has a critical firing alert: sent anyway, with a note. */
  readonly sendOverBudget: readonly string[];
  /** Over budget: the alerts are held for the recipient's next digest. */
  readonly hold: readonly string[];
}

export interface DueDigest {
  readonly recipient: string;
  readonly alerts: readonly AlertSnapshot[];
  /** The last held notification: its route, receiver and time zone address the digest. */
  readonly basis: Notification;
  readonly note: BudgetNote;
}

/**
 * Per-recipient e-mail budgets over a rolling hour. Past the budget, non-critical notifications
 * are held and their alerts roll into one digest, sent as soon as the budget has room again;
 * critical ones still go out (and are counted, and noted in the e-mail and the next digest).
 */
export class RecipientBudgets {
  private readonly recipients = new Map<string, RecipientState>();
  /** Budget exceeded: a notification held or a critical one sent past it. For metrics. */
  breaches = 0;
  /** The latest time the budgets were asked about: nothing can be due before it. */
  private latest = Number.NEGATIVE_INFINITY;

  constructor(private readonly config: BudgetConfig) {}

  limitFor(recipient: string): number | undefined {
    return this.config.recipients?.[recipient] ?? this.config.perHour;
  }

  admit(to: readonly string[], critical: boolean, now: number): Admission {
    const send: string[] = [];
    const sendOverBudget: string[] = [];
    const hold: string[] = [];
    for (const recipient of to) {
      const room = this.hasRoom(recipient, now);
      // While a digest is pending, news joins it, so the recipient gets one e-mail, not a trickle.
      if (room && (critical || (this.recipients.get(recipient)?.held.size ?? 0) === 0)) send.push(recipient);
      else (critical ? sendOverBudget : hold).push(recipient);
    }
    return { send, sendOverBudget, hold };
  }

  /** Counts an e-mail sent to `recipient` at `now`. */
  recordSent(recipient: string, now: number, overBudget = false): void {
    if (this.limitFor(recipient) === undefined) return;
    const state = this.stateOf(recipient);
    state.sent.push(now);
    if (overBudget) {
      this.breaches++;
      state.criticalOverBudget++;
      state.exceededAt ??= now;
    }
  }

  /** Holds a notification's alerts for `recipient`'s next digest. */
  hold(recipient: string, notification: Notification, now: number): void {
    const state = this.stateOf(recipient);
    this.breaches++;
    state.exceededAt ??= now;
    state.heldNotifications++;
    state.lastHeld = notification;
    for (const alert of notification.alerts) {
      state.held.delete(alert.key); // re-insert so the digest lists alerts in the order last heard of
      state.held.set(alert.key, alert);
    }
  }

  /** The note for an e-mail sent over budget at `now` (call after recordSent). */
  noteFor(recipient: string): BudgetNote | undefined {
    const state = this.recipients.get(recipient);
    const limit = this.limitFor(recipient);
    if (state?.exceededAt === undefined || limit === undefined) return undefined;
    return { limitPerHour: limit, exceededAt: state.exceededAt, heldNotifications: state.heldNotifications, criticalOverBudget: state.criticalOverBudget };
  }

  /**
   * Digests whose recipients have room again at `now` (every held digest with `force`, at
   * shutdown); they are counted as sent and cleared.
   */
  dueDigests(now: number, force = false): DueDigest[] {
    const due: DueDigest[] = [];
    for (const [recipient, state] of this.recipients) {
      if (state.held.size === 0 || state.lastHeld === undefined || !(force || this.hasRoom(recipient, now))) continue;
      const note = this.noteFor(recipient)!;
      due.push({ recipient, alerts: [...state.held.values()], basis: state.lastHeld, note });
      state.sent.push(now);
      state.held.clear();
      state.heldNotifications = 0;
      state.criticalOverBudget = 0;
      state.exceededAt = undefined;
      state.lastHeld = undefined;
    }
    return due;
  }

  /** When the earliest held digest can go out. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const [recipient, state] of this.recipients) {
      if (state.held.size === 0) continue;
      const limit = this.limitFor(recipient)!;
      // Room opens when the send that fills the hour leaves it.
      const at = Math.max(this.latest, (state.sent[state.sent.length - limit] ?? Number.NEGATIVE_INFINITY) + HOUR_MS);
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** Held alerts across recipients, for stats. */
  get held(): number {
    let count = 0;
    for (const state of this.recipients.values()) count += state.held.size;
    return count;
  }

  /** Every recipient's sends and held digest, in insertion order (digests go out in it), for the engine's checkpoint. */
  toSnapshot(events: EventRefs): BudgetsSnapshot {
    return {
      breaches: this.breaches,
      latest: instantOf(this.latest),
      recipients: Array.from(this.recipients, ([recipient, state]) => ({
        recipient,
        sent: [...state.sent],
        held: Array.from(state.held.values(), (alert) => encodeAlert(alert, events)),
        heldNotifications: state.heldNotifications,
        lastHeld: state.lastHeld === undefined ? null : encodeNotification(state.lastHeld, events),
        exceededAt: state.exceededAt ?? null,
        criticalOverBudget: state.criticalOverBudget,
      })),
    };
  }

  static fromSnapshot(config: BudgetConfig, snapshot: BudgetsSnapshot, events: EventTable): RecipientBudgets {
    const budgets = new RecipientBudgets(config);
    budgets.breaches = snapshot.breaches;
    budgets.latest = timeOf(snapshot.latest);
    for (const stored of snapshot.recipients) {
      budgets.recipients.set(stored.recipient, {
        sent: [...stored.sent],
        held: new Map(stored.held.map((alert) => [alert.key, decodeAlert(alert, events)])),
        heldNotifications: stored.heldNotifications,
        lastHeld: stored.lastHeld === null ? undefined : decodeNotification(stored.lastHeld, events),
        exceededAt: stored.exceededAt ?? undefined,
        criticalOverBudget: stored.criticalOverBudget,
      });
    }
    return budgets;
  }

  private hasRoom(recipient: string, now: number): boolean {
    if (now > this.latest) this.latest = now;
    const limit = this.limitFor(recipient);
    if (limit === undefined) return true;
    const state = this.stateOf(recipient);
    const sent = state.sent;
    while (sent.length > 0 && sent[0]! <= now - HOUR_MS) sent.shift();
    return sent.length < limit;
  }

  private stateOf(recipient: string): RecipientState {
    let state = this.recipients.get(recipient);
    if (state === undefined) {
      state = { sent: [], held: new Map(), heldNotifications: 0, lastHeld: undefined, exceededAt: undefined, criticalOverBudget: 0 };
      this.recipients.set(recipient, state);
    }
    return state;
  }
}
