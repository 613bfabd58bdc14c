import { InvalidArgumentError, type Command } from 'commander';
import { benchDetect } from '../../benchmarks/market/bench-detect.js';
import { renderBenchDetect } from '../../benchmarks/market/render-report.js';
import { runInWorkers } from '../../benchmarks/market/run-in-workers.js';
import type { MarketRun } from '../../benchmarks/market/run-market.js';
import { positiveInt } from '../parse-flags.js';

interface BenchDetectFlags {
  readonly seeds: readonly number[];
  readonly symbols: number;
  readonly days: number;
  readonly json?: boolean;
}

/** `riskwatch bench detect`: detection quality of the default detectors on the simulated market. */
export function registerBench(program: Command): void {
  const bench = program.command('bench').description('benchmarks');
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
        runInWorkers(jobs, detectors, progress),
      );
      const wallMs = performance.now() - started;
      process.stdout.write(flags.json === true ? `${JSON.stringify({ ...result, wallMs }, null, 2)}\n` : renderBenchDetect(result, wallMs));
    });
}

function seedList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const seeds = parts.map(Number);
  if (parts.some((part) => part === '') || !seeds.every((seed) => Number.isSafeInteger(seed) && seed >= 0)) {
    throw new InvalidArgumentError('expected whole numbers separated by commas, e.g. 1,2,3');
  }
  return seeds;
}
