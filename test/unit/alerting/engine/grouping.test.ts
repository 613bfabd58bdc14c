import { describe as group, expect, it } from 'vitest';
import { anomaly, T0 } from '../events.js';
import { engineFrom, MINUTE, play, SECOND } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
state: { resolveAfter: 5m }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 0s
`;

const at = (ms: number, overrides: Parameters<typeof anomaly>[0]) => [ms, anomaly({ ts: T0 + ms, ...overrides })] as const;

group('grouping', () => {
  it('collects a burst for a symbol into one e-mail after the group wait, then one recovery notice', () => {
    const engine = engineFrom(RULES);
    const lines = play(
      engine,
      T0,
      [
        at(0, { detector: 'return-zscore', severity: 'warning' }),
        at(2 * SECOND, { detector: 'ewma-vol-band', severity: 'warning' }),
        at(3 * SECOND, { detector: 'ensemble', severity: 'critical' }),
        at(5 * SECOND, { symbol: 'MSFT', detector: 'volume-spike', severity: 'warning' }),
        at(10 * SECOND, { detector: 'return-zscore', severity: 'warning' }),
      ],
      20 * MINUTE,
    );
    expect(lines).toEqual([
      '+30s new default → desk@example.com [AAPL/ensemble:critical AAPL/ewma-vol-band:warning AAPL/return-zscore:warning]',
      '+35s new default → desk@example.com [MSFT/volume-spike:warning]',
      // Resolved 5 minutes after each alert's last event; told at the next group interval.
      '+5m30s changed default → desk@example.com [AAPL/ensemble:resolved AAPL/ewma-vol-band:resolved AAPL/return-zscore:resolved]',
      '+5m35s changed default → desk@example.com [MSFT/volume-spike:resolved]',
    ]);
    expect(engine.stats).toMatchObject({ events: 5, notifications: 4, firing: 0 });
    expect(engine.nextDeadline()).toBeUndefined();
  });

  it('sends a follow-up only when something changed, and reminders at the repeat interval', () => {
    const engine = engineFrom(RULES.replace('repeatInterval: 0s', 'repeatInterval: 10m').replace('resolveAfter: 5m', 'resolveAfter: 1h'));
    const lines = play(
      engine,
      T0,
      [
        at(0, { severity: 'warning' }),
        at(1 * MINUTE, { severity: 'warning' }), // same level: no news
        at(7 * MINUTE, { severity: 'critical' }), // escalation: told at the next interval (+10m30s)
      ],
      32 * MINUTE,
    );
    expect(lines).toEqual([
      '+30s new default → desk@example.com [AAPL/return-zscore:warning]',
      '+10m30s changed default → desk@example.com [AAPL/return-zscore:critical]',
      '+20m30s reminder default → desk@example.com [AAPL/return-zscore:critical]',
      '+30m30s reminder default → desk@example.com [AAPL/return-zscore:critical]',
    ]);
  });

  it('sends no recovery notice on a route with sendResolved: false', () => {
    const engine = engineFrom(RULES.replace('repeatInterval: 0s', 'repeatInterval: 0s\n  sendResolved: false'));
    const lines = play(engine, T0, [at(0, { severity: 'warning' })], 30 * MINUTE);
    expect(lines).toEqual(['+30s new default → desk@example.com [AAPL/return-zscore:warning]']);
    expect(engine.nextDeadline()).toBeUndefined();
  });

  it('routes by the tree: first match wins, continue reaches the next sibling too', () => {
    const engine = engineFrom(`
receivers:
  - { name: desk, to: [desk@example.com] }
  - { name: surveillance, to: [surv@example.com] }
  - { name: nobody, to: [] }
route:
  receiver: desk
  groupWait: 0s
  routes:
    - name: critical-copy
      match: { severity: [critical] }
      receiver: surveillance
      continue: true
    - name: tech-volume
      match: { detectors: [volume-spike], symbols: ["MS*"] }
      receiver: surveillance
    - name: info-quiet
      match: { severity: [info] }
      receiver: nobody
    - name: desk-all
      match: { minSeverity: warning }
`);
    const lines = play(
      engine,
      T0,
      [
        at(0, { severity: 'critical' }),
        at(SECOND, { symbol: 'MSFT', detector: 'volume-spike', severity: 'warning' }),
        at(2 * SECOND, { symbol: 'IBM', detector: 'volume-spike', severity: 'warning' }),
        at(3 * SECOND, { symbol: 'GE', severity: 'info' }),
      ],
      4 * SECOND,
    );
    expect(lines).toEqual([
      '+0s new critical-copy → surv@example.com [AAPL/return-zscore:critical]',
      '+0s new desk-all → desk@example.com [AAPL/return-zscore:critical]',
      '+1s new tech-volume → surv@example.com [MSFT/volume-spike:warning]',
      '+2s new desk-all → desk@example.com [IBM/volume-spike:warning]',
    ]);
  });
});
