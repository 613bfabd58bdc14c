import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { addSimulatorFlags, simulatorOptions, type SimulatorFlags } from '../simulator-flags.js';
import { addPipelineFlags, runNamedPipeline, type PipelineFlags } from './run.js';

interface SimulateFlags extends PipelineFlags, SimulatorFlags {
  readonly out: string;
  readonly labels?: string;
  readonly format?: 'csv' | 'jsonl';
}

/** `riskwatch simulate` is the `simulate` pipeline with its common options as flags. */
export function registerSimulate(program: Command, env: () => PipelineEnvironment): void {
  addPipelineFlags(
    addSimulatorFlags(
      program
        .command('simulate')
        .description('write simulated market ticks, with labelled anomalies, to a file')
        .requiredOption('-o, --out <file>', 'tick file to write (.jsonl or .csv)')
        .option('-l, --labels <file>', 'where to write the injected anomalies, JSONL (default: <out>.labels.jsonl)')
        .option('--format <format>', 'csv or jsonl (default: from the extension)'),
    ),
  ).action(async (flags: SimulateFlags) => {
    const options: Record<string, unknown> = { ...simulatorOptions(flags), out: flags.out };
    if (flags.labels !== undefined) options['labelsOut'] = flags.labels;
    if (flags.format !== undefined) options['format'] = flags.format;
    await runNamedPipeline('simulate', flags, env(), options);
  });
}
