import { describe, expect, it } from 'vitest';
import type { AlertEngine, QuietDecision } from '../../../../src/alerting/alert-engine.js';
import { type AlertEngineSnapshot, EngineSnapshotError } from '../../../../src/alerting/engine-snapshot.js';
import { anomaly, T0 } from '../events.js';
import { describe as line, engineFrom, MINUTE, SECOND } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
state: { resolveAfter: 5m }
inhibit:
  - { name: stale, source: { detectors: [stale-feed] }, target: {}, equal: [symbol] }
budgets: { recipients: { desk@example.com: 1 } }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 0s
`;

/** What a restart does: the checkpoint goes through JSON into a freshly built engine. */
function restarted(engine: AlertEngine, rules = RULES, onQuiet?: (decision: QuietDecision) => void): AlertEngine {
  const restored = engineFrom(rules, onQuiet === undefined ? {} : { onQuiet });
  restored.restore(JSON.parse(JSON.stringify(engine.snapshot())));
  return restored;
}

/** Fails on anything JSON.stringify would drop or change: undefined, NaN, ±Infinity, -0, Maps, class instances. */
function expectPlainJson(value: unknown, path = 'snapshot'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    expect(Number.isFinite(value) && !Object.is(value, -0), `${path} = ${value}`).toBe(true);
    return;
  }
  expect(typeof value, path).toBe('object');
  if (Array.isArray(value)) {
    value.forEach((item, index) => expectPlainJson(item, `${path}[${index}]`));
    return;
  }
  expect(Object.getPrototypeOf(value), `${path} is a plain object`).toBe(Object.prototype);
  for (const [name, field] of Object.entries(value as object)) expectPlainJson(field, `${path}.${name}`);
}

describe('alert engine snapshot and restore', () => {
  it('a group still waiting out its group wait is decided after the restore, exactly once, with the same id', () => {
    const reference = engineFrom(RULES);
    const engine = engineFrom(RULES);
    for (const e of [reference, engine]) {
      e.observe(anomaly({ ts: T0 }));
      expect(e.advance(T0 + 10 * SECOND)).toEqual([]);
    }
    const restored = restarted(engine);
    expect(restored.nextDeadline()).toBe(T0 + 30 * SECOND);
    const decided = restored.advance(T0 + 30 * SECOND);
    expect(decided.map((n) => line(n, T0))).toEqual(['+30s new default → desk@example.com [AAPL/return-zscore:warning]']);
    expect(decided).toEqual(reference.advance(T0 + 30 * SECOND));
    expect(restored.advance(T0 + 4 * MINUTE)).toEqual([]);
  });

  it('does not announce again an alert that was announced before the checkpoint', () => {
    const reference = engineFrom(RULES);
    const engine = engineFrom(RULES);
    for (const e of [reference, engine]) {
      e.observe(anomaly({ ts: T0 }));
      expect(e.advance(T0 + 30 * SECOND).map((n) => line(n, T0))).toEqual(['+30s new default → desk@example.com [AAPL/return-zscore:warning]']);
      e.observe(anomaly({ ts: T0 + MINUTE }));
    }
    const restored = restarted(engine);
    for (const e of [reference, restored]) e.observe(anomaly({ ts: T0 + 2 * MINUTE }));
    expect(restored.advance(T0 + 6 * MINUTE)).toEqual([]);
    // The recovery is the next news; the budget (1 an hour) holds it for a digest, an hour after the first e-mail.
    const later = restored.advance(T0 + 2 * 60 * MINUTE);
    expect(later.map((n) => line(n, T0))).toEqual(['+1h30s digest default → desk@example.com [AAPL/return-zscore:resolved] budget(limit 1, held 1, critical 0)']);
    reference.advance(T0 + 6 * MINUTE);
    expect(later).toEqual(reference.advance(T0 + 2 * 60 * MINUTE));
    expect(restored.stats).toEqual(reference.stats);
  });

  it('keeps a held budget digest, with its alerts and budget note, across the restore', () => {
    const rules = RULES.replace('resolveAfter: 5m', 'resolveAfter: 2h');
    const reference = engineFrom(rules);
    const engine = engineFrom(rules);
    for (const e of [reference, engine]) {
      e.observe(anomaly({ ts: T0, symbol: 'AAPL' }));
      e.observe(anomaly({ ts: T0 + MINUTE, symbol: 'MSFT' }));
      e.observe(anomaly({ ts: T0 + 2 * MINUTE, symbol: 'XOM' }));
      expect(e.advance(T0 + 3 * MINUTE).map((n) => line(n, T0))).toEqual(['+30s new default → desk@example.com [AAPL/return-zscore:warning]']);
    }
    expect(engine.snapshot().budgets.recipients[0]?.held.map((alert) => alert.key)).toEqual(['MSFT|return-zscore', 'XOM|return-zscore']);

    const quiet: QuietDecision[] = [];
    const restored = restarted(engine, rules, (decision) => quiet.push(decision));
    expect(restored.nextDeadline()).toBe(engine.nextDeadline());
    const digests = restored.advance(T0 + 61 * MINUTE);
    expect(digests.map((n) => line(n, T0))).toEqual([
      '+1h30s digest default → desk@example.com [MSFT/return-zscore:warning XOM/return-zscore:warning] budget(limit 1, held 2, critical 0)',
    ]);
    expect(digests).toEqual(reference.advance(T0 + 61 * MINUTE));
    expect(quiet).toEqual([]); // held before the checkpoint, not again
  });

  it('returns notifications decided before the checkpoint but not yet returned by advance()', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0 }));
    engine.observe(anomaly({ ts: T0 + MINUTE, symbol: 'MSFT' })); // AAPL's group wait ends on the way
    expect(engine.snapshot().pending).toHaveLength(1);
    const restored = restarted(engine);
    expect(restored.advance(T0 + MINUTE).map((n) => line(n, T0))).toEqual(['+30s new default → desk@example.com [AAPL/return-zscore:warning]']);
  });

  it('keeps inhibitions: a stale feed that fired before the checkpoint still inhibits', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0, detector: 'stale-feed' }));
    const restored = restarted(engine);
    restored.observe(anomaly({ ts: T0 + 10 * SECOND, detector: 'return-zscore' }));
    expect(restored.advance(T0 + 30 * SECOND).map((n) => line(n, T0))).toEqual(['+30s new default → desk@example.com [AAPL/stale-feed:warning]']);
    expect(restored.stats.inhibited).toBe(1);
  });

  it('continues the numbering, so ids decided after a restart are those the engine would have decided anyway', () => {
    const rules = RULES.replace('desk@example.com: 1', 'desk@example.com: 100');
    const reference = engineFrom(rules);
    const engine = engineFrom(rules);
    for (const e of [reference, engine]) {
      e.observe(anomaly({ ts: T0 }));
      expect(e.advance(T0 + 30 * SECOND).map((n) => n.id)).toEqual([`default{symbol="AAPL"}|${T0 + 30 * SECOND}|1`]);
    }
    const restored = engineFrom(rules);
    restored.restore(JSON.parse(JSON.stringify(engine.snapshot())));
    for (const e of [reference, restored]) e.observe(anomaly({ ts: T0 + 10 * MINUTE, severity: 'critical' }));
    const after = restored.advance(T0 + 2 * 60 * MINUTE);
    // Resolved at +5m30s, critical at +10m30s, resolved again at +15m30s: numbers 2, 3, 4.
    expect(after.map((n) => n.id.split('|').pop())).toEqual(['2', '3', '4']);
    expect(after).toEqual(reference.advance(T0 + 2 * 60 * MINUTE));
  });

  it('is plain JSON data, also for a fresh engine (time "never") and events carrying NaN, Infinity and -0', () => {
    expectPlainJson(engineFrom(RULES).snapshot());
    const engine = engineFrom(RULES);
    const odd = anomaly({
      ts: T0,
      score: Number.POSITIVE_INFINITY,
      observed: Number.NaN,
      expected: -0,
      evidence: { params: { limit: Number.NEGATIVE_INFINITY, label: 'Infinity' }, recent: { ts: [T0], price: [Number.NaN], size: [-0] }, quality: { ticks: 1, gaps: 0, maxGapMs: 0, late: 0, duplicates: 0 } },
    });
    engine.observe(odd);
    const snapshot = engine.snapshot();
    expectPlainJson(snapshot);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    // One event, stored once though the tracker and the group both hold it.
    expect(snapshot.events).toHaveLength(1);
    const restored = restarted(engine);
    const [notification] = restored.advance(T0 + 30 * SECOND);
    expect(notification?.alerts[0]?.event).toEqual(odd);
    expect(Object.is(notification?.alerts[0]?.event.expected, -0)).toBe(true);
  });

  it('is a copy: it does not change as the engine goes on', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0 }));
    engine.observe(anomaly({ ts: T0 + SECOND, symbol: 'MSFT' }));
    engine.advance(T0 + MINUTE);
    const snapshot = engine.snapshot();
    const written = JSON.stringify(snapshot);
    engine.observe(anomaly({ ts: T0 + 2 * MINUTE, severity: 'critical' }));
    engine.advance(T0 + 3 * 60 * MINUTE);
    expect(JSON.stringify(snapshot)).toBe(written);
  });

  it('refuses a snapshot taken under other rules, naming both rules versions', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0 }));
    const snapshot = JSON.parse(JSON.stringify(engine.snapshot())) as AlertEngineSnapshot;
    const other = engineFrom(RULES.replace('groupWait: 30s', 'groupWait: 1m'));
    expect(other.version).not.toBe(engine.version);
    expect(() => other.restore(snapshot)).toThrow(EngineSnapshotError);
    expect(() => other.restore(snapshot)).toThrow(`taken under rules version "${engine.version}", but the engine runs rules version "${other.version}"`);
  });

  it('refuses a snapshot of an unknown format, naming both formats and versions', () => {
    const engine = engineFrom(RULES);
    const snapshot = { ...engine.snapshot(), format: 2 } as unknown as AlertEngineSnapshot;
    expect(() => engineFrom(RULES).restore(snapshot)).toThrow(
      `alert engine snapshot: format 2 (rules version "${engine.version}") cannot be read by this engine (format 1, rules version "${engine.version}")`,
    );
  });

  it('refuses a corrupt snapshot with a clear error, and leaves the engine fresh', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0 }));
    engine.observe(anomaly({ ts: T0 + SECOND, detector: 'stale-feed' }));
    const good = JSON.parse(JSON.stringify(engine.snapshot())) as AlertEngineSnapshot;
    const corrupt = (edit: (snapshot: any) => void): AlertEngineSnapshot => {
      const copy = structuredClone(good);
      edit(copy);
      return copy;
    };
    const cases: [unknown, string | RegExp][] = [
      [null, 'alert engine snapshot: expected an object, got null'],
      ['{"format":1}', 'alert engine snapshot: expected an object, got string'],
      [corrupt((s) => delete s.tracker), 'alert engine snapshot is corrupt: tracker: '],
      [corrupt((s) => (s.groups[0].members[0].level = 'severe')), /corrupt: groups\.0\.members\.0\.level: /],
      [corrupt((s) => (s.sequence = -1)), /corrupt: sequence: /],
      [corrupt((s) => (s.tracker.entries[0].heldUntil = [null])), /corrupt: tracker\.entries\.0\.heldUntil: /],
      [corrupt((s) => (s.groups[0].members[0].event = 7)), 'alert engine snapshot is corrupt: event #7 referred to, but it has 2 events'],
      [corrupt((s) => (s.groups[0].route = 'gone')), 'alert engine snapshot is corrupt: group "default{symbol="AAPL"}" is repeated or on unknown route "gone"'],
      [corrupt((s) => (s.groupsOf[0][1] = ['nowhere'])), 'alert engine snapshot is corrupt: alert "AAPL|return-zscore" is in unknown group "nowhere"'],
      [corrupt((s) => (s.inhibitor.registered[0][1][0][0] = 'gone')), 'alert engine snapshot is corrupt: alert "AAPL|stale-feed" is registered with unknown inhibition rule "gone"'],
    ];
    const fresh = engineFrom(RULES);
    for (const [snapshot, message] of cases) {
      expect(() => fresh.restore(snapshot as AlertEngineSnapshot)).toThrow(EngineSnapshotError);
      expect(() => fresh.restore(snapshot as AlertEngineSnapshot)).toThrow(message);
    }
    // Nothing was half restored: the good snapshot still goes in, and decides as the original.
    fresh.restore(good);
    expect(fresh.advance(T0 + 30 * SECOND)).toEqual(engine.advance(T0 + 30 * SECOND));
  });

  it('restores only into a freshly built engine', () => {
    const engine = engineFrom(RULES);
    engine.observe(anomaly({ ts: T0 }));
    expect(() => engine.restore(engine.snapshot())).toThrow('alert engine: restore() needs a freshly built engine');
  });
});
