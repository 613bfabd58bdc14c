/**
 * Area under the ROC curve: the probability that a random death scores above a random survivor,
 * ties counting half (the Mann–Whitney U statistic), from one sort.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = sortedByScore(scores);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface RocPoint {
  readonly falsePositiveRate: number;
  readonly truePositiveRate: number;
}

/** The ROC curve, one point per distinct score, thinned to about `maxPoints` for charts. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = 200): RocPoint[] {
  const order = sortedByScore(scores).reverse();
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = order.length - positives;
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  const every = Math.max(1, Math.floor(order.length / maxPoints));
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]!] === 1) tp++;
    else fp++;
    const lastOfTie = k === order.length - 1 || scores[order[k + 1]!] !== scores[order[k]!];
    if (lastOfTie && (k % every === 0 || k === order.length - 1)) points.push({ falsePositiveRate: fp / Math.max(negatives, 1), truePositiveRate: tp / Math.max(positives, 1) });
  }
  return points;
}

export interface CalibrationBin {
  /** Predicted probabilities in [lower, upper); the last bin includes 1. */
  readonly lower: number;
  readonly upper: number;
  readonly rows: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Reliability curve: equal-width probability bins, each with its mean prediction and death rate; empty bins left out. */
export function calibrationBins(scores: ArrayLike<number>, labels: ArrayLike<number>, binCount = 10): CalibrationBin[] {
  const rows = new Float64Array(binCount);
  const predicted = new Float64Array(binCount);
  const observed = new Float64Array(binCount);
  for (let i = 0; i < scores.length; i++) {
    const bin = Math.min(binCount - 1, Math.floor(scores[i]! * binCount));
    rows[bin] = rows[bin]! + 1;
    predicted[bin] = predicted[bin]! + scores[i]!;
    observed[bin] = observed[bin]! + labels[i]!;
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < binCount; b++) {
    if (rows[b] === 0) continue;
    bins.push({ lower: b / binCount, upper: (b + 1) / binCount, rows: rows[b]!, meanPredicted: predicted[b]! / rows[b]!, observedRate: observed[b]! / rows[b]! });
  }
  return bins;
}

/** Mean squared difference between predicted probability and outcome. */
export function brierScore(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += (scores[i]! - labels[i]!) ** 2;
  return sum / scores.length;
}

export function meanAndSd(values: readonly number[]): { readonly mean: number; readonly sd: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

function sortedByScore(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a]! - scores[b]!);
}
