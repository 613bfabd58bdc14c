import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { duration, positiveInt } from '../parse-flags.js';
import { addPipelineFlags, runNamedPipeline, type PipelineFlags } from './run.js';

interface SimulateFlags extends PipelineFlags {
  readonly out: string;
  readonly labels?: string;
  readonly symbols?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly maxTicks?: number;
  readonly start?: string;
  readonly format?: 'csv' | 'jsonl';
}

/** `riskwatch simulate` is the `simulate` pipeline with its common options as flags. */
export function registerSimulate(program: Command, env: () => PipelineEnvironment): void {
  addPipelineFlags(
    program
      .command('simulate')
      .description('write simulated market ticks, with labelled anomalies, to a file')
      .requiredOption('-o, --out <file>', 'tick file to write (.jsonl or .csv)')
      .option('-l, --labels <file>', 'where to write the injected anomalies, JSONL (default: <out>.labels.jsonl)')
      .option('--symbols <n>', 'number of symbols (default 50)', positiveInt)
      .option('--seed <n>', 'random seed: the same seed gives the same ticks (default 1)', positiveInt)
      .option('--duration <d>', 'simulated time, e.g. 30m or 6h30m (default: one session, 6h30m)', duration)
      .option('--max-ticks <n>', 'stop after this many ticks', positiveInt)
      .option('--start <iso>', 'session open, ISO-8601 (default 2026-01-05T14:30:00Z)')
      .option('--format <format>', 'csv or jsonl (default: from the extension)'),
  ).action(async (flags: SimulateFlags) => {
    const options: Record<string, unknown> = { out: flags.out };
    if (flags.labels !== undefined) options['labelsOut'] = flags.labels;
    if (flags.symbols !== undefined) options['symbols'] = flags.symbols;
    if (flags.seed !== undefined) options['seed'] = flags.seed;
    if (flags.duration !== undefined) options['durationMs'] = flags.duration;
    if (flags.maxTicks !== undefined) options['maxTicks'] = flags.maxTicks;
    if (flags.start !== undefined) options['start'] = flags.start;
    if (flags.format !== undefined) options['format'] = flags.format;
    await runNamedPipeline('simulate', flags, env(), options);
  });
}
