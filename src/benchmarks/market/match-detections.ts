import { ANOMALY_KINDS, type AnomalyKind, type AnomalyLabel } from '../../sources/simulator/anomaly-label.js';

/** What the benchmark keeps of an event: enough to match it to a label. */
export interface Detection {
  readonly symbol: string;
  readonly detector: string;
  readonly ts: number;
  /** The event's score, in the detector's units. */
  readonly score: number;
}

/** Which detectors answer for which kinds, and how late an event may come. */
export interface MatchRules {
  readonly kinds: Readonly<Record<string, readonly AnomalyKind[]>>;
  readonly graceMs: Readonly<Record<AnomalyKind, number>>;
}

/** Counts for one anomaly kind, from one run or summed over runs (mergeTallies). */
export interface KindTally {
  /** Labels of this kind. */
  labels: number;
  /** Labels with at least one true-positive event. */
  detected: number;
  /** Events of the detectors mapped to this kind. */
  events: number;
  /** Those events inside a label of this kind: same symbol, start ≤ ts ≤ end + grace. */
  truePositives: number;
  /** Those events that are not true positives but fall inside a label of another kind (still false positives here). */
  onOtherAnomalies: number;
  /** Per detected label: its first true-positive event's ts - the label's start, ms. */
  delaysMs: number[];
}

/** Counts for one detector. */
export interface DetectorTally {
  events: number;
  /** Inside a label of a kind it is mapped to. */
  truePositives: number;
  /** Otherwise inside a label of any kind. */
  onOtherAnomalies: number;
}

export interface MatchTally {
  readonly kinds: Record<AnomalyKind, KindTally>;
  readonly detectors: Record<string, DetectorTally>;
}

/**
 * Matches one run's detections against its labels (symbols are compared as they are, so runs
 * with different seeds are matched separately and their tallies merged):
 *
 * - an event of detector D is a true positive for kind K when D is mapped to K and the event is
 *   on the symbol of a label of kind K with start ≤ ts ≤ end + graceMs[K];
 * - a label is detected when at least one event is a true positive for it; its delay is the
 *   first such event's ts - start;
 * - every other event of D counts against the precision of each kind D is mapped to, and is
 *   reported apart when it falls inside a label of another kind (a jump detector firing during
 *   a volatility regime) rather than on quiet data.
 */
export function matchDetections(labels: readonly AnomalyLabel[], detections: readonly Detection[], rules: MatchRules): MatchTally {
  const kinds = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, emptyKindTally()])) as Record<AnomalyKind, KindTally>;
  const detectors: Record<string, DetectorTally> = {};
  const bySymbol = indexBySymbol(labels);
  const firstHit = new Float64Array(labels.length).fill(Number.POSITIVE_INFINITY);
  for (const label of labels) kinds[label.kind].labels++;

  for (const detection of detections) {
    const mapped = rules.kinds[detection.detector] ?? [];
    const tally = (detectors[detection.detector] ??= { events: 0, truePositives: 0, onOtherAnomalies: 0 });
    tally.events++;
    let hitKinds = 0;
    let onAnyLabel = false;
    for (const index of bySymbol.get(detection.symbol) ?? []) {
      const label = labels[index]!;
      if (detection.ts < label.start || detection.ts > label.end + rules.graceMs[label.kind]) continue;
      onAnyLabel = true;
      if (!mapped.includes(label.kind)) continue;
      hitKinds |= 1 << ANOMALY_KINDS.indexOf(label.kind);
      if (detection.ts < firstHit[index]!) firstHit[index] = detection.ts;
    }
    if (hitKinds !== 0) tally.truePositives++;
    else if (onAnyLabel) tally.onOtherAnomalies++;
    for (const kind of mapped) {
      const kindTally = kinds[kind];
      kindTally.events++;
      if ((hitKinds & (1 << ANOMALY_KINDS.indexOf(kind))) !== 0) kindTally.truePositives++;
      else if (onAnyLabel) kindTally.onOtherAnomalies++;
    }
  }

  labels.forEach((label, index) => {
    const first = firstHit[index]!;
    if (first === Number.POSITIVE_INFINITY) return;
    kinds[label.kind].detected++;
    kinds[label.kind].delaysMs.push(first - label.start);
  });
  return { kinds, detectors };
}

/** Sum of tallies (e.g. of several seeds). */
export function mergeTallies(tallies: readonly MatchTally[]): MatchTally {
  const kinds = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, emptyKindTally()])) as Record<AnomalyKind, KindTally>;
  const detectors: Record<string, DetectorTally> = {};
  for (const tally of tallies) {
    for (const kind of ANOMALY_KINDS) {
      const into = kinds[kind];
      const from = tally.kinds[kind];
      into.labels += from.labels;
      into.detected += from.detected;
      into.events += from.events;
      into.truePositives += from.truePositives;
      into.onOtherAnomalies += from.onOtherAnomalies;
      into.delaysMs.push(...from.delaysMs);
    }
    for (const [id, from] of Object.entries(tally.detectors)) {
      const into = (detectors[id] ??= { events: 0, truePositives: 0, onOtherAnomalies: 0 });
      into.events += from.events;
      into.truePositives += from.truePositives;
      into.onOtherAnomalies += from.onOtherAnomalies;
    }
  }
  return { kinds, detectors };
}

function emptyKindTally(): KindTally {
  return { labels: 0, detected: 0, events: 0, truePositives: 0, onOtherAnomalies: 0, delaysMs: [] };
}

/** Indices of each symbol's labels. */
function indexBySymbol(labels: readonly AnomalyLabel[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = index.get(label.symbol);
    if (list === undefined) index.set(label.symbol, [i]);
    else list.push(i);
  });
  return index;
}
