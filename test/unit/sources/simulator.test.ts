import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { ANOMALY_KINDS, type AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { simulatorOptionsSchema } from '../../../src/sources/simulator/simulator-options.js';
import { simulatorSource, type SimulatorDeps } from '../../../src/sources/simulator/simulator-source.js';
import type { SimulatorOptionsInput } from '../../../src/sources/simulator/simulator-options.js';
import { SESSION_MS } from '../../../src/sources/simulator/trading-session.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { validateTick } from '../../../src/ticks/validate-tick.js';
import { drain } from './helpers.js';

const START = Date.parse('2026-01-05T14:30:00Z');
const MINUTE = 60_000;

async function simulate(options: SimulatorOptionsInput, deps: SimulatorDeps = {}): Promise<{ ticks: Tick[]; labels: readonly AnomalyLabel[] }> {
  const source = simulatorSource({ mode: 'fast', ...options }, deps);
  const { records } = await drain(source);
  return { ticks: records, labels: source.labels() };
}

function bySymbol(ticks: readonly Tick[]): Map<string, Tick[]> {
  const map = new Map<string, Tick[]>();
  for (const tick of ticks) {
    const list = map.get(tick.symbol);
    if (list === undefined) map.set(tick.symbol, [tick]);
    else list.push(tick);
  }
  return map;
}

const mid = (tick: Tick): number => (tick.bid! + tick.ask!) / 2;
const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const within = (tick: Tick, label: AnomalyLabel): boolean => tick.symbol === label.symbol && tick.ts >= label.start && tick.ts <= label.end;

describe('market simulator: 20 minutes of 50 symbols', () => {
  let ticks: Tick[];
  let labels: readonly AnomalyLabel[];
  let series: Map<string, Tick[]>;

  beforeAll(async () => {
    ({ ticks, labels } = await simulate({ seed: 11, durationMs: 20 * MINUTE }));
    series = bySymbol(ticks);
  });

  it('produces valid ticks for every symbol, in non-decreasing event time, within the bound', () => {
    expect(series.size).toBe(50);
    expect(ticks.length).toBeGreaterThan(100_000);
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i]!;
      const checked = validateTick(tick);
      if (!checked.ok) throw new Error(`invalid tick ${JSON.stringify(tick)}: ${checked.reason.message}`);
      if (i % 1000 === 0) expect(checked.tick).toEqual(tick);
      if (i > 0 && tick.ts < ticks[i - 1]!.ts) throw new Error(`time goes back at ${i}`);
    }
    expect(ticks[0]!.ts).toBeGreaterThanOrEqual(START);
    expect(ticks[ticks.length - 1]!.ts).toBeLessThan(START + 20 * MINUTE);
  });

  it('numbers each symbol consecutively, trades round lots and names a venue', () => {
    for (const list of series.values()) {
      expect(list.map((tick) => tick.seq)).toEqual(list.map((_, i) => i + 1));
    }
    expect(ticks.every((tick) => tick.size > 0 && tick.size % 100 === 0 && tick.bidSize! % 100 === 0 && tick.askSize! % 100 === 0)).toBe(true);
    expect(new Set(ticks.map((tick) => tick.exchange)).size).toBeGreaterThan(3);
    const sizes = ticks.map((tick) => tick.size);
    // Heavy tail: the biggest trades are far above the typical one.
    expect(Math.max(...sizes.slice(0, 50_000))).toBeGreaterThan(30 * median(sizes));
  });

  it('labels every kind of anomaly, only on warmed-up symbols', () => {
    const kinds = new Set(labels.map((label) => label.kind));
    expect([...kinds].sort()).toEqual([...ANOMALY_KINDS].sort());
    // 50 symbols at the default rate: about 5 a minute.
    expect(labels.length).toBeGreaterThan(50);
    expect(labels.length).toBeLessThan(150);
    for (const label of labels) {
      expect(label.end).toBeGreaterThanOrEqual(label.start);
      expect(typeof label.detail['magnitude']).toBe('number');
      const before = series.get(label.symbol)!.filter((tick) => tick.ts < label.start).length;
      expect(before).toBeGreaterThanOrEqual(150);
    }
  });

  it('keeps quotes uncrossed except inside crossed_quote labels, and crosses every one of those', () => {
    const crossedLabels = labels.filter((label) => label.kind === 'crossed_quote');
    for (const tick of ticks) {
      if (tick.bid! >= tick.ask!) expect(crossedLabels.some((label) => within(tick, label))).toBe(true);
    }
    for (const label of crossedLabels) {
      const inside = series.get(label.symbol)!.filter((tick) => within(tick, label));
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.every((tick) => tick.bid! > tick.ask!)).toBe(true);
    }
  });

  it('shows a stale feed as a silence of the labelled length', () => {
    const stale = labels.filter((label) => label.kind === 'stale_feed');
    expect(stale.length).toBeGreaterThan(0);
    for (const label of stale) {
      const list = series.get(label.symbol)!;
      expect(list.filter((tick) => tick.ts >= label.start && tick.ts < label.end)).toEqual([]);
      const last = list.filter((tick) => tick.ts < label.start).at(-1)!;
      const resumed = list.find((tick) => tick.ts >= label.end);
      if (resumed !== undefined) expect(resumed.ts - last.ts).toBeGreaterThanOrEqual(label.end - label.start);
      expect(label.detail['magnitude']).toBeCloseTo((label.end - label.start) / 1000, 0);
    }
  });

  it('moves the price by the labelled jump', () => {
    for (const label of labels.filter((l) => l.kind === 'price_jump')) {
      const list = series.get(label.symbol)!;
      const at = list.findIndex((tick) => tick.ts === label.start);
      const change = mid(list[at]!) / mid(list[at - 1]!) - 1;
      expect(Math.abs(change - label.detail['magnitude']!)).toBeLessThan(0.005);
    }
  });

  it('makes volume spikes, spread blowouts and volatility regimes stand out from the two minutes before', () => {
    const ratio = (label: AnomalyLabel, measure: (ticks: Tick[]) => number): number => {
      const list = series.get(label.symbol)!;
      const before = list.filter((tick) => tick.ts < label.start && tick.ts >= label.start - 2 * MINUTE);
      return measure(list.filter((tick) => within(tick, label))) / measure(before);
    };
    const meanSize = (list: Tick[]): number => mean(list.map((tick) => tick.size));
    const meanSpread = (list: Tick[]): number => mean(list.map((tick) => (tick.ask! - tick.bid!) / mid(tick)));
    const volatility = (list: Tick[]): number =>
      Math.sqrt(mean(list.slice(1).map((tick, i) => Math.log(mid(tick) / mid(list[i]!)) ** 2 / Math.max(0.001, (tick.ts - list[i]!.ts) / 1000))));
    const of = (kind: string): AnomalyLabel[] => labels.filter((label) => label.kind === kind);

    for (const label of of('volume_spike')) expect(ratio(label, meanSize)).toBeGreaterThan(4);
    for (const label of of('spread_blowout')) expect(ratio(label, meanSpread)).toBeGreaterThan(2.5);
    expect(median(of('volatility_regime').map((label) => ratio(label, volatility)))).toBeGreaterThan(1.5);
  });

  it('reports labels through onLabel as they start', async () => {
    const seen: AnomalyLabel[] = [];
    const run = await simulate({ seed: 11, durationMs: 5 * MINUTE }, { onLabel: (label) => seen.push(label) });
    expect(seen).toEqual(run.labels);
    expect(seen).toEqual(labels.filter((label) => label.start < START + 5 * MINUTE));
  });
});

