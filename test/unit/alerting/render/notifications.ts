import type { AlertSnapshot, Notification } from '../../../../src/alerting/model/notification.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import type { EventEvidence } from '../../../../src/events/event-evidence.js';

/** 2026-03-09 09:31:05 EDT: the day after New York moved to daylight time. */
export const AT_EDT = Date.UTC(2026, 2, 9, 13, 31, 5);
/** 2026-01-09 09:31:05 EST. */
export const AT_EST = Date.UTC(2026, 0, 9, 14, 31, 5);
export const MINUTE = 60_000;

/** 120 ticks a second apart ending at `ts`, the last one jumping; one gap and two duplicates. */
export function evidence(ts: number, overrides: Partial<EventEvidence> = {}): EventEvidence {
  const count = 120;
  return {
    input: { from: 'ticks[3]@5001', to: 'ticks[3]@5120' },
    rulesVersion: 'r-9f3a',
    params: { threshold: 12, window: 300 },
    recent: {
      ts: Array.from({ length: count }, (_, i) => ts - (count - 1 - i) * 1000),
      price: Array.from({ length: count }, (_, i) => (i === count - 1 ? 190 : 187 + (i % 5) * 0.1)),
      size: Array.from({ length: count }, (_, i) => (i === count - 1 ? 5000 : 100 + i)),
    },
    quality: { ticks: count, gaps: 1, maxGapMs: 42_000, late: 0, duplicates: 2 },
    ...overrides,
  };
}

export function event(overrides: Partial<AnomalyEvent> = {}): AnomalyEvent {
  const base = {
    symbol: 'AAPL',
    ts: AT_EDT - MINUTE,
    detector: 'return-zscore',
    severity: 'critical' as const,
    score: 14.2,
    observed: 0.0151,
    expected: 0.0001,
    lower: -0.003,
    upper: 0.003,
    reason: 'AAPL return +1.51% is 14.2σ from its 300-tick mean',
    ...overrides,
  };
  return { id: `${base.symbol}|${base.detector}|${base.ts}`, ...base };
}

/** A firing alert, new to the group, built around `ev`. */
export function snapshot(ev: AnomalyEvent = event(), overrides: Partial<AlertSnapshot> = {}): AlertSnapshot {
  const level = overrides.level ?? ev.severity;
  return {
    key: `${ev.symbol}|${ev.detector}`,
    labels: { symbol: ev.symbol, detector: ev.detector, severity: level },
    level,
    previous: 'ok',
    status: 'firing',
    since: ev.ts,
    startsAt: ev.ts,
    event: ev,
    events: 1,
    ...overrides,
  };
}

export function notification(alerts: readonly AlertSnapshot[], overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'equities|symbol=AAPL|1',
    reason: 'new',
    at: AT_EDT,
    route: 'equities',
    receiver: 'risk-desk',
    to: ['risk-desk@example.com'],
    timeZone: 'America/New_York',
    groupLabels: { symbol: 'AAPL' },
    alerts,
    rulesVersion: 'r-9f3a',
    ...overrides,
  };
}
