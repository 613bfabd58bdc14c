/**
 * The benchmarks' plain-text tables: columns padded to their widest cell, text columns
 * (`leftColumns`: by default the first) aligned left, numbers right.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (leftColumns.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with thousands separators, `-` when not finite. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? COUNT.format(n) : '-';
}
