import { NO_HEADLINES, type HeadlinesLookup } from '../headlines/headlines-file.js';
import type { Notification, NotificationReason } from '../model/notification.js';
import { oneLine } from '../one-line.js';
import { type AlertView, alertView, type TimeView } from './alert-view.js';
import { budgetLines } from './budget-lines.js';
import { headlinesView, type SymbolHeadlinesView } from './headlines-view.js';
import { DISPLAY_COLORS, displayLabel } from './level-style.js';
import { notificationLevel } from './notification-level.js';
import { subjectParts } from './subject-line.js';
import { formatUtc, formatZonedTime } from './zoned-time.js';

/** What notification templates see: display-ready strings, one line where they come from data. */
export interface NotificationView {
  readonly reason: NotificationReason;
  /** A sentence saying why this e-mail was sent. */
  readonly reasonText: string;
  readonly reminder: boolean;
  readonly digest: boolean;
  /** `CRITICAL`, ..., or `digest`: the bracketed part of the subject. */
  readonly subjectTag: string;
  /** `AAPL price jump: return-zscore 14.2σ`, `3 alerts: AAPL, MSFT (+1)`. */
  readonly summary: string;
  /** The most severe alert's label and colour, for the header bar. */
  readonly levelLabel: string;
  readonly color: string;
  readonly time: TimeView;
  readonly timeZone: string;
  readonly route: string;
  readonly receiver: string;
  /** `symbol=AAPL, desk=equities`; null for one group per route. */
  readonly groupLabels: string | null;
  /** `2 firing, 1 resolved`. */
  readonly counts: string;
  readonly firing: number;
  readonly flapping: number;
  readonly resolved: number;
  /** Empty unless the e-mail budget shaped this notification. */
  readonly budget: readonly string[];
  readonly alerts: readonly AlertView[];
  /** Latest news per alerted symbol (the news job's headlines index); empty without one. */
  readonly headlines: readonly SymbolHeadlinesView[];
  readonly rulesVersion: string;
  readonly notificationId: string;
}

const REASON_TEXT: Readonly<Record<NotificationReason, string>> = {
  new: 'New alerts for this group.',
  changed: 'Alerts changed since the last notification.',
  reminder: 'Reminder: nothing changed, and these alerts are still firing.',
  digest: 'Digest: notifications held back by the e-mail budget.',
};

function groupLabels(labels: Readonly<Record<string, string>>): string | null {
  const entries = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  return entries.length === 0 ? null : oneLine(entries.join(', '));
}

/**
 * `charts` maps an alert key to the Content-ID of its attached chart; alerts without one get no
 * image. Times are shown in `n.timeZone` (an IANA name validated with the receiver's config) and UTC.
 * `headlines` gives the latest news of the alerted symbols.
 */
export function notificationView(n: Notification, charts: ReadonlyMap<string, string> = new Map(), headlines: HeadlinesLookup = NO_HEADLINES): NotificationView {
  const shown = new Set<string>();
  const count = (status: 'firing' | 'resolved' | 'flapping') => n.alerts.filter((alert) => alert.status === status).length;
  const firing = count('firing');
  const flapping = count('flapping');
  const resolved = count('resolved');
  const level = notificationLevel(n.alerts);
  const subject = subjectParts(n);
  return {
    reason: n.reason,
    reasonText: REASON_TEXT[n.reason],
    reminder: subject.reminder,
    digest: n.reason === 'digest',
    subjectTag: subject.tag,
    summary: subject.summary,
    levelLabel: displayLabel(level),
    color: DISPLAY_COLORS[level],
    time: { local: formatZonedTime(n.at, n.timeZone), utc: formatUtc(n.at) },
    timeZone: oneLine(n.timeZone),
    route: oneLine(n.route),
    receiver: oneLine(n.receiver),
    groupLabels: groupLabels(n.groupLabels),
    counts: [
      [firing, 'firing'],
      [flapping, 'flapping'],
      [resolved, 'resolved'],
    ]
      .filter(([amount]) => amount !== 0)
      .map(([amount, status]) => `${amount} ${status}`)
      .join(', '),
    firing,
    flapping,
    resolved,
    budget: budgetLines(n),
    alerts: n.alerts.map((alert) => {
      // Alerts of one tick share a chart: shown once, at the first of them.
      const cid = charts.get(alert.key);
      if (cid === undefined || shown.has(cid)) return alertView(alert, n.timeZone, n.at, null);
      shown.add(cid);
      return alertView(alert, n.timeZone, n.at, cid);
    }),
    headlines: headlinesView(n, headlines),
    rulesVersion: oneLine(n.rulesVersion),
    notificationId: oneLine(n.id),
  };
}
