import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { createVolumeSpike, volumeSpikeParams } from '../../../src/detectors/volume-spike.js';
import { expectClose, normal, rng, run, T0, ticks } from './fixtures.js';

interface Expected {
  z: number;
  mean: number;
  std: number;
}

/** Each size against the previous `window` sizes, recomputed from scratch, once the window is full. */
function referenceBaseline(sizes: readonly number[], window: number): (Expected | undefined)[] {
  return sizes.map((size, i) => {
    if (i < window) return undefined;
    const previous = sizes.slice(i - window, i);
    const m = mean(previous);
    const std = Math.sqrt(variance(previous));
    return std > 0 ? { z: (size - m) / std, mean: m, std } : undefined;
  });
}

/** Log-normal trade sizes around 100 (σ 0.3 in log), whole shares; `spikes` overrides some. */
function tradeSizes(n: number, seed: number, spikes: ReadonlyMap<number, number> = new Map()): number[] {
  const draw = normal(rng(seed));
  return Array.from({ length: n }, (_, i) => spikes.get(i) ?? Math.max(1, Math.round(100 * Math.exp(0.3 * draw()))));
}

function sizeTicks(symbol: string, sizes: readonly number[]) {
  return ticks(symbol, sizes.map(() => 50), sizes);
}

const SPIKES = new Map([
  [250, 2000],
  [700, 900],
  [1300, 5000],
  [1900, 1200],
]);

describe('volume-spike', () => {
  it('scores like a brute-force baseline of the previous w sizes', () => {
    for (const window of [100, 20]) {
      const sizes = tradeSizes(2500, window, SPIKES);
      const expected = referenceBaseline(sizes, window);
      const [k, ratio] = [1e-9, 0];
      const events = run(createVolumeSpike({ window, k, ratio }), sizeTicks('ACME', sizes));
      let flagged = 0;
      events.forEach((event, i) => {
        const reference = expected[i];
        const shouldFlag = reference !== undefined && sizes[i]! > reference.mean + k * reference.std;
        expect(event !== undefined, `tick ${i}`).toBe(shouldFlag);
        if (event === undefined || reference === undefined) return;
        flagged++;
        expectClose(event.score, reference.z);
        expect(event.observed).toBe(sizes[i]);
        expectClose(event.expected, reference.mean);
        expectClose(event.upper!, reference.mean + k * reference.std);
      });
      expect(flagged).toBeGreaterThan(500);
    }
  });

  it('flags only sizes above both mean + k·σ and ratio × mean, with severity by criticalK', () => {
    const sizes = tradeSizes(2500, 3, SPIKES);
    const expected = referenceBaseline(sizes, 100);
    const events = run(createVolumeSpike(), sizeTicks('ACME', sizes));
    events.forEach((event, i) => {
      const reference = expected[i];
      const size = sizes[i]!;
      const shouldFlag = reference !== undefined && size > reference.mean + 6 * reference.std && size > 5 * reference.mean;
      expect(event !== undefined, `tick ${i}`).toBe(shouldFlag);
      if (event !== undefined) expect(event.severity).toBe(reference!.z >= 10.5 ? 'critical' : 'warning');
    });
    for (const index of SPIKES.keys()) expect(events[index], `spike at ${index}`).toBeDefined();
  });

  it('needs both tests: a noisy baseline passes k·σ less easily, a calm one the ratio', () => {
    const calm = [...Array.from({ length: 100 }, (_, i) => 100 + (i % 2)), 400];
    expect(run(createVolumeSpike(), sizeTicks('CALM', calm))[100]).toBeUndefined(); // 600σ but only 4× the mean
    expect(run(createVolumeSpike(), sizeTicks('CALM', [...calm.slice(0, 100), 600]))[100]).toBeDefined();
    const noisy = [...Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 1000 : 10)), 700];
    expect(run(createVolumeSpike(), sizeTicks('NOISY', noisy))[100]).toBeUndefined(); // 6.4× the mean but 2σ
    expect(run(createVolumeSpike(), sizeTicks('NOISY', [...noisy.slice(0, 100), 2000]))[100]).toBeDefined();
  });

  it('raises almost nothing on 10k quiet trades', () => {
    const events = run(createVolumeSpike(), sizeTicks('ACME', tradeSizes(10_000, 99)));
    expect(events.filter((event) => event !== undefined).length).toBeLessThanOrEqual(3);
  });

  it('fills the event and explains it in one line', () => {
    const event = run(createVolumeSpike(), sizeTicks('AAPL', tradeSizes(300, 5, new Map([[250, 52_000]]))))[250]!;
    expect(event).toMatchObject({
      id: `AAPL|volume-spike|${T0 + 250_000}`,
      detector: 'volume-spike',
      severity: 'critical',
      observed: 52_000,
    });
    expect(event.lower).toBeUndefined();
    expect(event.reason).toMatch(/^AAPL size 52,000 is \d+\.\dσ above its 100-trade mean \([\d,.]+, σ [\d,.]+\), \d+\.\d× the mean$/);
  });

  it('never flags or produces NaN on constant sizes, nor on all-zero sizes', () => {
    for (const size of [100, 0]) {
      const sizes = [...Array.from({ length: 300 }, () => size), 10_000];
      expect(run(createVolumeSpike(), sizeTicks('FLAT', sizes)).every((e) => e === undefined)).toBe(true);
    }
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(volumeSpikeParams.parse({})).toEqual({ window: 100, k: 6, ratio: 5 });
    });

    it.each([
      [{ window: 1 }, 'volume-spike.window'],
      [{ k: 0 }, 'volume-spike.k'],
      [{ ratio: -1 }, 'volume-spike.ratio'],
      [{ k: 6, criticalK: 5 }, 'volume-spike.criticalK'],
      [{ threshold: 3 }, 'volume-spike'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createVolumeSpike(params as never)).toThrow(ConfigError);
      expect(() => createVolumeSpike(params as never)).toThrow(path);
    });
  });
});
