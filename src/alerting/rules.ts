import * as z from 'zod';
import { loadYamlFile, parseYamlText } from '../config/load-yaml.js';
import { validateConfig } from '../config/validate-config.js';
import { SEVERITIES } from '../events/anomaly-event.js';
import { parseDuration } from './duration.js';

// The rules file (alerts/rules.yaml) is validated here once; everything downstream works with the
// typed `AlertRules` value. Messages name the key path and the expected type, e.g.
// `alerts/rules.yaml: rules[1].to: expected array of e-mail addresses, got string`.

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

/** A zod error map that says what was expected and what was found. */
function expecting(what: string) {
  return (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? `missing: expected ${what}` : `expected ${what}, got ${describeValue(issue.input)}`;
}

/** An object that rejects unknown keys, listing the allowed ones. */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what: string) {
  const allowed = `allowed keys: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : expecting(what)(issue)),
  });
}

function nonEmptyList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: expecting(what) }).min(1, { error: `expected ${what} with at least one entry` });
}

const severity = z.enum(SEVERITIES, { error: expecting(`one of ${SEVERITIES.join(', ')}`) });

const mailbox = z
  .string({ error: expecting('e-mail address') })
  .refine(isMailbox, { error: expecting('e-mail address like name@example.com') });

const duration = z
  .string({ error: expecting('duration like 30s, 10m or 1h') })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: expecting('duration like 30s, 10m or 1h')({ input: text }) });
      return z.NEVER;
    }
    return ms;
  });

const ruleName = z
  .string({ error: expecting('rule name') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: expecting('rule name of letters, digits, ".", "_" or "-"') });

/** Within one criterion any listed value matches; all given criteria must match. `{}` matches everything. */
const matchSchema = strictObject(
  {
    /** Exact symbols or patterns with `*` for any characters, e.g. `MS*`. */
    symbols: nonEmptyList(
      z
        .string({ error: expecting('symbol or pattern') })
        .regex(/^\S+$/u, { error: expecting('symbol or pattern without spaces') }),
      'array of symbols',
    ).optional(),
    detectors: nonEmptyList(
      z.string({ error: expecting('detector id') }).min(1, { error: 'expected detector id, got empty string' }),
      'array of detector ids',
    ).optional(),
    severity: nonEmptyList(severity, 'array of severities').optional(),
    minSeverity: severity.optional(),
  },
  'mapping of match criteria (symbols, detectors, severity, minSeverity)',
).refine((match) => match.severity === undefined || match.minSeverity === undefined, {
  error: 'use either severity or minSeverity, not both',
});

const ruleSchema = strictObject(
  {
    name: ruleName,
    match: matchSchema,
    /** Overrides the event's severity in the alert. */
    severity: severity.optional(),
    to: nonEmptyList(mailbox, 'array of e-mail addresses'),
  },
  'mapping with name, match, to',
);

/** Up to this many alerts in one digest e-mail; a full digest is sent at once. */
const MAX_DIGEST_ALERTS = 500;

/** Groups a burst of alerts for the same recipients into one e-mail; see digest-buffer.ts. */
const digestSchema = strictObject(
  {
    /** How long a digest stays open: in event time, or in wall time on a quiet stream. */
    window: duration.refine((ms) => ms > 0, { error: 'expected a window longer than 0s' }),
    maxAlerts: z
      .int({ error: expecting('whole number of alerts') })
      .min(2, { error: 'expected at least 2 alerts per digest' })
      .max(MAX_DIGEST_ALERTS, { error: `expected at most ${MAX_DIGEST_ALERTS} alerts per digest` })
      .default(50),
  },
  'mapping with window, maxAlerts',
).transform(({ window, maxAlerts }) => ({ windowMs: window, maxAlerts }));

export const alertRulesSchema = strictObject(
  {
    /** Same symbol+detector is not alerted again within this much event time. `0s` disables it. */
    cooldown: duration,
    from: mailbox.default('riskwatch <riskwatch@localhost>'),
    /** Off when absent: one e-mail per alert. */
    digest: digestSchema.optional(),
    /** First match wins. */
    rules: nonEmptyList(ruleSchema, 'array of rules'),
  },
  'mapping with cooldown, from, digest, rules',
)
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.name)) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'name'], message: `duplicate rule name "${rule.name}"` });
      }
      seen.add(rule.name);
    });
  })
  .transform(({ cooldown, from, digest, rules }) => ({ cooldownMs: cooldown, from, rules, ...(digest === undefined ? {} : { digest }) }));

export type AlertRules = z.output<typeof alertRulesSchema>;
export type AlertRule = AlertRules['rules'][number];
export type RuleMatch = AlertRule['match'];
export type DigestOptions = NonNullable<AlertRules['digest']>;

/** Validates rules given as YAML text; `source` names the file in messages. Throws ConfigError listing every problem. */
export function parseAlertRules(text: string, source: string): AlertRules {
  return validateConfig(parseYamlText(text, source), source, alertRulesSchema);
}

/** Reads and validates a rules file such as `alerts/rules.yaml`. */
export async function loadAlertRules(path: string): Promise<AlertRules> {
  return loadYamlFile(path, alertRulesSchema);
}
