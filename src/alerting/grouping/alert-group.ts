import type { AlertLabels } from '../model/alert-labels.js';
import type { AlertSnapshot, NotificationReason } from '../model/notification.js';
import type { Route } from '../routing/route-tree.js';
import type { GroupSnapshot } from '../engine-snapshot.js';
import type { EventRefs, EventTable } from '../snapshot-codec.js';
import { compareSnapshots, type GroupMember, memberFromSnapshot, memberToSnapshot, signature, snapshotOf } from './group-member.js';

/** Why a member with news was left out of a notification. */
export type Suppression =
  | { readonly reason: 'silenced'; readonly by: string }
  | { readonly reason: 'inhibited'; readonly by: string };

/** Answers, at flush time, whether a member is silenced or inhibited. */
export type SuppressionCheck = (key: string, labels: AlertLabels, now: number) => Suppression | undefined;

export interface GroupFlush {
  readonly reason: NotificationReason;
  readonly alerts: readonly AlertSnapshot[];
}

export interface FlushResult {
  /** Undefined when there is nothing to tell (or the route is muted). */
  readonly flush?: GroupFlush;
  /** The route's active mute window and the alerts whose news it held back (each reported once per change). */
  readonly muted?: { readonly by: string; readonly alerts: readonly AlertSnapshot[] };
  /** Members with news that were left out, each reported once per change. */
  readonly suppressed: readonly { readonly snapshot: AlertSnapshot; readonly suppression: Suppression }[];
  /** Keys of the resolved alerts that left the group. */
  readonly left: readonly string[];
}

/**
 * The alerts of one route that share the values of its `groupBy` labels, and the timing of their
 * e-mails, as in Alertmanager: the first notification `groupWait` after the group forms (collecting
 * the burst), then at most one per `groupInterval`, sent only when something changed (an alert
 * joined, changed level, started or stopped flapping, resolved), or as a reminder once
 * `repeatInterval` has passed with alerts still firing. A resolved alert leaves the group after
 * the notification that announces it (or at once, if nobody was ever told it fired).
 */
export class AlertGroup {
  readonly members = new Map<string, GroupMember>();
  /** Engine time of the next flush. */
  nextFlushAt: number;
  private lastSentAt: number | undefined;

  constructor(
    readonly key: string,
    readonly route: Route,
    readonly groupLabels: Readonly<Record<string, string>>,
    formedAt: number,
  ) {
    this.nextFlushAt = formedAt + route.groupWaitMs;
  }

  /** The group's state for the engine's checkpoint; the route by name (the rules hold the rest). */
  toSnapshot(events: EventRefs): GroupSnapshot {
    return {
      key: this.key,
      route: this.route.name,
      groupLabels: { ...this.groupLabels },
      members: Array.from(this.members.values(), (member) => memberToSnapshot(member, events)),
      nextFlushAt: this.nextFlushAt,
      lastSentAt: this.lastSentAt ?? null,
    };
  }

  /** The group of `snapshot`, on `route` (the compiled route of that name). */
  static fromSnapshot(snapshot: GroupSnapshot, route: Route, events: EventTable): AlertGroup {
    const group = new AlertGroup(snapshot.key, route, snapshot.groupLabels, 0);
    group.nextFlushAt = snapshot.nextFlushAt;
    group.lastSentAt = snapshot.lastSentAt ?? undefined;
    for (const stored of snapshot.members) group.members.set(stored.key, memberFromSnapshot(stored, events));
    return group;
  }

  get empty(): boolean {
    return this.members.size === 0;
  }

  /** Adds or updates a member (the caller keeps it current on every state change). */
  upsert(update: Omit<GroupMember, 'notifiedLevel' | 'notified' | 'suppressed'>): void {
    const member = this.members.get(update.key);
    if (member === undefined) {
      this.members.set(update.key, { ...update, notifiedLevel: 'ok', notified: undefined, suppressed: undefined });
      return;
    }
    member.labels = update.labels;
    member.level = update.level;
    member.status = update.status;
    member.since = update.since;
    member.startsAt = update.startsAt;
    member.event = update.event;
    member.events = update.events;
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  /**
   * Decides the notification due at `now` (call when now >= nextFlushAt). `mutedBy` names the
   * active mute window of the route, if any: then nothing is sent and the news waits.
   */
  flush(now: number, check: SuppressionCheck, mutedBy: string | undefined): FlushResult {
    this.nextFlushAt = now + this.route.groupIntervalMs;
    const visible: GroupMember[] = [];
    const suppressed: { snapshot: AlertSnapshot; suppression: Suppression }[] = [];
    const left: string[] = [];
    const leave = (member: GroupMember): void => {
      this.members.delete(member.key);
      left.push(member.key);
    };
    let changed = false;
    let firing = false;
    for (const member of this.members.values()) {
      const news = signature(member) !== member.notified;
      if (member.status === 'resolved' && (member.notified === undefined || !this.route.sendResolved)) {
        // Nobody was told it fired, or the route sends no recovery notices: it just leaves.
        leave(member);
        continue;
      }
      const suppression = check(member.key, member.labels, now);
      if (suppression !== undefined) {
        if (news && member.suppressed !== signature(member)) {
          member.suppressed = signature(member);
          suppressed.push({ snapshot: snapshotOf(member), suppression });
        }
        if (member.status === 'resolved') leave(member);
        continue;
      }
      visible.push(member);
      if (news) changed = true;
      if (member.status !== 'resolved') firing = true;
    }
    if (mutedBy !== undefined) {
      const held = visible.filter((member) => signature(member) !== member.notified && member.suppressed !== signature(member));
      for (const member of held) member.suppressed = signature(member);
      return held.length > 0 ? { muted: { by: mutedBy, alerts: held.map(snapshotOf) }, suppressed, left } : { suppressed, left };
    }
    if (visible.length === 0) return { suppressed, left };
    let reason: NotificationReason;
    if (changed) reason = this.lastSentAt === undefined ? 'new' : 'changed';
    else if (firing && this.route.repeatIntervalMs > 0 && this.lastSentAt !== undefined && now - this.lastSentAt >= this.route.repeatIntervalMs) {
      reason = 'reminder';
    } else return { suppressed, left };

    const alerts = visible.map(snapshotOf).sort(compareSnapshots);
    this.lastSentAt = now;
    for (const member of visible) {
      if (member.status === 'resolved') leave(member);
      member.notified = signature(member);
      member.notifiedLevel = member.level;
      member.suppressed = undefined;
    }
    return { flush: { reason, alerts }, suppressed, left };
  }
}
