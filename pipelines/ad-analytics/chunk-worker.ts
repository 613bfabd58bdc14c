import { parentPort, workerData } from 'node:worker_threads';
import { chunkAggregation, type ChunkResult, type ChunkTask } from './chunk-aggregation.js';

/** Messages a chunk worker posts: progress now and then, then its result (or the error that stopped it). */
export type ChunkWorkerMessage =
  | { readonly kind: 'progress'; readonly bytes: number; readonly rows: number }
  | { readonly kind: 'done'; readonly result: ChunkResult }
  | { readonly kind: 'failed'; readonly message: string; readonly code: string | undefined };

const PROGRESS_INTERVAL_MS = 250;

/** Worker side of aggregateInWorkers: runs the pipeline over its range (workerData) and posts the result. */
async function main(task: ChunkTask): Promise<void> {
  const port = parentPort!;
  const chunk = chunkAggregation(task);
  const post = (message: ChunkWorkerMessage): void => port.postMessage(message);
  const timer = setInterval(() => post({ kind: 'progress', bytes: chunk.source.progress.bytesRead, rows: chunk.source.progress.recordsEmitted }), PROGRESS_INTERVAL_MS);
  try {
    const result = await chunk.run(new AbortController().signal);
    post({ kind: 'progress', bytes: chunk.source.progress.bytesRead, rows: chunk.source.progress.recordsEmitted });
    post({ kind: 'done', result });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code });
  } finally {
    clearInterval(timer);
  }
}

void main(workerData as ChunkTask);
