import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import type { AdAnalyticsSummaryResults } from '../../../../pipelines/ad-analytics/local-run.js';
import { runCli } from '../../../helpers/cli.js';
import { tempDir } from './helpers.js';

const readSummary = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as JobSummary<AdAnalyticsSummaryResults>;

describe('riskwatch job ad-analytics (built CLI)', () => {
  it('runs offline with no arguments on a generated week, finds the planted anomalies, and worker threads give the single-thread result', async () => {
    const dir = await tempDir();
    const run = await runCli(['job', 'ad-analytics', '--progress', 'off'], dir);
    expect(run.code, run.stderr).toBe(0);
    const summary = await readSummary(join(dir, 'reports/ad-analytics/summary.json'));
    expect(summary.rows).toMatchObject({ read: 200_000, skipped: 0 });
    expect(summary.results.execution).toEqual({ mode: 'file', workers: availableParallelism(), chunks: Math.min(availableParallelism(), 11) });
    expect(summary.results).toMatchObject({ campaigns: 12, exchanges: 4, cells: 12 * 4 * 168, hours: { count: 168 } });
    expect(summary.results.totals.rows).toBe(200_000);
    expect(summary.results.plantedRecall).toMatchObject({ planted: 9, found: 9 });
    expect(await readFile(join(dir, 'reports/ad-analytics/report.html'), 'utf8')).toContain('<svg');

    const single = await runCli(['job', 'ad-analytics', '--input', 'reports/ad-analytics/input/ads.csv', '--workers', '1', '--out', 'single', '--progress', 'off'], dir);
    expect(single.code, single.stderr).toBe(0);
    const one = await readSummary(join(dir, 'single/summary.json'));
    expect(one.results.execution).toEqual({ mode: 'file', workers: 1, chunks: 1 });
    expect({ ...one.results, execution: undefined }).toEqual({ ...summary.results, execution: undefined });
  });

  it('exits 3 on a bad row in a later range, naming file, line and field, with the row counted as skipped', async () => {
    const dir = await tempDir();
    const generated = await runCli(['job', 'ad-analytics', 'generate', '--rows', '40000', '--out', 'ads.csv', '--hours', '60'], dir);
    expect(generated.code, generated.stderr).toBe(0);
    const lines = (await readFile(join(dir, 'ads.csv'), 'utf8')).split('\n');
    lines[38_999] = lines[38_999]!.replace(/,(\d+),(\d+),(\d+),/, ',$1,-4,$3,');
    await writeFile(join(dir, 'ads.csv'), lines.join('\n'));
    const run = await runCli(['job', 'ad-analytics', '--input', 'ads.csv', '--workers', '2', '--progress', 'off'], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ads.csv:39000: field "clicks": expected an integer ≥ 0, got "-4"');
    const summary = await readSummary(join(dir, 'reports/ad-analytics/summary.json'));
    expect(summary.rows).toMatchObject({ read: 40_000, skipped: 1 });
    expect(summary.results.execution).toMatchObject({ chunks: 2 });
    expect(summary.results.totals.rows).toBe(39_999);
  });
});
