import { join, relative, resolve } from 'node:path';
import { valid as validSemver } from 'semver';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { ConfigError, InputError } from '../../src/core/errors.js';
import { pipeline } from '../../src/core/pipeline.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { addCommonJobFlags, commonJobFlags, fileProgress, JobRun, runsPipeline, type CommonJobFlags } from '../../src/jobs/job-run.js';
import { ReleaseGateFailed } from '../../src/jobs/release-gate-failed.js';
import { fileSource } from '../../src/sources/file-source.js';
import type { BuildDeviceSummary } from './build-device-stats.js';
import { parseFrameSamples } from './frame-sample.js';
import { loadGateConfig } from './gate-config.js';
import { LATENCY_RANGE, LogHistogram } from './log-histogram.js';
import { compareBuilds, type Comparison } from './regressions.js';
import { evaluateGate, type GateVerdict } from './release-gate.js';
import { TelemetryAggregator } from './telemetry-aggregator.js';
import { generateTelemetry } from './telemetry-generator.js';
import { telemetryReport } from './telemetry-report.js';

const JOB = 'vr-telemetry';
const BUNDLED_GATE = join(PACKAGE_ROOT, 'pipelines', JOB, 'gate.yaml');
/** Rows generated when no --input is given: about 13 sessions per build and device, a second or two to read. */
const DEFAULT_ROWS = 240_000;
const DEFAULT_SEED = 1;

const build = z.string().refine((text) => validSemver(text) === text, { message: 'expected a semantic version such as 1.5.0' });

export const vrTelemetryFlagsSchema = z.strictObject({
  /** Frame samples, CSV or JSONL; default: generated into the output folder. */
  input: z.string().min(1).optional(),
  baseline: build.optional(),
  candidate: build.optional(),
  /** Gate limits (YAML); default: pipelines/vr-telemetry/gate.yaml. */
  gate: z.string().min(1).optional(),
});
export type VrTelemetryFlags = z.output<typeof vrTelemetryFlagsSchema>;

export const generateFlagsSchema = z.strictObject({
  out: z.string().min(1),
  rows: z.coerce.number().int().min(1),
  seed: z.coerce.number().int(),
});

/** What summary.json's `results` holds. */
export interface VrTelemetryResults {
  /** Every build in the input, oldest first. */
  readonly builds: readonly string[];
  readonly baseline: string;
  readonly candidate: string;
  readonly gateFile: string;
  /** Largest relative error of a reported percentile (histogram resolution). */
  readonly percentileRelativeError: number;
  readonly groups: readonly BuildDeviceSummary[];
  readonly comparisons: readonly Comparison[];
  readonly gate: GateVerdict;
}

export const vrTelemetryJob: JobDefinition = {
  name: JOB,
  description: 'VR frame telemetry: percentiles per build and device, regressions between builds, release gate (exit 4 when it fails)',
  register(command, env) {
    addCommonJobFlags(command)
      .option('--input <file>', 'frame samples, CSV or JSONL (default: generate <out>/telemetry.csv and read it)')
      .option('--baseline <build>', 'build to compare against (default: the build before the candidate)')
      .option('--candidate <build>', 'build to gate (default: the latest build in the input)')
      .option('--gate <file>', 'gate limits, YAML (default: pipelines/vr-telemetry/gate.yaml)')
      .action(async (raw: Record<string, unknown>) => {
        const flags = validateConfig({ input: raw['input'], baseline: raw['baseline'], candidate: raw['candidate'], gate: raw['gate'] }, `${JOB} flags`, vrTelemetryFlagsSchema);
        await runVrTelemetry(flags, commonJobFlags(raw), env());
      });
    command
      .command('generate')
      .description('write synthetic frame telemetry with a planted regression (build 1.5.0 on pico-4)')
      .option('--out <file>', 'file to write; .csv or .jsonl (required)')
      .option('--rows <n>', 'frame samples to write', String(DEFAULT_ROWS))
      .option('--seed <n>', 'random seed; the same seed gives the same file', String(DEFAULT_SEED))
      .action(async (raw: Record<string, unknown>) => {
        const flags = validateConfig({ out: raw['out'], rows: raw['rows'], seed: raw['seed'] }, `${JOB} generate flags`, generateFlagsSchema);
        const out = resolve(env().baseDir, flags.out);
        const written = await generateTelemetry({ ...flags, out });
        process.stderr.write(`wrote ${written.rows} frame samples of ${written.sessions} sessions to ${out}\n`);
      });
  },
};

