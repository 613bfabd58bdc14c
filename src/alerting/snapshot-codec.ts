import type { AnomalyEvent } from '../events/anomaly-event.js';
import { type AlertSnapshotData, type EncodedEvent, EngineSnapshotError, type NotificationData } from './engine-snapshot.js';
import type { AlertLabels } from './model/alert-labels.js';
import type { AlertSnapshot, Notification } from './model/notification.js';

// How the engine's shared or not-JSON-safe data goes into a snapshot and back (engine-snapshot.ts):
// events by reference into one table, "never" times as null, odd numbers inside events tagged.

/** Engine time "never" (-Infinity) as null, since JSON has no Infinity. */
export function instantOf(time: number): number | null {
  return time === Number.NEGATIVE_INFINITY ? null : time;
}

export function timeOf(instant: number | null): number {
  return instant ?? Number.NEGATIVE_INFINITY;
}

/**
 * Numbers events while a snapshot is taken: each event object is written once, however many
 * alerts, groups and notifications hold it. By identity, not id, so two events that share an id
 * but differ come back as they were.
 */
export class EventRefs {
  readonly table: EncodedEvent[] = [];
  private readonly index = new Map<AnomalyEvent, number>();

  ref(event: AnomalyEvent): number {
    let ref = this.index.get(event);
    if (ref === undefined) {
      ref = this.table.length;
      this.index.set(event, ref);
      this.table.push(encodeValue(event) as EncodedEvent);
    }
    return ref;
  }
}

/** The events of a snapshot being restored, by reference (one object each, shared as before). */
export class EventTable {
  private readonly events: readonly AnomalyEvent[];

  constructor(encoded: readonly EncodedEvent[]) {
    this.events = encoded.map((event) => decodeValue(event) as AnomalyEvent);
  }

  at(ref: number): AnomalyEvent {
    const event = this.events[ref];
    if (event === undefined) throw new EngineSnapshotError(`alert engine snapshot is corrupt: event #${ref} referred to, but it has ${this.events.length} events`);
    return event;
  }
}

export function encodeAlert(alert: AlertSnapshot, events: EventRefs): AlertSnapshotData {
  return { ...alert, labels: { ...alert.labels }, event: events.ref(alert.event) };
}

export function decodeAlert(alert: AlertSnapshotData, events: EventTable): AlertSnapshot {
  return { ...alert, labels: alert.labels as AlertLabels, event: events.at(alert.event) };
}

export function encodeNotification(notification: Notification, events: EventRefs): NotificationData {
  const { budget, ...rest } = notification;
  return {
    ...rest,
    to: [...notification.to],
    groupLabels: { ...notification.groupLabels },
    alerts: notification.alerts.map((alert) => encodeAlert(alert, events)),
    ...(budget === undefined ? {} : { budget: { ...budget } }),
  };
}

export function decodeNotification(notification: NotificationData, events: EventTable): Notification {
  const { budget, ...rest } = notification;
  return { ...rest, alerts: notification.alerts.map((alert) => decodeAlert(alert, events)), ...(budget === undefined ? {} : { budget }) };
}

/** A number JSON cannot carry, as an object no event field can be mistaken for (a string could be a param value). */
interface TaggedNumber {
  readonly $number: 'NaN' | 'Infinity' | '-Infinity' | '-0';
}

/** A deep copy of plain data with NaN, ±Infinity and -0 tagged, and undefined properties left out (as JSON would). */
function encodeValue(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $number: Object.is(value, -0) ? '-0' : (String(value) as TaggedNumber['$number']) } satisfies TaggedNumber;
  }
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines properties, so even a `__proto__` key stays plain data.
    return Object.fromEntries(Object.entries(value).flatMap(([name, field]) => (field === undefined ? [] : [[name, encodeValue(field)]])));
  }
  return value;
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (typeof value === 'object' && value !== null) {
    if (isTaggedNumber(value)) return Number(value.$number);
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, decodeValue(field)]));
  }
  return value;
}

const TAGS: ReadonlySet<unknown> = new Set<TaggedNumber['$number']>(['NaN', 'Infinity', '-Infinity', '-0']);

function isTaggedNumber(value: object): value is TaggedNumber {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$number' && TAGS.has((value as { $number: unknown }).$number);
}
