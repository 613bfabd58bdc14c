import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import { InputError } from '../../../../src/core/errors.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { createLogger } from '../../../../src/observability/logger.js';
import type { DatasetProfile } from '../../../../pipelines/data-analysis/dataset-profile.js';
import { runDataAnalysis } from '../../../../pipelines/data-analysis/index.js';
import { runCli } from '../../../helpers/cli.js';

const quiet = { write: () => true } as unknown as NodeJS.WriteStream;

async function inTempDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'data-analysis-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function summaryIn(dir: string): Promise<JobSummary<DatasetProfile>> {
  return JSON.parse(await readFile(join(dir, 'reports/data-analysis/summary.json'), 'utf8')) as JobSummary<DatasetProfile>;
}

describe('riskwatch job data-analysis', () => {
  it('writes the profile as the summary results and an HTML report with every chart', async () => {
    const dir = await inTempDir({ 'prices.csv': 'sector,price,volume\ntech,10,100\ntech,12,120\nenergy,20,50\nenergy,22,55\nenergy,,60\n' });
    const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
    await runDataAnalysis({ input: 'prices.csv', groupBy: 'sector' }, { maxSkipped: 0, progress: 'off' }, env, quiet);
    const summary = await summaryIn(dir);
    expect(summary.rows).toMatchObject({ read: 5, skipped: 0 });
    const price = summary.results.numeric.find((s) => s.column === 'price')!;
    // 10, 12, 20, 22: mean 16, median 16, one missing.
    expect(price).toMatchObject({ count: 4, missing: 1, mean: 16, median: 16, min: 10, max: 22 });
    expect(summary.results.groupBy!.groups.map((g) => [g.group, g.rows, g.columns['price']!.mean])).toEqual([
      ['energy', 3, 21],
      ['tech', 2, 11],
    ]);
    const html = await readFile(join(dir, 'reports/data-analysis/report.html'), 'utf8');
    for (const section of ['Dataset', 'Numeric columns', 'Categorical columns', 'Correlations', 'By sector']) expect(html).toContain(`<h2>${section}</h2>`);
    // Histograms, heatmap, rows per group, means per group.
    expect(html.match(/<svg/g)).toHaveLength(4);
  });

  it('runs on the bundled input with no arguments (CLI)', async () => {
    const dir = await inTempDir({});
    const { code, stderr } = await runCli(['job', 'data-analysis', '--progress', 'off'], dir);
    expect(code, stderr).toBe(0);
    const summary = await summaryIn(dir);
    const results = summary.results;
    // By construction: 70 weekdays × 36 stocks, 6 sectors of 6, volatility from each stock's 20th day.
    expect(summary.rows).toMatchObject({ read: 2520, skipped: 0 });
    expect(results.numeric.map((s) => s.column)).toEqual(['close', 'return_pct', 'volume', 'turnover_musd', 'volatility_20d']);
    expect(results.numeric.find((s) => s.column === 'volatility_20d')).toMatchObject({ count: 70 * 36 - 19 * 36, missing: 19 * 36, quantilesExact: true });
    expect(results.categorical.map((s) => [s.column, s.distinct])).toEqual([['date', 70], ['symbol', 36], ['sector', 6]]);
    expect(results.groupBy!.groups.map((g) => g.rows)).toEqual([420, 420, 420, 420, 420, 420]);
    expect(stderr).toContain('report          reports/data-analysis/report.html');
  });

  it('exits 3 on a bad cell, naming file, line and field, and counts the skipped row (CLI)', async () => {
    const dir = await inTempDir({ 'bad.csv': `symbol,price\n${Array.from({ length: 12 }, (_, i) => (i === 4 ? 'E,abc' : `S${i},${i}`)).join('\n')}\n` });
    const { code, stderr } = await runCli(['job', 'data-analysis', '--input', 'bad.csv', '--progress', 'off'], dir);
    expect(code).toBe(3);
    expect(stderr).toContain('bad.csv:6: field "price": expected a number, got "abc"');
    const summary = await summaryIn(dir);
    expect(summary.rows).toMatchObject({ read: 12, skipped: 1 });
    expect(summary.results.numeric[0]).toMatchObject({ column: 'price', count: 11 });
  });

  it('fails in-process with an InputError too, and tolerates the row under --max-skipped', async () => {
    const dir = await inTempDir({ 'bad.jsonl': '{"v":1}\n{"v":2}\n{"v":"two"}\n{"v":3}\n{"v":4}\n{"v":5}\n{"v":6}\n{"v":7}\n{"v":8}\n{"v":9}\n{"v":10}\n' });
    const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
    await expect(runDataAnalysis({ input: 'bad.jsonl' }, { maxSkipped: 0, progress: 'off' }, env, quiet)).rejects.toThrow(InputError);
    const summary = await runDataAnalysis({ input: 'bad.jsonl' }, { maxSkipped: 1, progress: 'off' }, env, quiet);
    expect(summary.results.numeric[0]).toMatchObject({ column: 'v', count: 10, mean: 5.5 });
    expect(summary.skipped.examples).toEqual(['bad.jsonl:3: field "v": expected a number, got "two"']);
  });
});
