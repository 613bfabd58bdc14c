import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { DeadLetter } from '../core/dead-letter.js';
import { ConfigError } from '../core/errors.js';
import { pipeline } from '../core/pipeline.js';
import { runPipeline } from '../core/runner.js';
import { createLineFileSink } from '../sinks/line-file-sink.js';
import { fileSource } from '../sources/file-source.js';
import { isInside, listCsvFiles } from './nab-corpus.js';
import { createNabDetectOperator, formatNabScoredRow, NAB_RESULTS_HEADER, type NabScoredRow } from './nab-detect-operator.js';
import { createNabDetector, type NabDetector } from './nab-detector.js';

export interface DetectCorpusOptions {
  readonly dataDir: string;
  readonly outDir: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** One fresh detector per series; default the NAB detector. */
  readonly createDetector?: () => NabDetector;
}

export interface DetectCorpusSummary {
  readonly series: number;
  readonly rows: number;
  readonly deadLetters: number;
  /** Dead-letter files written, one per series with rejected rows. */
  readonly deadLetterFiles: readonly string[];
  readonly stopped: boolean;
}

/**
 * Scores every `timestamp,value` CSV under `dataDir` into `<outDir>/<same path>` with columns
 * `timestamp,value,anomaly_score`. Each series is its own bounded pipeline (file source →
 * detector → line-file sink) with a fresh detector, so memory is what one detector holds plus
 * a batch, whatever the file size. Labels are never read.
 */
export async function detectCorpus(options: DetectCorpusOptions): Promise<DetectCorpusSummary> {
  if (resolve(options.dataDir) === resolve(options.outDir)) {
    throw new ConfigError(`--out is the --data folder (${options.dataDir}): results would overwrite the data; choose another --out`);
  }
  // Results from an earlier run inside the data folder are not data.
  const files = (await listCsvFiles(options.dataDir)).filter((file) => !isInside(join(options.dataDir, file), options.outDir));
  const newDetector = options.createDetector ?? createNabDetector;
  let rows = 0;
  let deadLetters = 0;
  const deadLetterFiles: string[] = [];
  const done = (series: number, stopped: boolean): DetectCorpusSummary => ({ series, rows, deadLetters, deadLetterFiles, stopped });
  for (let i = 0; i < files.length; i++) {
    if (options.signal?.aborted === true) return done(i, true);
    const file = files[i]!;
    const out = resolve(options.outDir, file);
    const rejected = `${out.replace(/\.csv$/i, '')}.dead-letters.jsonl`;
    // Sinks create their file on the first write: clear what an earlier run left.
    await Promise.all([rm(out, { force: true }), rm(rejected, { force: true })]);
    const built = pipeline('nab-detect')
      .from(fileSource({ id: 'nab-data', path: join(options.dataDir, file), format: 'csv' }))
      .through(createNabDetectOperator(newDetector()))
      .to(createLineFileSink<NabScoredRow>({ id: 'nab-results', path: out, header: NAB_RESULTS_HEADER, serialize: formatNabScoredRow, append: false }))
      .deadLettersTo(createLineFileSink<DeadLetter>({ id: 'dead-letters', path: rejected, append: false }))
      .build();
    const summary = await runPipeline(built, { clock: options.clock, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    rows += summary.recordsOut;
    deadLetters += summary.deadLetters;
    if (summary.deadLetters > 0) deadLetterFiles.push(rejected);
    if (summary.stoppedBy === 'signal') return done(i + 1, true);
  }
  return done(files.length, false);
}
