import { z } from 'zod';
import { minPriceStdSchema, priceSourceSchema } from './price-step.js';
import { criticalNotBelow } from './severity.js';

interface ZScoreDefaults {
  readonly window: number;
  readonly minWindow: number;
  readonly threshold: number;
  readonly minStd: number;
  readonly minPriceStd: number;
  /** What the window's statistics are, for the parameter docs. */
  readonly windowDoc: string;
  readonly scaleDoc: string;
}

/**
 * Parameters shared by the z-score detectors of log returns (classic and robust): a window of
 * previous returns, a warm-up, a flag and a critical threshold, floors on the scale, and the price scored.
 */
export function zScoreParamsSchema(d: ZScoreDefaults) {
  return z
    .strictObject({
      window: z.int().min(d.minWindow).max(1_000_000).default(d.window).describe(d.windowDoc),
      minSamples: z.int().min(d.minWindow).optional().describe('Returns in the window before it may flag; default: a full window.'),
      threshold: z.number().positive().default(d.threshold).describe(`Flag when |z| ≥ threshold, z in ${d.scaleDoc}.`),
      criticalThreshold: z.number().positive().optional().describe('Critical from this |z| up; default 1.75 × threshold.'),
      minStd: z
        .number()
        .nonnegative()
        .default(d.minStd)
        .describe(`Floor on the ${d.scaleDoc}, in log-return units (${d.minStd} = ${d.minStd * 1e4} basis points); 0 disables.`),
      minPriceStd: minPriceStdSchema(d.minPriceStd, d.scaleDoc),
      price: priceSourceSchema,
    })
    .refine((p) => p.minSamples === undefined || p.minSamples <= p.window, {
      path: ['minSamples'],
      message: 'minSamples must not exceed window',
    })
    .refine(...criticalNotBelow('criticalThreshold', 'threshold'));
}
