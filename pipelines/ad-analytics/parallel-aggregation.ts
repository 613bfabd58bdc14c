import { createReadStream } from 'node:fs';
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import { InputError, RiskwatchError } from '../../src/core/errors.js';
import type { StopCause } from '../../src/core/run-stats.js';
import type { ProgressProbe } from '../../src/jobs/progress.js';
import type { SkippedRows } from '../../src/jobs/skipped-rows.js';
import { formatFromExtension, type FileFormat } from '../../src/sources/file-source.js';
import { AdAggregate } from './ad-aggregate.js';
import { chunkAggregation, type ChunkResult, type ChunkTask } from './chunk-aggregation.js';
import type { ChunkWorkerMessage } from './chunk-worker.js';

const MIN_CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

export interface ParallelAggregationOptions {
  readonly path: string;
  readonly workers: number;
  /** Folder for the ranges' skipped-row files while they run (removed after). */
  readonly scratchDir: string;
  /** 'threads' runs each range on a worker thread (needs the compiled worker, dist/); 'here' runs them one after another on this thread. */
  readonly executor: 'threads' | 'here';
  /** Ranges smaller than this are not worth a thread of their own (default 1 MiB). */
  readonly minChunkBytes?: number;
}

export interface ParallelAggregation {
  readonly aggregate: AdAggregate;
  readonly rows: number;
  readonly stoppedBy: StopCause;
  readonly chunks: number;
}

/**
 * Aggregates one ad log with all cores: the file is cut into one newline-aligned byte range per
 * worker, each range runs the ad-analytics pipeline on its own thread, and the partial aggregates
 * are merged here (integer sums: the result is the same however the file was cut). A range's
 * skipped rows carry line numbers counted from its start; once every range has reported its line
 * count, they are re-numbered and written to the job's skipped-rows file. Ranges split at newlines,
 * so a CSV quoted field must not hold a line break (ad logs have none).
 */
export class ParallelAggregator {
  private readonly bytes: number[] = [];
  private readonly rows: number[] = [];
  private readonly local: { bytesRead: number; recordsEmitted: number }[] = [];
  private total = 0;

  constructor(private readonly options: ParallelAggregationOptions) {}

  async progress(): Promise<ProgressProbe> {
    this.total = (await stat(this.options.path).catch(() => ({ size: 0 }))).size;
    return {
      unit: 'bytes',
      total: this.total,
      done: () => sum(this.bytes) + this.local.reduce((n, p) => n + p.bytesRead, 0),
      rows: () => sum(this.rows) + this.local.reduce((n, p) => n + p.recordsEmitted, 0),
    };
  }

  async run(skipped: SkippedRows, signal: AbortSignal): Promise<ParallelAggregation> {
    const tasks = await planChunks(this.options.path, this.options.workers, this.options.scratchDir, this.options.minChunkBytes);
    const results =
      this.options.executor === 'threads'
        ? await Promise.all(tasks.map((task, i) => this.inWorker(task, i, signal)))
        : await this.here(tasks, signal);
    const aggregate = new AdAggregate();
    for (const result of results) aggregate.merge(result.partial);
    let linesBefore = 0;
    for (let i = 0; i < tasks.length; i++) {
      if (results[i]!.skipped > 0) await renumberSkipped(tasks[i]!.skippedPath, linesBefore, skipped);
      await rm(tasks[i]!.skippedPath, { force: true });
      linesBefore += results[i]!.lines;
    }
    return {
      aggregate,
      rows: results.reduce((n, r) => n + r.rows, 0),
      stoppedBy: results.some((r) => r.stoppedBy === 'signal') ? 'signal' : 'end-of-input',
      chunks: tasks.length,
    };
  }

  private async here(tasks: readonly ChunkTask[], signal: AbortSignal): Promise<ChunkResult[]> {
    const results: ChunkResult[] = [];
    for (const task of tasks) {
      const chunk = chunkAggregation(task);
      this.local.push(chunk.source.progress);
      results.push(await chunk.run(signal));
    }
    return results;
  }

