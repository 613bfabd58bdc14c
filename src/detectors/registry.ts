import { z } from 'zod';
import type { Detector } from './detector.js';
import { createEwmaVolBand, ewmaVolBandParams } from './ewma-vol-band.js';
import { parseParams } from './params.js';
import { createReturnZScore, returnZScoreParams } from './return-zscore.js';
import { createVolumeSpike, volumeSpikeParams } from './volume-spike.js';

/**
 * The `detectors` section of the app config: one key per detector id, holding its parameters or
 * `false` to turn it off. A missing key means default parameters, so `{}` runs all three; unknown
 * keys are rejected so a misspelt id is not silently ignored.
 */
export const detectorsConfigSchema = z.strictObject({
  'return-zscore': z
    .union([z.literal(false), returnZScoreParams])
    .prefault({})
    .describe('Rolling z-score of log returns.'),
  'ewma-vol-band': z
    .union([z.literal(false), ewmaVolBandParams])
    .prefault({})
    .describe('EWMA volatility band around the previous price.'),
  'volume-spike': z
    .union([z.literal(false), volumeSpikeParams])
    .prefault({})
    .describe('Bursts of large trades against the trades before them.'),
});

export type DetectorsConfig = z.input<typeof detectorsConfigSchema>;

/** The enabled detectors, always in the order return-zscore, ewma-vol-band, volume-spike. */
export function buildDetectors(config: DetectorsConfig = {}): Detector<unknown>[] {
  const c = parseParams(detectorsConfigSchema, config, 'detectors');
  const detectors: Detector<unknown>[] = [];
  if (c['return-zscore'] !== false) detectors.push(createReturnZScore(c['return-zscore']));
  if (c['ewma-vol-band'] !== false) detectors.push(createEwmaVolBand(c['ewma-vol-band']));
  if (c['volume-spike'] !== false) detectors.push(createVolumeSpike(c['volume-spike']));
  return detectors;
}
