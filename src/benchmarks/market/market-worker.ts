import { parentPort } from 'node:worker_threads';
import { buildDetectors, buildEnsemble } from '../../detectors/registry.js';
import type { MarketJob } from './run-in-workers.js';
import { runMarket } from './run-market.js';

/** Worker side of runInWorkers: one market run per message, the MarketRun posted back. */
parentPort?.on('message', (job: MarketJob) => {
  const detectors = buildDetectors(job.detectors);
  parentPort?.postMessage(runMarket(job.options, detectors, buildEnsemble(job.detectors, detectors)));
});
