import { InvalidArgumentError, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../app/package-root.js';
import { benchAdAnalytics, renderAdBench } from '../../benchmarks/ad-analytics/ad-analytics-bench.js';
import { benchDetect } from '../../benchmarks/market/bench-detect.js';
import { calibrate, planCalibration, renderCalibrationModule } from '../../benchmarks/market/calibrate.js';
import { renderBenchDetect } from '../../benchmarks/market/render-report.js';
import { runInWorkers } from '../../benchmarks/market/run-in-workers.js';
import type { MarketRun } from '../../benchmarks/market/run-market.js';
import { positiveInt } from '../parse-flags.js';
import { registerEngineBench } from './bench-engine.js';
import { registerKafkaBench } from './bench-kafka.js';

/** The simulated sessions a benchmark runs on. */
interface MarketFlags {
  readonly seeds: readonly number[];
  readonly symbols: number;
  readonly days: number;
}

interface CalibrateFlags extends MarketFlags {
  readonly write?: boolean;
}

interface BenchDetectFlags extends MarketFlags {
  readonly json?: boolean;
}

/** `riskwatch bench detect`: detection quality of the default detectors on the simulated market. */
export function registerBench(program: Command): void {
  const bench = program.command('bench').description('benchmarks');
  registerEngineBench(bench);
  registerKafkaBench(bench);
  bench
    .command('detect')
    .description('run every registered detector (default parameters) over simulated sessions with labelled anomalies, and score it')
    .option('--seeds <list>', 'simulator seeds, comma-separated: one run with anomalies and one clean run each', seedList, [1, 2, 3])
    .option('--symbols <n>', 'symbols per run', positiveInt, 50)
    .option('--days <n>', 'trading sessions (6.5 h) per run', positiveInt, 1)
    .option('--json', 'print the result as JSON instead of tables')
    .addHelpText(
      'after',
      '\nPer anomaly kind: precision, recall, F1 and median detection delay of the detectors meant for it,\n' +
        'and false alarms per symbol per trading day on anomaly-free runs. The matching rules are printed with the table.\n\n' +
        'Example:\n  riskwatch bench detect --seeds 1,2,3 --symbols 50 --days 1',
    )
    .action(async (flags: BenchDetectFlags) => {
      const started = performance.now();
      const progress = (run: MarketRun): void => {
        process.stderr.write(
          `seed ${run.options.seed}, ${run.options.anomaliesPerSymbolHour > 0 ? 'anomalies' : 'clean'}: ` +
            `${run.ticks} ticks, ${run.detections.length} events, ${(run.elapsedMs / 1000).toFixed(1)} s\n`,
        );
      };
      const result = await benchDetect({ seeds: flags.seeds, symbols: flags.symbols, days: flags.days }, (jobs, detectors) =>
        runInWorkers(
          jobs.map((options) => ({ options, detectors })),
          progress,
        ),
      );
      const wallMs = performance.now() - started;
      process.stdout.write(flags.json === true ? `${JSON.stringify({ ...result, wallMs }, null, 2)}\n` : renderBenchDetect(result, wallMs));
    });
  bench
    .command('ad-analytics')
    .description('ad-analytics job: rows/s of its aggregation over a generated log on 1..n worker threads, and against the generic parseRows step')
    .option('--rows <n>', 'rows in the generated log', positiveInt, 3_000_000)
    .option('--workers <list>', 'worker counts to time, comma-separated', seedList, [1, 2])
    .option('--repeat <n>', 'timed runs of each (the best counts)', positiveInt, 2)
    .option('--format <format>', 'csv or jsonl', 'csv')
    .action(async (flags: { rows: number; workers: number[]; repeat: number; format: string }) => {
      if (flags.format !== 'csv' && flags.format !== 'jsonl') throw new InvalidArgumentError('--format: expected csv or jsonl');
      const result = await benchAdAnalytics({ rows: flags.rows, workers: flags.workers, repeat: flags.repeat, format: flags.format }, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(`${renderAdBench(result)}\n`);
    });
  bench
    .command('calibrate')
    .description("measure each detector's score distribution on anomaly-free simulated sessions: the tail models the ensemble scores with")
    .option('--seeds <list>', 'simulator seeds, comma-separated (apart from the ones bench detect scores on)', seedList, [11, 12, 13])
    .option('--symbols <n>', 'symbols per run', positiveInt, 50)
    .option('--days <n>', 'trading sessions (6.5 h) per run', positiveInt, 1)
    .option('--write', `write the models into ${CALIBRATION_MODULE}`)
    .action(async (flags: CalibrateFlags) => {
      const options = { seeds: flags.seeds, symbols: flags.symbols, days: flags.days };
      const jobs = planCalibration(options);
      const runs = await runInWorkers(jobs.map((job) => ({ options: job.run, detectors: job.detectors })));
      const calibration = calibrate(options, jobs, runs);
      for (const [id, model] of Object.entries(calibration.models)) {
        const points = model.points.map(([level, rate]) => `${level}: ${rate.toExponential(1)}`).join('  ');
        process.stdout.write(`${id.padEnd(18)} ${points}  Pareto α ${model.alpha.toFixed(2)}\n`);
      }
      process.stdout.write(`${calibration.ticks} ticks\n`);
      if (flags.write === true) {
        await writeFile(join(PACKAGE_ROOT, CALIBRATION_MODULE), renderCalibrationModule(calibration));
        process.stdout.write(`wrote ${CALIBRATION_MODULE}; rebuild to use it\n`);
      }
    });
}

const CALIBRATION_MODULE = 'src/detectors/ensemble/tail-calibration.ts';

function seedList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const seeds = parts.map(Number);
  if (parts.some((part) => part === '') || !seeds.every((seed) => Number.isSafeInteger(seed) && seed >= 0)) {
    throw new InvalidArgumentError('expected whole numbers separated by commas, e.g. 1,2,3');
  }
  return seeds;
}
