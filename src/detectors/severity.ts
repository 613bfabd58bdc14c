import type { Severity } from '../events/anomaly-event.js';

/** Default critical threshold as a multiple of a detector's flag threshold. */
export const CRITICAL_FACTOR = 1.75;

/** The critical threshold a detector uses: the configured one, else CRITICAL_FACTOR × `threshold`. */
export function resolveCritical(threshold: number, critical: number | undefined): number {
  return critical ?? CRITICAL_FACTOR * threshold;
}

/**
 * Severity of a flagged score. A detector only raises events whose score passed its flag
 * threshold, so those are at least 'warning'; from `critical` up they are 'critical'.
 * 'info' is left for detectors that report without flagging.
 */
export function severityOf(score: number, critical: number): Severity {
  return score >= critical ? 'critical' : 'warning';
}

/**
 * The refinement every detector's params share: its critical threshold, when set, is not below
 * its flag threshold. Use as `.refine(...criticalNotBelow('criticalK', 'k'))`.
 */
export function criticalNotBelow<C extends string, F extends string>(critical: C, flag: F) {
  return [
    (p: { readonly [key in C]?: number | undefined } & { readonly [key in F]: number }): boolean => {
      const value = p[critical];
      return value === undefined || value >= p[flag];
    },
    { path: [critical] as PropertyKey[], message: `${critical} must be at least ${flag}` },
  ] as const;
}
