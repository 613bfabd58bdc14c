import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/observability/logger.js';

/** A pipeline environment for tests: fixed clock, silent logger, outputs under `baseDir`. */
export function testEnvironment(baseDir: string): PipelineEnvironment {
  return { clock: new ManualClock(Date.UTC(2026, 10, 27)), logger: createLogger('silent'), baseDir };
}
