import type { Command } from 'commander';
import type { PipelineEnvironment } from '../app/pipeline-definition.js';

/**
 * A bounded analytics job, run as `riskwatch job <name>`. Its work is a pipeline of the same
 * sources, operators and sinks as the streaming path; the definition only adds its command-line
 * surface: flags, the action (usually `new JobRun(...).execute(plan)`), and sub-commands such as
 * `generate` or `predict`.
 */
export interface JobDefinition {
  readonly name: string;
  /** One line for `riskwatch job --help`. */
  readonly description: string;
  register(command: Command, env: () => PipelineEnvironment): void;
}
