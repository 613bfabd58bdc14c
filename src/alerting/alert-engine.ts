import type { AnomalyEvent } from '../events/anomaly-event.js';
import { RecipientBudgets } from './budget/recipient-budget.js';
import type { AlertingConfig, LoadedAlertingConfig } from './config/alerting-config.js';
import type { ReceiverConfig } from './config/receiver-config.js';
import { AlertGroup, type Suppression } from './grouping/alert-group.js';
import type { AlertLabels } from './model/alert-labels.js';
import type { AlertLevel } from './model/alert-level.js';
import type { AlertSnapshot, Notification, NotificationReason } from './model/notification.js';
import { type Route, RouteTree } from './routing/route-tree.js';
import { type AlertState, type AlertStateOptions, AlertStateTracker, type LevelThresholds, type StateChange } from './state/alert-state-tracker.js';
import { DeadlineQueue } from '../core/deadline-queue.js';
import { type AlertEngineSnapshot, EngineSnapshotError, ENGINE_SNAPSHOT_FORMAT, parseEngineSnapshot } from './engine-snapshot.js';
import { decodeNotification, encodeNotification, EventRefs, EventTable, instantOf, timeOf } from './snapshot-codec.js';
import { Inhibitor } from './suppress/inhibitor.js';
import { compileMuteWindow } from './suppress/mute-windows.js';
import { SymbolLabels } from './symbol-labels.js';

/** Answers whether an alert is silenced at `now`: the silence's id, or undefined. */
export type SilenceCheck = (labels: AlertLabels, now: number) => { readonly id: string } | undefined;

/** Something that was decided not to be sent, for logs, stats and `alerts test`. */
export type QuietDecision =
  | { readonly kind: 'silenced' | 'inhibited'; readonly at: number; readonly route: string; readonly alert: AlertSnapshot; readonly by: string }
  | { readonly kind: 'muted'; readonly at: number; readonly route: string; readonly alerts: readonly AlertSnapshot[]; readonly by: string }
  | { readonly kind: 'held'; readonly at: number; readonly recipient: string; readonly notification: Notification };

export interface AlertEngineOptions {
  readonly rules: LoadedAlertingConfig;
  /** Current silences; called at each flush, so a silence added from the CLI applies at once. */
  readonly silences?: () => SilenceCheck;
  readonly onQuiet?: (decision: QuietDecision) => void;
}

export interface AlertEngineStats {
  events: number;
  /** Level changes, recoveries and flapping starts/stops. */
  stateChanges: number;
  notifications: number;
  silenced: number;
  inhibited: number;
  muted: number;
  /** Notifications held for a budget digest. */
  held: number;
  /** Times a recipient's e-mail budget was exceeded (held, or critical sent anyway). */
  budgetExceeded: number;
  /** Alerts not at ok. */
  firing: number;
}

const noSilences: SilenceCheck = () => undefined;

/**
 * Alert state → routes → groups → budgets, on engine time passed in by the caller (an injected
 * clock), with no I/O: `observe` feeds events, `advance` returns the notifications due. Given the
 * same events at the same times, it decides the same e-mails — which is what `alerts test` and the
 * tests rely on.
 *
 * Engine time only moves forward. An event is observed at its own event time (or the engine's
 * time, if that is later: events from different Kafka partitions interleave), so batching does
 * not change decisions: the monitor and `alerts test` decide alike. Call `advance(now)` after
 * observing a batch, and again at `nextDeadline()`.
 */
export class AlertEngine {
  readonly version: string;
  readonly stats: AlertEngineStats = { events: 0, stateChanges: 0, notifications: 0, silenced: 0, inhibited: 0, muted: 0, held: 0, budgetExceeded: 0, firing: 0 };
  private readonly config: AlertingConfig;
  // Not readonly: restore() swaps in restored ones, all at once, once the whole snapshot has decoded.
  private tracker: AlertStateTracker;
  private readonly routes: RouteTree;
  private readonly receivers: ReadonlyMap<string, ReceiverConfig>;
  private readonly labels: SymbolLabels;
  private inhibitor: Inhibitor;
  private readonly muteWindows: ReadonlyMap<string, { isMuted(ts: number): boolean }>;
  private budgets: RecipientBudgets;
  private readonly groups = new Map<string, AlertGroup>();
  /** Groups by next flush: finding what is due costs O(log groups), not a scan of every group. */
  private readonly flushes = new DeadlineQueue((key) => this.groups.get(key)?.nextFlushAt);
  /** The groups each alert is a member of. */
  private readonly groupsOf = new Map<string, Set<AlertGroup>>();
  /** Labels of each alert at its last firing level. */
  private readonly lastLabels = new Map<string, AlertLabels>();
  private readonly silences: () => SilenceCheck;
  private readonly onQuiet: (decision: QuietDecision) => void;
  private pending: Notification[] = [];
  private time = Number.NEGATIVE_INFINITY;
  /** Numbers notifications, so two decided at one instant for one group never share an id. */
  private sequence = 0;