describe('market simulator: determinism', () => {
  it('gives identical ticks and labels for the same seed, and different ones for another', async () => {
    const a = await simulate({ seed: 5, symbols: 10, durationMs: 8 * MINUTE, batchSize: 333 });
    const b = await simulate({ seed: 5, symbols: 10, durationMs: 8 * MINUTE });
    const c = await simulate({ seed: 6, symbols: 10, durationMs: 8 * MINUTE });
    expect(a.labels.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c.ticks.slice(0, 100)).not.toEqual(a.ticks.slice(0, 100));
    expect(c.labels).not.toEqual(a.labels);
    // Names do not depend on the seed.
    expect(new Set(c.ticks.map((tick) => tick.symbol))).toEqual(new Set(a.ticks.map((tick) => tick.symbol)));
  });

  it('keeps a symbol\u2019s path when other symbols are added', async () => {
    const few = await simulate({ seed: 9, symbols: 3, maxTicks: 3000, anomalies: { perSymbolHour: 0 } });
    const many = await simulate({ seed: 9, symbols: 30, maxTicks: 30000, anomalies: { perSymbolHour: 0 } });
    const first = few.ticks[0]!.symbol;
    const path = (ticks: Tick[]): Tick[] => ticks.filter((tick) => tick.symbol === first).slice(0, 500);
    expect(path(many.ticks)).toEqual(path(few.ticks));
  });
});

