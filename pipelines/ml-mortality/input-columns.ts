import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import type { RowSpec } from '../../src/operators/parse-rows.js';

/** The first line's length we look at for the header; a longer header is not a table of features. */
const HEADER_BYTES = 64 * 1024;

/**
 * Column names of a CSV (its header) or JSONL file (the first object's keys), read before the
 * input is streamed, so the row spec can be built once.
 */
export async function inputColumns(path: string): Promise<string[]> {
  const file = await open(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot open ${path}: ${error.code ?? error.message}`, { cause: error });
  });
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEADER_BYTES, 0);
    const firstLine = buffer.toString('utf8', 0, bytesRead).split(/\r?\n/, 1)[0] ?? '';
    if (firstLine.trim() === '') throw new InputError(`${basename(path)}:1: empty; expected a header row (CSV) or a JSON object (JSONL)`);
    if (['.jsonl', '.ndjson'].includes(extname(path).toLowerCase())) {
      try {
        return Object.keys(JSON.parse(firstLine) as object);
      } catch (error) {
        throw new InputError(`${basename(path)}:1: not a JSON object`, { cause: error });
      }
    }
    return firstLine.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  } finally {
    await file.close();
  }
}

/**
 * Which columns are features: the ones asked for, or every column but the label and those
 * ignored. Fails, naming the file and columns, when one asked for is not there.
 */
export function featureColumns(path: string, columns: readonly string[], label: string, asked: readonly string[] | undefined, ignored: readonly string[]): string[] {
  const missing = [label, ...(asked ?? [])].filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new InputError(`${basename(path)}:1: no column ${missing.map((name) => `"${name}"`).join(', ')}; columns are ${columns.join(', ')} (choose with --label and --features)`);
  }
  const features = asked !== undefined ? [...asked] : columns.filter((name) => name !== label && !ignored.includes(name));
  if (features.length === 0) throw new InputError(`${basename(path)}: no feature columns besides the label "${label}"`);
  return features;
}

/** Features are optional numbers (a gap is a missing value, imputed); the label, when read, must be 0 or 1. */
export function labelledRowSpec(features: readonly string[], label: string | undefined): RowSpec {
  const spec: Record<string, RowSpec[string]> = {};
  for (const name of features) spec[name] = { type: 'number', optional: true };
  if (label !== undefined) spec[label] = { type: 'integer', min: 0, max: 1 };
  return spec;
}
