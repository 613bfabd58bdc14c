import { describe, expect, it } from 'vitest';
import { AlertStateTracker, type StateChange } from '../../../../src/alerting/state/alert-state-tracker.js';
import { FlapHistory } from '../../../../src/alerting/state/flapping.js';
import { anomaly, MINUTE, T0 } from '../events.js';

const KEY = 'AAPL|return-zscore';
const FLAPPING = { windowMs: 10 * MINUTE, high: 4, low: 1 };

function at(minutes: number): number {
  return T0 + minutes * MINUTE;
}

function brief(change: StateChange) {
  return { from: change.from, to: change.to, at: change.at, flapping: change.flapping, isFlapping: change.state.flapping };
}

describe('flapping in AlertStateTracker', () => {
  it('starts on the high-th change in the window and stops when the count ages to low', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: MINUTE, flapping: FLAPPING });

    // Changes at 0 (up), 1 (down), 2 (up), 3 (down: the 4th, flapping starts).
    expect(tracker.observe(anomaly({ ts: at(0) }), at(0)).map(brief)).toEqual([
      { from: 'ok', to: 'warning', at: at(0), flapping: undefined, isFlapping: false },
    ]);
    expect(tracker.nextDeadline()).toBe(at(1));
    expect(tracker.advance(at(1)).map(brief)).toEqual([
      { from: 'warning', to: 'ok', at: at(1), flapping: undefined, isFlapping: false },
    ]);
    expect(tracker.nextDeadline()).toBeUndefined();
    expect(tracker.active).toBe(0);

    tracker.observe(anomaly({ ts: at(2) }), at(2));
    expect(tracker.nextDeadline()).toBe(at(3));
    expect(tracker.advance(at(3)).map(brief)).toEqual([
      { from: 'warning', to: 'ok', at: at(3), flapping: 'started', isFlapping: true },
    ]);
    expect(tracker.active).toBe(1);
    expect(tracker.get(KEY)).toMatchObject({ level: 'ok', flapping: true });
    // Changes at (0, 1, 2, 3]: the count is 1 once the change at 2 leaves the window.
    expect(tracker.nextDeadline()).toBe(at(12));

    // Changes while flapping still happen, flagged by state.flapping only.
    expect(tracker.observe(anomaly({ ts: at(4) }), at(4)).map(brief)).toEqual([
      { from: 'ok', to: 'warning', at: at(4), flapping: undefined, isFlapping: true },
    ]);
    expect(tracker.nextDeadline()).toBe(at(5));
    expect(tracker.advance(at(5)).map(brief)).toEqual([
      { from: 'warning', to: 'ok', at: at(5), flapping: undefined, isFlapping: true },
    ]);
    expect(tracker.nextDeadline()).toBe(at(14));

    expect(tracker.advance(at(14) - 1)).toEqual([]);
    const stopped = tracker.advance(at(14));
    expect(stopped.map(brief)).toEqual([{ from: 'ok', to: 'ok', at: at(14), flapping: 'stopped', isFlapping: false }]);
    expect(tracker.nextDeadline()).toBeUndefined();
    expect(tracker.active).toBe(0);
    expect(tracker.get(KEY)).toBeUndefined();

    // The change at 5 is still in the window until 15; then the key is forgotten.
    expect(tracker.tracked).toBe(1);
    expect(tracker.advance(at(15))).toEqual([]);
    expect(tracker.tracked).toBe(0);
  });

  it('stops flapping before a level drop due at the same time, at that exact time', () => {
    const tracker = new AlertStateTracker({ resolveAfterMs: MINUTE, flapping: FLAPPING });
    tracker.observe(anomaly(), at(0));
    tracker.advance(at(1));
    tracker.observe(anomaly(), at(2));
    expect(tracker.observe(anomaly({ severity: 'critical' }), at(2.5)).map(brief)).toEqual([
      { from: 'warning', to: 'critical', at: at(2.5), flapping: 'started', isFlapping: true },
    ]);
    // Changes at 0, 1, 2, 2.5: flapping settles at 12; criticals hold the alert until 12 as well.
    for (let minute = 3; minute <= 11; minute += 0.5) expect(tracker.observe(anomaly({ severity: 'critical' }), at(minute))).toEqual([]);
    expect(tracker.nextDeadline()).toBe(at(12));
    expect(tracker.advance(at(30)).map(brief)).toEqual([
      { from: 'critical', to: 'critical', at: at(12), flapping: 'stopped', isFlapping: false },
      { from: 'critical', to: 'ok', at: at(12), flapping: undefined, isFlapping: false },
    ]);
    expect(tracker.tracked).toBe(0);
  });
});

describe('FlapHistory', () => {
  it('keeps only the latest high changes and counts those inside the window', () => {
    const history = new FlapHistory(FLAPPING);
    expect([0, 1, 2, 3, 4, 5].map((minute) => history.record(at(minute)))).toEqual([1, 2, 3, 4, 4, 4]);
    expect(history.settlesAt()).toBe(at(14));
    expect(history.emptiesAt()).toBe(at(15));
    expect(history.record(at(15))).toBe(1);
    history.prune(at(25));
    expect(history.isEmpty).toBe(true);
  });
});
