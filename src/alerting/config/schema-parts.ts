import * as z from 'zod';
import { SEVERITIES } from '../../events/anomaly-event.js';
import { isTimeZone } from '../../detectors/zone-clock.js';
import { parseDuration } from '../duration.js';

// Building blocks of the alerting YAML schemas. Messages name what was expected and what was
// found, e.g. `routes[1].to: expected array of e-mail addresses, got string`.

const DOT_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${DOT_ATOM}@${LABEL}(?:\\.${LABEL})*$`);
/** `Display Name <address>`; the name may not contain brackets, quotes or control characters. */
const NAMED_MAILBOX = /^[^<>"\p{Cc}]*<([^<>]+)>$/u;

/**
 * True for `user@host` and `Name <user@host>`. Single-label hosts (`localhost`) are allowed
 * because local relays use them; the check is deliberately stricter than RFC 5322 (no quoted
 * local parts, no comments) so that nothing that reaches a header can smuggle in syntax.
 */
export function isMailbox(text: string): boolean {
  const named = NAMED_MAILBOX.exec(text);
  return ADDRESS.test(named?.[1] ?? text);
}

function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'string') {
    return `string ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)}`;
  }
  if (typeof input === 'number' || typeof input === 'boolean') return `${typeof input} ${String(input)}`;
  return typeof input;
}

interface IssueSeen {
  readonly input?: unknown;
  readonly code?: string;
  /** A record's `invalid_key`: what the key schema said about the key. */
  readonly issues?: readonly { readonly message: string }[];
}

/** A zod error map that says what was expected and what was found. */
export function expecting(what: string) {
  return (issue: IssueSeen): string => {
    // A mapping with a bad key: the key's own problem, not "expected mapping", which misleads.
    const keyProblem = issue.code === 'invalid_key' ? issue.issues?.[0]?.message : undefined;
    if (keyProblem !== undefined) return keyProblem;
    return issue.input === undefined ? `missing: expected ${what}` : `expected ${what}, got ${describeValue(issue.input)}`;
  };
}

/** An object that rejects unknown keys, listing the allowed ones. */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what: string) {
  const allowed = `allowed keys: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : expecting(what)(issue)),
  });
}

export function nonEmptyList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: expecting(what) }).min(1, { error: `expected ${what} with at least one entry` });
}

export const severitySchema = z.enum(SEVERITIES, { error: expecting(`one of ${SEVERITIES.join(', ')}`) });

export const mailboxSchema = z
  .string({ error: expecting('e-mail address') })
  .refine(isMailbox, { error: expecting('e-mail address like name@example.com') });

/** A duration such as `30s`, `10m`, `1h30m`, as milliseconds. */
export const durationSchema = z
  .string({ error: expecting('duration like 30s, 10m or 1h') })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: expecting('duration like 30s, 10m or 1h')({ input: text }) });
      return z.NEVER;
    }
    return ms;
  });

/** Names of rules, routes, receivers, inhibitions and mute windows. */
export const nameSchema = z
  .string({ error: expecting('name') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: expecting('name of letters, digits, ".", "_" or "-"') });

export const timeZoneSchema = z
  .string({ error: expecting('IANA time zone like America/New_York') })
  .refine(isTimeZone, { error: expecting('IANA time zone like America/New_York or UTC') });
