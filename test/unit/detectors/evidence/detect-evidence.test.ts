import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import type { OperatorOutput } from '../../../../src/core/operator.js';
import { createDetectOperator } from '../../../../src/detectors/detect-operator.js';
import type { Detector } from '../../../../src/detectors/detector.js';
import { buildDetectors, buildEnsemble } from '../../../../src/detectors/registry.js';
import { eventId, type AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import { createRecordOrigin } from '../../../../src/ticks/record-origin.js';
import type { Tick } from '../../../../src/ticks/tick.js';
import { randomWalk, ticks } from '../fixtures.js';

function collect(): OperatorOutput<AnomalyEvent> & { events: AnomalyEvent[] } {
  const events: AnomalyEvent[] = [];
  return { events, emit: (event) => events.push(event), reject: () => expect.fail('detect never rejects'), side: () => undefined };
}

/** Flags every tick of size 999, with the given params. */
function flagBigSize(id: string, params?: Record<string, number>): Detector<null> {
  return {
    id,
    ...(params === undefined ? {} : { params }),
    createState: () => null,
    update: (_, tick) =>
      tick.size === 999
        ? { id: eventId(tick.symbol, id, tick.ts), symbol: tick.symbol, ts: tick.ts, detector: id, severity: 'warning', score: 1, observed: 999, expected: 100, reason: 'big' }
        : undefined,
  };
}

const T = 1_700_000_000_000;
const tick = (i: number, size = 100, extra: Partial<Tick> = {}): Tick => ({ symbol: 'ACME', ts: T + i * 1000, price: 10 + i / 100, size, ...extra });

describe('detect operator evidence', () => {
  it('attaches the recent ticks, input positions, params and quality to an event', () => {
    const origin = createRecordOrigin();
    const operator = createDetectOperator([flagBigSize('big', { limit: 999 }), flagBigSize('plain')], { evidence: { window: 3, origin, rulesVersion: 'r-1' } });
    const out = collect();
    const input = [tick(0), tick(1), tick(2), tick(3, 999, { bid: 10.02, ask: 10.06 })];
    input.forEach((t, i) => {
      origin.current = `ticks[0]@${100 + i}`;
      operator.process(t, out);
    });

    expect(out.events).toHaveLength(2);
    const [big, plain] = out.events;
    expect(big).toEqual({
      id: `ACME|big|${T + 3000}`,
      symbol: 'ACME',
      ts: T + 3000,
      detector: 'big',
      severity: 'warning',
      score: 1,
      observed: 999,
      expected: 100,
      reason: 'big',
      evidence: {
        input: { from: 'ticks[0]@101', to: 'ticks[0]@103' },
        rulesVersion: 'r-1',
        params: { limit: 999 },
        recent: { ts: [T + 1000, T + 2000, T + 3000], price: [10.01, 10.02, 10.04], size: [100, 100, 999] },
        quality: { ticks: 3, gaps: 0, maxGapMs: 1000, late: 0, duplicates: 0 },
      },
    });
    // One tick's events share its window; each carries its own detector's params.
    expect(plain!.evidence!.params).toEqual({});
    expect(plain!.evidence!.recent).toBe(big!.evidence!.recent);
  });

  it('leaves `input` out without an origin cell, and `rulesVersion` out when not given', () => {
    const operator = createDetectOperator([flagBigSize('big')]);
    const out = collect();
    for (let i = 0; i < 200; i++) operator.process(tick(i, i === 150 ? 999 : 100), out);
    const evidence = out.events[0]!.evidence!;
    expect(Object.keys(evidence).sort()).toEqual(['params', 'quality', 'recent']);
    expect(evidence.recent.ts).toHaveLength(120); // the default window
    expect(evidence.recent.ts.at(-1)).toBe(T + 150_000);
  });

  it('reports the quality of the window: a gap, a late tick and a duplicate seq', () => {
    const operator = createDetectOperator([flagBigSize('big')], { evidence: { window: 6 } });
    const out = collect();
    const input = [tick(0, 100, { seq: 1 }), tick(1, 100, { seq: 2 }), tick(2, 100, { seq: 2 }), tick(1.5, 100, { seq: 3 }), tick(30, 100, { seq: 4 }), tick(31, 999, { seq: 5 })];
    for (const t of input) operator.process(t, out);
    expect(out.events[0]!.evidence!.quality).toEqual({ ticks: 6, gaps: 1, maxGapMs: 28_500, late: 1, duplicates: 1 });
  });

  it('gives params to registry detectors and the ensemble, whose combined event carries its own', () => {
    const detectors = buildDetectors({ 'return-zscore': { window: 20, threshold: 3 } });
    expect(detectors[0]!.params).toEqual({ window: 20, threshold: 3, minStd: 1e-4, minPriceStd: 0.005, price: 'mid' });
    const luld = detectors.find((detector) => detector.id === 'luld-band')!;
    expect(luld.params).toMatchObject({ tier1Symbols: '' });

    const operator = createDetectOperator(detectors, { ensemble: buildEnsemble({}, detectors) });
    const prices = randomWalk(200, 3, 0.001, new Map([[150, 0.2]]));
    const out = collect();
    for (const t of ticks('ACME', prices)) operator.process(t, out);
    const combined = out.events.find((event) => event.detector === 'ensemble');
    expect(combined?.evidence?.params).toEqual({ warningP: 1e-5, criticalP: 1e-7 });
    for (const event of out.events) {
      expect(event.evidence?.params).toEqual(detectors.find((d) => d.id === event.detector)?.params ?? { warningP: 1e-5, criticalP: 1e-7 });
      expect(event.evidence?.recent.ts.at(-1)).toBe(event.ts);
    }
  });

  it('attaches nothing and keeps no window with evidence off', () => {
    const operator = createDetectOperator([flagBigSize('big')], { evidence: false });
    const out = collect();
    operator.process(tick(0, 999), out);
    expect(out.events[0]!.evidence).toBeUndefined();
    expect(operator.state.get('ACME')).toEqual([null]);
  });

  it('rejects a window that is not a positive integer when built', () => {
    expect(() => createDetectOperator([], { evidence: { window: 0 } })).toThrow(ConfigError);
  });
});
