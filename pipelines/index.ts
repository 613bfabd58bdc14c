import type { PipelineDefinition } from '../src/app/pipeline-definition.js';
import { monitorPipeline } from './monitor/index.js';
import { producePipeline } from './produce/index.js';
import { simulatePipeline } from './simulate/index.js';

/** Every pipeline `riskwatch run` knows, by name. The first is the default. */
export const PIPELINES: readonly PipelineDefinition<unknown>[] = [monitorPipeline, simulatePipeline, producePipeline];

export function findPipeline(name: string): PipelineDefinition<unknown> | undefined {
  return PIPELINES.find((definition) => definition.name === name);
}
