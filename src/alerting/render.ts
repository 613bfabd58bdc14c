import type { Severity } from '../events/anomaly-event.js';
import type { Alert } from './decide.js';
import { compileMailTemplates, readMailTemplates, type RenderedMail, type TemplateSources } from './mail-templates.js';
import { oneLine } from './one-line.js';

export interface AlertTemplates {
  render(alert: Alert): RenderedMail;
}

/** File names inside a templates folder such as `alerts/templates/`. */
export const TEMPLATE_FILES: Readonly<Record<keyof RenderedMail, string>> = {
  subject: 'subject.hbs',
  text: 'alert.txt.hbs',
  html: 'alert.html.hbs',
};

/** What templates see: display-ready strings, already reduced to one line where they come from data. */
export interface AlertView {
  readonly symbol: string;
  readonly detector: string;
  readonly severity: Severity;
  readonly severityLabel: string;
  readonly severityColor: string;
  /** Event time, ISO-8601 UTC. */
  readonly time: string;
  readonly observed: string;
  readonly expected: string;
  /** `lower .. upper`, or null when the detector has no band. */
  readonly band: string | null;
  readonly score: string;
  readonly reason: string;
  readonly rule: string;
  readonly eventId: string;
}

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: '#b3261e',
  warning: '#b26a00',
  info: '#1a5fb4',
};

export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export function alertView(alert: Alert): AlertView {
  const { event } = alert;
  const { lower, upper } = event;
  const band =
    lower === undefined
      ? upper === undefined
        ? null
        : `up to ${formatNumber(upper)}`
      : upper === undefined
        ? `from ${formatNumber(lower)}`
        : `${formatNumber(lower)} .. ${formatNumber(upper)}`;
  return {
    symbol: oneLine(event.symbol),
    detector: oneLine(event.detector),
    severity: alert.severity,
    severityLabel: alert.severity.toUpperCase(),
    severityColor: SEVERITY_COLORS[alert.severity],
    time: new Date(event.ts).toISOString(),
    observed: formatNumber(event.observed),
    expected: formatNumber(event.expected),
    band,
    score: event.score.toFixed(2),
    reason: oneLine(event.reason),
    rule: oneLine(alert.rule),
    eventId: oneLine(event.id),
  };
}

/** Used once at load time so that a template naming a field that does not exist fails then, not at 3 a.m. */
export const SAMPLE_ALERT: Alert = {
  outcome: 'alert',
  rule: 'sample',
  severity: 'warning',
  to: ['sample@example.com'],
  event: {
    id: 'SAMPLE|sample|0',
    symbol: 'SAMPLE',
    ts: 0,
    detector: 'sample',
    severity: 'warning',
    score: 1,
    observed: 1,
    expected: 0,
    lower: -1,
    upper: 1,
    reason: 'sample',
  },
};

/** `names` label each template in error messages, e.g. its file path. */
export function compileAlertTemplates(sources: TemplateSources, names: TemplateSources = TEMPLATE_FILES): AlertTemplates {
  const render = compileMailTemplates(sources, names, alertView(SAMPLE_ALERT));
  return { render: (alert) => render(alertView(alert)) };
}

/** Loads `subject.hbs`, `alert.txt.hbs` and `alert.html.hbs` from a folder such as `alerts/templates`. */
export async function loadAlertTemplates(dir: string): Promise<AlertTemplates> {
  const { sources, paths } = await readMailTemplates(dir, TEMPLATE_FILES);
  return compileAlertTemplates(sources, paths);
}
