/**
 * Alert state per `symbol|detector`: which level an alert is at, since when, and whether it is
 * flapping. Detection is upstream (it only emits anomalous events) and delivery downstream (it reads
 * StateChanges); this file only keeps state, in engine time passed in as `now`.
 *
 * Semantics:
 * - An event's level without thresholds for its detector is its severity. With thresholds it is the
 *   highest level whose `raise` the score reaches; a score below every raise gives no level, and
 *   the event is ignored unless it holds the current level (next point).
 * - Each level L has a hold time heldUntil[L]. An event that raises L sets heldUntil[L'] =
 *   now + resolveAfterMs for every L' <= L. While the alert is at C, an event whose score reaches
 *   clear(C) (though maybe not raise(C)) holds C and the levels below it the same way. Without
 *   thresholds clear = raise: the hysteresis is then only in time.
 * - The current level is the highest L with heldUntil[L] > now, ok when none. So the alert drops at
 *   exactly heldUntil of its current level, to the next level still held then, or to ok.
 * - Every level change, including to ok, is a StateChange. ok → firing sets startsAt and restarts
 *   the event count. Events that keep the level return no change but update the hold times, the
 *   count, and `event` (the latest event that raised or held the current level).
 * - Flapping (optional) counts level changes at times in (now − windowMs, now]. Not flapping and the
 *   count reaches `high`: that level change starts flapping (flapping: 'started'). Flapping and the
 *   count falls to `low` or fewer, which happens when an old change leaves the window: a change
 *   with flapping: 'stopped' and from === to, at that exact time. While flapping, level changes
 *   still happen and carry state.flapping === true.
 * - Everything due at the same time for one key happens in this order: flapping stops, then the
 *   level drops (so the drop counts towards a new flapping spell, not the old one). An event at
 *   the exact time a drop is due comes after the drop: the level was no longer held at `now`.
 * - Time never runs backwards: a `now` earlier than one already seen is taken as the latest seen.
 * - A key at ok and not flapping is forgotten once its flapping history has left the window, so
 *   memory follows the active alerts. get() and `active` only see keys that fire or flap.
 */
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import { ALERT_LEVELS, type AlertLevel, levelRank } from '../model/alert-level.js';
import { type AlertStateOptions, validateAlertStateOptions } from './alert-state-options.js';
import { DeadlineQueue } from '../../core/deadline-queue.js';
import { EngineSnapshotError, type TrackerSnapshot } from '../engine-snapshot.js';
import { type EventRefs, type EventTable, instantOf, timeOf } from '../snapshot-codec.js';
import { FlapHistory } from './flapping.js';
import { holdsLevel, type LevelThresholds, raisedRank } from './level-thresholds.js';

export type { AlertStateOptions } from './alert-state-options.js';
export type { FlappingOptions } from './flapping.js';
export type { LevelThreshold, LevelThresholds } from './level-thresholds.js';

/** A read-only view of one alert, for the dispatcher. */
export interface AlertState {
  readonly key: string;
  readonly symbol: string;
  readonly detector: string;
  readonly level: AlertLevel;
  /** Engine time it entered `level`. */
  readonly since: number;
  /** When it last went from ok to firing. */
  readonly startsAt: number;
  /** The latest event that raised or held the current level (at ok: the last one that fired). */
  readonly event: AnomalyEvent;
  /** Events that raised or held a level since startsAt. */
  readonly events: number;
  readonly flapping: boolean;
}

export interface StateChange {
  /** After the change. */
  readonly state: AlertState;
  readonly from: AlertLevel;
  /** Equals `from` when only flapping started or stopped. */
  readonly to: AlertLevel;
  readonly at: number;
  readonly flapping?: 'started' | 'stopped';
}

/** The key of an alert: one per symbol and detector. */
export function alertKey(symbol: string, detector: string): string {
  return `${symbol}|${detector}`;
}

interface KeyState {
  readonly key: string;
  readonly symbol: string;
  readonly detector: string;
  level: AlertLevel;
  since: number;
  startsAt: number;
  event: AnomalyEvent;
  events: number;
  flapping: boolean;
  /** By level rank (index 0, ok, unused): when each level stops being held. */
  readonly heldUntil: number[];
  /** By level rank: the latest event that raised or held each level. */
  readonly lastEvent: (AnomalyEvent | undefined)[];
  readonly history: FlapHistory | undefined;
  /** Whether it is counted in `active`. */
  counted: boolean;
}

/** The next thing due for a key: flapping settles, or its current level drops. */
interface Step {
  readonly at: number;
  readonly kind: 'stop-flapping' | 'drop';
}

export class AlertStateTracker {
  private readonly entries = new Map<string, KeyState>();
  /** Level drops and flapping stops: what advance() reports. */
  private readonly steps = new DeadlineQueue((key) => this.stepOf(key)?.at);
  /** When an idle key's flapping history has aged out and the key can be forgotten. */
  private readonly expiries = new DeadlineQueue((key) => this.expiryOf(key));
  private latest = -Infinity;
  private activeCount = 0;

