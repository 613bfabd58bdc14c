import { max, sum } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { buildDetectors, detectorsConfigSchema } from '../../../src/detectors/registry.js';
import { referencePrice } from '../../../src/detectors/price-step.js';
import { createVolatilityRegime, volatilityRegimeParams } from '../../../src/detectors/volatility-regime.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { expectClose, normal, rng, run, T0 } from './fixtures.js';
import { outside, recall, streamMarket } from './market-stream.js';

interface Segment {
  /** Ticks in the segment, log-mid σ per tick, and an extra log return on its first tick. */
  ticks: number;
  sigma: number;
  jump?: number;
}

/**
 * Quoted ticks of one symbol: the mid follows the segments, the quote is `spreadBps` wide around
 * it, trades print at the bid or the ask, and ticks are `gapMs` apart on average (exponential).
 */
function market(segments: readonly Segment[], { seed = 1, gapMs = 250, spreadBps = 4, level = 50 } = {}): Tick[] {
  const draw = normal(rng(seed));
  const uniform = rng(seed + 1000);
  const out: Tick[] = [];
  let logMid = Math.log(level);
  let ts = T0;
  for (const segment of segments) {
    for (let i = 0; i < segment.ticks; i++) {
      logMid += segment.sigma * draw() + (i === 0 ? (segment.jump ?? 0) : 0);
      ts += Math.floor(-Math.log(1 - uniform()) * gapMs);
      const mid = Math.exp(logMid);
      const half = (mid * spreadBps) / 2e4;
      const bid = mid - half;
      const ask = mid + half;
      out.push({ symbol: 'ACME', ts, price: uniform() < 0.5 ? bid : ask, size: 100, bid, ask });
    }
  }
  return out;
}

/**
 * Brute force: the sample points t0 + k·sampleMs that had a tick in the interval before them and
 * a tick at or after them, each priced at the last tick before it; the realised volatility of
 * each window without its largest square (simple-statistics); the edge trigger replayed on the
 * ratios. The tick index and ratio of each event.
 */
function referenceEvents(input: readonly Tick[], p: ReturnType<typeof volatilityRegimeParams.parse>): { index: number; ratio: number }[] {
  const prices = input.map((tick) => referencePrice(tick, 'mid'));
  const samples: { index: number; price: number }[] = []; // the tick that takes the sample, and the sampled price
  if (p.sampleMs === 0) prices.forEach((price, index) => samples.push({ index, price }));
  else {
    samples.push({ index: 0, price: prices[0]! });
    const t0 = input[0]!.ts;
    const last = input[input.length - 1]!.ts;
    for (let k = 1; t0 + k * p.sampleMs <= last; k++) {
      const point = t0 + k * p.sampleMs;
      if (!input.some((tick) => tick.ts >= point - p.sampleMs && tick.ts < point)) continue;
      const index = input.findIndex((tick) => tick.ts >= point);
      samples.push({ index, price: prices[index - 1]! });
    }
  }
  const squares = samples.slice(1).map((sample, j) => Math.log(sample.price / samples[j]!.price) ** 2);
  const volatility = (window: number[]): number => Math.sqrt(Math.max(0, (sum(window) - max(window)) / (window.length - 1)));
  const events: { index: number; ratio: number }[] = [];
  let armed = true;
  for (let j = p.short + p.long - 1; j < squares.length; j++) {
    const short = volatility(squares.slice(j + 1 - p.short, j + 1));
    const long = volatility(squares.slice(j + 1 - p.short - p.long, j + 1 - p.short));
    const index = samples[j + 1]!.index;
    const floor = Math.max(p.minStd, p.minPriceStd / prices[index]!);
    const ratio = short / Math.max(long, floor);
    if (!armed) armed = ratio < p.rearm * p.threshold;
    else if (ratio >= p.threshold) {
      events.push({ index, ratio });
      armed = false;
    }
  }
  return events;
}

const DEFAULTS = { short: 30, long: 120, sampleMs: 1000, threshold: 2.4, rearm: 0.5, minStd: 5e-5, minPriceStd: 0.002 };
const CALM = 4e-4;

