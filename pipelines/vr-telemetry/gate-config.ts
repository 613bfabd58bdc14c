import { z } from 'zod';
import { loadYamlFile } from '../../src/config/load-yaml.js';

/** Limits for one device's candidate build; null turns a limit off (e.g. a device without latency probes). */
const deviceLimitsSchema = z.strictObject({
  /** Fewest sessions the candidate (and the baseline, for the regression tests) needs on the device. */
  minSessions: z.number().int().min(2).nullable().optional(),
  /** p99 frame time at most this many frame budgets (1000 / refresh_hz ms). */
  frameTimeP99BudgetRatio: z.number().positive().nullable().optional(),
  /** Dropped frames at most this share of display refreshes, in %. */
  droppedPctMax: z.number().min(0).max(100).nullable().optional(),
  /** Motion-to-photon p99 at most this, in ms. */
  mtpP99MaxMs: z.number().positive().nullable().optional(),
});
export type DeviceLimits = z.output<typeof deviceLimitsSchema>;

export const REGRESSION_METRICS = ['frameTimeP50', 'frameTimeP99', 'droppedFrames', 'mtpP99'] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

export const gateConfigSchema = z.strictObject({
  /** Limits for every device... */
  limits: deviceLimitsSchema.prefault({}),
  /** ...replaced key by key for the devices named here. */
  devices: z.record(z.string().min(1), deviceLimitsSchema).default({}),
  regression: z
    .strictObject({
      /** One-sided significance level of each session-level test. */
      alpha: z.number().gt(0).lt(1).default(0.01),
      /** How much worse than the baseline the candidate may be, in %, before a significant shift fails the gate. */
      maxWorsePct: z
        .strictObject({
          frameTimeP50: z.number().min(0).default(5),
          frameTimeP99: z.number().min(0).default(5),
          droppedFrames: z.number().min(0).default(50),
          mtpP99: z.number().min(0).default(10),
        })
        .prefault({}),
    })
    .prefault({}),
});
export type GateConfig = z.output<typeof gateConfigSchema>;

/** Reads and validates a gate file; a bad key or value is a ConfigError naming file and key. */
export function loadGateConfig(path: string): Promise<GateConfig> {
  return loadYamlFile(path, gateConfigSchema);
}

/** The limits that apply to one device: its own entries over the global ones. */
export function limitsFor(gate: GateConfig, device: string): DeviceLimits {
  return { ...gate.limits, ...gate.devices[device] };
}
