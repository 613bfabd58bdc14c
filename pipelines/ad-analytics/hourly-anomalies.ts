import { z } from 'zod';
import { validateConfig } from '../../src/config/validate-config.js';
import type { Detector } from '../../src/detectors/detector.js';
import { createRobustZScore, type RobustZScoreState } from '../../src/detectors/robust-zscore.js';
import type { Tick } from '../../src/ticks/tick.js';
import { HOUR_MS, type CellSums } from './ad-aggregate.js';
import { METRICS, type Metric } from './planted-anomalies.js';

export const anomalyOptionsSchema = z.strictObject({
  /** Flag an hour whose robust z-score (median / MAD of the previous hours) reaches this. */
  threshold: z.number().positive().default(8),
  /** Previous hours of the same series the median and MAD are taken over. */
  window: z.int().min(3).max(10_000).default(48),
  /** Hours a series needs before it may flag. */
  minHours: z.int().min(3).default(24),
  /** Smallest change, as a log ratio, that can flag (0.2 ≈ 22%): a very steady series must still move this much. */
  minChange: z.number().nonnegative().default(0.2),
});
export type AnomalyOptions = z.output<typeof anomalyOptionsSchema>;

/** One flagged hour of one metric of one (campaign, exchange). */
export interface AnomalousHour {
  readonly campaign: string;
  readonly exchange: string;
  /** Start of the hour, ISO-8601 UTC. */
  readonly hour: string;
  readonly metric: Metric;
  readonly direction: 'up' | 'down';
  /** Robust z-score of the hour's log metric against the previous hours. */
  readonly score: number;
  readonly value: number;
  /** The metric at the window's median. */
  readonly typical: number;
}

/** The metric of one cell; NaN when its denominator is 0. Cost in currency units. */
export function metricOf(cell: Pick<CellSums, 'impressions' | 'clicks' | 'conversions' | 'costMicros'>, metric: Metric): number {
  const cost = cell.costMicros / 1e6;
  switch (metric) {
    case 'ctr':
      return cell.impressions > 0 ? cell.clicks / cell.impressions : NaN;
    case 'cvr':
      return cell.clicks > 0 ? cell.conversions / cell.clicks : NaN;
    case 'cpc':
      return cell.clicks > 0 ? cost / cell.clicks : NaN;
    case 'cpm':
      return cell.impressions > 0 ? (cost / cell.impressions) * 1000 : NaN;
  }
}

/** |S| beyond which the synthetic price is rebuilt from 0, far inside exp's range (±709). */
const REBASE_LIMIT = 300;

/**
 * Flags anomalous hours with riskwatch's own robust z-score detector, through a small adapter:
 * each (campaign, exchange) metric series becomes a tick series whose log return IS the hour's
 * log metric, x = ln(metric + ε) (ε: 1% of the series median, so a metric of 0 scores finitely).
 * The detector scores each return against the median and MAD of the previous `window` returns,
 * so it scores each hour's level against the hours before it. The tick price is exp of the running
 * sum of x minus the series mean (the mean only keeps the sum near 0; the detector is blind to a
 * constant shift), and tick times are one hour apart per scored hour, so no gap scaling applies.
 * Hours whose denominator is 0 are left out; series whose median is 0 are not scored.
 * Expects `cells` sorted by campaign, exchange and hour (AdAggregate.sortedCells).
 */
export function findAnomalousHours(cells: readonly CellSums[], input: z.input<typeof anomalyOptionsSchema> = {}): AnomalousHour[] {
  const options = validateConfig(input, 'ad-analytics anomalies', anomalyOptionsSchema);
  const detector = createRobustZScore({
    window: options.window,
    minSamples: Math.min(options.minHours, options.window),
    threshold: options.threshold,
    minStd: options.minChange / options.threshold,
    minPriceStd: 0,
    price: 'trade',
  });
  const found: AnomalousHour[] = [];
  let from = 0;
  while (from < cells.length) {
    let to = from + 1;
    while (to < cells.length && cells[to]!.campaign === cells[from]!.campaign && cells[to]!.exchange === cells[from]!.exchange) to++;
    const series = cells.slice(from, to);
    for (const metric of METRICS) found.push(...scoreSeries(series, metric, detector, options.window));
    from = to;
  }
  return found;
}

function scoreSeries(series: readonly CellSums[], metric: Metric, detector: Detector<RobustZScoreState>, window: number): AnomalousHour[] {
  const hours: CellSums[] = [];
  const values: number[] = [];
  for (const cell of series) {
    const value = metricOf(cell, metric);
    if (Number.isNaN(value)) continue;
    hours.push(cell);
    values.push(value);
  }
  const median = medianOf(values);
  if (!(median > 0)) return [];
  const epsilon = median / 100;
  const x = values.map((value) => Math.log(value + epsilon));
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const { campaign, exchange } = series[0]!;
  const symbol = `${campaign}/${exchange}/${metric}`;
  const tick = (index: number, sum: number): Tick => ({ symbol, ts: index * HOUR_MS, price: Math.exp(sum), size: 0 });

  const found: AnomalousHour[] = [];
  let state = detector.createState();
  let sum = 0;
  detector.update(state, tick(-1, 0));
  for (let i = 0; i < x.length; i++) {
    sum += x[i]! - mean;
    if (Math.abs(sum) > REBASE_LIMIT) {
      // Same window, smaller numbers: replay the previous hours from 0 into a fresh state.
      state = detector.createState();
      sum = 0;
      const first = Math.max(0, i - window);
      detector.update(state, tick(first - 1, 0));
      for (let j = first; j < i; j++) detector.update(state, tick(j, (sum += x[j]! - mean)));
      sum += x[i]! - mean;
    }
    const event = detector.update(state, tick(i, sum));
    if (event === undefined) continue;
    const up = event.observed > event.expected;
    found.push({
      campaign,
      exchange,
      hour: new Date(hours[i]!.hour * HOUR_MS).toISOString(),
      metric,
      direction: up ? 'up' : 'down',
      score: Math.abs(event.score),
      value: values[i]!,
      typical: Math.exp(event.expected + mean) - epsilon,
    });
  }
  return found;
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
