import type { JobDefinition } from '../src/jobs/job-definition.js';
import { adAnalyticsJob } from './ad-analytics/index.js';
import { dataAnalysisJob } from './data-analysis/index.js';
import { imageClassifierJob } from './image-classifier/index.js';
import { mlMortalityJob } from './ml-mortality/index.js';
import { newsAggregatorJob } from './news-aggregator/index.js';
import { vrTelemetryJob } from './vr-telemetry/index.js';

/** Every job `riskwatch job` knows, in the order `--help` lists them. */
export const JOBS: readonly JobDefinition[] = [dataAnalysisJob, adAnalyticsJob, mlMortalityJob, imageClassifierJob, newsAggregatorJob, vrTelemetryJob];
