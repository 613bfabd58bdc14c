import { describe, expect, it } from 'vitest';
import { AlertStateTracker, type StateChange } from '../../../../src/alerting/state/alert-state-tracker.js';
import { ConfigError } from '../../../../src/core/errors.js';
import { anomaly, MINUTE, T0 } from '../events.js';

const RESOLVE = 5 * MINUTE;
const KEY = 'AAPL|return-zscore';
const SECOND = 1000;

/** The parts of a change a test asserts on. */
function brief(change: StateChange) {
  return { key: change.state.key, from: change.from, to: change.to, at: change.at, flapping: change.flapping };
}

function at(minutes: number): number {
  return T0 + minutes * MINUTE;
}

describe('AlertStateTracker levels in time', () => {
  it('raises on a warning and drops to ok exactly resolveAfterMs later', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    const raised = tracker.observe(anomaly({ ts: T0 }), T0);
    expect(raised.map(brief)).toEqual([{ key: KEY, from: 'ok', to: 'warning', at: T0, flapping: undefined }]);
    expect(raised[0]?.state).toMatchObject({ level: 'warning', since: T0, startsAt: T0, events: 1, flapping: false });
    expect(tracker.active).toBe(1);
    expect(tracker.nextDeadline()).toBe(T0 + RESOLVE);

    expect(tracker.advance(T0 + RESOLVE - 1)).toEqual([]);
    const dropped = tracker.advance(T0 + RESOLVE + 30 * SECOND);
    expect(dropped.map(brief)).toEqual([{ key: KEY, from: 'warning', to: 'ok', at: T0 + RESOLVE, flapping: undefined }]);
    expect(dropped[0]?.state).toMatchObject({ level: 'ok', since: T0 + RESOLVE, startsAt: T0, events: 1 });
    expect(tracker.nextDeadline()).toBeUndefined();
  });

  it('holds critical until resolveAfterMs after the last critical, then warning, then ok', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    const critical = anomaly({ severity: 'critical', ts: at(0) });
    const lastWarning = anomaly({ ts: at(4), score: 3.5 });
    expect(tracker.observe(critical, at(0)).map(brief)).toEqual([
      { key: KEY, from: 'ok', to: 'critical', at: at(0), flapping: undefined },
    ]);
    expect(tracker.observe(anomaly({ ts: at(1) }), at(1))).toEqual([]);
    expect(tracker.observe(anomaly({ ts: at(2) }), at(2))).toEqual([]);
    expect(tracker.observe(lastWarning, at(4))).toEqual([]);
    expect(tracker.get(KEY)).toMatchObject({ level: 'critical', event: critical, events: 4 });
    expect(tracker.nextDeadline()).toBe(at(5));

    const toWarning = tracker.advance(at(5));
    expect(toWarning.map(brief)).toEqual([{ key: KEY, from: 'critical', to: 'warning', at: at(5), flapping: undefined }]);
    expect(toWarning[0]?.state).toMatchObject({ level: 'warning', since: at(5), startsAt: at(0), events: 4, event: lastWarning });
    expect(tracker.nextDeadline()).toBe(at(9));

    expect(tracker.advance(at(9) - 1)).toEqual([]);
    expect(tracker.advance(at(12)).map(brief)).toEqual([
      { key: KEY, from: 'warning', to: 'ok', at: at(9), flapping: undefined },
    ]);
  });

  it('drops straight to ok when no lower level is held longer', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly({ severity: 'critical' }), at(0));
    expect(tracker.advance(at(10)).map(brief)).toEqual([
      { key: KEY, from: 'critical', to: 'ok', at: at(5), flapping: undefined },
    ]);
  });

  it('keeps the level without changes on repeated events, counting them', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly({ ts: at(0) }), at(0));
    const latest = anomaly({ ts: at(3) });
    for (const minute of [1, 2, 3]) {
      expect(tracker.observe(minute === 3 ? latest : anomaly({ ts: at(minute) }), at(minute))).toEqual([]);
    }
    expect(tracker.get(KEY)).toMatchObject({ level: 'warning', since: at(0), startsAt: at(0), events: 4, event: latest });
    expect(tracker.nextDeadline()).toBe(at(8));
  });

  it('reports a key’s overdue drops before the change an event makes, and restarts startsAt', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly({ ts: at(0) }), at(0));
    tracker.observe(anomaly({ ts: at(1) }), at(1));
    const changes = tracker.observe(anomaly({ severity: 'critical', ts: at(10) }), at(10));
    expect(changes.map(brief)).toEqual([
      { key: KEY, from: 'warning', to: 'ok', at: at(6), flapping: undefined },
      { key: KEY, from: 'ok', to: 'critical', at: at(10), flapping: undefined },
    ]);
    expect(changes[1]?.state).toMatchObject({ startsAt: at(10), since: at(10), events: 1 });
  });

  it('drops first when an event comes at the exact due time, since the level is no longer held then', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly(), at(0));
    expect(tracker.observe(anomaly({ ts: at(5) }), at(5)).map(brief)).toEqual([
      { key: KEY, from: 'warning', to: 'ok', at: at(5), flapping: undefined },
      { key: KEY, from: 'ok', to: 'warning', at: at(5), flapping: undefined },
    ]);
  });

  it('orders advance() by due time, then key', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly({ symbol: 'MSFT' }), at(0));
    tracker.observe(anomaly({ symbol: 'AAPL' }), at(0));
    tracker.observe(anomaly({ symbol: 'AMZN', severity: 'critical' }), at(0));
    tracker.observe(anomaly({ symbol: 'IBM' }), at(1));
    tracker.observe(anomaly({ symbol: 'AMZN' }), at(2));
    expect(tracker.advance(at(20)).map((c) => [c.state.symbol, c.to, c.at])).toEqual([
      ['AAPL', 'ok', at(5)],
      ['AMZN', 'warning', at(5)],
      ['MSFT', 'ok', at(5)],
      ['IBM', 'ok', at(6)],
      ['AMZN', 'ok', at(7)],
    ]);
  });

  it('treats a now earlier than one already seen as the latest seen', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    tracker.observe(anomaly(), at(0));
    tracker.advance(at(10));
    expect(tracker.observe(anomaly({ ts: at(1) }), at(1)).map(brief)).toEqual([
      { key: KEY, from: 'ok', to: 'warning', at: at(10), flapping: undefined },
    ]);
    expect(tracker.nextDeadline()).toBe(at(15));
  });
});

