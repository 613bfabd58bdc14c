import { limitsFor, REGRESSION_METRICS, type GateConfig } from './gate-config.js';
import { metricLabel, type Comparison } from './regressions.js';
import type { TelemetryAggregator } from './telemetry-aggregator.js';

export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** One line of the gate: a figure of the candidate on a device against its limit. */
export interface GateCheck {
  readonly device: string;
  readonly check: string;
  /** Null when there is nothing to measure (no frames, or a change from zero). */
  readonly value: number | null;
  readonly comparison: '≤' | '≥';
  readonly threshold: number;
  readonly status: CheckStatus;
  readonly detail: string;
}

export interface GateVerdict {
  readonly passed: boolean;
  readonly failed: number;
  readonly checks: readonly GateCheck[];
}

/**
 * The release gate for `candidate`: on every device the baseline or the candidate ran on, the
 * candidate's own figures against the limits, and no significant regression against the baseline
 * beyond the tolerance. A check without data fails (a gate must not pass what it cannot see),
 * except a regression check on a device the baseline never ran on, which is skipped.
 */
export function evaluateGate(telemetry: TelemetryAggregator, baseline: string, candidate: string, gate: GateConfig, comparisons: readonly Comparison[]): GateVerdict {
  const checks: GateCheck[] = [];
  const devices = telemetry.devices().filter((device) => telemetry.stats(baseline, device) !== undefined || telemetry.stats(candidate, device) !== undefined);
  for (const device of devices) {
    const limits = limitsFor(gate, device);
    const stats = telemetry.stats(candidate, device);
    const check = (name: string, value: number | null, comparison: GateCheck['comparison'], threshold: number, detail: string): void => {
      const ok = value !== null && (comparison === '≤' ? value <= threshold : value >= threshold);
      checks.push({ device, check: name, value, comparison, threshold, status: ok ? 'pass' : 'fail', detail: value === null ? `no data: ${detail}` : detail });
    };
    if (limits.minSessions != null) {
      check('sessions', stats?.sessions.size ?? 0, '≥', limits.minSessions, 'sessions of the candidate on this device');
    }
    if (limits.frameTimeP99BudgetRatio != null) {
      const budget = stats === undefined ? NaN : stats.budgetMs();
      const p99 = stats === undefined ? null : stats.frameTime.quantile(0.99);
      check('frame time p99 (ms)', p99, '≤', limits.frameTimeP99BudgetRatio * budget, `${limits.frameTimeP99BudgetRatio} × the ${round(budget)} ms frame budget (${stats?.refreshHz ?? '?'} Hz)`);
    }
    if (limits.droppedPctMax != null) {
      check('dropped frames (%)', stats === undefined ? null : stats.droppedPct(), '≤', limits.droppedPctMax, 'share of display refreshes without a new frame');
    }
    if (limits.mtpP99MaxMs != null) {
      const samples = stats?.mtp.count ?? 0;
      check(
        'motion-to-photon p99 (ms)',
        samples === 0 ? null : stats!.mtp.quantile(0.99),
        '≤',
        limits.mtpP99MaxMs,
        samples === 0 ? `no latency samples; set mtpP99MaxMs: null for ${device} in the gate file to skip` : `${samples} latency samples`,
      );
    }
    for (const metric of REGRESSION_METRICS) {
      const threshold = gate.regression.maxWorsePct[metric];
      const name = `no regression: ${metricLabel(metric)}, worse by (%)`;
      const comparison = comparisons.find((c) => c.device === device && c.metric === metric);
      if (comparison === undefined || comparison.test === null) {
        const why = comparison === undefined ? `no ${baseline} vs ${candidate} figures on ${device}` : `too few sessions for the test`;
        checks.push({ device, check: name, value: comparison?.deltaPct ?? null, comparison: '≤', threshold, status: 'skipped', detail: why });
        continue;
      }
      const { test } = comparison;
      const significance = test.pValue < gate.regression.alpha ? 'significant' : 'not significant';
      checks.push({
        device,
        check: name,
        value: comparison.deltaPct,
        comparison: '≤',
        threshold,
        status: comparison.regressed ? 'fail' : 'pass',
        detail: `${round(comparison.baseline)} → ${round(comparison.candidate)}; ${comparison.sessionValue}: p = ${formatP(test.pValue)} (${significance} at ${gate.regression.alpha}), P(worse) = ${round(test.probabilityWorse)}, ${test.nBaseline} vs ${test.nCandidate} sessions`,
      });
    }
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  return { passed: failed === 0, failed, checks };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function formatP(p: number): string {
  return p < 1e-6 ? '< 1e-6' : p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
