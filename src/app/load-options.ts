import { readYamlFile } from '../config/load-yaml.js';
import { validateConfig } from '../config/validate-config.js';
import { applyOverrides } from './config-overrides.js';
import type { PipelineDefinition } from './pipeline-definition.js';

export interface OptionSources {
  /** YAML file with the pipeline's options; none means all defaults. */
  readonly configPath?: string;
  /** `key.path=value` overrides, applied after the file. */
  readonly set?: readonly string[];
  /** Whole sections replaced after the file (e.g. `replay` swapping the source). */
  readonly replace?: Readonly<Record<string, unknown>>;
}

/** Reads, merges and validates a pipeline's options; every problem names the key that caused it. */
export async function loadPipelineOptions(definition: PipelineDefinition<unknown>, sources: OptionSources): Promise<unknown> {
  const raw = sources.configPath === undefined ? {} : await readYamlFile(sources.configPath);
  const merged = { ...applyOverrides(raw, sources.set ?? []), ...sources.replace };
  return validateConfig(merged, sources.configPath ?? `${definition.name} options`, definition.options);
}
