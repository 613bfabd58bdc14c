import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DetectorsConfig } from '../../detectors/registry.js';
import type { MarketRun, MarketRunOptions } from './run-market.js';

export interface MarketJob {
  readonly options: MarketRunOptions;
  readonly detectors: DetectorsConfig | undefined;
}

/**
 * Runs the jobs on worker threads, one per core (at most one per job), each taking the next job
 * when it finishes one; results in the order of `jobs`. Runs are independent and CPU-bound, so
 * this divides the benchmark's wall time by the cores. Needs the compiled worker module beside
 * this one (dist/); tests use runHere instead.
 */
export async function runInWorkers(
  jobs: readonly MarketJob[],
  onRun: (run: MarketRun) => void = () => undefined,
  threads = availableParallelism(),
): Promise<readonly MarketRun[]> {
  const results: MarketRun[] = new Array<MarketRun>(jobs.length);
  let next = 0;
  const work = async (): Promise<void> => {
    const worker = new Worker(new URL('./market-worker.js', import.meta.url));
    try {
      while (next < jobs.length) {
        const index = next++;
        const message: MarketJob = jobs[index]!;
        results[index] = await new Promise<MarketRun>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage(message);
        });
        worker.removeAllListeners('error');
        onRun(results[index]);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, work));
  return results;
}
