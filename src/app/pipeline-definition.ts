import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { Pipeline } from '../core/pipeline.js';
import type { RunSummary } from '../core/run-stats.js';
import type { RunOptions } from '../core/runner.js';
import type { Logger } from '../observability/logger.js';

/** What a pipeline may use from the process it runs in. */
export interface PipelineEnvironment {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Folder that relative paths in the config are resolved against. */
  readonly baseDir: string;
}

/** A pipeline ready to run, with what the runner and the CLI need to report on it. */
export interface PreparedPipeline {
  readonly pipeline: Pipeline<unknown, unknown>;
  readonly runOptions?: Omit<RunOptions, 'signal' | 'clock'>;
  /** Lines for the user after the run, beside the generic summary (e.g. where outputs went). */
  report(summary: RunSummary): string[];
  /** Stops what the pipeline started beside the runner (timers, shared clients); called once after the run. */
  dispose?(): Promise<void>;
}

/**
 * A named pipeline in pipelines/: its options are the config section named after it,
 * validated by `options` (defaults included), so a bad key is reported as `name.key: ...`.
 */
export interface PipelineDefinition<Options> {
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodType<Options>;
  prepare(options: Options, env: PipelineEnvironment): Promise<PreparedPipeline>;
}

/** Erases the options type so definitions can sit in one registry. */
export function definePipeline<Options>(definition: PipelineDefinition<Options>): PipelineDefinition<unknown> {
  return definition as PipelineDefinition<unknown>;
}
