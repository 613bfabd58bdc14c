import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { collect, duration, positiveInt, positiveNumber } from '../parse-flags.js';
import { addPipelineFlags, runNamedPipeline, type PipelineFlags } from './run.js';

interface ProduceFlags extends PipelineFlags {
  readonly from: string;
  readonly topic: string;
  readonly brokers?: string[];
  readonly rate?: number;
  readonly partitions?: number;
  readonly symbols?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly maxTicks?: number;
  readonly start?: string;
}

/** `riskwatch produce` is the `produce` pipeline with its common options as flags. */
export function registerProduce(program: Command, env: () => PipelineEnvironment): void {
  addPipelineFlags(
    program
      .command('produce')
      .description('load ticks into a Kafka topic, keyed by symbol (JSON values)')
      .requiredOption('--from <source>', '"simulator", or a .csv / .jsonl tick file')
      .option('-t, --topic <topic>', 'topic (created with --partitions if missing)', 'ticks')
      .option('-b, --brokers <host:port>', 'broker address (repeatable; default 127.0.0.1:9092 or RISKWATCH_KAFKA_BROKERS)', collect)
      .option('--rate <ticks/s>', 'at most this many ticks per second (default: as fast as possible)', positiveNumber)
      .option('--partitions <n>', 'partitions when creating the topic (default 12)', positiveInt)
      .option('--symbols <n>', 'simulator: number of symbols (default 50)', positiveInt)
      .option('--seed <n>', 'simulator: random seed (default 1)', positiveInt)
      .option('--duration <d>', 'simulator: simulated time, e.g. 30m (default: one session)', duration)
      .option('--max-ticks <n>', 'simulator: stop after this many ticks', positiveInt)
      .option('--start <iso|now>', 'simulator: market open, ISO-8601, or "now" for live dashboards (default 2026-01-05T14:30:00Z)')
      .addHelpText('after', '\nExample:\n  riskwatch produce --from simulator --topic ticks --rate 20000 --max-ticks 1000000'),
  ).action(async (flags: ProduceFlags) => {
    const source: Record<string, unknown> =
      flags.from === 'simulator' ? { kind: 'simulator', mode: 'fast' } : { kind: 'file', path: flags.from };
    if (flags.from === 'simulator') {
      if (flags.symbols !== undefined) source['symbols'] = flags.symbols;
      if (flags.seed !== undefined) source['seed'] = flags.seed;
      if (flags.start !== undefined) source['start'] = flags.start === 'now' ? new Date().toISOString() : flags.start;
      if (flags.duration !== undefined) source['durationMs'] = flags.duration;
      if (flags.maxTicks !== undefined) source['maxTicks'] = flags.maxTicks;
      else if (flags.duration === undefined) source['durationMs'] = 6.5 * 3_600_000;
    }
    const to: Record<string, unknown> = { topic: flags.topic, kafka: flags.brokers === undefined ? {} : { brokers: flags.brokers } };
    if (flags.partitions !== undefined) to['partitions'] = flags.partitions;
    const replace: Record<string, unknown> = { source, to };
    if (flags.rate !== undefined) replace['rate'] = flags.rate;
    await runNamedPipeline('produce', flags, env(), replace);
  });
}
