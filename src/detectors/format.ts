/** Number formatting for event reasons: runs only when a detector flags. */

/** A fraction as a percentage: 0.0123 → `1.23%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** A fraction as a signed percentage: 0.0123 → `+1.23%`, and never `-0.00%`. */
export function formatSignedPercent(fraction: number): string {
  const text = formatPercent(fraction);
  if (!text.startsWith('-')) return `+${text}`;
  return Number(text.slice(0, -1)) === 0 ? `+${text.slice(1)}` : text;
}

/** A score in standard deviations: `6.4σ`. */
export function formatSigma(score: number): string {
  return `${Math.abs(score).toFixed(1)}σ`;
}

/** Decimals a price came in with, between 2 and 8: 101.3 → 2, 0.01234 → 5. */
export function priceDecimals(price: number): number {
  for (let decimals = 2; decimals < 8; decimals++) {
    if (Number(price.toFixed(decimals)) === price) return decimals;
  }
  return 8;
}

export function formatPrice(price: number, decimals: number): string {
  return price.toFixed(decimals);
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const FINE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** A trade size or volume, with fewer decimals the larger it is: `52,000`, `12.5`, `0.01534`. */
export function formatQuantity(quantity: number): string {
  const magnitude = Math.abs(quantity);
  return (magnitude >= 100 ? WHOLE : magnitude >= 1 ? CENTS : FINE).format(quantity);
}
