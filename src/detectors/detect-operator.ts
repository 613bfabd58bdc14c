import { ConfigError } from '../core/errors.js';
import { keyed, type KeyedOperator } from '../core/keyed-state.js';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector, DetectorParams } from './detector.js';
import type { Ensemble } from './ensemble/ensemble.js';
import { createRecentTicks, DEFAULT_RECENT_TICKS, recordTick, type RecentTicks } from './evidence/recent-ticks.js';
import { tickEvidence, withEvidence, type EvidenceOptions, type TickEvidence } from './evidence/tick-evidence.js';

export interface DetectOperatorOptions {
  /** Combines the events of a tick into one more (buildEnsemble); its `params` go into that event's evidence. */
  readonly ensemble?: (Ensemble & { readonly params?: DetectorParams }) | undefined;
  readonly id?: string;
  /** Evidence attached to every event (default on, 120 recent ticks); false: none. */
  readonly evidence?: EvidenceOptions | false;
}

const NO_PARAMS: DetectorParams = Object.freeze({});

/**
 * Runs every detector on every tick, with state kept per symbol: a symbol's state is the array
 * of the detectors' states, in the order of `detectors`, followed with evidence on by its
 * RecentTicks (a checkpoint restores only into the same detector list and evidence setting).
 * Emits each event a detector returns and, with an ensemble, after them the combined event of a
 * tick on which any fired. With evidence, each event is emitted as a copy carrying the symbol's
 * recent ticks up to this one, their data quality, the input positions and its detector's params.
 */
export function createDetectOperator(
  detectors: readonly Detector<unknown>[],
  { ensemble, id = 'detect', evidence = {} }: DetectOperatorOptions = {},
): KeyedOperator<Tick, AnomalyEvent, unknown[]> {
  const ids = new Set<string>();
  for (const detector of detectors) {
    if (ids.has(detector.id)) throw new ConfigError(`${id}: detector "${detector.id}" is listed twice`);
    ids.add(detector.id);
  }
  const recording = evidence !== false;
  const window = recording ? (evidence.window ?? DEFAULT_RECENT_TICKS) : 0;
  if (recording && !(Number.isInteger(window) && window >= 1)) throw new ConfigError(`${id}: evidence.window must be a positive integer, got ${window}`);
  const origin = recording ? evidence.origin : undefined;
  const rulesVersion = recording ? evidence.rulesVersion : undefined;
  const gapLimitMs = recording ? evidence.gapLimitMs : undefined;
  const ensembleParams = ensemble?.params ?? NO_PARAMS;
  const count = detectors.length;
  // The events of the tick in hand, for the ensemble; reused, so a quiet tick allocates nothing.
  const fired: AnomalyEvent[] = [];
  return keyed<Tick, AnomalyEvent, unknown[]>({
    id,
    key: (tick) => tick.symbol,
    createState: () => {
      const states: unknown[] = detectors.map((detector) => detector.createState());
      if (recording) states.push(createRecentTicks(window));
      return states;
    },
    process(states, tick, out) {
      const recent = recording ? (states[count] as RecentTicks) : undefined;
      if (recent !== undefined) recordTick(recent, tick, origin?.current);
      let shared: TickEvidence | undefined;
      for (let i = 0; i < count; i++) {
        const detector = detectors[i]!;
        const event = detector.update(states[i], tick);
        if (event === undefined) continue;
        if (recent === undefined) out.emit(event);
        else {
          shared ??= tickEvidence(recent, rulesVersion, gapLimitMs);
          out.emit(withEvidence(event, shared, detector.params ?? NO_PARAMS));
        }
        if (ensemble !== undefined) fired.push(event);
      }
      if (fired.length === 0) return;
      const combined = ensemble!.combine(tick, fired);
      fired.length = 0;
      if (combined === undefined) return;
      out.emit(shared === undefined ? combined : withEvidence(combined, shared, ensembleParams));
    },
  });
}
