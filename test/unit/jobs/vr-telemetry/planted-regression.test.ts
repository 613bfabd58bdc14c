import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { ReleaseGateFailed } from '../../../../src/jobs/release-gate-failed.js';
import { createLogger } from '../../../../src/observability/logger.js';
import { runVrTelemetry, type VrTelemetryResults } from '../../../../pipelines/vr-telemetry/index.js';
import { generateTelemetry, PLANTED_REGRESSION } from '../../../../pipelines/vr-telemetry/telemetry-generator.js';

describe('vr-telemetry on generated telemetry with a planted regression (1.5.0 on pico-4)', () => {
  let dir: string;
  const env = () => ({ clock: systemClock, logger: createLogger('silent'), baseDir: dir });
  const quiet = { write: () => true } as unknown as NodeJS.WriteStream;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vr-planted-'));
    const written = await generateTelemetry({ out: join(dir, 'frames.csv'), rows: 240_000, seed: 1 });
    expect(written.rows).toBe(240_000);
  });

  it('flags the regression on pico-4 only, with a large effect and a small p-value, and the gate fails there only', async () => {
    const error = await runVrTelemetry({ input: 'frames.csv', baseline: '1.4.2', candidate: '1.5.0' }, { maxSkipped: 0, progress: 'off' }, env(), quiet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReleaseGateFailed);
    const summary = JSON.parse(await readFile(join(dir, 'reports/vr-telemetry/summary.json'), 'utf8')) as JobSummary<VrTelemetryResults>;
    const { comparisons, gate } = summary.results;
    const regressed = comparisons.filter((c) => c.regressed);
    expect(new Set(regressed.map((c) => c.device))).toEqual(new Set([PLANTED_REGRESSION.device]));
    expect(regressed.map((c) => c.metric).sort()).toEqual(['droppedFrames', 'frameTimeP50', 'frameTimeP99']);
    const p99 = regressed.find((c) => c.metric === 'frameTimeP99')!;
    // Every frame 12 % slower (session load varies ±4 %): p99 up by about a millisecond or more.
    expect(p99.delta).toBeGreaterThan(0.9);
    expect(p99.test!.probabilityWorse).toBeGreaterThan(0.95);
    expect(p99.test!.pValue).toBeLessThan(0.001);
    const dropped = regressed.find((c) => c.metric === 'droppedFrames')!;
    expect(dropped.candidate / dropped.baseline).toBeGreaterThan(2);
    expect(new Set(gate.checks.filter((c) => c.status === 'fail').map((c) => c.device))).toEqual(new Set(['pico-4']));
  });

  it('passes the default comparison, the latest build (1.5.1, the fix) against the one before', async () => {
    const results = await runVrTelemetry({ input: 'frames.csv' }, { maxSkipped: 0, progress: 'off' }, env(), quiet);
    expect(results.baseline).toBe('1.5.0');
    expect(results.candidate).toBe('1.5.1');
    expect(results.gate.passed).toBe(true);
    expect(results.comparisons.filter((c) => c.regressed)).toEqual([]);
    expect(results.groups).toHaveLength(12);
  });
});
