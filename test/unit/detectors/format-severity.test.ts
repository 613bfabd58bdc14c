import { describe, expect, it } from 'vitest';
import { formatPercent, formatPrice, formatQuantity, formatSigma, formatSignedPercent, priceDecimals } from '../../../src/detectors/format.js';
import { resolveCritical, severityOf } from '../../../src/detectors/severity.js';
import { hasSpread } from '../../../src/detectors/spread.js';

describe('reason formatting', () => {
  it('formats fractions as percentages, signed without a negative zero', () => {
    expect(formatPercent(0.005)).toBe('0.50%');
    expect(formatSignedPercent(-0.0321)).toBe('-3.21%');
    expect(formatSignedPercent(0.0123)).toBe('+1.23%');
    expect(formatSignedPercent(-0.000001)).toBe('+0.00%');
    expect(formatSigma(-6.44)).toBe('6.4σ');
  });

  it('keeps the decimals a price came in with, between 2 and 8', () => {
    expect(priceDecimals(101.3)).toBe(2);
    expect(priceDecimals(100)).toBe(2);
    expect(priceDecimals(0.01234)).toBe(5);
    expect(priceDecimals(104.5732)).toBe(4);
    expect(priceDecimals(1 / 3)).toBe(8);
    expect(formatPrice(99.1, priceDecimals(101.3))).toBe('99.10');
  });

  it('formats quantities with fewer decimals the larger they are', () => {
    expect(formatQuantity(52_000)).toBe('52,000');
    expect(formatQuantity(1200.456)).toBe('1,200');
    expect(formatQuantity(12.345)).toBe('12.35');
    expect(formatQuantity(0.015342)).toBe('0.01534');
  });
});

describe('severity', () => {
  it('is warning from the flag threshold and critical from the critical one, 1.75× by default', () => {
    expect(resolveCritical(4, undefined)).toBe(7);
    expect(resolveCritical(4, 5)).toBe(5);
    expect(severityOf(4, 7)).toBe('warning');
    expect(severityOf(6.99, 7)).toBe('warning');
    expect(severityOf(7, 7)).toBe('critical');
  });
});

describe('spread guard', () => {
  it('treats zero and rounding-level σ as no spread', () => {
    expect(hasSpread(0, 0)).toBe(false);
    expect(hasSpread(0, 100)).toBe(false);
    expect(hasSpread(1e-8, 1e9)).toBe(false);
    expect(hasSpread(1e-12, 0)).toBe(true);
    expect(hasSpread(0.5, 100)).toBe(true);
  });
});
