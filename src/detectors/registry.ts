import { z } from 'zod';
import { createDetectOperator } from './detect-operator.js';
import type { Detector, DetectorParams } from './detector.js';
import type { EvidenceOptions } from './evidence/tick-evidence.js';
import { flattenParams } from './evidence/flatten-params.js';
import { createEwmaVolBand, ewmaVolBandParams } from './ewma-vol-band.js';
import { parseParams } from './params.js';
import { createReturnZScore, returnZScoreParams } from './return-zscore.js';
import { createCrossedQuote, crossedQuoteParams } from './crossed-quote.js';
import { createFatFinger, fatFingerParams } from './fat-finger.js';
import { createLuldBand, luldBandParams } from './luld-band.js';
import { createSpreadBlowout, spreadBlowoutParams } from './spread-blowout.js';
import { createStaleFeed, staleFeedParams } from './stale-feed.js';
import { createVolumeSpike, volumeSpikeParams } from './volume-spike.js';
import { bollingerParams, createBollinger } from './bollinger.js';
import { createCusum, cusumParams } from './cusum.js';
import { createRobustZScore, robustZScoreParams } from './robust-zscore.js';
import { createVolatilityRegime, volatilityRegimeParams } from './volatility-regime.js';
import { Ensemble, ensembleParams } from './ensemble/ensemble.js';
import { TAIL_CALIBRATION } from './ensemble/tail-calibration.js';

/**
 * The `detectors` section of the app config: one key per detector id, holding its parameters or
 * `false` to turn it off. A missing key means default parameters, so `{}` runs them all, except
 * the opt-in ones (default `false`: robust-zscore and bollinger, which repeat what return-zscore
 * already reports), which `{}` or parameters turn on; unknown keys are rejected so a misspelt id
 * is not silently ignored.
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
  'spread-blowout': z
    .union([z.literal(false), spreadBlowoutParams])
    .prefault({})
    .describe('Quote spread blown out against its recent baseline.'),
  'crossed-quote': z
    .union([z.literal(false), crossedQuoteParams])
    .prefault({})
    .describe('Crossed (bid > ask) or locked (bid = ask) quotes, once per episode.'),
  'stale-feed': z
    .union([z.literal(false), staleFeedParams])
    .prefault({})
    .describe("A gap between a symbol's ticks far longer than its usual one."),
  'fat-finger': z
    .union([z.literal(false), fatFingerParams])
    .prefault({})
    .describe('Trades printed far outside the prevailing bid and ask.'),
  'luld-band': z
    .union([z.literal(false), luldBandParams])
    .prefault({})
    .describe('Prints outside the Limit Up-Limit Down price bands.'),
  'robust-zscore': z
    .union([z.literal(false), robustZScoreParams])
    .default(false)
    .describe('Median / MAD z-score of log returns; opt-in.'),
  bollinger: z
    .union([z.literal(false), bollingerParams])
    .default(false)
    .describe('Price far outside its Bollinger band (%b); opt-in.'),
  cusum: z
    .union([z.literal(false), cusumParams])
    .prefault({})
    .describe('Two-sided CUSUM of standardised log returns: a shift in their mean.'),
  'volatility-regime': z
    .union([z.literal(false), volatilityRegimeParams])
    .prefault({})
    .describe('Short realised volatility of the mid-quote against the long one, once per regime.'),
  ensemble: z
    .union([z.literal(false), ensembleParams])
    .prefault({})
    .describe('One anomaly score in [0, 1] per tick on which detectors fired: their calibrated tail probabilities combined.'),
});

export type DetectorsConfig = z.input<typeof detectorsConfigSchema>;

/**
 * The ensemble over the detectors `config` enables (built by buildDetectors), with the shipped
 * calibration and its params for evidence; undefined when turned off.
 */
export function buildEnsemble(
  config: DetectorsConfig = {},
  detectors: readonly Detector<unknown>[] = buildDetectors(config),
): (Ensemble & { readonly params: DetectorParams }) | undefined {
  const c = parseParams(detectorsConfigSchema, config, 'detectors');
  if (c.ensemble === false) return undefined;
  const ensemble = new Ensemble(
    detectors.map((detector) => detector.id),
    TAIL_CALIBRATION.models,
    c.ensemble,
  );
  return Object.assign(ensemble, { params: flattenParams(c.ensemble) });
}

/**
 * The enabled detectors (the ensemble apart: see buildEnsemble), always in the order of the
 * schema's keys, each carrying its validated parameters (defaults filled in) as `params`.
 */
export function buildDetectors(config: DetectorsConfig = {}): Detector<unknown>[] {
  const c = parseParams(detectorsConfigSchema, config, 'detectors');
  const detectors: Detector<unknown>[] = [];
  if (c['return-zscore'] !== false) detectors.push(withParams(createReturnZScore(c['return-zscore']), c['return-zscore']));
  if (c['ewma-vol-band'] !== false) detectors.push(withParams(createEwmaVolBand(c['ewma-vol-band']), c['ewma-vol-band']));
  if (c['volume-spike'] !== false) detectors.push(withParams(createVolumeSpike(c['volume-spike']), c['volume-spike']));
  if (c['spread-blowout'] !== false) detectors.push(withParams(createSpreadBlowout(c['spread-blowout']), c['spread-blowout']));
  if (c['crossed-quote'] !== false) detectors.push(withParams(createCrossedQuote(c['crossed-quote']), c['crossed-quote']));
  if (c['stale-feed'] !== false) detectors.push(withParams(createStaleFeed(c['stale-feed']), c['stale-feed']));
  if (c['fat-finger'] !== false) detectors.push(withParams(createFatFinger(c['fat-finger']), c['fat-finger']));
  if (c['luld-band'] !== false) detectors.push(withParams(createLuldBand(c['luld-band']), c['luld-band']));
  if (c['robust-zscore'] !== false) detectors.push(withParams(createRobustZScore(c['robust-zscore']), c['robust-zscore']));
  if (c.bollinger !== false) detectors.push(withParams(createBollinger(c.bollinger), c.bollinger));
  if (c.cusum !== false) detectors.push(withParams(createCusum(c.cusum), c.cusum));
  if (c['volatility-regime'] !== false) detectors.push(withParams(createVolatilityRegime(c['volatility-regime']), c['volatility-regime']));
  return detectors;
}

/** `detector` carrying `config` as its evidence params; set once at startup, never on the hot path. */
function withParams<S>(detector: Detector<S>, config: object): Detector<S> {
  return Object.assign(detector, { params: flattenParams(config) });
}

/** The detect step a `detectors` config describes: its detectors and, when on, the ensemble, with evidence on every event. */
export function buildDetectOperator(config: DetectorsConfig, evidence: EvidenceOptions = {}): ReturnType<typeof createDetectOperator> {
  const detectors = buildDetectors(config);
  return createDetectOperator(detectors, { ensemble: buildEnsemble(config, detectors), evidence });
}
