import { mean, median, quantile, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { RawRecord } from '../../../src/sources/raw-record.js';
import { createColumnProfiler } from '../../../pipelines/data-analysis/column-profiler.js';
import type { DatasetProfile } from '../../../pipelines/data-analysis/dataset-profile.js';
import { renderMarkdownReport } from '../../../pipelines/data-analysis/markdown-report.js';
import { ArraySource } from '../../helpers/array-source.js';
import { MemorySink } from '../../helpers/memory-sink.js';

function rowsFor(n: number): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < n; i++) {
    const price = 100 + rand() * 20;
    rows.push({ sector: ['tech', 'energy', 'health'][i % 3]!, price: price.toFixed(4), volume: String(Math.round(price * 10 + rand() * 50)) });
  }
  return rows;
}

async function profile(rows: Record<string, string>[], groupBy?: string) {
  const records: RawRecord[] = rows.map((value, i) => ({ value, origin: `data.csv:${i + 2}` }));
  const sink = new MemorySink<DatasetProfile>();
  const dead = new MemorySink<DeadLetter>('dead');
  const profiler = createColumnProfiler(groupBy === undefined ? { source: 'data.csv' } : { source: 'data.csv', groupBy });
  await runPipeline(pipeline('data-analysis').from(new ArraySource(records, 64)).through(profiler).to(sink).deadLettersTo(dead).build());
  expect(sink.flushed).toHaveLength(1);
  return { result: sink.flushed[0]!, dead: dead.flushed };
}

describe('data-analysis profile', () => {
  it('matches simple-statistics on every numeric summary and correlation', async () => {
    const rows = rowsFor(1000);
    const prices = rows.map((r) => Number(r['price']));
    const volumes = rows.map((r) => Number(r['volume']));
    const { result } = await profile(rows);
    expect(result.rows).toBe(1000);
    const price = result.numeric.find((s) => s.column === 'price')!;
    expect(price.count).toBe(1000);
    expect(price.mean).toBeCloseTo(mean(prices), 9);
    expect(price.std).toBeCloseTo(sampleStandardDeviation(prices), 9);
    expect(price.median).toBeCloseTo(median(prices), 9);
    expect(price.p95).toBeCloseTo(quantile(prices, 0.95), 9);
    expect(result.correlations.columns).toEqual(['price', 'volume']);
    expect(result.correlations.matrix[0]![1]).toBeCloseTo(sampleCorrelation(prices, volumes), 9);
    const sector = result.categorical.find((s) => s.column === 'sector')!;
    expect(sector).toMatchObject({ count: 1000, distinct: 3, top: [['tech', 334], ['energy', 333], ['health', 333]] });
  });

  it('summarises numeric columns per group', async () => {
    const rows = rowsFor(300);
    const { result } = await profile(rows, 'sector');
    const energy = result.groupBy!.groups.find((g) => g.group === 'energy')!;
    const energyPrices = rows.filter((r) => r['sector'] === 'energy').map((r) => Number(r['price']));
    expect(energy.rows).toBe(100);
    expect(energy.columns['price']!.mean).toBeCloseTo(mean(energyPrices), 9);
    expect(energy.columns['price']!.std).toBeCloseTo(sampleStandardDeviation(energyPrices), 9);
  });

  it('counts missing cells and dead-letters non-numbers in a numeric column without losing the row', async () => {
    const rows = [
      { a: '1', b: 'x' },
      { a: '', b: 'y' },
      { a: 'oops', b: 'z' },
      { a: '4', b: 'x' },
    ];
    const { result, dead } = await profile(rows);
    expect(result.rows).toBe(4);
    expect(result.numeric[0]).toMatchObject({ column: 'a', count: 2, missing: 2, mean: 2.5 });
    expect(result.categorical[0]).toMatchObject({ column: 'b', count: 4, distinct: 3 });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ origin: 'data.csv:4', reason: { code: 'not_a_number', field: 'a' } });
  });

  it('renders a Markdown report with the tables a reader expects', async () => {
    const { result } = await profile(rowsFor(50), 'sector');
    const markdown = renderMarkdownReport(result);
    expect(markdown).toContain('# Data analysis: data.csv');
    expect(markdown).toContain('## Numeric columns');
    expect(markdown).toContain('## Correlations');
    expect(markdown).toContain('## By sector');
    expect(markdown).toMatch(/\| price \| 50 \| 0 \|/);
  });
});
