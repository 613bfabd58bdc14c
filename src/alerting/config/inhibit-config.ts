import * as z from 'zod';
import { alertMatchSchema } from './alert-match.js';
import { expecting, nameSchema, strictObject } from './schema-parts.js';

/**
 * While an alert matching `source` fires, alerts matching `target` that have the same values of
 * the `equal` labels are not notified (an alert never inhibits itself). E.g. a stale feed for a
 * symbol makes its price alerts meaningless: source stale-feed, target everything, equal [symbol].
 */
export const inhibitSchema = strictObject(
  {
    name: nameSchema,
    source: alertMatchSchema,
    target: alertMatchSchema,
    equal: z.array(z.string().min(1), { error: expecting('array of label names') }).default([]),
  },
  'mapping with name, source, target, equal',
);

export type InhibitConfig = z.output<typeof inhibitSchema>;
