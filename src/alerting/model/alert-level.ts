import type { Severity } from '../../events/anomaly-event.js';

/** Where one (symbol, detector) alert stands. `ok` is "not firing". */
export type AlertLevel = 'ok' | 'info' | 'warning' | 'critical';
export const ALERT_LEVELS: readonly AlertLevel[] = ['ok', 'info', 'warning', 'critical'];

/** ok 0 < info 1 < warning 2 < critical 3. */
export function levelRank(level: AlertLevel): number {
  return level === 'critical' ? 3 : level === 'warning' ? 2 : level === 'info' ? 1 : 0;
}

export function levelOfSeverity(severity: Severity): AlertLevel {
  return severity;
}
