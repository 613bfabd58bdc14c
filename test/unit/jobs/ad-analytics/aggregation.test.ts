import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../../src/core/dead-letter.js';
import type { OperatorOutput } from '../../../../src/core/operator.js';
import { InputError } from '../../../../src/core/errors.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { SkippedRows } from '../../../../src/jobs/skipped-rows.js';
import { parseRows } from '../../../../src/operators/parse-rows.js';
import type { RawRecord } from '../../../../src/sources/raw-record.js';
import { AdAggregate, HOUR_MS } from '../../../../pipelines/ad-analytics/ad-aggregate.js';
import { generateAdLog } from '../../../../pipelines/ad-analytics/ad-log-generator.js';
import { AD_ROW, aggregateAdRows } from '../../../../pipelines/ad-analytics/ad-rows.js';
import { anomalyOptionsSchema } from '../../../../pipelines/ad-analytics/hourly-anomalies.js';
import { runLocal, type AdAnalyticsSummaryResults } from '../../../../pipelines/ad-analytics/local-run.js';
import { ParallelAggregator } from '../../../../pipelines/ad-analytics/parallel-aggregation.js';
import { adCsv, quiet, tempDir, testEnv } from './helpers.js';

const H10 = Date.UTC(2026, 0, 5, 10);
const H11 = Date.UTC(2026, 0, 5, 11);

const FIXTURE = adCsv([
  ['2026-01-05T10:00:00Z', 'a', 'x', 100, 5, 1, '0.25'],
  ['2026-01-05T10:59:59Z', 'a', 'x', 300, 7, 0, '0.75'],
  ['2026-01-05T11:00:00Z', 'a', 'x', 200, 4, 2, '0.5'],
  ['2026-01-05T10:30:00Z', 'b', 'x', 1000, 10, 1, '2.5'],
  [String(H11 + 60_000), 'b', 'y', 50, 0, 0, '0.1'],
]);

async function runJob(csv: string, workers = 1, maxSkipped = 0): Promise<{ summary?: JobSummary<AdAnalyticsSummaryResults>; error?: unknown; dir: string }> {
  const dir = await tempDir();
  await writeFile(join(dir, 'ads.csv'), csv);
  try {
    await runLocal({ input: 'ads.csv', labels: undefined, workers, anomalies: anomalyOptionsSchema.parse({}) }, { maxSkipped, progress: 'off', out: 'out' }, testEnv(dir), quiet);
  } catch (error) {
    return { error, dir };
  }
  return { summary: JSON.parse(await readFile(join(dir, 'out/summary.json'), 'utf8')) as JobSummary<AdAnalyticsSummaryResults>, dir };
}

