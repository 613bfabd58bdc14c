import type { RunWatch } from './run-watch.js';

/** The `/readyz` answer: ready, or the reasons it is not, one short sentence each. */
export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/** Why one output is degraded at `now` (wall ms), or undefined when it is fine. */
export type ReadinessProbe = (now: number) => string | undefined;

/**
 * Ready once the pipeline has started and its source has delivered a batch, while no output
 * probe reports trouble. Consumer lag is left out on purpose: a lagging instance is still the
 * one that should catch up, so taking it out of service would only make things worse.
 */
export function checkReadiness(run: RunWatch, probes: readonly ReadinessProbe[], now: number): Readiness {
  const reasons: string[] = [];
  const stats = run.stats;
  if (stats === undefined) reasons.push('pipeline: not started');
  else if (stats.batches === 0) reasons.push('source: nothing received yet');
  for (const probe of probes) {
    const reason = probe(now);
    if (reason !== undefined) reasons.push(reason);
  }
  return { ready: reasons.length === 0, reasons };
}
