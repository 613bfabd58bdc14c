import { formatCount, textTable } from '../text-table.js';
import type { BenchDetectResult } from './bench-detect.js';

/** The benchmark result as plain-text tables, with the matching rules spelt out. */
export function renderBenchDetect(result: BenchDetectResult, wallMs = result.elapsedMs): string {
  const symbolDays = result.seeds.length * result.symbols * result.days;
  const lines = [
    `riskwatch bench detect: seeds ${result.seeds.join(',')} × ${result.symbols} symbols × ${result.days} trading day(s) ` +
      `(${symbolDays} symbol-days); ${count(result.ticks)} ticks with anomalies + ${count(result.cleanTicks)} clean, ` +
      `${(wallMs / 1000).toFixed(1)} s (${(result.elapsedMs / 1000).toFixed(1)} s of runs; ` +
      `${count(((result.ticks + result.cleanTicks) / result.elapsedMs) * 1000)} ticks/s per run, simulator included)`,
    '',
    table(
      ['kind', 'labels', 'found', 'events', 'TP', 'on other', 'precision', 'recall', 'F1', 'median delay', 'FA/sym-day', 'detectors'],
      result.kinds.map((k) => [
        k.kind,
        count(k.tally.labels),
        count(k.tally.detected),
        count(k.tally.events),
        count(k.tally.truePositives),
        count(k.tally.onOtherAnomalies),
        ratio(k.precision),
        ratio(k.recall),
        ratio(k.f1),
        seconds(k.medianDelayMs),
        rate(k.falseAlarmsPerSymbolDay),
        k.detectors.join(' ') || '-',
      ]),
    ),
    '',
    table(
      ['detector', 'kinds', 'events', 'TP', 'on other', 'elsewhere', 'FA/sym-day'],
      [
        ...result.detectors.map((d) => [
          d.id,
          d.kinds.join(' ') || '(none)',
          count(d.tally.events),
          count(d.tally.truePositives),
          count(d.tally.onOtherAnomalies),
          count(d.tally.events - d.tally.truePositives - d.tally.onOtherAnomalies),
          rate(d.falseAlarmsPerSymbolDay),
        ]),
        ['all', '', '', '', '', '', rate(result.falseAlarmsPerSymbolDay)],
      ],
    ),
    ...ensembleLines(result),
    '',
    'Matching: an event of a detector mapped to kind K is a true positive (TP) when it is on the symbol of a',
    'label of kind K with start ≤ ts ≤ end + grace (grace: ' +
      result.kinds.map((k) => `${k.kind} ${seconds(k.graceMs)}`).join(', ') +
      ').',
    'Precision = TP / events of the detectors mapped to K ("on other": non-TP events inside a label of another kind,',
    'still counted as false positives); recall = labels with a TP / labels; delay = first TP ts - label start.',
    'FA/sym-day: events on the clean runs (same seeds, no anomalies injected) per symbol per trading day.',
    '"elsewhere": events on the anomaly runs outside every label window.',
  ];
  return `${lines.join('\n')}\n`;
}

function ensembleLines(result: BenchDetectResult): string[] {
  const e = result.ensemble;
  if (e === undefined) return [];
  return [
    '',
    `ensemble (one score in [0, 1] per tick on which detectors fired): ${count(e.events)} events, ${count(e.truePositives)} inside a label ` +
      `(precision ${ratio(e.precision)}), FA/sym-day ${rate(e.falseAlarmsPerSymbolDay)}; recall ` +
      Object.entries(e.recall)
        .map(([kind, value]) => `${kind} ${ratio(value)}`)
        .join(', '),
  ];
}

/** The last column lists names, so it is text too. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return textTable(header, rows, [0, header.length - 1]);
}

function count(n: number): string {
  return formatCount(n);
}

function ratio(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(3);
}

function rate(value: number): string {
  return value.toFixed(2);
}

function seconds(ms: number): string {
  return Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