describe('volatility-regime', () => {
  it('flags on the same ticks, with the same ratios, as a brute-force sampler and trimmed realised volatility', () => {
    const segments = [{ ticks: 3000, sigma: CALM }, { ticks: 400, sigma: 4 * CALM }, { ticks: 1500, sigma: CALM, jump: 0.03 }, { ticks: 300, sigma: 3 * CALM }, { ticks: 800, sigma: CALM }];
    const cases = [
      { ...DEFAULTS, short: 20, long: 200, threshold: 1.1, rearm: 0.98 },
      { ...DEFAULTS, sampleMs: 0, short: 25, long: 400, threshold: 1.15, rearm: 0.95, minPriceStd: 0 },
      { ...DEFAULTS, sampleMs: 700, short: 10, long: 50, threshold: 1.2, rearm: 0.95, minStd: 0, minPriceStd: 0 },
      { ...DEFAULTS, sampleMs: 2000, short: 8, long: 40, threshold: 1.1, rearm: 0.99, minStd: 1e-3 }, // the floor binds
    ];
    for (const [c, p] of cases.entries()) {
      const input = market(segments, { seed: c + 1, gapMs: c === 3 ? 900 : 250 });
      const expected = referenceEvents(input, p);
      const events = run(createVolatilityRegime(p), input);
      const flagged = events.flatMap((event, index) => (event === undefined ? [] : [{ event, index }]));
      expect(expected.length, `case ${c}`).toBeGreaterThan(5);
      expect(flagged.map((f) => f.index), `case ${c}`).toEqual(expected.map((e) => e.index));
      flagged.forEach(({ event }, i) => expectClose(event.score, expected[i]!.ratio));
    }
  });

  it('flags once when a regime starts, and again only after the ratio fell back (hysteresis)', () => {
    const segments = [
      { ticks: 4000, sigma: CALM },
      { ticks: 800, sigma: 5 * CALM },
      { ticks: 4000, sigma: CALM },
      { ticks: 800, sigma: 4 * CALM },
      { ticks: 1000, sigma: CALM },
    ];
    const events = run(createVolatilityRegime(), market(segments));
    const flagged = events.flatMap((event, index) => (event === undefined ? [] : [index]));
    expect(flagged).toHaveLength(2);
    expect(flagged[0]).toBeGreaterThanOrEqual(4000);
    expect(flagged[0]).toBeLessThan(4000 + 150); // within ~30 samples of 1 s at 4 ticks a second
    expect(flagged[1]).toBeGreaterThanOrEqual(8800);
    expect(flagged[1]).toBeLessThan(8800 + 150);
    const event = events[flagged[0]!]!;
    expect(event).toMatchObject({ symbol: 'ACME', detector: 'volatility-regime', id: `ACME|volatility-regime|${event.ts}` });
    expect(event.observed).toBeGreaterThan(event.upper!);
    expect(event.reason).toMatch(/^ACME volatility regime: realised vol \d+\.\d bp per 1 s over the last 30 returns, \d+\.\d× the \d+\.\d bp of the 120 before$/);
  });

  it('compares with the last two minutes: a regime soon after another is not masked by it', () => {
    // 200 s of a 4× regime, 200 s calm, then 3.5×: a ten-minute baseline still holds the first.
    const segments = [{ ticks: 4000, sigma: CALM }, { ticks: 800, sigma: 4 * CALM }, { ticks: 800, sigma: CALM }, { ticks: 800, sigma: 3.5 * CALM }];
    const flagged = (params: object): number[] => run(createVolatilityRegime(params), market(segments)).flatMap((event, index) => (event === undefined ? [] : [index]));
    const recent = flagged({});
    expect(recent).toHaveLength(2);
    expect(recent[1]).toBeGreaterThanOrEqual(5600);
    expect(recent[1]).toBeLessThan(5600 + 150);
    expect(flagged({ long: 600 })).toHaveLength(1);
  });

  it('severity: critical from 1.75 × threshold', () => {
    const input = market([{ ticks: 4000, sigma: CALM }, { ticks: 600, sigma: 8 * CALM }]);
    const event = run(createVolatilityRegime(), input).find((e) => e !== undefined)!;
    expect(event.severity).toBe(event.score >= 4.2 ? 'critical' : 'warning');
    expect(run(createVolatilityRegime({ criticalThreshold: 100 }), input).find((e) => e !== undefined)!.severity).toBe('warning');
  });

  it('does not take a single price jump for a regime, nor a spread that widens', () => {
    expect(run(createVolatilityRegime(), market([{ ticks: 4000, sigma: CALM }, { ticks: 1000, sigma: CALM, jump: 0.04 }])).every((e) => e === undefined)).toBe(true);
    const wide = market([{ ticks: 4000, sigma: CALM }]).map((tick, i) => {
      if (i < 3000 || i > 3400) return tick;
      const mid = (tick.bid! + tick.ask!) / 2;
      const half = mid * 0.004; // 80 bp wide instead of 4: trades bounce, the mid does not move
      return { ...tick, bid: mid - half, ask: mid + half, price: i % 2 === 0 ? mid - half : mid + half };
    });
    expect(run(createVolatilityRegime(), wide).every((e) => e === undefined)).toBe(true);
    // On trade prices alone (no quotes) the bounce is all it sees.
    const tradesOnly = wide.map(({ bid: _bid, ask: _ask, ...tick }) => tick);
    expect(run(createVolatilityRegime(), tradesOnly).some((e) => e !== undefined)).toBe(true);
  });

  it('floors the baseline at a fraction of a cent, so a calm low-priced symbol stepping a cent is no regime', () => {
    // A $5 symbol whose mid sits still, then flickers by half a cent (10 bp) a few times.
    const input: Tick[] = [];
    for (let i = 0; i < 3000; i++) {
      const flicker = i > 2700 && i % 13 === 0 ? 0.005 : 0;
      const mid = 5.005 + flicker;
      input.push({ symbol: 'CHEAP', ts: T0 + i * 250, price: 5.01, size: 100, bid: mid - 0.005, ask: mid + 0.005 });
      if (i === 1500) input[i] = { ...input[i]!, bid: 5.005, ask: 5.015 };
    }
    expect(run(createVolatilityRegime(), input).every((e) => e === undefined)).toBe(true);
    expect(run(createVolatilityRegime({ minPriceStd: 0, minStd: 0 }), input).some((e) => e !== undefined)).toBe(true);
  });

  it('skips sample points passed in silence: a halt does not flush the windows with zero returns', () => {
    const before = market([{ ticks: 4000, sigma: CALM }]);
    const last = before[before.length - 1]!;
    const after = market([{ ticks: 600, sigma: CALM }], { seed: 9 }).map((tick) => ({
      ...tick,
      ts: tick.ts - T0 + last.ts + 3_600_000,
      price: (tick.price / 50) * last.price,
      bid: (tick.bid! / 50) * last.bid!,
      ask: (tick.ask! / 50) * last.ask!,
    }));
    expect(run(createVolatilityRegime(), [...before, ...after]).every((e) => e === undefined)).toBe(true);
  });

  it('ignores ticks without a positive finite price or quote', () => {
    const input = market([{ ticks: 4000, sigma: CALM }, { ticks: 600, sigma: 5 * CALM }]);
    const clean = run(createVolatilityRegime(), input).filter((e) => e !== undefined);
    const dirty = input.flatMap((tick, i) => (i % 30 === 5 ? [{ ...tick, price: Number.NaN, bid: undefined, ask: undefined }, tick] : [tick])) as Tick[];
    expect(run(createVolatilityRegime(), dirty).filter((e) => e !== undefined)).toEqual(clean);
    expect(clean).toHaveLength(1);
    expect(referencePrice({ symbol: 'X', ts: 0, price: 10, size: 1, bid: 0, ask: 11 }, 'mid')).toBe(10);
    expect(referencePrice({ symbol: 'X', ts: 0, price: -1, size: 1 }, 'mid')).toBeNaN();
    expect(referencePrice({ symbol: 'X', ts: 0, price: 10, size: 1, bid: 10.2, ask: 10.1 }, 'mid')).toBeNaN(); // crossed
  });

  describe('on the simulated market (20 symbols, a full session)', () => {
    it('stays quiet on a clean market', () => {
      expect(streamMarket(createVolatilityRegime(), { seed: 2 }).events.length).toBeLessThanOrEqual(2);
    });

    it('catches most injected volatility regimes, one event each, and nothing else', () => {
      const market = streamMarket(createVolatilityRegime(), { seed: 4, perSymbolHour: 6 });
      const regimes = recall(market, 'volatility_regime', 30_000);
      expect(regimes.labels).toBeGreaterThan(100);
      expect(regimes.caught / regimes.labels).toBeGreaterThan(0.8);
      expect(market.events.length).toBeLessThan(1.1 * regimes.caught);
      expect(outside(market, 30_000, ['volatility_regime']).length).toBeLessThanOrEqual(3);
    });
  });

  describe('registry', () => {
    it('is on by default, and takes its parameters from the detectors section', () => {
      expect(buildDetectors().map((detector) => detector.id)).toContain('volatility-regime');
      expect(buildDetectors({ 'volatility-regime': false }).map((detector) => detector.id)).not.toContain('volatility-regime');
      expect(detectorsConfigSchema.parse({ 'volatility-regime': { threshold: 3 } })['volatility-regime']).toEqual({ ...DEFAULTS, threshold: 3 });
    });
  });

  describe('params', () => {
    it('has documented defaults', () => {
      expect(volatilityRegimeParams.parse({})).toEqual(DEFAULTS);
    });

    it.each([
      [{ short: 2 }, 'volatility-regime.short'],
      [{ short: 50, long: 40 }, 'volatility-regime.long'],
      [{ sampleMs: -1 }, 'volatility-regime.sampleMs'],
      [{ threshold: 1 }, 'volatility-regime.threshold'],
      [{ rearm: 1 }, 'volatility-regime.rearm'],
      [{ threshold: 3, criticalThreshold: 2 }, 'volatility-regime.criticalThreshold'],
      [{ minPriceStd: -1 }, 'volatility-regime.minPriceStd'],
      [{ ratio: 3 }, 'volatility-regime'],
    ])('rejects %j at build time, naming %s', (params, path) => {
      expect(() => createVolatilityRegime(params as never)).toThrow(ConfigError);
      expect(() => createVolatilityRegime(params as never)).toThrow(path);
    });
  });
});
