import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { AlertSnapshot } from '../model/notification.js';
import { oneLine } from '../one-line.js';
import { whatHappened, scoreText } from './detector-topic.js';
import { formatDuration, formatNumber, formatProbability, plural } from './display-format.js';
import { type EvidenceView, evidenceView } from './evidence-view.js';
import { DISPLAY_COLORS, displayLabel, displayLevel, type DisplayLevel } from './level-style.js';
import { formatUtc, formatZonedTime } from './zoned-time.js';

/** A time shown in the receiver's zone and in UTC. */
export interface TimeView {
  /** `2026-03-09 09:31:05 EDT`. */
  readonly local: string;
  /** `2026-03-09T13:31:05.000Z`. */
  readonly utc: string;
}

export interface ContributorView {
  readonly detector: string;
  readonly score: string;
  readonly p: string;
}

/** One alert as templates see it: display-ready strings, one line where they come from data. */
export interface AlertView {
  readonly key: string;
  readonly symbol: string;
  readonly detector: string;
  readonly level: DisplayLevel;
  /** `CRITICAL`, `WARNING`, `INFO`, `RESOLVED`, `FLAPPING`. */
  readonly levelLabel: string;
  readonly color: string;
  /** `new`, `warning → critical`, `resolved after 12m`, `flapping: notifications paused until it settles`. */
  readonly transition: string;
  /** `price jump`. */
  readonly what: string;
  readonly reason: string;
  readonly observed: string;
  readonly expected: string;
  /** `lower .. upper`, `up to upper`, `from lower`; null when the detector has no band. */
  readonly band: string | null;
  /** With its unit: `14.2σ`. */
  readonly score: string;
  /** `3 events`. */
  readonly events: string;
  readonly eventTime: TimeView;
  readonly startsAt: TimeView;
  /** When it entered its level, or resolved. */
  readonly since: TimeView;
  /** Whether `since` is when it resolved rather than when it entered its level. */
  readonly resolved: boolean;
  /** Labels beyond symbol, detector and severity: `desk=equities`; null when none. */
  readonly labels: string | null;
  /** Empty unless the event is a combined one. */
  readonly contributors: readonly ContributorView[];
  readonly evidence: EvidenceView | null;
  /** Content-ID of its chart image, when one is attached. */
  readonly chartCid: string | null;
  readonly eventId: string;
}

const OWN_LABELS = new Set(['symbol', 'detector', 'severity']);

function bandText({ lower, upper }: AnomalyEvent): string | null {
  if (lower === undefined) return upper === undefined ? null : `up to ${formatNumber(upper)}`;
  return upper === undefined ? `from ${formatNumber(lower)}` : `${formatNumber(lower)} .. ${formatNumber(upper)}`;
}

function transition(alert: AlertSnapshot, at: number): string {
  switch (alert.status) {
    case 'resolved':
      return `resolved after ${formatDuration(alert.since - alert.startsAt)}`;
    case 'flapping':
      return 'flapping: notifications paused until it settles';
    case 'firing':
      if (alert.previous === 'ok') return 'new';
      if (alert.previous !== alert.level) return `${alert.previous} → ${alert.level}`;
      return `still ${alert.level}, firing for ${formatDuration(at - alert.startsAt)}`;
  }
}

function timeView(ts: number, timeZone: string): TimeView {
  return { local: formatZonedTime(ts, timeZone), utc: formatUtc(ts) };
}

function extraLabels(alert: AlertSnapshot): string | null {
  const extra = Object.entries(alert.labels)
    .filter(([name]) => !OWN_LABELS.has(name))
    .map(([name, value]) => `${name}=${value}`);
  return extra.length === 0 ? null : oneLine(extra.join(', '));
}

/** `at` is the notification's time; `chartCid` names the alert's attached chart, if any. */
export function alertView(alert: AlertSnapshot, timeZone: string, at: number, chartCid: string | null): AlertView {
  const { event } = alert;
  const level = displayLevel(alert);
  return {
    key: oneLine(alert.key),
    symbol: oneLine(alert.labels.symbol),
    detector: oneLine(alert.labels.detector),
    level,
    levelLabel: displayLabel(level),
    color: DISPLAY_COLORS[level],
    transition: transition(alert, at),
    what: whatHappened(event),
    reason: oneLine(event.reason),
    observed: formatNumber(event.observed),
    expected: formatNumber(event.expected),
    band: bandText(event),
    score: scoreText(event),
    events: plural(alert.events, 'event'),
    eventTime: timeView(event.ts, timeZone),
    startsAt: timeView(alert.startsAt, timeZone),
    since: timeView(alert.since, timeZone),
    resolved: alert.status === 'resolved',
    labels: extraLabels(alert),
    contributors: (event.contributors ?? []).map((contributor) => ({
      detector: oneLine(contributor.detector),
      score: formatNumber(contributor.score),
      p: formatProbability(contributor.p),
    })),
    evidence: event.evidence === undefined ? null : evidenceView(event.evidence),
    chartCid,
    eventId: oneLine(event.id),
  };
}