describe('ad-analytics aggregation', () => {
  it('sums per (campaign, exchange, hour) and computes CTR, CVR, CPC and CPM, checked by hand', async () => {
    const { summary } = await runJob(FIXTURE);
    const r = summary!.results;
    expect(summary!.rows).toMatchObject({ read: 5, skipped: 0 });
    expect(r.cells).toBe(4);
    expect(r.totals).toEqual({ impressions: 1650, clicks: 26, conversions: 4, cost: 4.1, rows: 5, ctr: 26 / 1650, cvr: 4 / 26, cpc: 4.1 / 26, cpm: (4.1 / 1650) * 1000 });
    expect(r.byCampaign.map((c) => [c.campaign, c.impressions, c.clicks, c.conversions, c.cost, c.cpm])).toEqual([
      ['a', 600, 16, 3, 1.5, 2.5],
      ['b', 1050, 10, 1, 2.6, (2.6 / 1050) * 1000],
    ]);
    expect(r.byExchange.map((e) => [e.exchange, e.clicks, e.cvr])).toEqual([
      ['x', 26, 4 / 26],
      ['y', 0, null],
    ]);
    expect(r.byHour.map((h) => [h.hour, h.impressions, h.clicks, h.rows])).toEqual([
      [new Date(H10).toISOString(), 1400, 22, 3],
      [new Date(H11).toISOString(), 250, 4, 2],
    ]);
  });

  it('keeps cost in integer micro-units, so sums are exact', () => {
    const aggregate = new AdAggregate();
    for (let i = 0; i < 10; i++) aggregate.add('a', 'x', H10, 1, 0, 0, 100_000);
    // Ten float additions of 0.1 make 0.9999999999999999; ten of 100,000 micro-units make 1,000,000.
    expect(aggregate.sortedCells()[0]!.costMicros).toBe(1_000_000);
  });

  it('merges partials into the same cells whatever the split', () => {
    const whole = new AdAggregate();
    const left = new AdAggregate();
    const right = new AdAggregate();
    const rows: [string, string, number, number][] = [];
    for (let i = 0; i < 500; i++) rows.push([`c${i % 7}`, `e${i % 3}`, H10 + ((i * 7919) % 50) * HOUR_MS, i]);
    rows.forEach(([c, e, ts, n], i) => {
      whole.add(c, e, ts, n, n % 5, n % 2, n * 10);
      (i % 2 === 0 ? left : right).add(c, e, ts, n, n % 5, n % 2, n * 10);
    });
    const merged = new AdAggregate();
    merged.merge(right.toPartial());
    merged.merge(left.toPartial());
    expect(merged.sortedCells()).toEqual(whole.sortedCells());
  });

  it('gives exactly the single-range result when the file is cut into ranges, and numbers skipped rows by file line', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ads.csv');
    await generateAdLog({ rows: 3000, out: path, hours: 60, campaigns: 3, exchanges: 2 });
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    lines[2500] = lines[2500]!.replace(/,(\d+),(\d+),(\d+),/, ',$1,lots,$3,');
    await writeFile(path, lines.join('\n'));
    const run = async (workers: number) => {
      const skipped = new SkippedRows(join(dir, `skipped-${workers}.jsonl`));
      const aggregator = new ParallelAggregator({ path, workers, scratchDir: dir, executor: 'here', minChunkBytes: 1024 });
      const result = await aggregator.run(skipped, new AbortController().signal);
      await skipped.close();
      return { result, skipped: skipped.report() };
    };
    const one = await run(1);
    const five = await run(5);
    expect(one.result.chunks).toBe(1);
    expect(five.result.chunks).toBe(5);
    expect(five.result.aggregate.sortedCells()).toEqual(one.result.aggregate.sortedCells());
    expect(five.result.rows).toBe(3000);
    expect(one.skipped.examples).toEqual([`ads.csv:2501: field "clicks": expected an integer ≥ 0, got "lots"`]);
    expect(five.skipped.examples).toEqual(one.skipped.examples);
    expect(five.skipped.count).toBe(1);
  });

  it('skips a bad row, counts it, and fails with file, line and field', async () => {
    const bad = FIXTURE.replace('2026-01-05T11:00:00Z,a,x,200,4,2,0.5', '2026-01-05T11:00:00Z,a,x,200,4,2,free');
    const { error, dir } = await runJob(bad);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('ads.csv:4: field "cost": expected a number ≥ 0, got "free"');
    const summary = JSON.parse(await readFile(join(dir, 'out/summary.json'), 'utf8')) as JobSummary<AdAnalyticsSummaryResults>;
    expect(summary.rows).toMatchObject({ read: 5, skipped: 1 });
    expect(summary.results.totals.impressions).toBe(1450);
  });
});

describe('aggregateAdRows', () => {
  it('rejects exactly the rows parseRows(AD_ROW) rejects, with the same reasons, and sums what it accepts', () => {
    const good = { ts: '2026-01-05T10:00:00Z', campaign: 'a', exchange: 'x', impressions: '10', clicks: '1', conversions: '0', cost: '0.5' };
    const records: RawRecord[] = [
      good,
      { ...good, ts: '1767607200000' },
      { ...good, ts: 'yesterday' },
      { ...good, ts: '' },
      { ...good, campaign: '' },
      { ...good, exchange: undefined },
      { ...good, impressions: '-1' },
      { ...good, clicks: '1.5' },
      { ...good, conversions: 'none' },
      { ...good, cost: '-0.1' },
      { ...good, cost: 'NaN' },
      { ...good, impressions: ' 12 ', cost: '1e-2' },
      { ...good, clicks: '  ' },
      { ...good, cost: ' ' },
      { ts: 1767607200000, campaign: 'a', exchange: 'x', impressions: 3, clicks: 0, conversions: 0, cost: 0 },
      { ...good, impressions: 3.5 },
      { ...good, campaign: 7 },
      ['not', 'an', 'object'],
    ].map((value, i) => ({ value, origin: `ads.csv:${i + 2}` }));

    const rejects = (): { out: OperatorOutput<unknown>; seen: [string | undefined, RejectReason][]; emitted: unknown[] } => {
      const seen: [string | undefined, RejectReason][] = [];
      const emitted: unknown[] = [];
      return { seen, emitted, out: { emit: (v) => void emitted.push(v), reject: (_r, reason, origin) => void seen.push([origin, reason]), side: () => undefined } };
    };
    const reference = rejects();
    const parse = parseRows('rows', AD_ROW);
    for (const record of records) parse.process(record, reference.out);
    const fast = rejects();
    const aggregate = new AdAggregate();
    const operator = aggregateAdRows('rows', aggregate);
    for (const record of records) operator.process(record, fast.out);

    expect(fast.seen).toEqual(reference.seen);
    expect(reference.seen).toHaveLength(14);
    const accepted = reference.emitted as { impressions: number; cost: number }[];
    const cells = aggregate.sortedCells();
    expect(cells.reduce((n, c) => n + c.impressions, 0)).toBe(accepted.reduce((n, r) => n + r.impressions, 0));
    expect(cells.reduce((n, c) => n + c.costMicros, 0)).toBe(Math.round(accepted.reduce((n, r) => n + r.cost, 0) * 1e6));
  });
});