  private inWorker(task: ChunkTask, index: number, signal: AbortSignal): Promise<ChunkResult> {
    this.bytes[index] = 0;
    this.rows[index] = 0;
    return new Promise<ChunkResult>((resolve, reject) => {
      const worker = new Worker(new URL('./chunk-worker.js', import.meta.url), { workerData: task });
      const stop = (): void => {
        void worker.terminate();
        resolve({ partial: new AdAggregate().toPartial(), rows: this.rows[index]!, lines: 0, skipped: 0, stoppedBy: 'signal' });
      };
      signal.addEventListener('abort', stop, { once: true });
      const settle = (): void => signal.removeEventListener('abort', stop);
      worker.on('message', (message: ChunkWorkerMessage) => {
        if (message.kind === 'progress') {
          this.bytes[index] = message.bytes;
          this.rows[index] = message.rows;
        } else if (message.kind === 'done') {
          settle();
          resolve(message.result);
          void worker.terminate();
        } else {
          settle();
          reject(message.code === 'input_invalid' ? new InputError(message.message) : new RiskwatchError(message.code ?? 'worker_failed', message.message));
          void worker.terminate();
        }
      });
      worker.on('error', (error) => {
        settle();
        reject(new RiskwatchError('worker_failed', `ad-analytics worker for bytes ${task.startByte}-${task.endByte} failed: ${error.message}`, { cause: error }));
      });
    });
  }
}

/** Cuts the file into up to `workers` ranges, each ending just after a newline (the last at the end of the file). */
export async function planChunks(path: string, workers: number, scratchDir: string, minChunkBytes = MIN_CHUNK_BYTES): Promise<ChunkTask[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new InputError(`ad-analytics: cannot read ${path}: ${(error as Error).message}; check the path`, { cause: error });
  }
  const format: FileFormat = formatFromExtension(path);
  const handle = await open(path, 'r');
  try {
    const header = format === 'csv' ? await firstLine(handle) : undefined;
    const count = Math.max(1, Math.min(workers, Math.floor(size / minChunkBytes)));
    const bounds = [0];
    for (let i = 1; i < count; i++) {
      const next = await lineStartAfter(handle, Math.floor((size * i) / count), size);
      if (next > bounds[bounds.length - 1]! && next < size) bounds.push(next);
    }
    bounds.push(size);
    return bounds.slice(0, -1).map((startByte, i) => ({
      path,
      format,
      startByte,
      endByte: bounds[i + 1]!,
      ...(i > 0 && header !== undefined ? { csvHeader: header } : {}),
      skippedPath: `${scratchDir}/skipped-rows.part-${i}.jsonl`,
    }));
  } finally {
    await handle.close();
  }
}

async function firstLine(handle: FileHandle): Promise<string> {
  const buffer = Buffer.alloc(64 * 1024);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  const end = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
  let line = buffer.toString('utf8', 0, end === -1 ? bytesRead : end);
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The offset just after the first newline at or after `from` (the file size if there is none). */
async function lineStartAfter(handle: FileHandle, from: number, size: number): Promise<number> {
  const buffer = Buffer.alloc(64 * 1024);
  for (let at = from; at < size; at += buffer.length) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
    if (newline !== -1) return at + newline + 1;
    if (bytesRead === 0) break;
  }
  return size;
}

/** Streams a range's skipped rows into the job's file, their line numbers moved on by the lines before the range. */
async function renumberSkipped(path: string, linesBefore: number, skipped: SkippedRows): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let batch: DeadLetter[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    const letter = JSON.parse(line) as DeadLetter;
    batch.push(letter.origin === undefined ? letter : { ...letter, origin: shiftLine(letter.origin, linesBefore) });
    if (batch.length >= 1000) {
      await skipped.write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await skipped.write(batch);
}

/** `ads.csv:12` → `ads.csv:1012` for 1000 lines before. */
export function shiftLine(origin: string, linesBefore: number): string {
  const colon = origin.lastIndexOf(':');
  const line = Number(origin.slice(colon + 1));
  return Number.isInteger(line) ? `${origin.slice(0, colon)}:${line + linesBefore}` : origin;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
