import { ConfigError } from '../core/errors.js';
import { keyed, type KeyedOperator } from '../core/keyed-state.js';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import type { Ensemble } from './ensemble/ensemble.js';

/**
 * Runs every detector on every tick, with state kept per symbol: a symbol's state is the array
 * of the detectors' states, in the order of `detectors` (a checkpoint restores only into the
 * same detector list). Emits each event a detector returns and, with an ensemble, after them
 * the combined event of a tick on which any fired.
 */
export function createDetectOperator(
  detectors: readonly Detector<unknown>[],
  { ensemble, id = 'detect' }: { readonly ensemble?: Ensemble | undefined; readonly id?: string } = {},
): KeyedOperator<Tick, AnomalyEvent, unknown[]> {
  const ids = new Set<string>();
  for (const detector of detectors) {
    if (ids.has(detector.id)) throw new ConfigError(`${id}: detector "${detector.id}" is listed twice`);
    ids.add(detector.id);
  }
  const count = detectors.length;
  // The events of the tick in hand, for the ensemble; reused, so a quiet tick allocates nothing.
  const fired: AnomalyEvent[] = [];
  return keyed<Tick, AnomalyEvent, unknown[]>({
    id,
    key: (tick) => tick.symbol,
    createState: () => detectors.map((detector) => detector.createState()),
    process(states, tick, out) {
      for (let i = 0; i < count; i++) {
        const event = detectors[i]!.update(states[i], tick);
        if (event === undefined) continue;
        out.emit(event);
        if (ensemble !== undefined) fired.push(event);
      }
      if (fired.length === 0) return;
      const combined = ensemble!.combine(tick, fired);
      fired.length = 0;
      if (combined !== undefined) out.emit(combined);
    },
  });
}
