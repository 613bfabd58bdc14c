import { describe, expect, it } from 'vitest';
import { matchDetections, mergeTallies, type Detection, type MatchRules } from '../../../src/benchmarks/market/match-detections.js';
import type { AnomalyKind, AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';

const T = Date.parse('2026-01-05T15:00:00Z');
const S = 1000;

function label(kind: AnomalyKind, symbol: string, start: number, end = start): AnomalyLabel {
  return { kind, symbol, start: T + start * S, end: T + end * S, detail: { magnitude: 1 } };
}

function at(detector: string, symbol: string, seconds: number): Detection {
  return { detector, symbol, ts: T + seconds * S, score: 1 };
}

const RULES: MatchRules = {
  kinds: { jumps: ['price_jump'], spreads: ['spread_blowout'], both: ['price_jump', 'volatility_regime'] },
  graceMs: { price_jump: 5 * S, volume_spike: 0, spread_blowout: 10 * S, crossed_quote: 0, stale_feed: 0, volatility_regime: 30 * S },
};

describe('matchDetections', () => {
  it('counts an event as a true positive on its label’s symbol within [start, end + grace]', () => {
    const labels = [label('spread_blowout', 'AAA', 100, 130), label('spread_blowout', 'BBB', 500, 520)];
    const detections = [
      at('spreads', 'AAA', 99), // before the start
      at('spreads', 'AAA', 100), // at the start: delay 0
      at('spreads', 'AAA', 140), // end + grace, still in
      at('spreads', 'AAA', 140.001), // past the grace
      at('spreads', 'BBB', 130), // the other symbol's window
    ];
    const { kinds, detectors } = matchDetections(labels, detections, RULES);
    expect(kinds.spread_blowout).toEqual({ labels: 2, detected: 1, events: 5, truePositives: 2, onOtherAnomalies: 0, delaysMs: [0] });
    expect(detectors['spreads']).toEqual({ events: 5, truePositives: 2, onOtherAnomalies: 0 });
  });

  it('takes the first true positive for the delay, and one label per event only where it belongs', () => {
    const labels = [label('price_jump', 'AAA', 10), label('price_jump', 'AAA', 100)];
    const detections = [at('jumps', 'AAA', 12), at('jumps', 'AAA', 11), at('jumps', 'AAA', 104)];
    const { kinds } = matchDetections(labels, detections, RULES);
    expect(kinds.price_jump).toMatchObject({ labels: 2, detected: 2, events: 3, truePositives: 3 });
    expect(kinds.price_jump.delaysMs).toEqual([1000, 4000]);
  });

  it('holds a detector to its own kinds: events on another kind’s label are false positives, counted apart', () => {
    const labels = [label('volatility_regime', 'AAA', 0, 300), label('spread_blowout', 'AAA', 400, 420)];
    const detections = [at('jumps', 'AAA', 50), at('jumps', 'AAA', 410), at('jumps', 'AAA', 1000), at('both', 'AAA', 60)];
    const { kinds, detectors } = matchDetections(labels, detections, RULES);
    // 'jumps' answers for price_jump only; 'both' also for volatility_regime, where its event is a hit.
    expect(kinds.price_jump).toMatchObject({ labels: 0, detected: 0, events: 4, truePositives: 0, onOtherAnomalies: 3 });
    expect(kinds.volatility_regime).toMatchObject({ labels: 1, detected: 1, events: 1, truePositives: 1, delaysMs: [60_000] });
    expect(kinds.spread_blowout).toMatchObject({ labels: 1, detected: 0, events: 0 });
    expect(detectors['jumps']).toEqual({ events: 3, truePositives: 0, onOtherAnomalies: 2 });
    expect(detectors['both']).toEqual({ events: 1, truePositives: 1, onOtherAnomalies: 0 });
  });

  it('reports a detector mapped to no kind by its counts alone', () => {
    const { kinds, detectors } = matchDetections([label('price_jump', 'AAA', 10)], [at('luld', 'AAA', 10), at('luld', 'AAA', 500)], RULES);
    expect(detectors['luld']).toEqual({ events: 2, truePositives: 0, onOtherAnomalies: 1 });
    expect(Object.values(kinds).reduce((sum, k) => sum + k.events, 0)).toBe(0);
  });

  it('merges tallies of several runs by summing counts and pooling delays', () => {
    const one = matchDetections([label('price_jump', 'AAA', 10)], [at('jumps', 'AAA', 11), at('x', 'AAA', 1)], RULES);
    const two = matchDetections([label('price_jump', 'AAA', 10), label('price_jump', 'BBB', 10)], [at('jumps', 'BBB', 13)], RULES);
    const merged = mergeTallies([one, two]);
    expect(merged.kinds.price_jump).toEqual({ labels: 3, detected: 2, events: 2, truePositives: 2, onOtherAnomalies: 0, delaysMs: [1000, 3000] });
    expect(merged.detectors).toEqual({
      jumps: { events: 2, truePositives: 2, onOtherAnomalies: 0 },
      x: { events: 1, truePositives: 0, onOtherAnomalies: 0 },
    });
  });
});
