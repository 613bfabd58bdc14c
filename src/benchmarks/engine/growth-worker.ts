import { measureGrowth, type GrowthConfig } from './growth-measure.js';
import { soak, type SoakConfig } from './soak.js';

/** A configuration to measure in a fresh process: see runGrowthInChild. */
export type GrowthJob = { readonly kind: 'growth'; readonly config: GrowthConfig } | { readonly kind: 'soak'; readonly config: SoakConfig };

/** Child side of runGrowthInChild: one job from the parent, its result sent back, then exit. */
process.once('message', (job: GrowthJob) => {
  const result = job.kind === 'growth' ? measureGrowth(job.config) : soak(job.config);
  process.send?.(result, () => process.exit(0));
});
