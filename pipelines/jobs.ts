import type { JobDefinition } from '../src/jobs/job-definition.js';
import { vrTelemetryJob } from './vr-telemetry/index.js';

/** Every job `riskwatch job` knows, in the order `--help` lists them. */
export const JOBS: readonly JobDefinition[] = [vrTelemetryJob];
