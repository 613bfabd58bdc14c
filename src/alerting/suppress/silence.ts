import * as z from 'zod';
import { type AlertMatch, type AlertPredicate, alertMatchSchema, compileAlertMatch } from '../config/alert-match.js';
import { expecting, strictObject } from '../config/schema-parts.js';
import type { AlertLabels } from '../model/alert-labels.js';

// A silence mutes the alerts it matches between two wall-clock instants, set by a person (the
// `riskwatch silence` command) rather than by the rules file. Expiring one early sets its end to
// the moment of expiry and records that moment.

const epochMsSchema = z.int({ error: expecting('time as whole epoch milliseconds') }).nonnegative({ error: expecting('time as epoch milliseconds (not negative)') });

/** False for `{}` and `{ labels: {} }`: a silence that matches every alert is almost always a mistake. */
export function hasCriteria(match: AlertMatch): boolean {
  return (
    match.symbols !== undefined ||
    match.detectors !== undefined ||
    match.severity !== undefined ||
    match.minSeverity !== undefined ||
    Object.keys(match.labels ?? {}).length > 0
  );
}

export const silenceSchema = strictObject(
  {
    id: z.string({ error: expecting('silence id') }).regex(/^[A-Za-z0-9_-]+$/, { error: expecting('silence id of letters, digits, "_" or "-"') }),
    match: alertMatchSchema.refine(hasCriteria, {
      error: 'a silence needs at least one of symbols, detectors, severity, minSeverity, labels',
    }),
    startsAt: epochMsSchema,
    endsAt: epochMsSchema,
    createdBy: z.string({ error: expecting('author name') }).trim().min(1, { error: 'missing: expected author name' }),
    comment: z.string({ error: expecting('comment') }),
    createdAt: epochMsSchema,
    /** When it was expired by hand; `endsAt` is then no later than this. */
    expiredAt: epochMsSchema.optional(),
  },
  'silence with id, match, startsAt, endsAt, createdBy, comment, createdAt',
);

export type Silence = z.output<typeof silenceSchema>;

export type SilenceState = 'pending' | 'active' | 'expired';

/** Active in [startsAt, endsAt), unless expired by hand. */
export function silenceState(silence: Silence, now: number): SilenceState {
  if (silence.expiredAt !== undefined || now >= silence.endsAt) return 'expired';
  return now < silence.startsAt ? 'pending' : 'active';
}

/** The active silence that matches, if any; `now` is wall time, epoch ms. */
export type SilenceMatcher = (labels: AlertLabels, now: number) => Silence | undefined;

export const NO_SILENCES: SilenceMatcher = () => undefined;

/**
 * Match criteria are compiled once per version of the silences file. When several silences
 * match, the one that ends last wins: it says how long the alert stays quiet.
 */
export function compileSilences(silences: readonly Silence[]): SilenceMatcher {
  const live = silences.filter((silence) => silence.expiredAt === undefined);
  if (live.length === 0) return NO_SILENCES;
  const compiled: { readonly silence: Silence; readonly matches: AlertPredicate }[] = live.map((silence) => ({
    silence,
    matches: compileAlertMatch(silence.match),
  }));
  return (labels, now) => {
    let found: Silence | undefined;
    for (const { silence, matches } of compiled) {
      if (now < silence.startsAt || now >= silence.endsAt) continue;
      if ((found === undefined || silence.endsAt > found.endsAt) && matches(labels)) found = silence;
    }
    return found;
  };
}
