import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { Ensemble, formatOdds, formatScore } from '../../../../src/detectors/ensemble/ensemble.js';
import type { TailModel } from '../../../../src/detectors/ensemble/tail-model.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import { expectClose, T0 } from '../fixtures.js';

const tick = { symbol: 'ACME', ts: T0, price: 10, size: 100 };

const models: Record<string, TailModel> = {
  a: { points: [[1, 1e-1], [9, 1e-9]], alpha: 0 },
  b: { points: [[1, 1e-1], [9, 1e-9]], alpha: 0 },
  rule: { points: [[0, 1e-7]], alpha: 0 },
  flat: { points: [[0, 1]], alpha: 0 },
  steep: { points: [[1, 1e-1]], alpha: 10 },
};

function event(detector: string, score: number, severity: AnomalyEvent['severity'] = 'warning'): AnomalyEvent {
  return { id: `ACME|${detector}|${T0}`, symbol: 'ACME', ts: T0, detector, severity, score, observed: 0, expected: 0, reason: `${detector} fired` };
}

describe('ensemble', () => {
  const ids = ['a', 'b', 'rule', 'flat'];

  it('turns each score into its calibrated tail probability and combines them by their harmonic mean over all m detectors', () => {
    const ensemble = new Ensemble(ids, models, { warningP: 0.01 });
    // One detector at p = 1e-7, three silent (p = 1): p = 4 / (1e7 + 3).
    const one = ensemble.combine(tick, [event('a', 7)])!;
    expectClose(one.observed, 4 / (1e7 + 3));
    expectClose(one.score, 1 - 4 / (1e7 + 3));
    // Two detectors agreeing are stronger evidence than either: p = 4 / (2e7 + 2).
    const two = ensemble.combine(tick, [event('a', 7), event('b', 7)])!;
    expectClose(two.observed, 4 / (2e7 + 2));
    expect(two.observed).toBeLessThan(one.observed);
    expect(two.contributors!.map((c) => c.detector)).toEqual(['a', 'b']);
  });

  it('gives a score in [0, 1], severity by warningP and criticalP, and nothing above warningP', () => {
    const ensemble = new Ensemble(ids, models, { warningP: 1e-6, criticalP: 1e-8 });
    expect(ensemble.combine(tick, [event('a', 5)])).toBeUndefined(); // p = 4e-5
    const warning = ensemble.combine(tick, [event('a', 7.5)])!;
    expect(warning.severity).toBe('warning');
    const critical = ensemble.combine(tick, [event('a', 9), event('b', 9)])!;
    expect(critical.severity).toBe('critical');
    for (const e of [warning, critical]) {
      expect(e.score).toBeGreaterThanOrEqual(0);
      expect(e.score).toBeLessThanOrEqual(1);
      expect(e).toMatchObject({ id: `ACME|ensemble|${T0}`, detector: 'ensemble', symbol: 'ACME', ts: T0, expected: 1e-6 });
    }
  });

  it('says which detectors fired, strongest first, with their scores and p', () => {
    const ensemble = new Ensemble(ids, models, { warningP: 0.01 });
    const combined = ensemble.combine(tick, [event('b', 4), event('rule', 1)])!;
    expect(combined.contributors).toEqual([
      { detector: 'rule', score: 1, p: 1e-7 },
      { detector: 'b', score: 4, p: expect.closeTo(1e-4, 12) as number },
    ]);
    expect(combined.reason).toMatch(/^ACME anomaly score 0\.9999\d+ \(normal data: 1 in \d+(\.\d)?[kM] ticks\): rule 1\.0 \(p 1\.0e-7\), b 4\.0 \(p 1\.0e-4\)$/);
  });

  it('counts a detector without a calibration at its own severity', () => {
    const ensemble = new Ensemble([...ids, 'new'], models, { warningP: 1e-3, criticalP: 1e-6 });
    const critical = ensemble.combine(tick, [event('new', 3, 'critical')])!;
    expect(critical.contributors![0]!.p).toBe(1e-6);
    expect(ensemble.combine(tick, [event('new', 3, 'warning')])).toBeUndefined(); // 5 / (1e3 + 4) > 1e-3
  });

  it('rejects criticalP above warningP', () => {
    expect(() => new Ensemble(ids, models, { warningP: 1e-6, criticalP: 1e-4 })).toThrow(ConfigError);
    expect(() => new Ensemble(ids, models, { warningP: 1e-6, criticalP: 1e-4 })).toThrow('ensemble.criticalP');
  });

  it('formats scores with enough nines, and odds per ticks', () => {
    expect(formatScore(1.3e-7)).toBe('0.99999987');
    expect(formatScore(0.2)).toBe('0.80');
    expect(formatOdds(2e-7)).toBe('1 in 5.0M ticks');
    expect(formatOdds(1 / 42_000)).toBe('1 in 42k ticks');
    expect(formatScore(1e-30)).toBe('> 0.999999999999');
    expect(formatOdds(1e-30)).toBe('under 1 in 1000G ticks');
  });

  it('reports no tail probability below 1e-12, where the extrapolation has no digits left', () => {
    const ensemble = new Ensemble([...ids, 'steep'], models, { warningP: 0.01 });
    const far = ensemble.combine(tick, [event('a', 9), event('steep', 1e6)])!;
    expect(far.contributors![0]).toEqual({ detector: 'steep', score: 1e6, p: 1e-12 });
    expectClose(far.observed, 5 / (1e12 + 1e9 + 3));
    expect(far.reason).toMatch(/steep 1000000\.0 \(p < 1e-12\)/);
  });
});
