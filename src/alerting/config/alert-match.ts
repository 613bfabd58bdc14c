import * as z from 'zod';
import { severityRank, type Severity } from '../../events/anomaly-event.js';
import type { AlertLabels } from '../model/alert-labels.js';
import { expecting, nonEmptyList, severitySchema, strictObject } from './schema-parts.js';

// One match language for routes, inhibitions and silences: within a criterion any listed value
// matches; all given criteria must hold; `{}` matches everything. Values of `symbols` and
// `labels` may use `*` for any characters (`MS*`).

const pattern = z
  .string({ error: expecting('value or pattern') })
  .regex(/^\S+$/u, { error: expecting('value or pattern without spaces') });

const patterns = z.union([pattern, nonEmptyList(pattern, 'array of values')], {
  error: expecting('value or array of values'),
});

export const alertMatchSchema = strictObject(
  {
    symbols: nonEmptyList(pattern, 'array of symbols').optional(),
    detectors: nonEmptyList(pattern, 'array of detector ids').optional(),
    severity: nonEmptyList(severitySchema, 'array of severities').optional(),
    /** info < warning < critical. */
    minSeverity: severitySchema.optional(),
    /** Configured symbol labels, e.g. `{ desk: [equities, etf] }`. */
    labels: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/u, { error: expecting('label name') }), patterns, {
        error: expecting('mapping of label names to values'),
      })
      .optional(),
  },
  'mapping of match criteria (symbols, detectors, severity, minSeverity, labels)',
).refine((match) => match.severity === undefined || match.minSeverity === undefined, {
  error: 'use either severity or minSeverity, not both',
});

export type AlertMatch = z.output<typeof alertMatchSchema>;
export type AlertPredicate = (labels: AlertLabels) => boolean;

/** `AAPL`, `MS*`: exact values, or `*` for any characters. */
export function globPattern(values: readonly string[]): RegExp {
  const alternatives = values.map((value) =>
    value
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'u');
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 0, warning: 1, critical: 2 };

/** Compiled once at load, so matching an alert is a few comparisons. */
export function compileAlertMatch(match: AlertMatch): AlertPredicate {
  const tests: AlertPredicate[] = [];
  if (match.symbols !== undefined) {
    const symbols = globPattern(match.symbols);
    tests.push((labels) => symbols.test(labels.symbol));
  }
  if (match.detectors !== undefined) {
    const detectors = globPattern(match.detectors);
    tests.push((labels) => detectors.test(labels.detector));
  }
  if (match.severity !== undefined) {
    const severities = new Set<string>(match.severity);
    tests.push((labels) => severities.has(labels.severity));
  }
  if (match.minSeverity !== undefined) {
    const min = severityRank(match.minSeverity as Severity);
    tests.push((labels) => (SEVERITY_RANK[labels.severity] ?? -1) >= min);
  }
  for (const [name, values] of Object.entries(match.labels ?? {})) {
    const expected = globPattern(typeof values === 'string' ? [values] : values);
    tests.push((labels) => labels[name] !== undefined && expected.test(labels[name]));
  }
  return (labels) => tests.every((test) => test(labels));
}