describe('AlertStateTracker score thresholds', () => {
  const thresholds = new Map([
    ['return-zscore', { warning: { raise: 5, clear: 3 }, critical: { raise: 8, clear: 6 } }],
  ]);

  it('raises at raise, holds at clear, and lets a lower score pass', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: MINUTE, thresholds });
    expect(tracker.observe(anomaly({ score: 4, severity: 'critical' }), T0)).toEqual([]);
    expect(tracker.tracked).toBe(0);

    expect(tracker.observe(anomaly({ score: 6, severity: 'info' }), T0).map(brief)).toEqual([
      { key: KEY, from: 'ok', to: 'warning', at: T0, flapping: undefined },
    ]);
    const holding = anomaly({ score: 4, ts: T0 + 30 * SECOND });
    expect(tracker.observe(holding, T0 + 30 * SECOND)).toEqual([]);
    expect(tracker.observe(anomaly({ score: 2, ts: T0 + 60 * SECOND }), T0 + 60 * SECOND)).toEqual([]);
    expect(tracker.get(KEY)).toMatchObject({ level: 'warning', events: 2, event: holding });
    expect(tracker.nextDeadline()).toBe(T0 + 90 * SECOND);

    expect(tracker.advance(T0 + 90 * SECOND - 1)).toEqual([]);
    expect(tracker.advance(T0 + 90 * SECOND).map(brief)).toEqual([
      { key: KEY, from: 'warning', to: 'ok', at: T0 + 90 * SECOND, flapping: undefined },
    ]);
  });

  it('holds only the current level at its clear: a clear-level score at critical also holds warning', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: MINUTE, thresholds });
    tracker.observe(anomaly({ score: 9 }), at(0));
    expect(tracker.observe(anomaly({ score: 7 }), at(0.5))).toEqual([]);
    expect(tracker.observe(anomaly({ score: 5.5 }), at(1.2))).toEqual([]);
    expect(tracker.advance(at(5)).map(brief)).toEqual([
      { key: KEY, from: 'critical', to: 'warning', at: at(1.5), flapping: undefined },
      { key: KEY, from: 'warning', to: 'ok', at: at(2.2), flapping: undefined },
    ]);
  });

  it('uses severity for detectors without thresholds', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: MINUTE, thresholds });
    expect(tracker.observe(anomaly({ detector: 'volume-spike', score: 0.1, severity: 'info' }), T0).map((c) => c.to)).toEqual([
      'info',
    ]);
  });
});

describe('AlertStateTracker memory', () => {
  it('forgets keys once everything has resolved', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: RESOLVE });
    for (const symbol of ['AAPL', 'MSFT', 'IBM']) tracker.observe(anomaly({ symbol }), at(0));
    tracker.observe(anomaly({ symbol: 'IBM', severity: 'critical' }), at(3));
    expect(tracker.active).toBe(3);
    tracker.advance(at(6));
    expect(tracker.active).toBe(1);
    tracker.advance(at(20));
    expect(tracker.active).toBe(0);
    expect(tracker.tracked).toBe(0);
    expect(tracker.get(KEY)).toBeUndefined();
    expect(tracker.nextDeadline()).toBeUndefined();
  });
});

describe('AlertStateTracker options', () => {
  it.each([
    ['a zero resolve time', { resolveAfterMs: 0 }],
    ['clear above raise', { resolveAfterMs: MINUTE, thresholds: new Map([['z', { warning: { raise: 3, clear: 4 } }]]) }],
    ['low not below high', { resolveAfterMs: MINUTE, flapping: { windowMs: MINUTE, high: 2, low: 2 } }],
    ['an empty flapping window', { resolveAfterMs: MINUTE, flapping: { windowMs: 0, high: 4, low: 1 } }],
  ])('rejects %s when built', (_name, options) => {
    expect(() => new AlertStateTracker(options)).toThrow(ConfigError);
  });
});
