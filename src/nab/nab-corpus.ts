import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { normalizeSeriesKey } from './nab-labels.js';

/** Every `.csv` file under `dir` (any depth), as sorted `/`-separated paths relative to `dir`. */
export async function listCsvFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot list ${dir}: ${(error as Error).message}; check the directory`, { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
    .map((entry) => normalizeSeriesKey(relative(dir, join(entry.parentPath, entry.name))))
    .sort();
}

/** Whether `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/') && !/^[A-Za-z]:/.test(rel));
}

/**
 * Finds the results file of each labelled series: `<category>/<name>.csv`, or NAB's layout
 * `<category>/<detector>_<name>.csv` (the shortest prefix up to an `_` whose removal names a
 * labelled series). Files naming no labelled series are ignored (e.g. NAB's `*_scores.csv`).
 */
export function matchResultsFiles(files: readonly string[], series: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const key = labelledSeriesOf(file, series);
    if (key === undefined) continue;
    const other = found.get(key);
    if (other !== undefined) throw new InputError(`both ${other} and ${file} hold results for ${key}; keep one detector's files per results directory`);
    found.set(key, file);
  }
  return found;
}

function labelledSeriesOf(file: string, series: ReadonlySet<string>): string | undefined {
  if (series.has(file)) return file;
  const slash = file.lastIndexOf('/');
  const folder = file.slice(0, slash + 1);
  const name = file.slice(slash + 1);
  for (let underscore = name.indexOf('_'); underscore !== -1; underscore = name.indexOf('_', underscore + 1)) {
    const candidate = folder + name.slice(underscore + 1);
    if (series.has(candidate)) return candidate;
  }
  return undefined;
}
