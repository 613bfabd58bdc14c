import type { BuildDeviceStats } from './build-device-stats.js';
import { limitsFor, REGRESSION_METRICS, type GateConfig, type RegressionMetric } from './gate-config.js';
import type { SessionStats } from './session-sample.js';
import { candidateWorse, type ShiftTest } from './shift-test.js';
import type { TelemetryAggregator } from './telemetry-aggregator.js';

/** How a metric is read from a build on a device, and which per-session value tests its shift. */
interface MetricReading {
  readonly label: string;
  readonly ofBuild: (stats: BuildDeviceStats) => number;
  readonly sessionValue: string;
  readonly ofSession: (session: SessionStats) => number;
}

const READINGS: Readonly<Record<RegressionMetric, MetricReading>> = {
  frameTimeP50: { label: 'frame time p50 (ms)', ofBuild: (s) => s.frameTime.quantile(0.5), sessionValue: 'session p50 frame time', ofSession: (s) => s.frameTime.quantile(0.5) },
  frameTimeP99: { label: 'frame time p99 (ms)', ofBuild: (s) => s.frameTime.quantile(0.99), sessionValue: 'session p99 frame time', ofSession: (s) => s.frameTime.quantile(0.99) },
  droppedFrames: { label: 'dropped frames (%)', ofBuild: (s) => s.droppedPct(), sessionValue: 'session dropped-frame %', ofSession: (s) => s.droppedPct() },
  // A session has few latency probes, so its mean stands for it rather than its p99.
  mtpP99: { label: 'motion-to-photon p99 (ms)', ofBuild: (s) => s.mtp.quantile(0.99), sessionValue: 'session mean motion-to-photon', ofSession: (s) => s.mtpMean() },
};

export function metricLabel(metric: RegressionMetric): string {
  return READINGS[metric].label;
}

/** One metric of the candidate against the baseline on one device. */
export interface Comparison {
  readonly device: string;
  readonly metric: RegressionMetric;
  readonly baseline: number;
  readonly candidate: number;
  readonly delta: number;
  /** Change relative to the baseline, in %; null when the baseline is 0 (JSON has no infinity). */
  readonly deltaPct: number | null;
  readonly sessionValue: string;
  /** Null when either side has fewer sessions than the device's minSessions. */
  readonly test: ShiftTest | null;
  /** Worse by more than the gate tolerates, and the session-level shift is significant. */
  readonly regressed: boolean;
}

/**
 * Candidate vs baseline on every device both ran on: the change of each metric over all frames
 * (its size), and a one-sided Mann–Whitney test on per-session values (whether it is real).
 */
export function compareBuilds(telemetry: TelemetryAggregator, baseline: string, candidate: string, gate: GateConfig): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const device of telemetry.devices()) {
    const before = telemetry.stats(baseline, device);
    const after = telemetry.stats(candidate, device);
    if (before === undefined || after === undefined) continue;
    const minSessions = limitsFor(gate, device).minSessions ?? 2;
    for (const metric of REGRESSION_METRICS) {
      const reading = READINGS[metric];
      const baseValue = reading.ofBuild(before);
      const candidateValue = reading.ofBuild(after);
      if (Number.isNaN(baseValue) || Number.isNaN(candidateValue)) continue;
      const baseSessions = sessionValues(before, reading);
      const candidateSessions = sessionValues(after, reading);
      const test = baseSessions.length >= minSessions && candidateSessions.length >= minSessions ? candidateWorse(baseSessions, candidateSessions) : null;
      const delta = candidateValue - baseValue;
      const deltaPct = baseValue === 0 ? (delta === 0 ? 0 : null) : (100 * delta) / baseValue;
      const worseBy = deltaPct ?? (delta > 0 ? Infinity : 0);
      comparisons.push({
        device,
        metric,
        baseline: baseValue,
        candidate: candidateValue,
        delta,
        deltaPct,
        sessionValue: reading.sessionValue,
        test,
        regressed: test !== null && test.pValue < gate.regression.alpha && worseBy > gate.regression.maxWorsePct[metric],
      });
    }
  }
  return comparisons;
}

function sessionValues(stats: BuildDeviceStats, reading: MetricReading): number[] {
  const values: number[] = [];
  for (const session of stats.sessions.values()) {
    const value = reading.ofSession(session);
    if (!Number.isNaN(value)) values.push(value);
  }
  return values;
}
