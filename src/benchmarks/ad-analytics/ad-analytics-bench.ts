import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdAggregate, MICROS } from '../../../pipelines/ad-analytics/ad-aggregate.js';
import { generateAdLog } from '../../../pipelines/ad-analytics/ad-log-generator.js';
import { AD_ROW } from '../../../pipelines/ad-analytics/ad-rows.js';
import { ParallelAggregator } from '../../../pipelines/ad-analytics/parallel-aggregation.js';
import { pipeline } from '../../core/pipeline.js';
import { runPipeline } from '../../core/runner.js';
import type { Sink } from '../../core/sink.js';
import { SkippedRows } from '../../jobs/skipped-rows.js';
import { parseRows, type RowOf } from '../../operators/parse-rows.js';
import { fileSource } from '../../sources/file-source.js';
import { formatCount, textTable } from '../text-table.js';

export interface AdBenchOptions {
  readonly rows: number;
  readonly workers: readonly number[];
  readonly repeat: number;
  readonly format: 'csv' | 'jsonl';
}

interface Timed {
  readonly label: string;
  readonly workers: number;
  readonly seconds: number;
  /** CPU time of the whole process (every thread) in that run: rows per CPU-second do not depend on what else runs on the machine. */
  readonly cpuSeconds: number;
  readonly rows: number;
}

export interface AdBenchResult {
  readonly options: AdBenchOptions;
  readonly fileBytes: number;
  readonly generateSeconds: number;
  readonly runs: readonly Timed[];
  readonly peakRssMb: number;
  readonly loadAverage: readonly number[];
}

/**
 * `riskwatch bench ad-analytics`: rows per second of the ad-analytics aggregation over a generated
 * log, on 1..n worker threads (best of `repeat`), against the same pipeline with the generic
 * parseRows step and a row object per row (what the fused step replaced), plus the generator's own
 * rate. Every run must give the same cells, or the bench fails.
 */
export async function benchAdAnalytics(options: AdBenchOptions, log: (line: string) => void = () => undefined): Promise<AdBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-bench-ad-'));
  const loadAverage = loadavg();
  try {
    const path = join(dir, `ads.${options.format}`);
    let started = performance.now();
    await generateAdLog({ rows: options.rows, out: path });
    const generateSeconds = (performance.now() - started) / 1000;
    const fileBytes = (await stat(path)).size;
    log(`generated ${options.rows} rows (${(fileBytes / 2 ** 20).toFixed(0)} MiB) in ${generateSeconds.toFixed(1)} s`);

    const runs: Timed[] = [];
    let reference: string | undefined;
    const check = (aggregate: AdAggregate): void => {
      const cells = JSON.stringify(aggregate.sortedCells());
      reference ??= cells;
      if (cells !== reference) throw new Error('ad-analytics bench: runs disagree on the aggregate');
    };
    const best = async (label: string, workers: number, once: () => Promise<{ rows: number; aggregate: AdAggregate }>): Promise<void> => {
      let seconds = Infinity;
      let cpuSeconds = Infinity;
      let rows = 0;
      for (let i = 0; i < options.repeat; i++) {
        started = performance.now();
        const cpu = process.cpuUsage();
        const result = await once();
        const used = process.cpuUsage(cpu);
        seconds = Math.min(seconds, (performance.now() - started) / 1000);
        cpuSeconds = Math.min(cpuSeconds, (used.user + used.system) / 1e6);
        rows = result.rows;
        check(result.aggregate);
      }
      runs.push({ label, workers, seconds, cpuSeconds, rows });
      log(`${label}, ${workers} worker(s): ${(seconds).toFixed(2)} s`);
    };

    await best('parseRows + aggregate (generic step)', 1, () => genericPipeline(path));
    for (const workers of options.workers) {
      await best('fused parse-and-aggregate', workers, async () => {
        const skipped = new SkippedRows(join(dir, 'skipped.jsonl'));
        const aggregator = new ParallelAggregator({ path, workers, scratchDir: dir, executor: workers > 1 ? 'threads' : 'here' });
        const result = await aggregator.run(skipped, new AbortController().signal);
        return { rows: result.rows, aggregate: result.aggregate };
      });
    }
    return { options, fileBytes, generateSeconds, runs, peakRssMb: process.resourceUsage().maxRSS / 1024, loadAverage };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same aggregation with parseRows(AD_ROW) making a typed row object per row, then adding it. */
async function genericPipeline(path: string): Promise<{ rows: number; aggregate: AdAggregate }> {
  const aggregate = new AdAggregate();
  const sink: Sink<RowOf<typeof AD_ROW>> = {
    id: 'aggregate',
    async write(rows) {
      for (const r of rows) aggregate.add(r.campaign, r.exchange, r.ts, r.impressions, r.clicks, r.conversions, Math.round(r.cost * MICROS));
    },
    async flush() {},
    async close() {},
  };
  const dead: Sink<unknown> = { id: 'dead', async write() {}, async flush() {}, async close() {} };
  const source = fileSource({ path, batchSize: 4096, readChunkBytes: 1 << 20 });
  const summary = await runPipeline(pipeline('generic').from(source).through(parseRows('rows', AD_ROW)).to(sink).deadLettersTo(dead).build());
  return { rows: summary.recordsIn, aggregate };
}

export function renderAdBench(result: AdBenchResult): string {
  const single = result.runs.find((run) => run.workers === 1 && run.label.startsWith('fused'));
  const rows = result.runs.map((run) => {
    const perSecond = run.rows / run.seconds;
    return [
      run.label,
      String(run.workers),
      run.seconds.toFixed(2),
      formatCount(perSecond),
      formatCount(perSecond / run.workers),
      formatCount(run.rows / run.cpuSeconds),
      single === undefined || !run.label.startsWith('fused') ? '-' : `${(perSecond / (single.rows / single.seconds)).toFixed(2)}×`,
    ];
  });
  return [
    `${formatCount(result.options.rows)} rows of ${result.options.format.toUpperCase()} (${(result.fileBytes / 2 ** 20).toFixed(0)} MiB), best of ${result.options.repeat}; ` +
      `load average at start ${result.loadAverage.map((n) => n.toFixed(2)).join(' ')}`,
    '',
    textTable(['pipeline', 'workers', 'seconds', 'rows/s', 'rows/s per worker', 'rows per CPU-s', 'vs 1 worker'], rows),
    '',
    'rows/s and "vs 1 worker" are wall-clock figures and depend on free cores; rows per CPU-s counts every thread of the process.',
    '',
    `generator: ${formatCount(result.options.rows / result.generateSeconds)} rows/s; peak RSS of the bench process ${result.peakRssMb.toFixed(0)} MB`,
  ].join('\n');
}
