import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import { ConfigError, InputError } from '../../../../src/core/errors.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { ReleaseGateFailed } from '../../../../src/jobs/release-gate-failed.js';
import { createLogger } from '../../../../src/observability/logger.js';
import { runVrTelemetry, type VrTelemetryFlags, type VrTelemetryResults } from '../../../../pipelines/vr-telemetry/index.js';

const HEADER = 'session_id,device,build,timestamp,refresh_hz,frame_time_ms,dropped,motion_to_photon_ms';
const SESSIONS = 10;

/**
 * A hand-made input with known answers, on one 100 Hz device (10 ms budget). Each of 10 sessions
 * of build 1.0.0 has frames of 1, 2, ..., 100 ms; frames 96..100 dropped one refresh each; the
 * odd frames carry latencies 11, 13, 15, 17, 19 ms in turn. Build 1.1.0 is the same with every
 * frame time × `slowdown`.
 */
function handMadeCsv(slowdown: number): string {
  const lines = [HEADER];
  for (const [build, factor] of [['1.0.0', 1], ['1.1.0', slowdown]] as const) {
    for (let session = 0; session < SESSIONS; session++) {
      for (let frame = 1; frame <= 100; frame++) {
        const mtp = frame % 2 === 1 ? String(11 + ((frame - 1) % 10)) : '';
        lines.push(`${build}-${session},vive,${build},${1_700_000_000_000 + frame * 10},100,${(frame * factor).toFixed(4)},${frame >= 96 ? 1 : 0},${mtp}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const PASSING_GATE = `
limits: { minSessions: 5, frameTimeP99BudgetRatio: 12, droppedPctMax: 5, mtpP99MaxMs: 25 }
regression: { alpha: 0.01, maxWorsePct: { frameTimeP50: 20, frameTimeP99: 20, droppedFrames: 50, mtpP99: 10 } }
`;

interface Outcome {
  readonly dir: string;
  readonly results?: VrTelemetryResults;
  readonly error?: unknown;
  readonly summary: JobSummary<VrTelemetryResults> | undefined;
}

async function runJob(csv: string, gate: string, flags: Partial<VrTelemetryFlags> = {}, maxSkipped = 0): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'vr-telemetry-'));
  await writeFile(join(dir, 'frames.csv'), csv);
  await writeFile(join(dir, 'gate.yaml'), gate);
  const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
  const quiet = { write: () => true } as unknown as NodeJS.WriteStream;
  const read = async (): Promise<JobSummary<VrTelemetryResults> | undefined> =>
    JSON.parse(await readFile(join(dir, 'reports/vr-telemetry/summary.json'), 'utf8').catch(() => 'null')) ?? undefined;
  try {
    const results = await runVrTelemetry({ input: 'frames.csv', gate: 'gate.yaml', ...flags }, { maxSkipped, progress: 'off' }, env, quiet);
    return { dir, results, summary: await read() };
  } catch (error) {
    return { dir, error, summary: await read() };
  }
}

describe('vr-telemetry job on a hand-made input', () => {
  it('computes percentiles, dropped share and latency percentiles per build and device', async () => {
    const { results, error } = await runJob(handMadeCsv(1.1), PASSING_GATE);
    expect(error).toBeUndefined();
    expect(results!.builds).toEqual(['1.0.0', '1.1.0']);
    expect(results!.baseline).toBe('1.0.0');
    expect(results!.candidate).toBe('1.1.0');
    const base = results!.groups.find((g) => g.build === '1.0.0')!;
    const tolerance = results!.percentileRelativeError;
    expect(base).toMatchObject({ device: 'vive', frames: 1000, sessions: 10, refreshHz: 100, budgetMs: 10, droppedFrames: 50 });
    // 1000 frames, 10 of each of 1..100 ms: nearest ranks 500, 900, 950, 990 are 50, 90, 95, 99 ms.
    for (const [key, exact] of [['p50', 50], ['p90', 90], ['p95', 95], ['p99', 99]] as const) {
      expect(Math.abs(base.frameTimeMs[key] - exact) / exact).toBeLessThanOrEqual(tolerance);
    }
    expect(base.frameTimeMs.mean).toBeCloseTo(50.5, 9);
    expect(base.frameTimeMs.max).toBe(100);
    // 50 dropped refreshes of 1000 frames + 50 missed refreshes.
    expect(base.droppedPct).toBeCloseTo((100 * 50) / 1050, 9);
    // 500 latency samples, 100 each of 11, 13, 15, 17, 19: rank 250 is 15 ms, rank 495 is 19 ms.
    expect(base.mtpMs!.samples).toBe(500);
    expect(Math.abs(base.mtpMs!.p50 - 15) / 15).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(base.mtpMs!.p99 - 19) / 19).toBeLessThanOrEqual(tolerance);
  });

  it('finds a 10 % slowdown that every session shows, and the gate passes when the tolerance is 20 %', async () => {
    const { results } = await runJob(handMadeCsv(1.1), PASSING_GATE);
    const p50 = results!.comparisons.find((c) => c.metric === 'frameTimeP50')!;
    expect(p50.deltaPct).toBeCloseTo(10, 0);
    // Every candidate session is slower: U = 10·10, z = (100 - 50 - 0.5) / sqrt(100·21/12), p = 9.13e-5.
    expect(p50.test).toMatchObject({ nBaseline: 10, nCandidate: 10, u: 100, probabilityWorse: 1 });
    expect(p50.test!.pValue).toBeCloseTo(9.1336e-5, 8);
    expect(p50.regressed).toBe(false);
    const dropped = results!.comparisons.find((c) => c.metric === 'droppedFrames')!;
    expect(dropped.delta).toBe(0);
    expect(results!.gate.passed).toBe(true);
    expect(results!.gate.checks.filter((c) => c.status === 'skipped')).toEqual([]);
    expect(results!.gate.checks.find((c) => c.check === 'frame time p99 (ms)')).toMatchObject({ threshold: 120, status: 'pass' });
  });

  it('fails the gate on the regressed metrics when the tolerance is 5 %, and still writes the outputs', async () => {
    const strict = PASSING_GATE.replace('frameTimeP50: 20, frameTimeP99: 20', 'frameTimeP50: 5, frameTimeP99: 5');
    const { error, summary } = await runJob(handMadeCsv(1.1), strict);
    expect(error).toBeInstanceOf(ReleaseGateFailed);
    expect((error as Error).message).toContain('1.1.0 vs 1.0.0: 2 check(s) failed');
    const failed = summary!.results.gate.checks.filter((c) => c.status === 'fail').map((c) => c.check);
    expect(failed).toEqual(['no regression: frame time p50 (ms), worse by (%)', 'no regression: frame time p99 (ms), worse by (%)']);
    expect(summary!.results.gate.passed).toBe(false);
  });

  it('fails the gate on an absolute limit: p99 of 108.9 ms over 10 budgets', async () => {
    const { error, summary } = await runJob(handMadeCsv(1.1), PASSING_GATE.replace('frameTimeP99BudgetRatio: 12', 'frameTimeP99BudgetRatio: 10'));
    expect(error).toBeInstanceOf(ReleaseGateFailed);
    const p99 = summary!.results.gate.checks.find((c) => c.check === 'frame time p99 (ms)')!;
    expect(p99.status).toBe('fail');
    expect(p99.threshold).toBe(100);
    expect(Math.abs(p99.value! - 108.9) / 108.9).toBeLessThanOrEqual(summary!.results.percentileRelativeError);
  });

  it('compares the builds named by --baseline and --candidate, and rejects a build not in the input', async () => {
    const swapped = await runJob(handMadeCsv(1.1), PASSING_GATE, { baseline: '1.1.0', candidate: '1.0.0' });
    expect(swapped.results!.comparisons.find((c) => c.metric === 'frameTimeP50')!.test!.probabilityWorse).toBe(0);
    const missing = await runJob(handMadeCsv(1.1), PASSING_GATE, { candidate: '2.0.0' });
    expect(missing.error).toBeInstanceOf(ConfigError);
    expect((missing.error as Error).message).toContain('--candidate 2.0.0: no frame of that build in the input (builds: 1.0.0, 1.1.0)');
  });

  it('rejects a gate file with an unknown key, naming file and key', async () => {
    const { error } = await runJob(handMadeCsv(1.1), `${PASSING_GATE}\nlimits2: {}\n`);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/gate\.yaml: limits2: unknown key/);
  });

  it('skips bad rows naming file, line and field (a build that is not a semantic version too), then fails with InputError', async () => {
    const csv = handMadeCsv(1.1).replace('\n1.0.0-0,vive,1.0.0,1700000000010,100,1.0000,', '\n1.0.0-0,vive,v1,1700000000010,100,1.0000,').replace(',100,2.0000,0,', ',100,fast,0,');
    const { error, summary } = await runJob(csv, PASSING_GATE);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('frames.csv:2: field "build": expected a semantic version such as 1.5.0, got "v1"');
    expect((error as Error).message).toContain('frames.csv:3: field "frame_time_ms": expected a number in [0, 600000], got "fast"');
    expect(summary!.rows).toMatchObject({ read: 2000, skipped: 2 });
    expect(summary!.results.groups.find((g) => g.build === '1.0.0')!.frames).toBe(998);
  });
});
