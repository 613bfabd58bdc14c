import { describe, expect, it } from 'vitest';
import { anomaly, T0 } from '../events.js';
import { engineFrom, MINUTE, play } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
state:
  resolveAfter: 1m
  flapping: { window: 30m, high: 4, low: 1 }
route:
  receiver: desk
  groupWait: 0s
  groupInterval: 5m
  repeatInterval: 0s
`;

describe('alert state in notifications', () => {
  it('a flapping series produces one flapping notice, then one recovery once it settles', () => {
    const engine = engineFrom(RULES);
    // A warning every 2 minutes, each clearing after 1: warning, ok, warning, ok, ...
    const script = Array.from({ length: 6 }, (_, i) => [2 * i * MINUTE, anomaly({ ts: T0 + 2 * i * MINUTE })] as const);
    const lines = play(engine, T0, script, 90 * MINUTE);
    expect(lines).toEqual([
      '+0s new default → desk@example.com [AAPL/return-zscore:warning]',
      // The 4th change (ok at +3m) starts flapping; told once, at the next interval.
      '+5m changed default → desk@example.com [AAPL/return-zscore:flapping]',
      // Last change at +11m (ok); the window empties down to 1 change when the +10m change
      // leaves it at +40m: settled, resolved; told at the next interval.
      '+40m changed default → desk@example.com [AAPL/return-zscore:resolved]',
    ]);
    expect(engine.stats.firing).toBe(0);
    expect(engine.nextDeadline()).toBeUndefined();
  });

  it('sends a recovery notice when an alert clears, naming the level it cleared from', () => {
    const engine = engineFrom(RULES.replace('groupInterval: 5m', 'groupInterval: 1m'));
    const notifications: string[] = [];
    engine.observe(anomaly({ ts: T0, severity: 'critical' }), T0);
    notifications.push(...engine.advance(T0).map((n) => `${n.reason}:${n.alerts.map((a) => `${a.previous}->${a.status}`).join()}`));
    notifications.push(...engine.advance(T0 + 3 * MINUTE).map((n) => `${n.reason}:${n.alerts.map((a) => `${a.previous}->${a.status}:${a.level}`).join()}`));
    expect(notifications).toEqual(['new:ok->firing', 'changed:critical->resolved:ok']);
  });
});
