import * as z from 'zod';
import { parseDuration } from '../duration.js';
import { alertMatchSchema, type AlertMatch } from './alert-match.js';
import { expecting, nameSchema, nonEmptyList } from './schema-parts.js';

/**
 * A node of the routing tree. Children inherit every unset setting from their parent. An alert
 * walks the tree from the root: the first child whose `match` holds takes it (and, with
 * `continue: true`, the next matching siblings too); a node no child takes handles it itself.
 * Durations stay text here and become milliseconds when the tree is compiled (route-tree.ts).
 */
export interface RouteConfig {
  readonly name?: string | undefined;
  readonly match?: AlertMatch | undefined;
  readonly receiver?: string | undefined;
  /** Alerts with equal values of these labels share one e-mail; `[]` = one group per route. */
  readonly groupBy?: readonly string[] | undefined;
  /** How long a new group waits to collect the first burst. */
  readonly groupWait?: string | undefined;
  /** How long after a notification the group waits before sending changes. */
  readonly groupInterval?: string | undefined;
  /** How long before alerts still firing, unchanged, are sent again as a reminder; `0s` = never. */
  readonly repeatInterval?: string | undefined;
  /** Whether a recovery notice is sent when an alert clears. */
  readonly sendResolved?: boolean | undefined;
  /** Names of mute windows (`muteWindows:`) during which this route sends nothing. */
  readonly muteWindows?: readonly string[] | undefined;
  readonly continue?: boolean | undefined;
  readonly routes?: readonly RouteConfig[] | undefined;
}

const durationText = z
  .string({ error: expecting('duration like 30s, 10m or 1h') })
  .refine((text) => parseDuration(text) !== undefined, { error: expecting('duration like 30s, 10m or 1h') });

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/u;

export const routeSchema: z.ZodType<RouteConfig> = z.strictObject(
  {
    name: nameSchema.optional(),
    match: alertMatchSchema.optional(),
    receiver: nameSchema.optional(),
    groupBy: z.array(z.string().regex(LABEL_NAME, { error: expecting('label name') }), { error: expecting('array of label names') }).optional(),
    groupWait: durationText.optional(),
    groupInterval: durationText
      .refine((text) => (parseDuration(text) ?? 0) > 0, { error: 'expected a group interval longer than 0s' })
      .optional(),
    repeatInterval: durationText.optional(),
    sendResolved: z.boolean({ error: expecting('true or false') }).optional(),
    muteWindows: nonEmptyList(nameSchema, 'array of mute window names').optional(),
    continue: z.boolean({ error: expecting('true or false') }).optional(),
    get routes(): z.ZodOptional<z.ZodArray<z.ZodType<RouteConfig>>> {
      return z.array(routeSchema, { error: expecting('array of routes') }).optional();
    },
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'allowed keys: name, match, receiver, groupBy, groupWait, groupInterval, repeatInterval, sendResolved, muteWindows, continue, routes'
        : expecting('route mapping')(issue),
  },
);
