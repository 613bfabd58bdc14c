import type { Notification } from '../model/notification.js';
import { oneLine } from '../one-line.js';
import { scoreText, whatHappened } from './detector-topic.js';
import { plural } from './display-format.js';
import { displayLabel } from './level-style.js';
import { notificationLevel } from './notification-level.js';

/** The pieces of `(reminder) [riskwatch CRITICAL] AAPL price jump: return-zscore 14.2σ`. */
export interface SubjectParts {
  readonly reminder: boolean;
  /** `CRITICAL`, `RESOLVED`, `FLAPPING`, or `digest`. */
  readonly tag: string;
  readonly summary: string;
}

const SYMBOLS_NAMED = 2;

/** `AAPL, MSFT (+1)`: distinct symbols in alert order (most severe first), then how many more. */
export function symbolSummary(n: Notification): string {
  const symbols = [...new Set(n.alerts.map((alert) => oneLine(alert.labels.symbol)))];
  const named = symbols.slice(0, SYMBOLS_NAMED).join(', ');
  const more = symbols.length - SYMBOLS_NAMED;
  return more > 0 ? `${named} (+${more})` : named;
}

function singleSummary(n: Notification): string {
  const [alert] = n.alerts;
  return alert === undefined ? 'no alerts' : alertSummary(alert);
}

/**
 * Several alerts of one symbol (a jump seen by several detectors): the subject names what happened
 * by the most severe single detector's view (a combined event only says "anomaly"), then how many more.
 */
function groupSummary(n: Notification): string {
  const symbols = new Set(n.alerts.map((alert) => alert.labels.symbol));
  const firing = n.alerts.filter((alert) => alert.status === 'firing');
  const lead = firing.find((alert) => alert.event.contributors === undefined) ?? firing[0];
  if (symbols.size > 1 || lead === undefined) return `${n.alerts.length} alerts: ${symbolSummary(n)}`;
  return `${alertSummary(lead)} (+${plural(n.alerts.length - 1, 'more alert')})`;
}

function alertSummary(alert: Notification['alerts'][number]): string {
  const symbol = oneLine(alert.labels.symbol);
  const detector = oneLine(alert.labels.detector);
  switch (alert.status) {
    case 'resolved':
      return `${symbol} ${detector}`;
    case 'flapping':
      return `${symbol} ${detector}: flapping, notifications paused`;
    case 'firing':
      return `${symbol} ${whatHappened(alert.event)}: ${detector} ${scoreText(alert.event)}`;
  }
}

function digestSummary(n: Notification): string {
  const critical = n.alerts.filter((alert) => alert.status === 'firing' && alert.level === 'critical').length;
  const held = plural(n.alerts.length, 'held alert');
  return `${critical > 0 ? `${held} (${critical} critical)` : held}: ${symbolSummary(n)}`;
}

export function subjectParts(n: Notification): SubjectParts {
  if (n.reason === 'digest') return { reminder: false, tag: 'digest', summary: digestSummary(n) };
  return {
    reminder: n.reason === 'reminder',
    tag: displayLabel(notificationLevel(n.alerts)),
    summary: n.alerts.length === 1 ? singleSummary(n) : groupSummary(n),
  };
}
