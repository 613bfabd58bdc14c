import { escapeHtml, formatCell, HtmlReport } from '../../src/reports/html-report.js';
import type { ChartSpec } from '../../src/reports/vega-svg.js';
import type { BuildDeviceStats, BuildDeviceSummary } from './build-device-stats.js';
import type { GateVerdict } from './release-gate.js';
import { formatP } from './release-gate.js';
import { metricLabel, type Comparison } from './regressions.js';
import type { TelemetryAggregator } from './telemetry-aggregator.js';

/** Distribution charts re-bin the fine histogram to this share of the frame budget, up to 3 budgets. */
const CHART_BIN_BUDGETS = 0.025;
const CHART_MAX_BUDGETS = 3;

export interface TelemetryReportInput {
  readonly telemetry: TelemetryAggregator;
  readonly groups: readonly BuildDeviceSummary[];
  readonly baseline: string;
  readonly candidate: string;
  readonly comparisons: readonly Comparison[];
  readonly gate: GateVerdict;
  readonly gateFile: string;
}

export function telemetryReport(input: TelemetryReportInput): HtmlReport {
  const { telemetry, baseline, candidate, gate } = input;
  const report = new HtmlReport('VR telemetry', `Release gate for ${candidate} against ${baseline}`);

  report
    .section(`Release gate: ${gate.passed ? 'PASS' : 'FAIL'}`)
    .metrics({ verdict: gate.passed ? 'PASS' : 'FAIL', candidate, baseline, 'checks failed': gate.failed, 'checks run': gate.checks.length })
    .text(`Limits from ${input.gateFile}. A regression fails the gate only when the candidate is worse by more than the tolerance and the per-session test says the shift is real.`)
    .html(gateTable(gate));

  const compared = input.groups.filter((g) => g.build === baseline || g.build === candidate);
  report
    .section('Baseline vs candidate')
    .chart(percentileBars(compared, baseline, candidate), 'Frame-time percentiles per device; the dashed line is the frame budget.')
    .chart(frameTimeDistribution(telemetry, baseline, candidate), 'Share of frames by frame time, in multiples of the frame budget (dashed: the refresh deadline); log-like scale, so rare hitches show.')
    .table(
      ['device', 'metric', baseline, candidate, 'change', 'change %', 'tested on', 'p (one-sided)', 'P(worse)', 'regressed'],
      input.comparisons.map((c) => [
        c.device,
        metricLabel(c.metric),
        c.baseline,
        c.candidate,
        c.delta,
        c.deltaPct,
        c.sessionValue,
        c.test === null ? 'too few sessions' : formatP(c.test.pValue),
        c.test?.probabilityWorse,
        c.regressed ? 'yes' : 'no',
      ]),
      'Change over all frames; significance from a Mann–Whitney U test on one value per session.',
    );

  report
    .section('Every build and device')
    .table(
      ['build', 'device', 'sessions', 'frames', 'Hz', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'max ms', 'dropped %', 'MTP p50 ms', 'MTP p99 ms'],
      input.groups.map((g) => [
        g.build,
        g.device,
        g.sessions,
        g.frames,
        g.refreshHz,
        g.frameTimeMs.p50,
        g.frameTimeMs.p90,
        g.frameTimeMs.p95,
        g.frameTimeMs.p99,
        g.frameTimeMs.max,
        g.droppedPct,
        g.mtpMs?.p50,
        g.mtpMs?.p99,
      ]),
      'Percentiles from log histograms, within ±0.25 % of the exact value; counts are exact.',
    );
  return report;
}

function gateTable(gate: GateVerdict): string {
  const rows = gate.checks
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.device)}</td><td>${escapeHtml(c.check)}</td><td class="num">${formatCell(c.value)}</td><td>${c.comparison} ${formatCell(c.threshold)}</td>` +
        `<td class="${c.status === 'fail' ? 'fail' : c.status === 'pass' ? 'pass' : ''}">${c.status}</td><td>${escapeHtml(c.detail)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>device</th><th>check</th><th>value</th><th>limit</th><th>status</th><th>detail</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function percentileBars(groups: readonly BuildDeviceSummary[], baseline: string, candidate: string): ChartSpec {
  const values = groups.flatMap((g) =>
    (['p50', 'p90', 'p95', 'p99'] as const).map((percentile) => ({ device: g.device, build: g.build, percentile, ms: g.frameTimeMs[percentile], budget: g.budgetMs })),
  );
  return {
    data: { values },
    facet: { column: { field: 'device', type: 'nominal', title: null } },
    spec: {
      width: 170,
      height: 200,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'percentile', type: 'ordinal', title: null },
            xOffset: { field: 'build', sort: [baseline, candidate] },
            y: { field: 'ms', type: 'quantitative', title: 'frame time (ms)' },
            color: { field: 'build', type: 'nominal', sort: [baseline, candidate], scale: { range: ['#8da0cb', '#fc8d62'] } },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { y: { aggregate: 'max', field: 'budget' } } },
      ],
    },
  } as ChartSpec;
}

function frameTimeDistribution(telemetry: TelemetryAggregator, baseline: string, candidate: string): ChartSpec {
  const values: { device: string; build: string; budgets: number; sharePct: number }[] = [];
  for (const device of telemetry.devices()) {
    for (const build of [baseline, candidate]) {
      const stats = telemetry.stats(build, device);
      if (stats !== undefined) values.push(...budgetBins(stats));
    }
  }
  return {
    data: { values },
    facet: { field: 'device', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 330,
      height: 170,
      layer: [
        {
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { field: 'budgets', type: 'quantitative', title: 'frame time / budget', scale: { domain: [0, CHART_MAX_BUDGETS] } },
            // symlog keeps empty bins at 0 while the rare hitches stay visible.
            y: { field: 'sharePct', type: 'quantitative', title: 'frames (%)', scale: { type: 'symlog', constant: 0.001 }, axis: { values: [0, 0.001, 0.01, 0.1, 1, 10, 100], format: '~g' } },
            color: { field: 'build', type: 'nominal', sort: [baseline, candidate], scale: { range: ['#8da0cb', '#fc8d62'] } },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { x: { datum: 1 } } },
      ],
    },
  } as ChartSpec;
}

/** The fine histogram summed into coarse bins of the frame budget, as shares of all frames. */
function budgetBins(stats: BuildDeviceStats): { device: string; build: string; budgets: number; sharePct: number }[] {
  const budget = stats.budgetMs();
  const bins = new Float64Array(Math.round(CHART_MAX_BUDGETS / CHART_BIN_BUDGETS));
  for (const bucket of stats.frameTime.buckets()) {
    const bin = Math.floor(Math.sqrt(bucket.lower * bucket.upper) / budget / CHART_BIN_BUDGETS);
    if (bin < bins.length) bins[bin]! += bucket.count;
  }
  return Array.from(bins, (count, bin) => ({ device: stats.device, build: stats.build, budgets: bin * CHART_BIN_BUDGETS, sharePct: (100 * count) / stats.frameTime.count }));
}
