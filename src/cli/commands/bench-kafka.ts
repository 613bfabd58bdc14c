import { InvalidArgumentError, type Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { benchE2e } from '../../benchmarks/kafka/bench-e2e.js';
import { benchScaleOut } from '../../benchmarks/kafka/bench-scale-out.js';
import { renderE2e, renderScaleOut } from '../../benchmarks/kafka/render-report.js';
import { checkServers } from '../../benchmarks/kafka/servers-check.js';
import { positiveInt } from '../parse-flags.js';

interface ServerFlags {
  readonly brokers: string[];
  readonly influxUrl: string;
  readonly symbols: number;
  readonly seed: number;
  readonly partitions: number;
  readonly json?: boolean;
}

interface E2eFlags extends ServerFlags {
  readonly ticks: number;
  readonly repeats: number;
  readonly commitInterval: number;
  readonly rates: number[];
  readonly latencyCommitIntervals: number[];
  readonly latencySeconds: number;
  readonly warmupSeconds: number;
}

interface ScaleOutFlags extends ServerFlags {
  readonly ticks: number;
  readonly processes: number[];
}

/** This build's CLI: what `bench scale-out` starts its processes with. */
const CLI = fileURLToPath(new URL('../main.js', import.meta.url));

/** `riskwatch bench e2e` and `bench scale-out` (owned by the Kafka benchmarks). */
export function registerKafkaBench(bench: Command): void {
  serverFlags(bench.command('e2e'))
    .description('Kafka → monitor → InfluxDB: pipeline throughput against a plain decoding consumer, and produce → InfluxDB latency at fixed rates')
    .option('--ticks <n>', 'simulated ticks loaded for the throughput runs', positiveInt, 1_000_000)
    .option('--repeats <n>', 'runs of each consumer; medians are reported', positiveInt, 3)
    .option('--commit-interval <ms>', "the pipeline's flush-and-commit cadence in the throughput runs (riskwatch run: output.flushIntervalMs, 100)", positiveInt, 100)
    .option('--rates <list>', 'input rates (ticks/s) of the latency runs', intList, [5000, 20_000])
    .option('--latency-commit-intervals <list>', 'flush-and-commit cadences (ms) each latency rate is run with', intList, [100, 1000])
    .option('--latency-seconds <n>', 'length of each latency run', positiveInt, 15)
    .option('--warmup-seconds <n>', 'first seconds of each latency run left out', positiveInt, 3)
    .addHelpText('after', '\nNeeds Kafka and InfluxDB running (scripts/servers/kafka.sh start, scripts/servers/influxdb.sh start).\n\nExample:\n  riskwatch bench e2e --ticks 1000000 --repeats 3')
    .action(async (flags: E2eFlags) => {
      await checkServers(flags.brokers, flags.influxUrl);
      const result = await benchE2e({
        brokers: flags.brokers,
        influxUrl: flags.influxUrl,
        ticks: flags.ticks,
        symbols: flags.symbols,
        seed: flags.seed,
        partitions: flags.partitions,
        repeats: flags.repeats,
        commitIntervalMs: flags.commitInterval,
        rates: flags.rates,
        latencyCommitIntervalsMs: flags.latencyCommitIntervals,
        latencyDurationMs: flags.latencySeconds * 1000,
        warmupMs: flags.warmupSeconds * 1000,
        progress,
      });
      process.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderE2e(result));
    });
  serverFlags(bench.command('scale-out'))
    .description('1, 2, 3... riskwatch monitor processes in one consumer group: throughput, and that each symbol had exactly one owner')
    .option('--ticks <n>', 'simulated ticks loaded into the topic', positiveInt, 1_000_000)
    .option('--processes <list>', 'process counts to run, one after the other', intList, [1, 2, 3])
    .addHelpText('after', '\nNeeds Kafka and InfluxDB running; starts the processes with this build\'s CLI.\n\nExample:\n  riskwatch bench scale-out --ticks 1000000 --processes 1,2,3')
    .action(async (flags: ScaleOutFlags) => {
      await checkServers(flags.brokers, flags.influxUrl);
      const result = await benchScaleOut({
        cli: CLI,
        brokers: flags.brokers,
        influxUrl: flags.influxUrl,
        ticks: flags.ticks,
        symbols: flags.symbols,
        seed: flags.seed,
        partitions: flags.partitions,
        processCounts: flags.processes,
        progress,
      });
      process.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderScaleOut(result));
    });
}

function serverFlags(command: Command): Command {
  return command
    .option('--brokers <list>', 'Kafka brokers, host:port,...', brokerList, ['127.0.0.1:19092'])
    .option('--influx-url <url>', 'InfluxDB (1.8 with the v2 API, or 2.x accepting any token)', 'http://127.0.0.1:18086')
    .option('--symbols <n>', 'simulated symbols', positiveInt, 200)
    .option('--seed <n>', 'simulator seed', positiveInt, 1)
    .option('--partitions <n>', 'partitions of the benchmark topic', positiveInt, 12)
    .option('--json', 'print the result as JSON instead of tables');
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function intList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.some((part) => part === '') || !numbers.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new InvalidArgumentError('expected positive whole numbers separated by commas, e.g. 1,2,3');
  }
  return numbers;
}

function brokerList(value: string): string[] {
  const brokers = value.split(',').map((broker) => broker.trim());
  if (!brokers.every((broker) => /^[^\s:]+:\d+$/.test(broker))) throw new InvalidArgumentError('expected host:port[,host:port...]');
  return brokers;
}
