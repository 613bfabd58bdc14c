import * as z from 'zod';
import { RiskwatchError } from '../core/errors.js';

/**
 * The checkpoint of an AlertEngine (AlertEngine.snapshot/restore): plain JSON data, written with
 * JSON.stringify and read back with JSON.parse. The schema is checked on restore, so a corrupt
 * checkpoint fails there, naming what is wrong, rather than as a crash mid-stream.
 *
 * - Maps are arrays in insertion order: iteration order decides the order of e-mails, digests
 *   and so their ids, so a restored engine must iterate as the original did.
 * - `null` stands for "never" (-Infinity in the engine): JSON has no Infinity.
 * - Events are stored once, in `events`, and referred to by index: one event is held by its
 *   alert, its groups and any held or pending notification, and its evidence can be large.
 *   Numbers JSON cannot carry inside them (NaN, ±Infinity, -0) are tagged (snapshot-codec.ts).
 * - Derived state is not stored: deadline queues are rebuilt from what they index, compiled
 *   rules from the rules (hence the same rules `version` is required).
 */

/** Bump when the shape changes: an older checkpoint is then refused, not misread. */
export const ENGINE_SNAPSHOT_FORMAT = 1;

/** A checkpoint that cannot be restored: another format or rules version, or corrupt. Start afresh. */
export class EngineSnapshotError extends RiskwatchError {
  constructor(message: string) {
    super('snapshot_invalid', message);
  }
}

const count = z.int().nonnegative();
/** Engine time that may be "never" (null). */
const instant = z.number().nullable();
/** Index into the snapshot's `events`. */
const eventRef = count;
const level = z.enum(['ok', 'info', 'warning', 'critical']);
const labels = z.object({ symbol: z.string(), detector: z.string(), severity: z.string() }).catchall(z.string());

/** A number in an event as snapshot-codec.ts writes it. */
const eventNumber = z.union([z.number(), z.strictObject({ $number: z.enum(['NaN', 'Infinity', '-Infinity', '-0']) })]);

/** Only what the engine reads is checked; the rest of an event (evidence...) is carried as is. */
const eventSchema = z.looseObject({
  id: z.string(),
  symbol: z.string(),
  detector: z.string(),
  ts: eventNumber,
  severity: z.enum(['info', 'warning', 'critical']),
  score: eventNumber,
  reason: z.string(),
});

const alertSchema = z.strictObject({
  key: z.string(),
  labels,
  level,
  previous: level,
  status: z.enum(['firing', 'resolved', 'flapping']),
  since: z.number(),
  startsAt: z.number(),
  event: eventRef,
  events: count,
});

const notificationSchema = z.strictObject({
  id: z.string(),
  reason: z.enum(['new', 'changed', 'reminder', 'digest']),
  at: z.number(),
  route: z.string(),
  receiver: z.string(),
  to: z.array(z.string()),
  timeZone: z.string(),
  groupLabels: z.record(z.string(), z.string()),
  alerts: z.array(alertSchema),
  rulesVersion: z.string(),
  budget: z.strictObject({ limitPerHour: z.number(), exceededAt: z.number(), heldNotifications: count, criticalOverBudget: count }).optional(),
});

const trackerSchema = z.strictObject({
  latest: instant,
  entries: z.array(
    z.strictObject({
      key: z.string(),
      symbol: z.string(),
      detector: z.string(),
      level,
      since: z.number(),
      startsAt: z.number(),
      event: eventRef,
      events: count,
      flapping: z.boolean(),
      /** By level rank, ok included (unused), as in the tracker. */
      heldUntil: z.array(instant).length(4),
      lastEvent: z.array(eventRef.nullable()).length(4),
      /** Level-change times in the flapping window; null when flapping detection is off. */
      history: z.array(z.number()).nullable(),
      counted: z.boolean(),
    }),
  ),
});

const memberSchema = z.strictObject({
  key: z.string(),
  labels,
  level,
  status: z.enum(['firing', 'resolved', 'flapping']),
  since: z.number(),
  startsAt: z.number(),
  event: eventRef,
  events: count,
  notifiedLevel: level,
  notified: z.string().nullable(),
  suppressed: z.string().nullable(),
});