/** Reads the telemetry, writes summary.json and report.html, and throws ReleaseGateFailed (exit 4) when the gate says no. */
export async function runVrTelemetry(flags: VrTelemetryFlags, common: CommonJobFlags, env: PipelineEnvironment, out?: NodeJS.WriteStream): Promise<VrTelemetryResults> {
  const run = new JobRun(JOB, common, env, out);
  const gateFile = flags.gate === undefined ? BUNDLED_GATE : resolve(env.baseDir, flags.gate);
  const gate = await loadGateConfig(gateFile);
  let input: string;
  if (flags.input === undefined) {
    input = run.file('telemetry.csv');
    await generateTelemetry({ out: input, rows: DEFAULT_ROWS, seed: DEFAULT_SEED });
  } else {
    input = resolve(env.baseDir, flags.input);
  }
  const source = fileSource({ path: input });
  const telemetry = new TelemetryAggregator();
  const built = pipeline(JOB).from(source).through(parseFrameSamples('frame-samples')).to(telemetry).deadLettersTo(run.skipped).build();

  const summary = await run.execute<VrTelemetryResults>({
    inputs: [relative(env.baseDir, input) || input],
    progress: await fileProgress([source]),
    run: runsPipeline(built, env),
    async finish() {
      const builds = telemetry.builds();
      if (builds.length === 0) {
        const skipped = run.skipped.report();
        throw new InputError(`${JOB}: no valid frame sample in ${input}${skipped.count > 0 ? `; ${skipped.count} bad row(s), first: ${skipped.examples.join('; ')}` : ''}`);
      }
      const { baseline, candidate } = pickBuilds(builds, flags);
      const comparisons = compareBuilds(telemetry, baseline, candidate, gate);
      const verdict = evaluateGate(telemetry, baseline, candidate, gate, comparisons);
      const groups = telemetry.all().map((stats) => stats.summary());
      const shownGate = flags.gate ?? `${relative(PACKAGE_ROOT, BUNDLED_GATE)} (bundled)`;
      const results: VrTelemetryResults = {
        builds,
        baseline,
        candidate,
        gateFile: shownGate,
        percentileRelativeError: new LogHistogram(LATENCY_RANGE).relativeError,
        groups,
        comparisons,
        gate: verdict,
      };
      const failing = verdict.checks.filter((check) => check.status === 'fail');
      const lines = [
        `builds          ${builds.join(', ')}`,
        `release gate    ${verdict.passed ? 'PASS' : 'FAIL'}: ${candidate} vs ${baseline}, ${failing.length} of ${verdict.checks.length} checks failed`,
        ...failing.map((check) => `  failed        ${check.device}: ${check.check} = ${formatValue(check.value)} (limit ${check.comparison} ${check.threshold})`),
      ];
      return { results, report: telemetryReport({ telemetry, groups, baseline, candidate, comparisons, gate: verdict, gateFile: shownGate }), lines };
    },
  });
  const results = summary.results;
  if (!results.gate.passed) {
    const failing = results.gate.checks.filter((check) => check.status === 'fail').map((check) => `${check.device}: ${check.check}`);
    throw new ReleaseGateFailed(`${results.candidate} vs ${results.baseline}: ${failing.length} check(s) failed (${failing.join('; ')}); see ${summary.outputs.report}`);
  }
  return results;
}

/** Candidate: --candidate or the latest build; baseline: --baseline or the build just before the candidate. `builds` is not empty. */
export function pickBuilds(builds: readonly string[], flags: Pick<VrTelemetryFlags, 'baseline' | 'candidate'>): { baseline: string; candidate: string } {
  const known = (flag: string, value: string): string => {
    if (!builds.includes(value)) throw new ConfigError(`--${flag} ${value}: no frame of that build in the input (builds: ${builds.join(', ') || 'none'})`);
    return value;
  };
  const candidate = flags.candidate === undefined ? builds[builds.length - 1]! : known('candidate', flags.candidate);
  let baseline: string;
  if (flags.baseline !== undefined) baseline = known('baseline', flags.baseline);
  else {
    const before = builds[builds.indexOf(candidate) - 1];
    if (before === undefined) throw new InputError(`${JOB}: no build older than ${candidate} in the input to compare with (builds: ${builds.join(', ')}); pass --baseline`);
    baseline = before;
  }
  if (baseline === candidate) throw new ConfigError(`--baseline and --candidate are both ${candidate}; compare two different builds`);
  return { baseline, candidate };
}

function formatValue(value: number | null): string {
  return value === null ? 'no data' : String(Math.round(value * 1000) / 1000);
}
