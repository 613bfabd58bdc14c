import type { NabProfileScore } from './nab-score.js';

/** The scores as an aligned text table, one row per profile. */
export function formatNabScoreTable(scores: readonly NabProfileScore[]): string {
  const header = ['profile', 'raw', 'null', 'perfect', 'normalized', 'threshold', 'windows found', 'false positives'];
  const rows = scores.map((score) => [
    score.profile,
    score.raw.toFixed(3),
    score.null.toFixed(3),
    score.perfect.toFixed(3),
    Number.isFinite(score.normalized) ? score.normalized.toFixed(3) : 'n/a',
    Number.isFinite(score.threshold) ? String(score.threshold) : 'none',
    `${score.windowsDetected}/${score.windows}`,
    String(score.falsePositives),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
