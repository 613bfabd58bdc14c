import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { AlertLabels } from '../model/alert-labels.js';
import { levelRank, type AlertLevel } from '../model/alert-level.js';
import type { AlertSnapshot } from '../model/notification.js';
import type { GroupMemberSnapshot } from '../engine-snapshot.js';
import type { EventRefs, EventTable } from '../snapshot-codec.js';

/** An alert as one group knows it: its latest state, and what the group last told people. */
export interface GroupMember {
  readonly key: string;
  labels: AlertLabels;
  level: AlertLevel;
  status: AlertSnapshot['status'];
  since: number;
  startsAt: number;
  event: AnomalyEvent;
  events: number;
  /** Level in the group's last notification that listed it; `ok` before the first. */
  notifiedLevel: AlertLevel;
  /** `signature()` at that notification; undefined before the first. */
  notified: string | undefined;
  /** `signature()` when it was last counted as suppressed, so each suppression is counted once. */
  suppressed: string | undefined;
}

/**
 * What people are told about: the level while firing, or that it flaps (level changes then go
 * unannounced), or that it resolved.
 */
export function signature(member: GroupMember): string {
  return member.status === 'firing' ? member.level : member.status;
}

export function snapshotOf(member: GroupMember): AlertSnapshot {
  return {
    key: member.key,
    labels: member.labels,
    level: member.level,
    previous: member.notifiedLevel,
    status: member.status,
    since: member.since,
    startsAt: member.startsAt,
    event: member.event,
    events: member.events,
  };
}

const STATUS_ORDER: Readonly<Record<AlertSnapshot['status'], number>> = { firing: 0, flapping: 1, resolved: 2 };

/** Firing first (most severe first), then flapping, then resolved; then by key, for stable e-mails. */
export function compareSnapshots(a: AlertSnapshot, b: AlertSnapshot): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    levelRank(b.level) - levelRank(a.level) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function memberToSnapshot(member: GroupMember, events: EventRefs): GroupMemberSnapshot {
  return {
    ...member,
    labels: { ...member.labels },
    event: events.ref(member.event),
    notified: member.notified ?? null,
    suppressed: member.suppressed ?? null,
  };
}

export function memberFromSnapshot(stored: GroupMemberSnapshot, events: EventTable): GroupMember {
  return {
    ...stored,
    labels: stored.labels as AlertLabels,
    event: events.at(stored.event),
    notified: stored.notified ?? undefined,
    suppressed: stored.suppressed ?? undefined,
  };
}
