import { describe, expect, it } from 'vitest';
import { benchDetect, planRuns, scoreRuns } from '../../../src/benchmarks/market/bench-detect.js';
import type { MatchRules } from '../../../src/benchmarks/market/match-detections.js';
import { renderBenchDetect } from '../../../src/benchmarks/market/render-report.js';
import type { MarketRun } from '../../../src/benchmarks/market/run-market.js';

const T = Date.parse('2026-01-05T15:00:00Z');
const RULES: MatchRules = {
  kinds: { 'crossed-quote': ['crossed_quote'] },
  graceMs: { price_jump: 0, volume_spike: 0, spread_blowout: 0, crossed_quote: 1000, stale_feed: 0, volatility_regime: 0 },
};

function fakeRun(seed: number, rate: number, detections: MarketRun['detections'], labels: MarketRun['labels'] = []): MarketRun {
  return { options: { seed, symbols: 2, days: 1, anomaliesPerSymbolHour: rate }, ticks: 1000, labels, detections, elapsedMs: 100 };
}

describe('bench detect', () => {
  it('plans a run with anomalies and a clean one per seed', () => {
    expect(planRuns({ seeds: [4, 9], symbols: 10, days: 2 })).toEqual([
      { seed: 4, symbols: 10, days: 2, anomaliesPerSymbolHour: 6 },
      { seed: 4, symbols: 10, days: 2, anomaliesPerSymbolHour: 0 },
      { seed: 9, symbols: 10, days: 2, anomaliesPerSymbolHour: 6 },
      { seed: 9, symbols: 10, days: 2, anomaliesPerSymbolHour: 0 },
    ]);
  });

  it('scores each seed’s run against its own labels, and counts clean-run events as false alarms per symbol-day', () => {
    const label = { kind: 'crossed_quote' as const, symbol: 'AAA', start: T, end: T + 500, detail: { magnitude: 5 } };
    const runs = [
      fakeRun(1, 6, [{ symbol: 'AAA', detector: 'crossed-quote', ts: T + 200, score: 1 }], [label]),
      fakeRun(1, 0, [{ symbol: 'AAA', detector: 'crossed-quote', ts: T, score: 1 }, { symbol: 'BBB', detector: 'fat-finger', ts: T, score: 1 }]),
      // Seed 2 has no label on AAA: the same event time there is a false positive.
      fakeRun(2, 6, [{ symbol: 'AAA', detector: 'crossed-quote', ts: T + 200, score: 1 }]),
      fakeRun(2, 0, []),
    ];
    const result = scoreRuns({ seeds: [1, 2], symbols: 2, days: 1, rules: RULES }, ['crossed-quote', 'fat-finger'], runs);
    const crossed = result.kinds.find((k) => k.kind === 'crossed_quote')!;
    expect(crossed).toMatchObject({ detectors: ['crossed-quote'], precision: 0.5, recall: 1, medianDelayMs: 200, falseAlarmsPerSymbolDay: 0.25 });
    expect(crossed.f1).toBeCloseTo(2 / 3, 12);
    expect(result.kinds.find((k) => k.kind === 'price_jump')).toMatchObject({ detectors: [], falseAlarmsPerSymbolDay: 0 });
    expect(result.detectors).toEqual([
      { id: 'crossed-quote', kinds: ['crossed_quote'], tally: { events: 2, truePositives: 1, onOtherAnomalies: 0 }, falseAlarmsPerSymbolDay: 0.25 },
      { id: 'fat-finger', kinds: [], tally: { events: 0, truePositives: 0, onOtherAnomalies: 0 }, falseAlarmsPerSymbolDay: 0.25 },
    ]);
    expect(result).toMatchObject({ falseAlarmsPerSymbolDay: 0.5, ticks: 2000, cleanTicks: 2000, elapsedMs: 400 });
  });

  it('runs every registered detector over a simulated session and prints the tables with the matching rules', async () => {
    const result = await benchDetect({ seeds: [3], symbols: 4, days: 1 });
    expect(result.ticks).toBeGreaterThan(100_000);
    expect(result.detectors.map((d) => d.id)).toEqual(expect.arrayContaining(['return-zscore', 'spread-blowout', 'crossed-quote', 'stale-feed', 'fat-finger', 'luld-band']));
    const crossed = result.kinds.find((k) => k.kind === 'crossed_quote')!;
    expect(crossed.tally.labels).toBeGreaterThan(10);
    expect([crossed.precision, crossed.recall]).toEqual([1, 1]);

    const text = renderBenchDetect(result);
    expect(text).toMatch(/^riskwatch bench detect: seeds 3 × 4 symbols × 1 trading day\(s\) \(4 symbol-days\)/);
    expect(text).toMatch(/^kind +labels +found +events +TP +on other +precision +recall +F1 +median delay +FA\/sym-day +detectors$/m);
    expect(text).toMatch(/^crossed_quote +\d+ +\d+ +\d+ +\d+ +0 +1\.000 +1\.000 +1\.000 +0\.0 s +0\.00 +crossed-quote$/m);
    expect(text).toMatch(/^all +\d+\.\d\d$/m);
    expect(text).toContain('start ≤ ts ≤ end + grace (grace: price_jump 10 s,');
  });
});
