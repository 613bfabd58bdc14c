import { z } from 'zod';

/** The metrics the job scores per (campaign, exchange) hour. */
export const METRICS = ['ctr', 'cvr', 'cpc', 'cpm'] as const;
export type Metric = (typeof METRICS)[number];

/** What each kind of planted anomaly does to its cell's rows, and the metric and direction it shows in. */
export const PLANTED_KINDS = {
  'click-fraud': { effect: { clicks: 5, conversions: 1, cost: 1 }, metric: 'ctr', direction: 'up' },
  'tracking-outage': { effect: { clicks: 1, conversions: 0, cost: 1 }, metric: 'cvr', direction: 'down' },
  'cost-spike': { effect: { clicks: 1, conversions: 1, cost: 4 }, metric: 'cpm', direction: 'up' },
} as const satisfies Record<string, { effect: object; metric: Metric; direction: 'up' | 'down' }>;

export const plantedAnomalySchema = z.strictObject({
  kind: z.enum(Object.keys(PLANTED_KINDS) as [keyof typeof PLANTED_KINDS, ...(keyof typeof PLANTED_KINDS)[]]),
  campaign: z.string().min(1),
  exchange: z.string().min(1),
  /** Start of the hour, ISO-8601 UTC. */
  hour: z.iso.datetime(),
  metric: z.enum(METRICS),
  direction: z.enum(['up', 'down']),
});
export type PlantedAnomaly = z.output<typeof plantedAnomalySchema>;

/** The labels file the generator writes beside a log. */
export const labelsFileSchema = z.object({ seed: z.number(), rows: z.number(), planted: z.array(plantedAnomalySchema) });
