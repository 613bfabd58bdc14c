import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { ConfigError } from '../core/errors.js';
import type { Severity } from '../events/anomaly-event.js';
import type { Alert } from './decide.js';

export interface RenderedAlert {
  /** One line, no control characters: safe to put in a header. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface AlertTemplates {
  render(alert: Alert): RenderedAlert;
}

export type TemplateSources = Readonly<Record<keyof RenderedAlert, string>>;

/** File names inside a templates folder such as `alerts/templates/`. */
export const TEMPLATE_FILES: Readonly<Record<keyof RenderedAlert, string>> = {
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

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: '#b3261e',
  warning: '#b26a00',
  info: '#1a5fb4',
};

// C0/C1 controls (CR, LF, ESC...), Unicode line/paragraph separators and bidi overrides.
const UNSAFE_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;
const MAX_SUBJECT_CHARS = 200;

/** Collapses text to one printable line: no header injection, no terminal escapes. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
}

function formatNumber(value: number): string {
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
const SAMPLE_ALERT: Alert = {
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

interface HandlebarsNode {
  readonly type?: string;
  readonly escaped?: boolean;
  readonly loc?: { readonly start: { readonly line: number } };
}

/** Finds `{{{ }}}` / `{{& }}`: data must always go through the escaping `{{ }}`. */
function findUnescaped(node: unknown): HandlebarsNode | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const candidate = node as HandlebarsNode;
  if (candidate.type === 'MustacheStatement' && candidate.escaped === false) return candidate;
  for (const child of Object.values(node)) {
    const found = findUnescaped(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `names` label each template in error messages, e.g. its file path. */
export function compileAlertTemplates(
  sources: TemplateSources,
  names: TemplateSources = TEMPLATE_FILES,
): AlertTemplates {
  const handlebars = Handlebars.create();
  const compile = (part: keyof RenderedAlert) => {
    const source = sources[part];
    const name = names[part];
    let ast: hbs.AST.Program;
    try {
      ast = handlebars.parse(source);
    } catch (error) {
      throw new ConfigError(`${name}: invalid template: ${(error as Error).message}`, { cause: error });
    }
    const unescaped = findUnescaped(ast);
    if (unescaped !== undefined) {
      throw new ConfigError(
        `${name}:${unescaped.loc?.start.line ?? '?'}: ` +
          'triple-stash {{{ }}} or {{& }} is not allowed; use {{ }} so data is escaped',
      );
    }
    // Plain text and the subject must not be HTML-escaped; the subject is reduced to one line after rendering.
    return handlebars.compile(ast, { strict: true, noEscape: part !== 'html' });
  };
  const subject = compile('subject');
  const text = compile('text');
  const html = compile('html');

  const sampleView = alertView(SAMPLE_ALERT);
  for (const [part, template] of [['subject', subject], ['text', text], ['html', html]] as const) {
    try {
      template(sampleView);
    } catch (error) {
      throw new ConfigError(`${names[part]}: template does not render: ${(error as Error).message}`, { cause: error });
    }
  }

  return {
    render(alert) {
      const view = alertView(alert);
      return {
        subject: Array.from(oneLine(subject(view))).slice(0, MAX_SUBJECT_CHARS).join(''),
        text: `${text(view).trimEnd()}\n`,
        html: html(view),
      };
    },
  };
}

/** Loads `subject.hbs`, `alert.txt.hbs` and `alert.html.hbs` from a folder such as `alerts/templates`. */
export async function loadAlertTemplates(dir: string): Promise<AlertTemplates> {
  const paths: TemplateSources = {
    subject: join(dir, TEMPLATE_FILES.subject),
    text: join(dir, TEMPLATE_FILES.text),
    html: join(dir, TEMPLATE_FILES.html),
  };
  const read = async (path: string): Promise<string> => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`${path}: cannot read alert template: ${(error as Error).message}`, { cause: error });
    }
  };
  const [subject, text, html] = await Promise.all([read(paths.subject), read(paths.text), read(paths.html)]);
  return compileAlertTemplates({ subject, text, html }, paths);
}
