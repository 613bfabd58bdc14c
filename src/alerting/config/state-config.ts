import * as z from 'zod';
import { durationSchema, expecting, strictObject } from './schema-parts.js';

const threshold = strictObject(
  {
    /** Score at which the level is raised. */
    raise: z.number({ error: expecting('number') }),
    /** While at the level, events scoring at least this keep it (hysteresis); at most `raise`. */
    clear: z.number({ error: expecting('number') }),
  },
  'mapping with raise, clear',
).refine((t) => t.clear <= t.raise, { error: 'expected clear <= raise' });

const levels = strictObject(
  { info: threshold.optional(), warning: threshold.optional(), critical: threshold.optional() },
  'mapping of levels (info, warning, critical) to { raise, clear }',
);

/** How an alert's level follows the events of its symbol and detector; see state/alert-state-tracker.ts. */
export const alertStateSchema = strictObject(
  {
    /** A level is held this long after the last event that kept it; then the alert drops or resolves. */
    resolveAfter: durationSchema.refine((ms) => ms > 0, { error: 'expected a duration longer than 0s' }).default(300_000),
    /** Per detector id: score thresholds per level. Detectors not listed take the event's severity. */
    thresholds: z.record(z.string().min(1), levels, { error: expecting('mapping of detector id to levels') }).default({}),
    /** More than `high` level changes within `window` → one flapping notice, then quiet until ≤ `low`. */
    flapping: strictObject(
      {
        window: durationSchema.refine((ms) => ms > 0, { error: 'expected a window longer than 0s' }),
        high: z.int({ error: expecting('whole number of changes') }).min(2, { error: 'expected high >= 2' }),
        low: z.int({ error: expecting('whole number of changes') }).min(0, { error: 'expected low >= 0' }),
      },
      'mapping with window, high, low',
    )
      .refine((f) => f.low < f.high, { error: 'expected low < high' })
      .optional(),
  },
  'mapping with resolveAfter, thresholds, flapping',
);

export type AlertStateConfig = z.output<typeof alertStateSchema>;
