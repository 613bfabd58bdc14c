/**
 * How often a detector raises an event at least this strong on normal data, per tick: measured
 * on anomaly-free data by running it at a sweep of flag thresholds (`riskwatch bench calibrate`),
 * so that scores in σ, ratios, gap multiples and CUSUM sums all become one currency, a tail
 * probability. A sweep, rather than one run at a low threshold: an edge-triggered detector
 * (one event per burst) reports the score at which an episode crossed its threshold, so only
 * running it at each level tells how often episodes reach that level.
 *
 * - Between the swept levels, the measured rate, interpolated linearly in log rate.
 * - Beyond the last level that fired often enough, a Pareto tail through the last two:
 *   P(S ≥ s) = rate(last) · (s / last)^-alpha. Tick-level scores are heavy-tailed, and a power
 *   law extrapolates them more cautiously than a normal or exponential tail would.
 * - A detector that calibration never saw fire (a crossed quote, a LULD breach: rule breaches,
 *   not tails) gets the rule-of-three upper bound, 3 / ticks, whatever its score.
 */
export interface TailModel {
  /** [score, rate per tick] pairs, score ascending; at least one. */
  readonly points: readonly (readonly [number, number])[];
  /** Pareto index beyond the last point; 0: the last point's rate holds beyond it (rule breaches). */
  readonly alpha: number;
}

/** P(score ≥ s) per tick under the model; the first point's rate below it. */
export function tailProbability(model: TailModel, score: number): number {
  const points = model.points;
  const [firstScore, firstRate] = points[0]!;
  if (!(score > firstScore)) return firstRate;
  const [lastScore, lastRate] = points[points.length - 1]!;
  if (score >= lastScore) return model.alpha > 0 ? lastRate * (score / lastScore) ** -model.alpha : lastRate;
  let i = 1;
  while (points[i]![0] < score) i++;
  const [s0, r0] = points[i - 1]!;
  const [s1, r1] = points[i]!;
  const t = s1 === s0 ? 1 : (score - s0) / (s1 - s0);
  return Math.exp(Math.log(r0) + t * (Math.log(r1) - Math.log(r0)));
}

/** Fewest events at a level for its rate to be a point of the model. */
export const MIN_LEVEL_EVENTS = 3;

/**
 * Fits a model to a threshold sweep: `levels` holds, for each flag threshold (ascending), how
 * many events the detector raised at it over `ticks` ticks of normal data. Each level with at
 * least MIN_LEVEL_EVENTS events is a point (rates made non-increasing); the Pareto index beyond
 * the last one is the log-log slope from the point before it. A detector that never fired often
 * enough gets the rule-of-three bound at its lowest level.
 */
export function fitTailModel(levels: readonly (readonly [number, number])[], ticks: number): TailModel {
  const points: [number, number][] = [];
  for (const [threshold, events] of levels) {
    if (events < MIN_LEVEL_EVENTS) break;
    const rate = events / ticks;
    const previous = points[points.length - 1];
    points.push([threshold, previous === undefined ? rate : Math.min(rate, previous[1])]);
  }
  if (points.length === 0) return { points: [[levels[0]?.[0] ?? 0, Math.min(1, 3 / ticks)]], alpha: 0 };
  if (points.length === 1) return { points, alpha: 0 };
  const [s0, r0] = points[points.length - 2]!;
  const [s1, r1] = points[points.length - 1]!;
  const alpha = Math.log(r0 / r1) / Math.log(s1 / s0);
  return { points, alpha: Number.isFinite(alpha) && alpha > 0 ? alpha : 0 };
}
