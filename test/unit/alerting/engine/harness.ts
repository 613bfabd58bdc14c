import fc from 'fast-check';
import { AlertEngine, type AlertEngineOptions, type QuietDecision } from '../../../../src/alerting/alert-engine.js';
import { parseAlertingConfig } from '../../../../src/alerting/config/alerting-config.js';
import type { Notification } from '../../../../src/alerting/model/notification.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/**
 * One step of the property tests' event streams: 1 s to 3 min after the last, over few symbols and
 * detectors, so alerts meet in groups and inhibitions.
 */
export const eventStep = {
  gap: fc.integer({ min: SECOND, max: 3 * MINUTE }),
  symbol: fc.constantFrom('AAPL', 'MSFT', 'XOM'),
  detector: fc.constantFrom('return-zscore', 'spread-blowout', 'stale-feed', 'ensemble'),
  severity: fc.constantFrom('info', 'warning', 'critical'),
};

export function engineFrom(yaml: string, options: Omit<AlertEngineOptions, 'rules'> = {}): AlertEngine {
  return new AlertEngine({ rules: parseAlertingConfig(yaml, 'test-rules.yaml'), ...options });
}

/** `+1m30s` relative to t0, for readable expectations. */
export function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms) / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${sign}${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 || (h === 0 && m === 0) ? `${s}s` : ''}`;
}

/** One line per notification: when, why, route, to whom, and its alerts as symbol/detector:state. */
export function describe(notification: Notification, t0: number): string {
  const alerts = notification.alerts.map((a) => `${a.labels.symbol}/${a.labels.detector}:${a.status === 'firing' ? a.level : a.status}`);
  const budget = notification.budget === undefined ? '' : ` budget(limit ${notification.budget.limitPerHour}, held ${notification.budget.heldNotifications}, critical ${notification.budget.criticalOverBudget})`;
  return `${offset(notification.at - t0)} ${notification.reason} ${notification.route} → ${notification.to.join(',')} [${alerts.join(' ')}]${budget}`;
}

export function describeQuiet(decision: QuietDecision, t0: number): string {
  const at = offset(decision.at - t0);
  switch (decision.kind) {
    case 'silenced':
    case 'inhibited':
      return `${at} ${decision.kind} ${decision.alert.labels.symbol}/${decision.alert.labels.detector} by ${decision.by}`;
    case 'muted':
      return `${at} muted ${decision.alerts.map((a) => `${a.labels.symbol}/${a.labels.detector}:${a.status === 'firing' ? a.level : a.status}`).join(' ')} by ${decision.by}`;
    case 'held':
      return `${at} held for ${decision.recipient}: ${decision.notification.alerts.map((a) => a.labels.symbol).join(' ')}`;
  }
}

/**
 * Feeds `script` (event time offsets from t0) to the engine, advancing engine time to each
 * event, then to `until`; returns every notification decided, described.
 */
export function play(engine: AlertEngine, t0: number, script: readonly (readonly [number, AnomalyEvent])[], until: number): string[] {
  const lines: string[] = [];
  for (const [at, event] of script) {
    engine.observe(event, t0 + at);
    lines.push(...engine.advance(t0 + at).map((n) => describe(n, t0)));
  }
  lines.push(...engine.advance(t0 + until).map((n) => describe(n, t0)));
  return lines;
}
