import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { collect, positiveInt, positiveNumber } from '../parse-flags.js';
import { addSimulatorFlags, simulatorOptions, type SimulatorFlags } from '../simulator-flags.js';
import { addPipelineFlags, runNamedPipeline, type PipelineFlags } from './run.js';

interface ProduceFlags extends PipelineFlags, SimulatorFlags {
  readonly from: string;
  readonly topic: string;
  readonly brokers?: string[];
  readonly rate?: number;
  readonly partitions?: number;
}

/** `riskwatch produce` is the `produce` pipeline with its common options as flags. */
export function registerProduce(program: Command, env: () => PipelineEnvironment): void {
  addPipelineFlags(
    addSimulatorFlags(
      program
        .command('produce')
        .description('load ticks into a Kafka topic, keyed by symbol (JSON values)')
        .requiredOption('--from <source>', '"simulator", or a .csv / .jsonl tick file')
        .option('-t, --topic <topic>', 'topic (created with --partitions if missing)', 'ticks')
        .option('-b, --brokers <host:port>', 'broker address (repeatable; default 127.0.0.1:9092 or RISKWATCH_KAFKA_BROKERS)', collect)
        .option('--rate <ticks/s>', 'at most this many ticks per second (default: as fast as possible)', positiveNumber)
        .option('--partitions <n>', 'partitions when creating the topic (default 12)', positiveInt),
    ).addHelpText('after', '\nExample:\n  riskwatch produce --from simulator --topic ticks --rate 20000 --max-ticks 1000000'),
  ).action(async (flags: ProduceFlags) => {
    const source = flags.from === 'simulator' ? { kind: 'simulator', mode: 'fast', ...simulatorOptions(flags) } : { kind: 'file', path: flags.from };
    const to: Record<string, unknown> = { topic: flags.topic, kafka: flags.brokers === undefined ? {} : { brokers: flags.brokers } };
    if (flags.partitions !== undefined) to['partitions'] = flags.partitions;
    const replace: Record<string, unknown> = { source, to };
    if (flags.rate !== undefined) replace['rate'] = flags.rate;
    await runNamedPipeline('produce', flags, env(), replace);
  });
}
