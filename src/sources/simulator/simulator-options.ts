import { z } from 'zod';
import { ANOMALY_KINDS } from './anomaly-label.js';

/** Same rule validateTick applies, so generated ticks always validate. */
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,31}$/;

export const anomalyOptionsSchema = z
  .object({
    /** Mean anomalies per symbol per simulated hour of session: 6 makes 5 a minute across 50 symbols. 0 disables. */
    perSymbolHour: z.number().min(0).max(3600).default(6),
    /** Kinds to inject; drawn from a shuffled bag so each keeps appearing. */
    kinds: z.array(z.enum(ANOMALY_KINDS)).min(1).default(() => [...ANOMALY_KINDS]),
    /** No anomaly on a symbol before its first N ticks, so detectors have warmed up. */
    warmupTicks: z.number().int().min(0).default(150),
  })
  .strict();

/** What the simulated market looks like and how much of it to generate. */
export const marketOptionsSchema = z
  .object({
    /** Same seed, same ticks and labels. */
    seed: z.number().int().default(1),
    /** Number of symbols; ignored when `symbolNames` is given. */
    symbols: z.number().int().min(1).max(10_000).default(50),
    symbolNames: z
      .array(z.string().regex(SYMBOL_PATTERN, 'symbol must be 1-32 characters of letters, digits and . _ : - /'))
      .min(1)
      .refine((names) => new Set(names).size === names.length, 'symbol names must be unique')
      .optional(),
    /** Open of the first session (09:30 New York); later sessions open at 09:30 New York on following weekdays. */
    start: z.iso.datetime({ offset: true }).default('2026-01-05T14:30:00Z'),
    /** Mean ticks per second per symbol over a session (busier at the open and close). */
    ticksPerSecond: z.number().positive().max(1000).default(2),
    /** Stop after this much simulated time from `start` (bounded source). */
    durationMs: z.number().int().positive().optional(),
    /** Stop after this many ticks (bounded source). */
    maxTicks: z.number().int().positive().optional(),
    anomalies: anomalyOptionsSchema.prefault({}),
  })
  .strict();

export const simulatorOptionsSchema = marketOptionsSchema
  .extend({
    /** Step id, used in dead letters and metrics. */
    id: z.string().min(1).default('simulator'),
    /** `live`: paced in wall time by `speed`; `fast`: as fast as the consumer pulls. */
    mode: z.enum(['live', 'fast']).default('live'),
    /** Live mode: simulated time runs this many times faster than wall time (25: ~3,000 ticks/s for 50 symbols). */
    speed: z.number().positive().default(25),
    batchSize: z.number().int().min(1).max(1_000_000).default(1000),
  })
  .strict();

export type MarketOptions = z.output<typeof marketOptionsSchema>;
export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;
export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema>;