const groupSchema = z.strictObject({
  key: z.string(),
  /** Route name: the compiled route comes from the rules. */
  route: z.string(),
  groupLabels: z.record(z.string(), z.string()),
  members: z.array(memberSchema),
  nextFlushAt: z.number(),
  lastSentAt: z.number().nullable(),
});

const budgetsSchema = z.strictObject({
  breaches: count,
  latest: instant,
  recipients: z.array(
    z.strictObject({
      recipient: z.string(),
      sent: z.array(z.number()),
      /** In digest order; keyed by the alert's key. */
      held: z.array(alertSchema),
      heldNotifications: count,
      lastHeld: notificationSchema.nullable(),
      exceededAt: z.number().nullable(),
      criticalOverBudget: count,
    }),
  ),
});

const inhibitorSchema = z.strictObject({
  /** Each firing source alert and where it is registered: [alert key, [[rule name, equal-label values]]]. */
  registered: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.string()]))])),
});

const statsSchema = z.strictObject({
  events: count,
  stateChanges: count,
  notifications: count,
  silenced: count,
  inhibited: count,
  muted: count,
  held: count,
  budgetExceeded: count,
  firing: count,
});

export const engineSnapshotSchema = z.strictObject({
  format: z.literal(ENGINE_SNAPSHOT_FORMAT),
  /** Rules version the state was built under. */
  version: z.string(),
  time: instant,
  sequence: count,
  stats: statsSchema,
  tracker: trackerSchema,
  groups: z.array(groupSchema),
  /** [alert key, keys of the groups it is a member of]. */
  groupsOf: z.array(z.tuple([z.string(), z.array(z.string())])),
  /** [alert key, labels at its last firing level]. */
  lastLabels: z.array(z.tuple([z.string(), labels])),
  inhibitor: inhibitorSchema,
  budgets: budgetsSchema,
  /** Decided, not yet returned by advance(). */
  pending: z.array(notificationSchema),
  events: z.array(eventSchema),
});

export type AlertEngineSnapshot = z.infer<typeof engineSnapshotSchema>;
export type EncodedEvent = z.infer<typeof eventSchema>;
export type AlertSnapshotData = z.infer<typeof alertSchema>;
export type NotificationData = z.infer<typeof notificationSchema>;
export type TrackerSnapshot = z.infer<typeof trackerSchema>;
export type GroupSnapshot = z.infer<typeof groupSchema>;
export type GroupMemberSnapshot = z.infer<typeof memberSchema>;
export type BudgetsSnapshot = z.infer<typeof budgetsSchema>;
export type InhibitorSnapshot = z.infer<typeof inhibitorSchema>;

const MAX_ISSUES = 5;

/**
 * Checks a checkpoint read back for an engine running rules `version`: format and version first
 * (an old checkpoint is expected after an upgrade or a rules change, not corrupt), then the shape.
 */
export function parseEngineSnapshot(data: unknown, version: string): AlertEngineSnapshot {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new EngineSnapshotError(`alert engine snapshot: expected an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`);
  }
  const { format, version: taken } = data as { format?: unknown; version?: unknown };
  if (format !== ENGINE_SNAPSHOT_FORMAT) {
    throw new EngineSnapshotError(
      `alert engine snapshot: format ${JSON.stringify(format)} (rules version ${JSON.stringify(taken)}) cannot be read by this engine (format ${ENGINE_SNAPSHOT_FORMAT}, rules version ${JSON.stringify(version)})`,
    );
  }
  if (taken !== version) {
    throw new EngineSnapshotError(`alert engine snapshot: taken under rules version ${JSON.stringify(taken)}, but the engine runs rules version ${JSON.stringify(version)}`);
  }
  const parsed = engineSnapshotSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = parsed.error.issues.length > MAX_ISSUES ? `; and ${parsed.error.issues.length - MAX_ISSUES} more` : '';
  throw new EngineSnapshotError(`alert engine snapshot is corrupt: ${issues.join('; ')}${more}`);
}