  constructor(options: AlertEngineOptions) {
    const { config, version } = options.rules;
    this.version = version;
    this.config = config;
    this.tracker = new AlertStateTracker(trackerOptions(config));
    this.routes = new RouteTree(config.route);
    this.receivers = new Map(config.receivers.map((receiver) => [receiver.name, receiver]));
    this.labels = new SymbolLabels(config.labels);
    this.inhibitor = new Inhibitor(config.inhibit);
    this.muteWindows = new Map(config.muteWindows.map((window) => [window.name, compileMuteWindow(window)]));
    this.budgets = new RecipientBudgets(config.budgets);
    this.silences = options.silences ?? (() => noSilences);
    this.onQuiet = options.onQuiet ?? (() => undefined);
  }

  /**
   * Everything the engine has learnt (alert states, groups, budgets, pending notifications,
   * numbering, stats) as plain JSON-safe data, for a checkpoint. Take it between calls, and
   * together with the input position it covers: restoring it and feeding the input from there
   * decides the same notifications, with the same ids, as if the engine had never stopped.
   */
  snapshot(): AlertEngineSnapshot {
    const events = new EventRefs();
    return {
      format: ENGINE_SNAPSHOT_FORMAT,
      version: this.version,
      time: instantOf(this.time),
      sequence: this.sequence,
      // Only the engine's own counters: the alert sink adds its delivery counters to this object.
      stats: { events: this.stats.events, stateChanges: this.stats.stateChanges, notifications: this.stats.notifications, silenced: this.stats.silenced, inhibited: this.stats.inhibited, muted: this.stats.muted, held: this.stats.held, budgetExceeded: this.stats.budgetExceeded, firing: this.stats.firing },
      tracker: this.tracker.toSnapshot(events),
      groups: Array.from(this.groups.values(), (group) => group.toSnapshot(events)),
      groupsOf: Array.from(this.groupsOf, ([key, groups]) => [key, Array.from(groups, (group) => group.key)]),
      lastLabels: Array.from(this.lastLabels, ([key, labels]) => [key, { ...labels }]),
      inhibitor: this.inhibitor.toSnapshot(),
      budgets: this.budgets.toSnapshot(events),
      pending: this.pending.map((notification) => encodeNotification(notification, events)),
      // Filled by the calls above.
      events: events.table,
    };
  }

  /**
   * Continues from `snapshot` (e.g. JSON.parse of a stored one). Only on a freshly built engine
   * with the same rules: throws EngineSnapshotError, leaving the engine as it was, when the
   * snapshot has another format or rules version, or is corrupt; the caller then starts afresh.
   */
  restore(snapshot: AlertEngineSnapshot): void {
    if (this.time !== Number.NEGATIVE_INFINITY || this.stats.events > 0 || this.groups.size > 0 || this.pending.length > 0) {
      throw new Error('alert engine: restore() needs a freshly built engine');
    }
    const data = parseEngineSnapshot(snapshot, this.version);
    // Decode everything before changing anything, so a bad snapshot leaves the engine fresh.
    const events = new EventTable(data.events);
    const tracker = AlertStateTracker.fromSnapshot(trackerOptions(this.config), data.tracker, events);
    const budgets = RecipientBudgets.fromSnapshot(this.config.budgets, data.budgets, events);
    const inhibitor = Inhibitor.fromSnapshot(this.config.inhibit, data.inhibitor);
    const routes = new Map(this.routes.describe().map(({ route }) => [route.name, route]));
    const groups = new Map<string, AlertGroup>();
    for (const stored of data.groups) {
      const route = routes.get(stored.route);
      if (route === undefined || groups.has(stored.key)) throw new EngineSnapshotError(`alert engine snapshot is corrupt: group "${stored.key}" is repeated or on unknown route "${stored.route}"`);
      groups.set(stored.key, AlertGroup.fromSnapshot(stored, route, events));
    }
    const groupsOf = new Map<string, Set<AlertGroup>>();
    for (const [key, keys] of data.groupsOf) {
      groupsOf.set(
        key,
        new Set(
          keys.map((groupKey) => {
            const group = groups.get(groupKey);
            if (group === undefined) throw new EngineSnapshotError(`alert engine snapshot is corrupt: alert "${key}" is in unknown group "${groupKey}"`);
            return group;
          }),
        ),
      );
    }
    const pending = data.pending.map((notification) => decodeNotification(notification, events));

    this.tracker = tracker;
    this.budgets = budgets;
    this.inhibitor = inhibitor;
    for (const [key, group] of groups) {
      this.groups.set(key, group);
      this.flushes.touch(key); // the queue only indexes each group's nextFlushAt
    }
    for (const [key, joined] of groupsOf) this.groupsOf.set(key, joined);
    for (const [key, labels] of data.lastLabels) this.lastLabels.set(key, labels as AlertLabels);
    this.pending = pending;
    this.time = timeOf(data.time);
    this.sequence = data.sequence;
    Object.assign(this.stats, data.stats);
  }

