import { InvalidArgumentError, type Command } from 'commander';
import { benchCheckpoint, renderCheckpointBench } from '../../benchmarks/checkpoint/checkpoint-bench.js';
import { benchEngine } from '../../benchmarks/engine/engine-bench.js';
import { benchGrowth } from '../../benchmarks/engine/growth-bench.js';
import { renderEngineBench, renderGrowthBench } from '../../benchmarks/engine/render.js';
import { positiveInt } from '../parse-flags.js';

interface EngineFlags {
  readonly symbols: number;
  readonly ticks: number;
  readonly naiveTicks: number;
  readonly repeat: number;
  readonly seed: number;
  readonly window: number;
  readonly quick?: boolean;
  readonly json?: boolean;
}

interface GrowthFlags {
  readonly symbols: number[];
  readonly windows: number[];
  readonly ticks: number;
  readonly stateTicks: number;
  readonly repeat: number;
  readonly seed: number;
  readonly maxStateMb: number;
  readonly soakSeconds: number;
  readonly soakSymbols: number;
  readonly quick?: boolean;
  readonly json?: boolean;
}

/** `riskwatch bench engine`, `bench growth` and `bench checkpoint` (owned by the engine benchmark). */
export function registerEngineBench(bench: Command): void {
  bench
    .command('engine')
    .description('detector engine throughput on one core (default set + ensemble) against the same detectors recomputing their windows from scratch')
    .option('--symbols <n>', 'simulated symbols', positiveInt, 5000)
    .option('--ticks <n>', 'ticks in memory that each timed run of the optimized engine processes', positiveInt, 1_000_000)
    .option('--naive-ticks <n>', 'the first of those ticks that each timed run of the naive engine processes', positiveInt, 50_000)
    .option('--repeat <n>', 'timed runs per engine (after one untimed); medians are reported', positiveInt, 5)
    .option('--window <n>', 'the window every count-based detector window is set to, beside the default windows', positiveInt, 500)
    .option('--seed <n>', 'simulator seed', nonNegativeInt, 1)
    .option('--quick', 'smoke run: 200 symbols, 50,000 ticks, 2 runs')
    .option('--json', 'print the result as JSON instead of tables')
    .addHelpText(
      'after',
      '\nThe naive engine is the same set with return-zscore, volume-spike, spread-blowout, cusum and volatility-regime\n' +
        'recomputing their windows with simple-statistics on every tick; both must raise the same flags.\n\n' +
        'Example:\n  riskwatch bench engine --symbols 5000 --ticks 1000000 --repeat 5',
    )
    .action((flags: EngineFlags) => {
      const quick = flags.quick === true;
      const result = benchEngine(
        {
          symbols: quick ? 200 : flags.symbols,
          ticks: quick ? 50_000 : flags.ticks,
          naiveTicks: quick ? 20_000 : flags.naiveTicks,
          repeat: quick ? 2 : flags.repeat,
          seed: flags.seed,
          windows: [undefined, flags.window],
        },
        (line) => process.stderr.write(`${line}\n`),
      );
      process.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderEngineBench(result));
    });
  bench
    .command('growth')
    .description('memory per symbol and throughput of the default detector set by symbols and window length, and a memory soak')
    .option('--symbols <list>', 'symbol counts, comma-separated', intList, [100, 1000, 10_000, 100_000])
    .option('--windows <list>', 'window lengths (ticks) of the count-based detectors, comma-separated', intList, [50, 500, 5000])
    .option('--ticks <n>', 'ticks per timed run', positiveInt, 200_000)
    .option('--state-ticks <n>', 'ticks per symbol streamed through before memory is measured', positiveInt, 10)
    .option('--repeat <n>', 'timed runs per configuration; the median is reported', positiveInt, 3)
    .option('--seed <n>', 'simulator seed', nonNegativeInt, 1)
    .option('--max-state-mb <n>', 'skip configurations whose detector state is estimated above this', positiveInt, 4096)
    .option('--soak-seconds <n>', 'feed ticks continuously this long and sample memory after GC (0: no soak; the issue asks for 600)', nonNegativeInt, 20)
    .option('--soak-symbols <n>', 'symbols of the soak', positiveInt, 1000)
    .option('--quick', 'smoke run: 100 and 1,000 symbols, windows 50 and 500, 20,000 ticks, 1 run, 4 s soak')
    .option('--json', 'print the result as JSON instead of tables')
    .addHelpText(
      'after',
      '\nEach configuration runs in its own node process with --expose-gc, so it starts from a clean heap.\n\n' +
        'Example:\n  riskwatch bench growth --symbols 100,1000,10000 --windows 50,500 --soak-seconds 600',
    )
    .action(async (flags: GrowthFlags) => {
      const quick = flags.quick === true;
      const result = await benchGrowth(
        {
          symbols: quick ? [100, 1000] : flags.symbols,
          windows: quick ? [50, 500] : flags.windows,
          seed: flags.seed,
          stateTicksPerSymbol: flags.stateTicks,
          ticks: quick ? 20_000 : flags.ticks,
          repeat: quick ? 1 : flags.repeat,
          maxStateBytes: flags.maxStateMb * 2 ** 20,
          soakSeconds: quick ? Math.min(4, flags.soakSeconds) : flags.soakSeconds,
          soakSymbols: quick ? 100 : flags.soakSymbols,
          soakSampleSeconds: quick ? 1 : Math.max(1, Math.min(10, flags.soakSeconds / 10)),
        },
        undefined,
        (line) => process.stderr.write(`${line}\n`),
      );
      process.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderGrowthBench(result));
    });
  bench
    .command('checkpoint')
    .description("what a state checkpoint costs: writing every symbol's detector state, and restoring it at a restart")
    .option('--symbols <list>', 'symbol counts, comma-separated', intList, [1000, 5000])
    .option('--ticks-per-symbol <n>', 'ticks per symbol before the checkpoint (fills the windows)', positiveInt, 200)
    .option('--interval-ms <n>', 'checkpoint interval the write time is compared with', positiveInt, 30_000)
    .option('--seed <n>', 'simulator seed', nonNegativeInt, 1)
    .option('--quick', 'smoke run: 200 symbols, 50 ticks each')
    .option('--json', 'print the result as JSON instead of a table')
    .action(async (flags: { symbols: number[]; ticksPerSymbol: number; intervalMs: number; seed: number; quick?: boolean; json?: boolean }) => {
      const quick = flags.quick === true;
      const rows = await benchCheckpoint({ symbols: quick ? [200] : flags.symbols, ticksPerSymbol: quick ? 50 : flags.ticksPerSymbol, seed: flags.seed });
      process.stdout.write(flags.json === true ? `${JSON.stringify(rows, null, 2)}\n` : `${renderCheckpointBench(rows, flags.intervalMs)}\n`);
    });
}

function intList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((part) => part === '') || !numbers.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new InvalidArgumentError('expected positive whole numbers separated by commas, e.g. 100,1000');
  }
  return numbers;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}
