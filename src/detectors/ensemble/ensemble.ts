import { z } from 'zod';
import { eventId, type AnomalyEvent, type EventContributor } from '../../events/anomaly-event.js';
import type { Tick } from '../../ticks/tick.js';
import { parseParams } from '../params.js';
import { tailProbability, type TailModel } from './tail-model.js';

export const ENSEMBLE = 'ensemble';

/**
 * One anomaly score in [0, 1] per tick on which any detector fired: 1 - p, where p is the
 * probability per tick that normal data looks at least this unusual to the detectors together.
 *
 * Each fired detector's score becomes a tail probability p_i through its calibrated TailModel.
 * The p_i are combined with the harmonic mean p-value (Wilson, PNAS 2019) over all m running
 * detectors: detectors that did not fire count as p = 1, which can only make p larger:
 *
 *   p = m / (Σ_fired 1/p_i + (m - fired))
 *
 * Several detectors seeing the same tick add up (unlike taking the smallest p), and the harmonic
 * mean stays valid when they are dependent (the return detectors all see the same return), where
 * Fisher's product would be far too sure of itself. A detector without a calibration (added
 * later, never calibrated) counts as fired with its own severity only: critical p = criticalP,
 * else warningP.
 *
 * Flags when p ≤ warningP, 'critical' when p ≤ criticalP. With warningP 1e-5 and some 50,000
 * ticks per symbol per day, normal data would raise at most one every two symbol-days (fewer in
 * practice: the harmonic mean is conservative). Lower, it would silence the rule detectors,
 * which calibration can only bound: a crossed quote never seen in 7 M normal ticks is p ≤ 4e-7,
 * and one detector alone is worth m × its p.
 *
 * p is at least P_FLOOR (1e-12). Event: score 1 - p; observed p; expected warningP; `contributors` the fired detectors with
 * their scores and p; the reason lists them, strongest first.
 */
export const ensembleParams = z
  .strictObject({
    warningP: z.number().gt(0).lt(1).default(1e-5).describe('Flag when the combined tail probability per tick is at most this.'),
    criticalP: z.number().gt(0).lt(1).default(1e-7).describe('Critical when it is at most this.'),
  })
  .refine((p) => p.criticalP <= p.warningP, { path: ['criticalP'], message: 'criticalP must not exceed warningP' });

export type EnsembleParams = z.input<typeof ensembleParams>;

export class Ensemble {
  private readonly warningP: number;
  private readonly criticalP: number;

  /** `detectors`: the ids of every running detector (m); `models`: their calibrations. */
  constructor(
    private readonly detectors: readonly string[],
    private readonly models: Readonly<Record<string, TailModel>>,
    params: EnsembleParams = {},
  ) {
    const p = parseParams(ensembleParams, params, ENSEMBLE);
    this.warningP = p.warningP;
    this.criticalP = p.criticalP;
  }

  /** The combined event for the events detectors raised on `tick` (at least one), if p ≤ warningP. */
  combine(tick: Tick, events: readonly AnomalyEvent[]): AnomalyEvent | undefined {
    const contributors = events.map((event): EventContributor => ({ detector: event.detector, score: event.score, p: this.tailOf(event) }));
    const m = Math.max(this.detectors.length, contributors.length);
    let inverseSum = m - contributors.length;
    for (const contributor of contributors) inverseSum += 1 / contributor.p;
    const p = Math.max(P_FLOOR, Math.min(1, m / inverseSum));
    if (p > this.warningP) return undefined;
    contributors.sort((a, b) => a.p - b.p);
    return {
      id: eventId(tick.symbol, ENSEMBLE, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: ENSEMBLE,
      severity: p <= this.criticalP ? 'critical' : 'warning',
      score: 1 - p,
      observed: p,
      expected: this.warningP,
      contributors,
      reason: `${tick.symbol} anomaly score ${formatScore(p)} (normal data: ${formatOdds(p)}): ${contributors.map(describe).join(', ')}`,
    };
  }

  private tailOf(event: AnomalyEvent): number {
    const model = this.models[event.detector];
    if (model !== undefined) return Math.max(P_FLOOR, tailProbability(model, event.score));
    return event.severity === 'critical' ? this.criticalP : this.warningP;
  }
}

/**
 * Smallest tail probability reported: far beyond the calibration's millions of ticks, a Pareto
 * extrapolation still ranks scores but its digits mean nothing.
 */
export const P_FLOOR = 1e-12;

/** 1 - p with as many nines as it takes: `0.9999987`; `> 0.999999999999` at the floor. */
export function formatScore(p: number): string {
  if (p <= P_FLOOR) return `> ${(1 - P_FLOOR).toFixed(12)}`;
  const digits = Math.min(12, Math.max(2, Math.ceil(-Math.log10(p)) + 1));
  return (1 - p).toFixed(digits);
}

/** `1 in 3.2M ticks`; `under 1 in 1000G ticks` at the floor. */
export function formatOdds(p: number): string {
  if (p <= P_FLOOR) return 'under 1 in 1000G ticks';
  const n = 1 / p;
  const [value, unit] = n >= 1e9 ? [n / 1e9, 'G'] : n >= 1e6 ? [n / 1e6, 'M'] : n >= 1e3 ? [n / 1e3, 'k'] : [n, ''];
  return `1 in ${value.toFixed(value < 10 ? 1 : 0)}${unit} ticks`;
}

function describe(contributor: EventContributor): string {
  const p = contributor.p <= P_FLOOR ? `< ${P_FLOOR.toExponential(0)}` : contributor.p.toExponential(1);
  return `${contributor.detector} ${contributor.score.toFixed(1)} (p ${p})`;
}
