import type { AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';

/** Configured parameters as flat `key: value` pairs (nested keys dotted), for an event's evidence. */
export type DetectorParams = Readonly<Record<string, string | number | boolean>>;

/**
 * A streaming detector: a pure transition over per-symbol state, owned by the framework.
 * `update` runs once per tick on the hot path: O(1) (or O(log w)), no allocation unless it flags.
 */
export interface Detector<S> {
  /** Stable id, e.g. `return-zscore`: names the detector in events, alerts and state keys. */
  readonly id: string;
  /** Its validated parameters, set by the registry; the detect operator copies them into evidence. */
  readonly params?: DetectorParams;
  createState(): S;
  /** Feed one tick of this state's symbol; returns an event when the tick is anomalous. */
  update(state: S, tick: Tick): AnomalyEvent | undefined;
}
