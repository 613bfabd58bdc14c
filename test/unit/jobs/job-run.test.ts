import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { InputError } from '../../../src/core/errors.js';
import { pipeline } from '../../../src/core/pipeline.js';
import type { Sink } from '../../../src/core/sink.js';
import { fileProgress, JobRun, runsPipeline, type JobSummary } from '../../../src/jobs/job-run.js';
import { createLogger } from '../../../src/observability/logger.js';
import { parseRows, type RowOf } from '../../../src/operators/parse-rows.js';
import { HtmlReport } from '../../../src/reports/html-report.js';
import { fileSource } from '../../../src/sources/file-source.js';

const ROW = { campaign: { type: 'string' }, clicks: { type: 'integer', min: 0 } } as const;
type Row = RowOf<typeof ROW>;

/** A tiny job over a CSV: total clicks per campaign, with a bar chart. */
async function runClicksJob(csv: string, maxSkipped = 0): Promise<{ dir: string; summary?: JobSummary<Record<string, number>>; error?: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'job-run-'));
  await writeFile(join(dir, 'clicks.csv'), csv);
  const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
  const run = new JobRun('clicks', { maxSkipped, progress: 'off' }, env, { write: () => true } as unknown as NodeJS.WriteStream);
  const totals: Record<string, number> = {};
  const sink: Sink<Row> = {
    id: 'totals',
    async write(rows) {
      for (const row of rows) totals[row.campaign] = (totals[row.campaign] ?? 0) + row.clicks;
    },
    async flush() {},
    async close() {},
  };
  const source = fileSource({ path: join(dir, 'clicks.csv') });
  const built = pipeline('clicks').from(source).through(parseRows('rows', ROW)).to(sink).deadLettersTo(run.skipped).build();
  try {
    const summary = await run.execute({
      inputs: ['clicks.csv'],
      progress: await fileProgress([source]),
      run: runsPipeline(built, env),
      async finish() {
        const report = new HtmlReport('Clicks');
        report
          .section('Per campaign')
          .chart({ data: { values: Object.entries(totals).map(([campaign, clicks]) => ({ campaign, clicks })) }, mark: 'bar', encoding: { x: { field: 'campaign', type: 'nominal' }, y: { field: 'clicks', type: 'quantitative' } } });
        return { results: totals, report };
      },
    });
    return { dir, summary };
  } catch (error) {
    return { dir, error };
  }
}

describe('JobRun', () => {
  it('writes the summary envelope with the job results, and an HTML report with an SVG chart', async () => {
    const { dir, summary } = await runClicksJob('campaign,clicks\na,1\nb,2\na,3\n');
    expect(summary?.results).toEqual({ a: 4, b: 2 });
    const written = JSON.parse(await readFile(join(dir, 'reports/clicks/summary.json'), 'utf8')) as JobSummary<unknown>;
    expect(written.rows).toMatchObject({ read: 3, skipped: 0 });
    expect(written.results).toEqual({ a: 4, b: 2 });
    const html = await readFile(join(dir, 'reports/clicks/report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('rows read');
  });

  it('skips a bad row, still writes the outputs, then fails naming file, line and field', async () => {
    const { dir, error } = await runClicksJob('campaign,clicks\na,1\nb,many\na,3\n');
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('clicks.csv:3: field "clicks": expected an integer ≥ 0, got "many"');
    const written = JSON.parse(await readFile(join(dir, 'reports/clicks/summary.json'), 'utf8')) as JobSummary<unknown>;
    expect(written.rows).toMatchObject({ read: 3, skipped: 1 });
    expect(written.results).toEqual({ a: 4 });
    const letters = (await readFile(join(dir, 'reports/clicks/skipped-rows.jsonl'), 'utf8')).trim().split('\n');
    expect(letters).toHaveLength(1);
  });

  it('tolerates skipped rows up to --max-skipped', async () => {
    const { summary, error } = await runClicksJob('campaign,clicks\na,1\nb,-2\n', 1);
    expect(error).toBeUndefined();
    expect(summary?.skipped.byReason).toEqual({ bad_field: 1 });
  });
});
