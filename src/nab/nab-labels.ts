import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { validateConfig } from '../config/validate-config.js';
import { parseNabTimestamp } from './nab-timestamp.js';

/** One labelled anomaly window, both ends included. */
export interface NabWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** Anomaly windows by series, keyed `<category>/<name>.csv` as in NAB's label files; sorted, disjoint. */
export type NabLabels = ReadonlyMap<string, readonly NabWindow[]>;

const labelsFileSchema = z.record(z.string().min(1), z.array(z.tuple([z.string(), z.string()])));

/** Reads NAB's `combined_windows.json`; a bad timestamp or overlapping windows stop with the series named. */
export async function loadNabLabels(path: string): Promise<NabLabels> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the labels file ${path}: ${(error as Error).message}; check --labels`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`labels file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseNabLabels(validateConfig(json, path, labelsFileSchema), path);
}

export function parseNabLabels(raw: Readonly<Record<string, readonly (readonly [string, string])[]>>, source: string): NabLabels {
  const labels = new Map<string, readonly NabWindow[]>();
  for (const [series, pairs] of Object.entries(raw)) {
    const windows = pairs.map(([start, end]) => {
      const startMs = parseNabTimestamp(start);
      const endMs = parseNabTimestamp(end);
      if (startMs === undefined || endMs === undefined || endMs < startMs) {
        throw new InputError(`${source}: ${series}: window [${start}, ${end}] is not two ordered timestamps like 2014-04-10 07:15:00`);
      }
      return { startMs, endMs };
    });
    windows.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < windows.length; i++) {
      if (windows[i]!.startMs <= windows[i - 1]!.endMs) throw new InputError(`${source}: ${series}: anomaly windows overlap`);
    }
    labels.set(normalizeSeriesKey(series), windows);
  }
  return labels;
}

/** Series keys use `/` whatever the platform, so file paths and label keys compare equal. */
export function normalizeSeriesKey(path: string): string {
  return path.replaceAll('\\', '/');
}
