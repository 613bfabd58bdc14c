import { describe, expect, it } from 'vitest';
import { buildNaiveDetectors, NAIVE_IDS } from '../../../../src/benchmarks/engine/naive-detectors.js';
import { createNaiveVolumeSpike } from '../../../../src/benchmarks/engine/naive-volume-spike.js';
import { windowedConfig } from '../../../../src/benchmarks/engine/window-config.js';
import { createDetectOperator } from '../../../../src/detectors/detect-operator.js';
import type { Detector } from '../../../../src/detectors/detector.js';
import { buildDetectors, buildEnsemble, type DetectorsConfig } from '../../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../../src/events/anomaly-event.js';
import { MarketSimulator } from '../../../../src/sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../../../src/sources/simulator/simulator-options.js';
import type { Tick } from '../../../../src/ticks/tick.js';

/** 25 symbols, 40 minutes from the open, with the simulator's anomalies: about 190,000 ticks. */
const MARKET: readonly Tick[] = (() => {
  const market = new MarketSimulator(marketOptionsSchema.parse({ seed: 3, symbols: 25, durationMs: 2_400_000 }));
  const ticks: Tick[] = [];
  for (let tick = market.next(); tick !== undefined; tick = market.next()) ticks.push(tick);
  return ticks;
})();

/** `symbol|detector|ts` of every event, and the score of each, running the detectors as the detect operator does. */
function flags(detectors: readonly Detector<unknown>[], config: DetectorsConfig): Map<string, number> {
  const operator = createDetectOperator(detectors, { ensemble: buildEnsemble(config, detectors) });
  const seen = new Map<string, number>();
  const out = { emit: (e: AnomalyEvent) => seen.set(`${e.symbol}|${e.detector}|${e.ts}`, e.score), reject: () => undefined, side: () => undefined };
  for (const tick of MARKET) operator.process(tick, out);
  return seen;
}

describe('the naive reference detectors', () => {
  // robust-zscore is opt-in: turned on so its reference is checked too (not at 500, where its naive O(w log w) is slow);
  // cusum made more sensitive so that it flags on this short market.
  const cases: [string, DetectorsConfig, readonly string[]][] = [
    ['default windows', { 'robust-zscore': {}, cusum: { h: 4 } }, NAIVE_IDS],
    ['50-tick windows', { ...windowedConfig(50), 'robust-zscore': { window: 50 }, cusum: { window: 50, h: 4 } }, NAIVE_IDS],
    ['500-tick windows', windowedConfig(500), NAIVE_IDS.filter((id) => id !== 'robust-zscore' && id !== 'cusum')],
  ];

  it.each(cases)('raise the same flags as the real detectors, ensemble included, with the same scores (%s)', (_, config, mustFlag) => {
    const real = flags(buildDetectors(config), config);
    const naive = flags(buildNaiveDetectors(config), config);
    expect([...naive.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [flag, score] of real) expect(naive.get(flag)).toBeCloseTo(score, 6);
    // Not vacuous: the rolling-window detectors and the ensemble flagged on this market.
    const detectors = new Set([...real.keys()].map((flag) => flag.split('|')[1]));
    for (const id of [...mustFlag, 'ensemble']) expect(detectors).toContain(id);
  });

  it('replace exactly the rolling-window detectors, keeping the order and ids of buildDetectors', () => {
    const config = { 'robust-zscore': {} };
    const real = buildDetectors(config);
    const naive = buildNaiveDetectors(config);
    expect(naive.map((d) => d.id)).toEqual(real.map((d) => d.id));
    naive.forEach((detector, i) =>
      expect(Object.getPrototypeOf(detector) === Object.getPrototypeOf(real[i])).toBe(!(NAIVE_IDS as readonly string[]).includes(detector.id)),
    );
  });

  it('reject what they do not implement, and bad parameters, as the real ones do', () => {
    const profile = { timeZone: 'America/New_York', buckets: [{ from: '09:30', volume: 1 }] };
    expect(() => createNaiveVolumeSpike({ profile })).toThrow(/naive volume-spike has no time-of-day profile/);
    expect(() => buildNaiveDetectors({ 'return-zscore': { window: 1 } })).toThrow(/return-zscore\.window/);
  });
});
