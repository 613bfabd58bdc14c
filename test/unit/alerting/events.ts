import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { eventId } from '../../../src/events/anomaly-event.js';

export const T0 = Date.UTC(2024, 2, 1, 14, 30, 0);
export const MINUTE = 60_000;

/** An anomaly event with sensible defaults; the id follows the symbol|detector|ts convention. */
export function anomaly(overrides: Partial<AnomalyEvent> = {}): AnomalyEvent {
  const base = {
    symbol: 'AAPL',
    ts: T0,
    detector: 'return-zscore',
    severity: 'warning' as const,
    score: 4.2,
    observed: 187.25,
    expected: 182.1,
    lower: 179.5,
    upper: 184.7,
    reason: 'return z-score 4.2 above 3.0',
    ...overrides,
  };
  return { id: eventId(base.symbol, base.detector, base.ts), ...base };
}