  constructor(private readonly options: AlertStateOptions) {
    validateAlertStateOptions(options);
  }

  /** Keys not at ok, or flapping. */
  get active(): number {
    return this.activeCount;
  }

  /** Keys held in memory: the active ones, plus idle ones whose flapping history is still in the window. */
  get tracked(): number {
    return this.entries.size;
  }

  /** Applies one event at engine time now. Returns this key's drops due up to `now`, then the event's own change. */
  observe(event: AnomalyEvent, now: number): StateChange[] {
    const at = this.clamp(now);
    const key = alertKey(event.symbol, event.detector);
    const changes: StateChange[] = [];
    const existing = this.entries.get(key);
    if (existing !== undefined) this.settle(existing, at, changes);

    const thresholds = this.thresholdsOf(event.detector);
    const current = existing?.level ?? 'ok';
    const heldRank = holdsLevel(event, current, thresholds) ? levelRank(current) : 0;
    const reached = Math.max(raisedRank(event, thresholds), heldRank);
    if (reached === 0) {
      if (existing !== undefined) this.afterUpdate(existing, at);
      return changes;
    }

    const entry = existing ?? this.create(key, event, at);
    const until = at + this.options.resolveAfterMs;
    for (let rank = 1; rank <= reached; rank++) {
      entry.heldUntil[rank] = until;
      entry.lastEvent[rank] = event;
    }
    const from = entry.level;
    const to = levelAt(Math.max(levelRank(from), reached));
    if (from === 'ok') {
      entry.startsAt = at;
      entry.events = 0;
    }
    entry.events += 1;
    entry.event = entry.lastEvent[levelRank(to)] ?? event;
    if (to !== from) this.changeLevel(entry, to, at, changes);
    this.afterUpdate(entry, at);
    return changes;
  }

  /** Level drops and settled flapping, for all keys, due at or before `now`, ordered by time then key. */
  advance(now: number): StateChange[] {
    const at = this.clamp(now);
    const changes: StateChange[] = [];
    for (let due = this.steps.takeDue(at); due !== undefined; due = this.steps.takeDue(at)) {
      const entry = this.entries.get(due.key);
      if (entry === undefined) continue;
      this.settle(entry, at, changes);
      this.afterUpdate(entry, at);
    }
    for (let due = this.expiries.takeDue(at); due !== undefined; due = this.expiries.takeDue(at)) {
      const entry = this.entries.get(due.key);
      if (entry !== undefined) this.afterUpdate(entry, at);
    }
    // Each key's changes are already in time order; the stable sort interleaves keys.
    return changes.sort(byTimeThenKey);
  }

  /** Earliest engine time at which advance() would return something; undefined when nothing is pending. */
  nextDeadline(): number | undefined {
    return this.steps.peek()?.at;
  }

