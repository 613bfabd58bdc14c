/** Number and duration formatting for what an e-mail shows a person. */

/** Up to 6 significant digits, no trailing zeros: 187.250001 → `187.25`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** `1 gap`, `2 gaps`: the plural is the word plus `s` unless given. */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** The two largest units, the second left out when zero: `45s`, `12m`, `12m 30s`, `1h 5m`, `2d 3h`. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
    else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}

/** A tail probability: `0.012`, or `1.2e-5` when small enough that decimals would hide it. */
export function formatProbability(p: number): string {
  return p > 0 && p < 0.001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}
