import type { Command } from 'commander';
import { PIPELINES, findPipeline } from '../../../pipelines/index.js';
import { loadPipelineOptions } from '../../app/load-options.js';
import { runPrepared } from '../../app/run-prepared.js';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { ConfigError } from '../../core/errors.js';
import { collect } from '../parse-flags.js';

export interface PipelineFlags {
  readonly config?: string;
  readonly set?: string[];
}

/** Loads options for `name`, prepares the pipeline, runs it to the end or to Ctrl-C. */
export async function runNamedPipeline(
  name: string,
  flags: PipelineFlags,
  env: PipelineEnvironment,
  replace?: Record<string, unknown>,
): Promise<void> {
  const definition = findPipeline(name);
  if (definition === undefined) {
    throw new ConfigError(`unknown pipeline "${name}"; known: ${PIPELINES.map((p) => p.name).join(', ')}`);
  }
  const options = await loadPipelineOptions(definition, {
    ...(flags.config === undefined ? {} : { configPath: flags.config }),
    ...(flags.set === undefined ? {} : { set: flags.set }),
    ...(replace === undefined ? {} : { replace }),
  });
  const prepared = await definition.prepare(options, env);
  await runPrepared(prepared, env);
}

export function addPipelineFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML file with the pipeline options (see pipelines/<name>/*.yaml)')
    .option('-s, --set <key=value>', 'override one option, e.g. --set detectors.return-zscore.threshold=5 (repeatable)', collect);
}

export function registerRun(program: Command, env: () => PipelineEnvironment): void {
  const list = PIPELINES.map((p) => `  ${p.name.padEnd(14)} ${p.description}`).join('\n');
  addPipelineFlags(
    program
      .command('run')
      .description('run a pipeline until its input ends or Ctrl-C')
      .argument('[pipeline]', 'pipeline name', PIPELINES[0]!.name)
      .addHelpText('after', `\nPipelines:\n${list}\n\nExamples:\n  riskwatch run\n  riskwatch run monitor --config pipelines/monitor/monitor.yaml\n  riskwatch run monitor --set source.symbols=200\n\nBatch jobs (data-analysis, ad-analytics, ...) run with riskwatch job <name>.`),
  ).action(async (name: string, flags: PipelineFlags) => runNamedPipeline(name, flags, env()));
}
