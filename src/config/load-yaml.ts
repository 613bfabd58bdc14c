import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { validateConfig } from './validate-config.js';

/**
 * Reads a YAML file and validates it against a schema. Every problem is reported with the file,
 * the key path and what was expected, e.g. `monitor.yaml: detectors.return-zscore.window:
 * expected number, received string`.
 */
export async function loadYamlFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  return validateConfig(await readYamlFile(path), path, schema);
}

/** The parsed document (an empty file is `{}`), or a ConfigError saying why it can't be read. */
export async function readYamlFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parseYamlText(text, path);
}

/** Parses YAML text; `source` names it in the error. An empty document is `{}`. */
export function parseYamlText(text: string, source: string): unknown {
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
}