  /** The alert at `key` while it fires or flaps; undefined otherwise. */
  get(key: string): AlertState | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && isActive(entry) ? viewOf(entry) : undefined;
  }

  /** Every key's state, in insertion order, for the engine's checkpoint. */
  toSnapshot(events: EventRefs): TrackerSnapshot {
    return {
      latest: instantOf(this.latest),
      entries: Array.from(this.entries.values(), (entry) => ({
        key: entry.key,
        symbol: entry.symbol,
        detector: entry.detector,
        level: entry.level,
        since: entry.since,
        startsAt: entry.startsAt,
        event: events.ref(entry.event),
        events: entry.events,
        flapping: entry.flapping,
        heldUntil: entry.heldUntil.map(instantOf),
        lastEvent: entry.lastEvent.map((event) => (event === undefined ? null : events.ref(event))),
        history: entry.history?.toSnapshot() ?? null,
        counted: entry.counted,
      })),
    };
  }

  /**
   * A tracker in the state of `snapshot`. The deadline queues are rebuilt by touching every key:
   * they hold nothing but each key's current deadline, which the entries determine.
   */
  static fromSnapshot(options: AlertStateOptions, snapshot: TrackerSnapshot, events: EventTable): AlertStateTracker {
    const tracker = new AlertStateTracker(options);
    tracker.latest = timeOf(snapshot.latest);
    for (const stored of snapshot.entries) {
      if (stored.key !== alertKey(stored.symbol, stored.detector) || tracker.entries.has(stored.key)) {
        throw new EngineSnapshotError(`alert engine snapshot is corrupt: alert state "${stored.key}" is repeated or not keyed by its symbol and detector`);
      }
      // The rules version matches, so this only trips on a hand-edited snapshot.
      if ((stored.history === null) !== (options.flapping === undefined)) {
        throw new EngineSnapshotError(`alert engine snapshot is corrupt: flapping history of "${stored.key}" does not fit the flapping settings`);
      }
      const entry: KeyState = {
        key: stored.key,
        symbol: stored.symbol,
        detector: stored.detector,
        level: stored.level,
        since: stored.since,
        startsAt: stored.startsAt,
        event: events.at(stored.event),
        events: stored.events,
        flapping: stored.flapping,
        heldUntil: stored.heldUntil.map(timeOf),
        lastEvent: stored.lastEvent.map((ref) => (ref === null ? undefined : events.at(ref))),
        history: options.flapping === undefined || stored.history === null ? undefined : FlapHistory.fromSnapshot(options.flapping, stored.history),
        counted: stored.counted,
      };
      tracker.entries.set(entry.key, entry);
      if (entry.counted) tracker.activeCount++;
    }
    for (const entry of tracker.entries.values()) (isActive(entry) ? tracker.steps : tracker.expiries).touch(entry.key);
    return tracker;
  }

  private create(key: string, event: AnomalyEvent, at: number): KeyState {
    const flapping = this.options.flapping;
    const entry: KeyState = {
      key,
      symbol: event.symbol,
      detector: event.detector,
      level: 'ok',
      since: at,
      startsAt: at,
      event,
      events: 0,
      flapping: false,
      heldUntil: ALERT_LEVELS.map(() => -Infinity),
      lastEvent: ALERT_LEVELS.map(() => undefined),
      history: flapping === undefined ? undefined : new FlapHistory(flapping),
      counted: false,
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Applies the key's steps due at or before `until`, in time order. */
  private settle(entry: KeyState, until: number, changes: StateChange[]): void {
    for (let step = nextStep(entry); step !== undefined && step.at <= until; step = nextStep(entry)) {
      if (step.kind === 'stop-flapping') {
        entry.flapping = false;
        changes.push({ state: viewOf(entry), from: entry.level, to: entry.level, at: step.at, flapping: 'stopped' });
      } else {
        let rank = levelRank(entry.level) - 1;
        while (rank > 0 && !((entry.heldUntil[rank] ?? -Infinity) > step.at)) rank--;
        const to = levelAt(rank);
        if (to !== 'ok') entry.event = entry.lastEvent[rank] ?? entry.event;
        this.changeLevel(entry, to, step.at, changes);
      }
    }
  }

  private changeLevel(entry: KeyState, to: AlertLevel, at: number, changes: StateChange[]): void {
    const from = entry.level;
    entry.level = to;
    entry.since = at;
    const count = entry.history?.record(at) ?? 0;
    const starts = !entry.flapping && this.options.flapping !== undefined && count >= this.options.flapping.high;
    if (starts) entry.flapping = true;
    const change = { state: viewOf(entry), from, to, at };
    changes.push(starts ? { ...change, flapping: 'started' } : change);
  }

  /** Keeps `active`, the deadlines and the key's lifetime in line with its state after a change. */
  private afterUpdate(entry: KeyState, at: number): void {
    const active = isActive(entry);
    if (active !== entry.counted) {
      this.activeCount += active ? 1 : -1;
      entry.counted = active;
    }
    if (active) {
      this.steps.touch(entry.key);
      return;
    }
    entry.history?.prune(at);
    if (entry.history !== undefined && !entry.history.isEmpty) this.expiries.touch(entry.key);
    else this.entries.delete(entry.key);
  }

  private stepOf(key: string): Step | undefined {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : nextStep(entry);
  }

  private expiryOf(key: string): number | undefined {
    const entry = this.entries.get(key);
    return entry === undefined || isActive(entry) ? undefined : entry.history?.emptiesAt();
  }

  private thresholdsOf(detector: string): LevelThresholds | undefined {
    return this.options.thresholds?.get(detector);
  }

  private clamp(now: number): number {
    if (now > this.latest) this.latest = now;
    return this.latest;
  }
}

/** Flapping settling comes first at equal times (see the header). */
function nextStep(entry: KeyState): Step | undefined {
  const stopAt = entry.flapping ? entry.history?.settlesAt() : undefined;
  const dropAt = entry.level === 'ok' ? undefined : entry.heldUntil[levelRank(entry.level)];
  if (stopAt !== undefined && (dropAt === undefined || stopAt <= dropAt)) return { at: stopAt, kind: 'stop-flapping' };
  return dropAt === undefined ? undefined : { at: dropAt, kind: 'drop' };
}

function isActive(entry: KeyState): boolean {
  return entry.level !== 'ok' || entry.flapping;
}

function levelAt(rank: number): AlertLevel {
  return ALERT_LEVELS[rank] ?? 'ok';
}

function viewOf(entry: KeyState): AlertState {
  const { key, symbol, detector, level, since, startsAt, event, events, flapping } = entry;
  return { key, symbol, detector, level, since, startsAt, event, events, flapping };
}

function byTimeThenKey(a: StateChange, b: StateChange): number {
  return a.at - b.at || (a.state.key < b.state.key ? -1 : a.state.key > b.state.key ? 1 : 0);
}
