import { describe, expect, it } from 'vitest';
import { AlertStateTracker, type AlertStateOptions, type StateChange } from '../../../../src/alerting/state/alert-state-tracker.js';
import type { Severity } from '../../../../src/events/anomaly-event.js';
import { anomaly, MINUTE, T0 } from '../events.js';

const SYMBOLS = ['AAPL', 'MSFT', 'IBM', 'AMZN'];
const SEVERITIES: Severity[] = ['info', 'warning', 'critical'];
const OPTIONS: AlertStateOptions = {
  resolveAfterMs: MINUTE,
  thresholds: new Map([['score-gated', { warning: { raise: 5, clear: 3 }, critical: { raise: 8, clear: 6 } }]]),
  flapping: { windowMs: 6 * MINUTE, high: 4, low: 1 },
};

/** A small deterministic PRNG (mulberry32), so the replay is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function replayEvents(seed: number) {
  const next = random(seed);
  let now = T0;
  return Array.from({ length: 600 }, () => {
    now += Math.floor(next() * 40_000);
    const symbol = SYMBOLS[Math.floor(next() * SYMBOLS.length)] ?? 'AAPL';
    const detector = next() < 0.5 ? 'score-gated' : 'severity-only';
    const severity = SEVERITIES[Math.floor(next() * SEVERITIES.length)] ?? 'info';
    return { now, event: anomaly({ symbol, detector, severity, ts: now, score: Math.round(next() * 100) / 10 }) };
  });
}

function byKey(changes: StateChange[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const c of changes) {
    const list = out.get(c.state.key) ?? [];
    list.push([c.at, c.from, c.to, c.flapping, c.state.flapping, c.state.events, c.state.event.id]);
    out.set(c.state.key, list);
  }
  return out;
}

describe('AlertStateTracker replay', () => {
  it.each([1, 2, 3])('gives the same changes whether advance() runs every 100 ms or never (seed %i)', (seed) => {
    const events = replayEvents(seed);
    const end = (events[events.length - 1]?.now ?? T0) + 30 * MINUTE;

    const ticking = new AlertStateTracker(OPTIONS);
    const ticked: StateChange[] = [];
    const wrongDeadlines: number[] = [];
    let clock = T0;
    const tickTo = (until: number) => {
      for (; clock <= until; clock += 100) {
        const deadline = ticking.nextDeadline();
        const due = ticking.advance(clock);
        const first = due[0];
        const deadlineRight = first === undefined ? deadline === undefined || deadline > clock : first.at === deadline;
        if (!deadlineRight || due.some((c) => c.at <= clock - 100 || c.at > clock)) wrongDeadlines.push(clock);
        ticked.push(...due);
      }
    };
    for (const { now, event } of events) {
      tickTo(now);
      ticked.push(...ticking.observe(event, now));
    }
    tickTo(end);

    const lazy = new AlertStateTracker(OPTIONS);
    const lazyChanges = events.flatMap(({ now, event }) => lazy.observe(event, now));
    lazyChanges.push(...lazy.advance(end));

    expect(wrongDeadlines).toEqual([]);
    expect(ticked.length).toBeGreaterThan(50);
    expect(ticked.some((c) => c.flapping === 'started')).toBe(true);
    expect(ticked.some((c) => c.flapping === 'stopped')).toBe(true);
    expect(byKey(lazyChanges)).toEqual(byKey(ticked));
    for (const tracker of [ticking, lazy]) {
      expect(tracker.active).toBe(0);
      expect(tracker.tracked).toBe(0);
      expect(tracker.nextDeadline()).toBeUndefined();
    }
  });
});
