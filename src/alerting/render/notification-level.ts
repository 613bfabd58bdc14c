import { levelRank } from '../model/alert-level.js';
import type { AlertSnapshot } from '../model/notification.js';
import { displayLevel, type DisplayLevel } from './level-style.js';

/** Orders alerts most severe first: firing by level, then flapping, then resolved. */
export function severityOrder(alert: AlertSnapshot): number {
  const level = displayLevel(alert);
  return level === 'resolved' ? 0 : level === 'flapping' ? 1 : 1 + levelRank(level);
}

/** What a notification is about as a whole: its most severe firing alert, else flapping, else resolved. */
export function notificationLevel(alerts: readonly AlertSnapshot[]): DisplayLevel {
  let top: DisplayLevel = 'resolved';
  let topOrder = 0;
  for (const alert of alerts) {
    const order = severityOrder(alert);
    if (order > topOrder) {
      top = displayLevel(alert);
      topOrder = order;
    }
  }
  return top;
}
