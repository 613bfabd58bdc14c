import type { AlertSnapshot } from '../model/notification.js';

/** What an alert is shown as: its firing level, or that it resolved or is flapping. */
export type DisplayLevel = 'critical' | 'warning' | 'info' | 'resolved' | 'flapping';

/** Badge and bar colours, dark enough for white text on them. */
export const DISPLAY_COLORS: Readonly<Record<DisplayLevel, string>> = {
  critical: '#b3261e',
  warning: '#b26a00',
  info: '#1a5fb4',
  resolved: '#2e7d32',
  flapping: '#6a4c93',
};

export function displayLevel(alert: AlertSnapshot): DisplayLevel {
  if (alert.status !== 'firing') return alert.status;
  // A firing alert is never `ok`; should one arrive, the event's severity is the honest label.
  return alert.level === 'ok' ? alert.event.severity : alert.level;
}

/** `CRITICAL`, `RESOLVED`... */
export function displayLabel(level: DisplayLevel): string {
  return level.toUpperCase();
}
