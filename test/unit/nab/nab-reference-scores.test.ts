import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreResultsDir } from '../../../src/nab/score-results.js';

/** The shared NAB corpus (data, labels, profiles, published detectors' results); not in the repo. */
const NAB = process.env['RISKWATCH_NAB_DIR'] ?? '/work/shared/nab';

/** Normalized scores from the corpus README: standard, reward_low_FP_rate, reward_low_FN_rate. */
const REFERENCE: Readonly<Record<string, readonly [number, number, number]>> = {
  ARTime: [74.761, 64.703, 80.396],
  numenta: [66.693, 60.01, 71.055],
  knncad: [58.452, 40.04, 66.746],
  earthgeckoSkyline: [54.677, 41.284, 60.525],
  windowedGaussian: [38.364, 19.606, 46.158],
};

describe.skipIf(!existsSync(NAB))('NAB scorer on the shared corpus', () => {
  it.each(Object.entries(REFERENCE))('reproduces the reference normalized scores of %s', async (detector, expected) => {
    const scores = await scoreResultsDir({
      resultsDir: `${NAB}/reference/${detector}`,
      labelsPath: `${NAB}/labels/combined_windows.json`,
      profilesPath: `${NAB}/config/profiles.json`,
      dataDir: `${NAB}/data`,
    });
    expect(scores.map((score) => score.profile)).toEqual(['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']);
    scores.forEach((score, i) => expect(Math.abs(score.normalized - expected[i]!)).toBeLessThan(0.2));
  });
});
