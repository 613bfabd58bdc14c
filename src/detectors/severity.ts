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