  observe(event: AnomalyEvent, now: number = event.ts): void {
    this.stats.events++;
    const at = Math.max(now, this.time);
    // Changes due before this event (a drop, a group's wait ending) happen first, at their own
    // times; what is due at this very instant waits for advance(), so that the other events of
    // the same tick still join the group.
    this.runUntil(at, false);
    this.time = at;
    for (const change of this.tracker.observe(event, at)) this.apply(change);
  }

  /** Applies everything due up to `now`, in time order, and returns the notifications decided. */
  advance(now: number): Notification[] {
    this.runUntil(now, true);
    this.time = Math.max(this.time, now);
    const decided = this.pending;
    this.pending = [];
    return decided;
  }

  private runUntil(now: number, inclusive: boolean): void {
    for (let at = this.nextDeadline(); at !== undefined && (at < now || (inclusive && at === now)); at = this.nextDeadline()) {
      this.step(at);
    }
  }

  /**
   * At shutdown: decides now what would otherwise still go out later — groups waiting out their
   * wait or interval, and held digests (past the budget: they would be lost).
   */
  drain(now: number): Notification[] {
    const decided = this.advance(now);
    for (const group of this.groups.values()) {
      group.nextFlushAt = Math.min(group.nextFlushAt, now);
      this.flushes.touch(group.key);
    }
    this.step(now, true);
    return [...decided, ...this.advance(now)];
  }

  nextDeadline(): number | undefined {
    let next = this.tracker.nextDeadline();
    const budget = this.budgets.nextDeadline();
    if (budget !== undefined && (next === undefined || budget < next)) next = budget;
    const flush = this.flushes.peek()?.at;
    if (flush !== undefined && (next === undefined || flush < next)) next = flush;
    return next;
  }

  /** One instant: state changes, then digests that have room again, then the groups due. */
  private step(at: number, draining = false): void {
    this.time = Math.max(this.time, at);
    for (const change of this.tracker.advance(at)) this.apply(change);
    for (const digest of this.budgets.dueDigests(at, draining)) {
      this.emit({
        ...digest.basis,
        id: `digest|${digest.recipient}|${at}|${++this.sequence}`,
        reason: 'digest',
        at,
        to: [digest.recipient],
        groupLabels: {},
        alerts: digest.alerts,
        budget: digest.note,
      });
    }
    const check = (key: string, labels: AlertLabels, now: number): Suppression | undefined => {
      const silence = this.silences()(labels, now);
      if (silence !== undefined) return { reason: 'silenced', by: silence.id };
      const rule = this.inhibitor.inhibitedBy(key, labels);
      return rule === undefined ? undefined : { reason: 'inhibited', by: rule };
    };
    // Due at the same instant: in order of group key, so the e-mails' order is reproducible.
    for (let due = this.flushes.takeDue(at); due !== undefined; due = this.flushes.takeDue(at)) {
      const group = this.groups.get(due.key)!;
      const mutedBy = group.route.muteWindows.find((name) => this.muteWindows.get(name)?.isMuted(at) === true);
      const result = group.flush(at, check, mutedBy);
      for (const { snapshot, suppression } of result.suppressed) {
        this.stats[suppression.reason]++;
        this.onQuiet({ kind: suppression.reason, at, route: group.route.name, alert: snapshot, by: suppression.by });
      }
      if (result.muted !== undefined) {
        this.stats.muted += result.muted.alerts.length;
        this.onQuiet({ kind: 'muted', at, route: group.route.name, alerts: result.muted.alerts, by: result.muted.by });
      }
      if (result.flush !== undefined) this.deliver(group, result.flush.reason, result.flush.alerts, at);
      for (const key of result.left) this.leave(key, group);
      if (group.empty) this.groups.delete(group.key);
      else this.flushes.touch(group.key);
    }
  }

