import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { parseYamlText } from '../../config/load-yaml.js';
import { validateConfig } from '../../config/validate-config.js';
import { ConfigError } from '../../core/errors.js';
import { muteWindowSchema } from '../suppress/mute-windows.js';
import { DEFAULT_SILENCES_PATH } from '../suppress/silence-store.js';
import { inhibitSchema } from './inhibit-config.js';
import { budgetSchema, receiverSchema } from './receiver-config.js';
import { type RouteConfig, routeSchema } from './route-config.js';
import { expecting, mailboxSchema, nonEmptyList, strictObject } from './schema-parts.js';
import { alertStateSchema } from './state-config.js';

/** Extra labels for the symbols that match, for routes, inhibitions and silences to use. */
const symbolLabelsSchema = strictObject(
  {
    symbols: nonEmptyList(z.string().regex(/^\S+$/u, { error: expecting('symbol or pattern') }), 'array of symbols'),
    labels: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/u, { error: expecting('label name') }), z.string().min(1), {
      error: expecting('mapping of label names to values'),
    }),
  },
  'mapping with symbols, labels',
);

const RESERVED_LABELS = new Set(['symbol', 'detector', 'severity']);

/** The whole alerting file (alerts/rules.yaml); README "Alert rules" documents it. */
export const alertingConfigSchema = strictObject(
  {
    from: mailboxSchema.default('riskwatch <riskwatch@localhost>'),
    state: alertStateSchema.prefault({}),
    labels: z.array(symbolLabelsSchema, { error: expecting('array of { symbols, labels }') }).default([]),
    receivers: nonEmptyList(receiverSchema, 'array of receivers'),
    route: routeSchema,
    inhibit: z.array(inhibitSchema, { error: expecting('array of inhibition rules') }).default([]),
    muteWindows: z.array(muteWindowSchema, { error: expecting('array of mute windows') }).default([]),
    budgets: budgetSchema.prefault({}),
    /** Written by `riskwatch silence add`; re-read by the running monitor when it changes. */
    silences: z.string({ error: expecting('file path') }).min(1).default(DEFAULT_SILENCES_PATH),
  },
  'mapping with from, state, labels, receivers, route, inhibit, muteWindows, budgets, silences',
).superRefine((config, ctx) => {
  const duplicates = (names: readonly string[], path: string): void => {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [path, index, 'name'], message: `duplicate name "${name}"` });
      seen.add(name);
    });
  };
  duplicates(config.receivers.map((r) => r.name), 'receivers');
  duplicates(config.inhibit.map((r) => r.name), 'inhibit');
  duplicates(config.muteWindows.map((w) => w.name), 'muteWindows');
  config.labels.forEach((entry, index) => {
    for (const name of Object.keys(entry.labels)) {
      if (RESERVED_LABELS.has(name)) ctx.addIssue({ code: 'custom', path: ['labels', index, 'labels', name], message: `"${name}" is set by riskwatch, not configurable` });
    }
  });
  const receivers = new Set(config.receivers.map((r) => r.name));
  const windows = new Set(config.muteWindows.map((w) => w.name));
  const routeNames = new Set<string>();
  const walk = (route: RouteConfig, path: (string | number)[], inherited: string | undefined): void => {
    const receiver = route.receiver ?? inherited;
    if (route.receiver !== undefined && !receivers.has(route.receiver)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'receiver'], message: `unknown receiver "${route.receiver}" (receivers: ${[...receivers].join(', ')})` });
    }
    if (receiver === undefined) ctx.addIssue({ code: 'custom', path: [...path, 'receiver'], message: 'missing: the root route needs a receiver' });
    route.muteWindows?.forEach((name, index) => {
      if (!windows.has(name)) ctx.addIssue({ code: 'custom', path: [...path, 'muteWindows', index], message: `unknown mute window "${name}"` });
    });
    // Group keys start with the route name, and an unnamed root is called `default` (route-tree.ts).
    const name = route.name ?? (path.length === 1 ? 'default' : undefined);
    if (name !== undefined) {
      if (routeNames.has(name)) {
        const hint = name === 'default' && config.route.name === undefined ? ' (the name of the root route when it has none)' : '';
        ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `duplicate route name "${name}"${hint}` });
      }
      routeNames.add(name);
    } else {
      ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: 'missing: every route below the root needs a name' });
    }
    route.routes?.forEach((child, index) => walk(child, [...path, 'routes', index], receiver));
  };
  walk(config.route, ['route'], undefined);
});

export type AlertingConfig = z.output<typeof alertingConfigSchema>;

export interface LoadedAlertingConfig {
  readonly config: AlertingConfig;
  /** First 12 hex digits of the SHA-256 of the file's text: the rule-set version in e-mails and events. */
  readonly version: string;
  readonly path: string;
}

export function rulesVersionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Validates alerting config given as YAML text; `source` names the file in messages. */
export function parseAlertingConfig(text: string, source: string): LoadedAlertingConfig {
  const config = validateConfig(parseYamlText(text, source), source, alertingConfigSchema);
  return { config, version: rulesVersionOf(text), path: source };
}

/** Reads and validates a file such as `alerts/rules.yaml`; ConfigError listing every problem. */
export async function loadAlertingConfig(path: string): Promise<LoadedAlertingConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parseAlertingConfig(text, path);
}

