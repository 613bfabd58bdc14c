import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { listCsvFiles, matchResultsFiles } from './nab-corpus.js';
import { loadNabLabels } from './nab-labels.js';
import { loadNabProfiles, NAB_PROFILES } from './nab-profiles.js';
import { scoreNabCorpus, type NabProfileScore, type NabSeriesScores } from './nab-score.js';
import { readNabSeriesColumn } from './nab-series-file.js';

export interface ScoreResultsOptions {
  readonly resultsDir: string;
  readonly labelsPath: string;
  /** NAB's profiles file; default NAB's three profiles. */
  readonly profilesPath?: string;
  /** When given, each results file must have exactly the data file's rows (NAB scores by data row). */
  readonly dataDir?: string;
}

/** Reads a results directory and the labels, and scores it as NAB does. */
export async function scoreResultsDir(options: ScoreResultsOptions): Promise<NabProfileScore[]> {
  const labels = await loadNabLabels(options.labelsPath);
  const profiles = options.profilesPath === undefined ? NAB_PROFILES : await loadNabProfiles(options.profilesPath);
  const files = matchResultsFiles(await listCsvFiles(options.resultsDir), new Set(labels.keys()));
  const missing = [...labels.keys()].filter((series) => !files.has(series));
  if (missing.length > 0) {
    const some = missing.slice(0, 3).join(', ');
    throw new InputError(
      `${options.resultsDir} has no results for ${missing.length} of the ${labels.size} labelled series (${some}${missing.length > 3 ? ', …' : ''}); expected <category>/<name>.csv or <category>/<detector>_<name>.csv`,
    );
  }
  const results: NabSeriesScores[] = [];
  for (const [series, file] of files) {
    const path = join(options.resultsDir, file);
    const { timestampsMs, values } = await readNabSeriesColumn(path, 'anomaly_score');
    if (options.dataDir !== undefined) await checkAligned(path, timestampsMs, join(options.dataDir, series));
    results.push({ series, timestampsMs, scores: values });
  }
  return scoreNabCorpus(results, labels, profiles);
}

async function checkAligned(resultsPath: string, timestampsMs: Float64Array, dataPath: string): Promise<void> {
  const data = await readNabSeriesColumn(dataPath, 'value');
  const rows = data.timestampsMs.length;
  if (timestampsMs.length !== rows) throw new InputError(`${resultsPath} has ${timestampsMs.length} rows, its data file ${dataPath} ${rows}; results need one row per data row`);
  for (let i = 0; i < rows; i++) {
    if (timestampsMs[i] !== data.timestampsMs[i]) {
      throw new InputError(`${resultsPath}: row ${i + 1} is at ${new Date(timestampsMs[i]!).toISOString()}, the data's at ${new Date(data.timestampsMs[i]!).toISOString()}`);
    }
  }
}