describe('market simulator: a whole session', () => {
  let ticks: Tick[];

  beforeAll(async () => {
    ({ ticks } = await simulate({ seed: 3, symbols: 20, durationMs: SESSION_MS, anomalies: { perSymbolHour: 0 } }));
  });

  it('is busier and wider at the open and busy again at the close (U shape)', () => {
    const window = (from: number): Tick[] => ticks.filter((tick) => tick.ts >= START + from * MINUTE && tick.ts < START + (from + 15) * MINUTE);
    const open = window(0);
    const midday = window(180);
    const close = window(375);
    expect(open.length).toBeGreaterThan(2 * midday.length);
    expect(close.length).toBeGreaterThan(1.5 * midday.length);
    const spread = (list: Tick[]): number => mean(list.map((tick) => (tick.ask! - tick.bid!) / mid(tick)));
    expect(spread(open)).toBeGreaterThan(1.3 * spread(midday));
    const bps = spread(midday) * 1e4;
    expect(bps).toBeGreaterThan(1);
    expect(bps).toBeLessThan(20);
  });

  it('clusters volatility (squared 1-minute returns are autocorrelated)', () => {
    const acfs: number[] = [];
    for (const list of bySymbol(ticks).values()) {
      const closes: number[] = [];
      for (const tick of list) closes[Math.floor((tick.ts - START) / MINUTE)] = mid(tick);
      const returns: number[] = [];
      for (let m = 121; m < 270; m++) if (closes[m] !== undefined && closes[m - 1] !== undefined) returns.push(Math.log(closes[m]! / closes[m - 1]!));
      const variance = mean(returns.map((r) => r * r));
      const centred = returns.map((r) => (r * r) / variance - 1);
      let lagged = 0;
      for (let i = 1; i < centred.length; i++) lagged += centred[i]! * centred[i - 1]!;
      acfs.push(lagged / centred.reduce((sum, x) => sum + x * x, 0));
    }
    expect(mean(acfs)).toBeGreaterThan(0.03);
  });
});

describe('market simulator: bounds, options and sessions', () => {
  it('stops at maxTicks and is bounded only with a bound', async () => {
    const { ticks } = await simulate({ symbols: 5, maxTicks: 1234, batchSize: 100 });
    expect(ticks).toHaveLength(1234);
    expect(simulatorSource({ maxTicks: 1 }).bounded).toBe(true);
    expect(simulatorSource({ durationMs: 1 }).bounded).toBe(true);
    expect(simulatorSource({}).bounded).toBe(false);
  });

  it('stops an unbounded fast run when aborted', async () => {
    const source = simulatorSource({ mode: 'fast', batchSize: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { records } = await drain(source, { signal: controller.signal });
    expect(records.length).toBeGreaterThan(0);
    expect(records.length % 500).toBe(0);
  });

  it('reopens at 09:30 New York on the next weekday', async () => {
    const friday = '2026-03-06T14:30:00Z';
    const { ticks } = await simulate({ start: friday, symbols: 2, durationMs: 3.5 * 24 * 60 * MINUTE, anomalies: { perSymbolHour: 0 } });
    const days = [...new Set(ticks.map((tick) => new Date(tick.ts).toISOString().slice(0, 10)))];
    // Saturday and Sunday are skipped; on Monday 9 March New York is on daylight time (13:30Z).
    expect(days).toEqual(['2026-03-06', '2026-03-09']);
    const monday = ticks.filter((tick) => tick.ts >= Date.parse('2026-03-09T00:00:00Z'));
    expect(monday[0]!.ts).toBeGreaterThanOrEqual(Date.parse('2026-03-09T13:30:00Z'));
    expect(monday.at(-1)!.ts).toBeLessThan(Date.parse('2026-03-09T20:00:00Z'));
    expect(ticks.filter((tick) => tick.ts < Date.parse('2026-03-07T00:00:00Z')).at(-1)!.ts).toBeLessThan(Date.parse('2026-03-06T21:00:00Z'));
  });

  it('uses given symbol names and only the chosen kinds', async () => {
    const { ticks, labels } = await simulate({
      symbolNames: ['AAA', 'BBB.X', 'CC:1'],
      durationMs: 30 * MINUTE,
      anomalies: { kinds: ['stale_feed', 'price_jump'], perSymbolHour: 60, warmupTicks: 10 },
    });
    expect(new Set(ticks.map((tick) => tick.symbol))).toEqual(new Set(['AAA', 'BBB.X', 'CC:1']));
    expect(new Set(labels.map((label) => label.kind))).toEqual(new Set(['stale_feed', 'price_jump']));
  });

  it('documents its defaults in the schema and rejects bad options', () => {
    expect(simulatorOptionsSchema.parse({})).toEqual({
      id: 'simulator',
      seed: 1,
      symbols: 50,
      start: '2026-01-05T14:30:00Z',
      ticksPerSecond: 2,
      mode: 'live',
      speed: 25,
      batchSize: 1000,
      anomalies: { perSymbolHour: 6, kinds: [...ANOMALY_KINDS], warmupTicks: 150 },
    });
    expect(() => simulatorSource({ symbols: 0 })).toThrow(ConfigError);
    expect(() => simulatorSource({ start: 'monday' })).toThrow(/start/);
    expect(() => simulatorSource({ symbolNames: ['OK', 'bad symbol'] })).toThrow(ConfigError);
    expect(() => simulatorSource({ symbolNames: ['A', 'A'] })).toThrow(/unique/);
    expect(() => simulatorSource({ anomalies: { kinds: ['meteor'] } } as never)).toThrow(ConfigError);
    expect(() => simulatorSource({ speeed: 2 } as never)).toThrow(/speeed/);
  });
});
