import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import type { VrTelemetryResults } from '../../../../pipelines/vr-telemetry/index.js';
import { runCli } from '../../../helpers/cli.js';

const HEADER = 'session_id,device,build,timestamp,refresh_hz,frame_time_ms,dropped,motion_to_photon_ms';

async function summaryIn(dir: string, out = 'reports/vr-telemetry'): Promise<JobSummary<VrTelemetryResults>> {
  return JSON.parse(await readFile(join(dir, out, 'summary.json'), 'utf8')) as JobSummary<VrTelemetryResults>;
}

describe('riskwatch job vr-telemetry (CLI)', () => {
  it('with no arguments: generates telemetry, passes the gate (1.5.1 vs 1.5.0) and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vr-cli-'));
    const passing = await runCli(['job', 'vr-telemetry', '--progress', 'off'], dir);
    expect(passing.stderr).toContain('release gate    PASS: 1.5.1 vs 1.5.0');
    expect(passing.code).toBe(0);
    const summary = await summaryIn(dir);
    expect(summary.rows).toMatchObject({ read: 240_000, skipped: 0 });
    expect(summary.results.builds).toEqual(['1.4.2', '1.5.0', '1.5.1']);
    expect(summary.results.gate).toMatchObject({ passed: true, failed: 0 });
    expect(await readFile(join(dir, 'reports/vr-telemetry/report.html'), 'utf8')).toContain('<svg');
  });

  it('exits 4 when the gate fails, after writing its outputs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vr-cli-gate-'));
    // One session per build: too few for the bundled gate's minSessions (8).
    const rows = ['s1,quest-3,1.0.0,1700000000000,90,8.1,0,', 's2,quest-3,1.1.0,1700000000000,90,8.0,0,15'];
    await writeFile(join(dir, 'frames.csv'), `${[HEADER, ...rows].join('\n')}\n`);
    const run = await runCli(['job', 'vr-telemetry', '--input', 'frames.csv', '--progress', 'off'], dir);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('riskwatch: release gate failed');
    expect(run.stderr).toContain('1.1.0 vs 1.0.0: 1 check(s) failed (quest-3: sessions)');
    const summary = await summaryIn(dir);
    expect(summary.results.gate.passed).toBe(false);
    expect(summary.results.gate.checks.find((c) => c.check === 'sessions')).toMatchObject({ value: 1, threshold: 8, status: 'fail' });
  });

  it('exits 3 on a bad row, naming file, line and field, and counts it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vr-cli-bad-'));
    const rows = ['s1,quest-3,1.0.0,1700000000000,90,8.1,0,', 's1,quest-3,1.0.0,1700000000011,90,8.2,-1,', 's2,quest-3,1.1.0,1700000000000,90,8.0,0,15'];
    await writeFile(join(dir, 'frames.csv'), `${[HEADER, ...rows].join('\n')}\n`);
    const run = await runCli(['job', 'vr-telemetry', '--input', 'frames.csv', '--progress', 'off'], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('frames.csv:3: field "dropped": expected an integer ≥ 0, got "-1"');
    expect((await summaryIn(dir)).rows).toMatchObject({ read: 3, skipped: 1 });
  });

  it('writes a telemetry file with the generate sub-command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vr-cli-gen-'));
    const run = await runCli(['job', 'vr-telemetry', 'generate', '--rows', '3000', '--out', 'frames.jsonl', '--seed', '7'], dir);
    expect(run.code).toBe(0);
    const lines = (await readFile(join(dir, 'frames.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3000);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['session_id', 'device', 'build', 'timestamp', 'refresh_hz', 'frame_time_ms', 'dropped', 'motion_to_photon_ms']);
  });
});
