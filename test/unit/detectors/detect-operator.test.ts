import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import type { Detector } from '../../../src/detectors/detector.js';
import { createEwmaVolBand } from '../../../src/detectors/ewma-vol-band.js';
import { createReturnZScore } from '../../../src/detectors/return-zscore.js';
import { createVolumeSpike } from '../../../src/detectors/volume-spike.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { randomWalk, run, ticks } from './fixtures.js';

function collect(): OperatorOutput<AnomalyEvent> & { events: AnomalyEvent[] } {
  const events: AnomalyEvent[] = [];
  return {
    events,
    emit: (event) => events.push(event),
    reject: () => expect.fail('detect never rejects'),
    side: () => undefined,
  };
}

function symbolTicks(symbol: string, seed: number): Tick[] {
  const prices = randomWalk(1500, seed, 0.001, new Map([[300 + seed, 0.02], [900 + seed, -0.02]]));
  const sizes = prices.map((_, i) => (i >= 600 + seed && i < 630 + seed ? 5000 : 100 + ((i * 37) % 50)));
  return ticks(symbol, prices, sizes);
}

describe('detect operator', () => {
  it('keeps state per symbol: interleaved symbols give what each gives alone', () => {
    const detectors = (): Detector<unknown>[] => [createReturnZScore(), createEwmaVolBand(), createVolumeSpike()];
    const streams = [symbolTicks('AAPL', 1), symbolTicks('MSFT', 2), symbolTicks('TSLA', 3)];
    const interleaved = streams[0]!.flatMap((_, i) => streams.map((stream) => stream[i]!));

    const operator = createDetectOperator(detectors(), { evidence: false });
    const out = collect();
    for (const tick of interleaved) operator.process(tick, out);

    const alone = streams.flatMap((stream) =>
      detectors().flatMap((detector) => run(detector, stream).filter((event) => event !== undefined)),
    );
    const byId = (a: AnomalyEvent, b: AnomalyEvent) => a.id.localeCompare(b.id);
    expect(out.events.length).toBeGreaterThanOrEqual(12);
    expect([...out.events].sort(byId)).toEqual(alone.sort(byId));
    expect(new Set(out.events.map((event) => event.detector))).toEqual(new Set(['return-zscore', 'ewma-vol-band', 'volume-spike']));

    expect(operator.id).toBe('detect');
    expect([...operator.state.keys()].sort()).toEqual(['AAPL', 'MSFT', 'TSLA']);
    expect(operator.state.get('AAPL')).toHaveLength(3);
  });

  it('emits every event of one tick, in detector order', () => {
    const prices = [...randomWalk(200, 4), 0];
    prices[200] = prices[199]! * 1.1;
    const sizes = prices.map((_, i) => (i === 200 ? 100_000 : 100 + (i % 7)));
    // A burst of one trade, so a single tick flags both.
    const operator = createDetectOperator([createVolumeSpike({ burst: 1, window: 100 }), createReturnZScore()], { id: 'detect-equities' });
    const out = collect();
    for (const tick of ticks('ACME', prices, sizes)) operator.process(tick, out);
    expect(out.events.map((event) => event.detector)).toEqual(['volume-spike', 'return-zscore']);
    expect(operator.id).toBe('detect-equities');
  });

  it('rejects the same detector twice when built', () => {
    expect(() => createDetectOperator([createReturnZScore(), createReturnZScore({ window: 50 })])).toThrow(ConfigError);
  });
});
