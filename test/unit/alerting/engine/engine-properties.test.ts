import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../../src/alerting/model/notification.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import { anomaly, T0 } from '../events.js';
import { engineFrom, eventStep, MINUTE } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
  - { name: surveillance, to: [surv@example.com, desk@example.com] }
state:
  resolveAfter: 2m
  flapping: { window: 10m, high: 4, low: 1 }
inhibit:
  - { name: stale, source: { detectors: [stale-feed] }, target: {}, equal: [symbol] }
budgets: { recipients: { desk@example.com: 5 } }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 10s
  groupInterval: 1m
  repeatInterval: 5m
  routes:
    - { name: quotes, match: { detectors: [spread-blowout, stale-feed] }, receiver: surveillance, continue: true }
    - { name: all, match: {} }
`;

/** Events at strictly increasing times (1 s to 3 min apart), over a few symbols and detectors. */
const eventsArbitrary = fc
  .array(fc.record(eventStep), { minLength: 1, maxLength: 60 })
  .map((steps) => {
    let ts = T0;
    return steps.map(({ gap, symbol, detector, severity }) => anomaly({ ts: (ts += gap), symbol, detector, severity }));
  });

const AFTERWARDS = 24 * 60 * MINUTE;

/** Feeds the events, advancing after each (`eager`) or only at the end; then lets a day pass. */
function run(events: readonly AnomalyEvent[], eager: boolean) {
  const engine = engineFrom(RULES);
  const out: Notification[] = [];
  for (const event of events) {
    engine.observe(event);
    if (eager) out.push(...engine.advance(event.ts));
  }
  out.push(...engine.advance(events[events.length - 1]!.ts + AFTERWARDS));
  return { engine, out };
}

describe('alert engine properties (fast-check, fixed seed)', () => {
  const params = { seed: 20261127, numRuns: 300 };

  it('decides the same e-mails however often it is advanced', () => {
    fc.assert(
      fc.property(eventsArbitrary, (events) => {
        expect(run(events, true).out).toEqual(run(events, false).out);
      }),
      params,
    );
  });

  it('keeps ids unique and times in order, lists only its group, and leaves nothing behind', () => {
    fc.assert(
      fc.property(eventsArbitrary, (events) => {
        const { engine, out } = run(events, true);
        expect(new Set(out.map((n) => n.id)).size).toBe(out.length);
        for (let i = 1; i < out.length; i++) expect(out[i]!.at).toBeGreaterThanOrEqual(out[i - 1]!.at);
        for (const n of out) {
          if (n.reason !== 'digest') for (const alert of n.alerts) expect(alert.labels.symbol).toBe(n.groupLabels['symbol']);
          expect(n.alerts.length).toBeGreaterThan(0);
        }
        // A day later every alert has resolved, every group is gone and every digest went out.
        expect(engine.stats.firing).toBe(0);
        expect(engine.nextDeadline()).toBeUndefined();
      }),
      params,
    );
  });

  it('tells of the recovery of every alert it told of (unless inhibited or over budget), at most once per group interval', () => {
    fc.assert(
      fc.property(eventsArbitrary, (events) => {
        const { engine, out } = run(events, true);
        if (engine.stats.inhibited > 0 || engine.stats.held > 0) return;
        const told = new Set(out.flatMap((n) => n.alerts.filter((a) => a.status === 'firing').map((a) => a.key)));
        const resolved = new Set(out.flatMap((n) => n.alerts.filter((a) => a.status === 'resolved').map((a) => a.key)));
        for (const key of told) expect(resolved.has(key), `${key} fired and was never resolved`).toBe(true);
        // Every group's e-mails: at most one per group interval.
        const byGroup = new Map<string, number[]>();
        for (const n of out) {
          const group = `${n.route}|${n.groupLabels['symbol']}|${n.to.join()}`;
          byGroup.set(group, [...(byGroup.get(group) ?? []), n.at]);
        }
        for (const times of byGroup.values()) for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(MINUTE);
      }),
      params,
    );
  });
});
