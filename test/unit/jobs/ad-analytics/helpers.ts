import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../../src/core/clock.js';
import type { PipelineEnvironment } from '../../../../src/app/pipeline-definition.js';
import { createLogger } from '../../../../src/observability/logger.js';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ad-analytics-'));
}

export function testEnv(baseDir: string): PipelineEnvironment {
  return { clock: systemClock, logger: createLogger('silent'), baseDir };
}

/** A stream that swallows the job's summary lines. */
export const quiet = { write: () => true } as unknown as NodeJS.WriteStream;

/** A CSV ad log from rows of [ts, campaign, exchange, impressions, clicks, conversions, cost]. */
export function adCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `ts,campaign,exchange,impressions,clicks,conversions,cost\n${rows.map((row) => row.join(',')).join('\n')}\n`;
}
