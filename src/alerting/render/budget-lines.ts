import type { Notification } from '../model/notification.js';
import { plural } from './display-format.js';
import { formatZonedClock } from './zoned-time.js';

/**
 * What the receiver's e-mail budget did to this notification, one sentence a line: why a digest
 * holds what it holds, or why a critical e-mail came through although the budget was spent.
 */
export function budgetLines(n: Notification): string[] {
  const { budget } = n;
  if (budget === undefined) return [];
  const reached = `E-mail budget of ${budget.limitPerHour}/hour reached at ${formatZonedClock(budget.exceededAt, n.timeZone, n.at)}`;
  const critical = plural(budget.criticalOverBudget, 'critical e-mail');
  if (n.reason !== 'digest') {
    return [`${reached}; sent despite the budget: critical (${critical} over budget in this streak)`];
  }
  const one = budget.heldNotifications === 1;
  const lines = [
    `${reached}: ${plural(budget.heldNotifications, 'notification')} ${one ? 'was' : 'were'} held and ${one ? 'is' : 'are'} listed here`,
  ];
  if (budget.criticalOverBudget > 0) lines.push(`${critical} went out despite the budget meanwhile`);
  return lines;
}