  /** Splits a group notification by the recipients' budgets. */
  private deliver(group: AlertGroup, reason: NotificationReason, alerts: readonly AlertSnapshot[], at: number): void {
    const receiver = this.receivers.get(group.route.receiver)!;
    const critical = alerts.some((alert) => alert.status === 'firing' && alert.level === 'critical');
    const admission = this.budgets.admit(receiver.to, critical, at);
    const sequence = ++this.sequence;
    const base = (to: readonly string[], part: string): Notification => ({
      id: `${group.key}|${at}|${sequence}${part}`,
      reason,
      at,
      route: group.route.name,
      receiver: receiver.name,
      to,
      timeZone: receiver.timeZone,
      groupLabels: group.groupLabels,
      alerts,
      rulesVersion: this.version,
    });
    if (admission.send.length > 0) {
      admission.send.forEach((recipient) => this.budgets.recordSent(recipient, at));
      this.emit(base(admission.send, ''));
    }
    for (const recipient of admission.sendOverBudget) {
      this.budgets.recordSent(recipient, at, true);
      const note = this.budgets.noteFor(recipient);
      this.emit({ ...base([recipient], `|over-budget|${recipient}`), ...(note === undefined ? {} : { budget: note }) });
    }
    for (const recipient of admission.hold) {
      const held = base([recipient], `|held|${recipient}`);
      this.budgets.hold(recipient, held, at);
      this.stats.held++;
      this.onQuiet({ kind: 'held', at, recipient, notification: held });
    }
    this.stats.budgetExceeded = this.budgets.breaches;
  }

  private emit(notification: Notification): void {
    this.stats.notifications++;
    this.pending.push(notification);
  }

  private apply(change: StateChange): void {
    this.stats.stateChanges++;
    const { state, to } = change;
    const firing = to !== 'ok';
    // A resolved alert keeps the labels of its last level, so silences and inhibitions that
    // applied to it still do.
    const labels = firing ? this.labels.labelsOf(state.symbol, state.detector, to) : (this.lastLabels.get(state.key) ?? this.labels.labelsOf(state.symbol, state.detector, change.from));
    if (firing) this.lastLabels.set(state.key, labels);
    this.inhibitor.update(state.key, firing ? labels : undefined);
    this.stats.firing = this.tracker.active;

    const member = memberUpdate(state, labels, to);
    const joined = this.groupsOf.get(state.key) ?? new Set<AlertGroup>();
    if (firing) {
      for (const route of this.routes.routesFor(labels)) {
        const group = this.groupFor(route, labels, change.at);
        joined.add(group);
      }
      this.groupsOf.set(state.key, joined);
    }
    for (const group of joined) group.upsert(member);
    if (joined.size === 0 && !firing) this.lastLabels.delete(state.key);
  }

  private groupFor(route: Route, labels: AlertLabels, at: number): AlertGroup {
    const groupLabels: Record<string, string> = {};
    for (const name of route.groupBy) groupLabels[name] = labels[name] ?? '';
    const key = `${route.name}{${route.groupBy.map((name) => `${name}=${JSON.stringify(groupLabels[name])}`).join(',')}}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = new AlertGroup(key, route, groupLabels, at);
      this.groups.set(key, group);
      this.flushes.touch(key);
    }
    return group;
  }

  private leave(key: string, group: AlertGroup): void {
    const groups = this.groupsOf.get(key);
    groups?.delete(group);
    if (groups?.size !== 0) return;
    this.groupsOf.delete(key);
    if (this.tracker.get(key) === undefined) this.lastLabels.delete(key);
  }
}

function trackerOptions(config: AlertingConfig): AlertStateOptions {
  const { resolveAfter, thresholds, flapping } = config.state;
  return {
    resolveAfterMs: resolveAfter,
    // Levels absent from the file are undefined, which the tracker treats as unset.
    thresholds: new Map(Object.entries(thresholds)) as ReadonlyMap<string, LevelThresholds>,
    ...(flapping === undefined ? {} : { flapping: { windowMs: flapping.window, high: flapping.high, low: flapping.low } }),
  };
}

function memberUpdate(state: AlertState, labels: AlertLabels, to: AlertLevel) {
  return {
    key: state.key,
    labels,
    level: to,
    status: state.flapping ? ('flapping' as const) : to === 'ok' ? ('resolved' as const) : ('firing' as const),
    since: state.since,
    startsAt: state.startsAt,
    event: state.event,
    events: state.events,
  };
}
