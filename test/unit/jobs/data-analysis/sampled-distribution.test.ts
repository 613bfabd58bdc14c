import { mean, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { csvLine, CSV_HEADER, dailySectorRows } from '../../../../pipelines/data-analysis/daily-sector-returns.js';
import { ReservoirSample } from '../../../../pipelines/data-analysis/reservoir-sample.js';
import { correlationOf, numericOf, profileRows } from './profile-rows.js';

const ROWS = 150_000;
const SAMPLE = 8192;
/**
 * A quantile from a uniform sample of k values is off in rank by about √(p(1−p)/k) ≤ 0.5/√k
 * (0.0055 for k = 8192); 0.02 is over 3.5 of those, so the test is not at the mercy of the seed.
 */
const RANK_TOLERANCE = 0.02;

/** The generator's rows as a CSV would give them (strings; '' for a missing volatility). */
function generatedRows(count: number): Record<string, string>[] {
  const columns = CSV_HEADER.split(',');
  const rows: Record<string, string>[] = [];
  for (const row of dailySectorRows(3)) {
    if (rows.length === count) break;
    const cells = csvLine(row).split(',');
    rows.push(Object.fromEntries(columns.map((column, i) => [column, cells[i]!])));
  }
  return rows;
}

/** Share of `sorted` at or below `value`. */
function rankOf(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low / sorted.length;
}

describe('data-analysis on an input larger than its sample', () => {
  const rows = generatedRows(ROWS);
  const column = (name: string): number[] => rows.map((r) => r[name]!).filter((v) => v !== '').map(Number);

  it('keeps count, mean, std, extremes and correlations exact, and quantiles within the stated rank tolerance', async () => {
    const { profile } = await profileRows(rows, { sampleSize: SAMPLE, fixedColumns: true });
    for (const name of ['close', 'return_pct', 'volume', 'volatility_20d']) {
      const values = column(name);
      const sorted = Float64Array.from(values).sort();
      const summary = numericOf(profile, name);
      expect(summary.quantilesExact).toBe(false);
      expect(summary.count).toBe(values.length);
      expect(summary.mean).toBeCloseTo(mean(values), 6);
      expect(summary.std / sampleStandardDeviation(values)).toBeCloseTo(1, 10);
      expect(summary.min).toBe(sorted[0]);
      expect(summary.max).toBe(sorted.at(-1));
      for (const [p, estimate] of [[0.05, summary.p05], [0.25, summary.p25], [0.5, summary.median], [0.75, summary.p75], [0.95, summary.p95]] as const) {
        expect(Math.abs(rankOf(sorted, estimate) - p), `${name} p${p}`).toBeLessThan(RANK_TOLERANCE);
      }
      // Every histogram bin's share within the same tolerance of the exact share.
      let total = 0;
      for (const bin of summary.histogram) {
        const exact = rankOf(sorted, bin.to) - (bin === summary.histogram[0] ? 0 : rankOf(sorted, bin.from));
        expect(Math.abs(bin.count / values.length - exact), `${name} bin ${bin.from}`).toBeLessThan(RANK_TOLERANCE);
        total += bin.count;
      }
      expect(Math.abs(total - values.length)).toBeLessThanOrEqual(summary.histogram.length);
    }
    // Pairwise complete: volatility is missing for each symbol's first 19 days.
    const paired = rows.filter((r) => r['volatility_20d'] !== '');
    expect(correlationOf(profile, 'volume', 'volatility_20d')).toBeCloseTo(
      sampleCorrelation(paired.map((r) => Number(r['volume'])), paired.map((r) => Number(r['volatility_20d']))),
      10,
    );
    expect(correlationOf(profile, 'volume', 'turnover_musd')).toBeCloseTo(sampleCorrelation(column('volume'), column('turnover_musd')), 10);
  });
});

describe('ReservoirSample', () => {
  it('holds every value, so quantiles are exact, up to its capacity', () => {
    const sample = new ReservoirSample(100, 1, 0);
    for (let i = 100; i > 0; i--) sample.add(i);
    expect(sample.exact).toBe(true);
    expect(Array.from(sample.sorted())).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('keeps a uniform sample beyond it, the same one for the same seed', () => {
    const draw = (seed: number): Float64Array => {
      const sample = new ReservoirSample(1000, seed, 0);
      for (let i = 0; i < 100_000; i++) sample.add(i);
      return sample.sorted();
    };
    const sample = draw(9);
    expect(sample).toHaveLength(1000);
    expect(draw(9)).toEqual(sample);
    expect(draw(10)).not.toEqual(sample);
    // Uniform over 0..99,999: each tenth holds about 100 of the 1,000 (binomial sd ≈ 9.5).
    const perTenth = new Array<number>(10).fill(0);
    for (const value of sample) perTenth[Math.floor(value / 10_000)]!++;
    for (const n of perTenth) expect(Math.abs(n - 100)).toBeLessThan(40);
  });
});
