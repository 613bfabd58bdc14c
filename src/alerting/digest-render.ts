import { SEVERITIES, type Severity, severityRank } from '../events/anomaly-event.js';
import type { Alert } from './decide.js';
import { compileMailTemplates, readMailTemplates, type RenderedMail, type TemplateSources } from './mail-templates.js';
import { oneLine } from './one-line.js';
import { type AlertView, alertView, SAMPLE_ALERT, SEVERITY_COLORS } from './render.js';

export interface DigestTemplates {
  render(alerts: readonly Alert[]): RenderedMail;
}

/** File names inside a templates folder such as `alerts/templates/`. */
export const DIGEST_TEMPLATE_FILES: TemplateSources = {
  subject: 'digest-subject.hbs',
  text: 'digest.txt.hbs',
  html: 'digest.html.hbs',
};

/** What digest templates see; every string is display-ready and one line where it comes from data. */
export interface DigestView {
  readonly count: number;
  /** `3 critical, 4 warning`: most severe first, zero counts left out. */
  readonly severitySummary: string;
  /** `AAPL, MSFT, +3`: the first symbols in arrival order, then how many more. */
  readonly symbolSummary: string;
  /** The most severe alert's severity, for the colour bar. */
  readonly severityLabel: string;
  readonly severityColor: string;
  /** Event time of the earliest and the latest alert, ISO-8601 UTC. */
  readonly firstTime: string;
  readonly lastTime: string;
  readonly alerts: readonly AlertView[];
}

const SYMBOLS_NAMED = 2;

function severitySummary(alerts: readonly Alert[]): string {
  const counts = new Map<Severity, number>();
  for (const alert of alerts) counts.set(alert.severity, (counts.get(alert.severity) ?? 0) + 1);
  return [...SEVERITIES]
    .reverse()
    .filter((severity) => counts.has(severity))
    .map((severity) => `${counts.get(severity)} ${severity}`)
    .join(', ');
}

function symbolSummary(alerts: readonly Alert[]): string {
  const symbols = [...new Set(alerts.map((alert) => oneLine(alert.event.symbol)))];
  const named = symbols.slice(0, SYMBOLS_NAMED);
  const more = symbols.length - named.length;
  return more > 0 ? `${named.join(', ')}, +${more}` : named.join(', ');
}

export function highestSeverity(alerts: readonly Alert[]): Severity {
  return alerts.reduce<Severity>((worst, alert) => (severityRank(alert.severity) > severityRank(worst) ? alert.severity : worst), 'info');
}

export function digestView(alerts: readonly Alert[]): DigestView {
  if (alerts.length === 0) throw new RangeError('a digest needs at least one alert');
  const top = highestSeverity(alerts);
  const times = alerts.map((alert) => alert.event.ts);
  return {
    count: alerts.length,
    severitySummary: severitySummary(alerts),
    symbolSummary: symbolSummary(alerts),
    severityLabel: top.toUpperCase(),
    severityColor: SEVERITY_COLORS[top],
    firstTime: new Date(Math.min(...times)).toISOString(),
    lastTime: new Date(Math.max(...times)).toISOString(),
    alerts: alerts.map(alertView),
  };
}

const { lower: _lower, upper: _upper, ...BANDLESS_EVENT } = SAMPLE_ALERT.event;
/** Rendered once at load time; two alerts, one without a band, so every branch of a template runs. */
const SAMPLE_DIGEST: readonly Alert[] = [SAMPLE_ALERT, { ...SAMPLE_ALERT, severity: 'critical', event: BANDLESS_EVENT }];

/** `names` label each template in error messages, e.g. its file path. */
export function compileDigestTemplates(sources: TemplateSources, names: TemplateSources = DIGEST_TEMPLATE_FILES): DigestTemplates {
  const render = compileMailTemplates(sources, names, digestView(SAMPLE_DIGEST));
  return { render: (alerts) => render(digestView(alerts)) };
}

/** Loads `digest-subject.hbs`, `digest.txt.hbs` and `digest.html.hbs` from a folder such as `alerts/templates`. */
export async function loadDigestTemplates(dir: string): Promise<DigestTemplates> {
  const { sources, paths } = await readMailTemplates(dir, DIGEST_TEMPLATE_FILES);
  return compileDigestTemplates(sources, paths);
}
