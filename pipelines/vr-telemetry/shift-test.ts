import { errorFunction, wilcoxonRankSum } from 'simple-statistics';

/** Is the candidate really worse (larger), session for session? A one-sided Mann–Whitney U test. */
export interface ShiftTest {
  readonly nBaseline: number;
  readonly nCandidate: number;
  /** Mann–Whitney U of the candidate: pairs (baseline, candidate) where the candidate is larger (ties count ½). */
  readonly u: number;
  readonly z: number;
  /** One-sided p-value of "the candidate is larger", normal approximation with continuity correction. */
  readonly pValue: number;
  /**
   * Effect size (Vargha–Delaney A): the chance that a random candidate session is worse than a
   * random baseline session; 0.5 means no shift, 1 means every candidate session is worse.
   */
  readonly probabilityWorse: number;
}

/**
 * Compares per-session values (one per session, so correlated frames within a session do not
 * inflate the evidence). Without tie correction the variance is slightly overstated when values
 * tie (e.g. sessions with no dropped frame), which only makes the test more conservative.
 * Needs at least one value on each side; meant for about 8 or more per side (normal approximation).
 */
export function candidateWorse(baseline: readonly number[], candidate: readonly number[]): ShiftTest {
  const nBaseline = baseline.length;
  const nCandidate = candidate.length;
  const rankSum = wilcoxonRankSum([...candidate], [...baseline]);
  const u = rankSum - (nCandidate * (nCandidate + 1)) / 2;
  const pairs = nBaseline * nCandidate;
  const sd = Math.sqrt((pairs * (nBaseline + nCandidate + 1)) / 12);
  const z = sd === 0 ? 0 : (u - pairs / 2 - 0.5) / sd;
  const pValue = Math.min(1, Math.max(0, 0.5 * (1 - errorFunction(z / Math.SQRT2))));
  return { nBaseline, nCandidate, u, z, pValue, probabilityWorse: u / pairs };
}
