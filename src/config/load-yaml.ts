import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Reads a YAML file and validates it against a schema. Every problem is reported with the file,
 * the key path and what was expected, e.g. `riskwatch.yaml: detectors.return-zscore.window:
 * expected number, received string`.
 */
export async function loadYamlFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parseYamlText(text, path, schema);
}

export function parseYamlText<S extends z.ZodType>(text: string, source: string, schema: S): z.output<S> {
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  return validateConfig(data, source, schema);
}

export function validateConfig<S extends z.ZodType>(data: unknown, source: string, schema: S): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(formatIssues(source, result.error.issues));
}

export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : formatPath(issue.path);
    return `${source}: ${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  return lines.join('\n');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
