import { Ensemble } from '../../../src/detectors/ensemble/ensemble.js';
import { TAIL_CALIBRATION } from '../../../src/detectors/ensemble/tail-calibration.js';
import { describe, expect, it } from 'vitest';
import { runMarket, sessionsDurationMs } from '../../../src/benchmarks/market/run-market.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import { createCrossedQuote } from '../../../src/detectors/crossed-quote.js';
import { createStaleFeed } from '../../../src/detectors/stale-feed.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { MarketSimulator } from '../../../src/sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../../src/sources/simulator/simulator-options.js';

const MONDAY_OPEN = Date.parse('2026-01-05T14:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('runMarket', () => {
  it('spans whole trading sessions, skipping the weekend', () => {
    expect(sessionsDurationMs(MONDAY_OPEN, 1)).toBe(6.5 * HOUR);
    expect(sessionsDurationMs(MONDAY_OPEN, 5)).toBe(4 * DAY + 6.5 * HOUR); // through Friday
    expect(sessionsDurationMs(MONDAY_OPEN, 6)).toBe(7 * DAY + 6.5 * HOUR); // next Monday
  });

  it('gives the events the detect operator gives on the same market, ensemble included, and the simulator’s labels', () => {
    const options = { seed: 7, symbols: 3, days: 1, anomaliesPerSymbolHour: 6 };
    const detectors = () => [createCrossedQuote(), createStaleFeed()];
    const ensemble = () => new Ensemble(['crossed-quote', 'stale-feed'], TAIL_CALIBRATION.models, { warningP: 0.5 });
    const run = runMarket(options, detectors(), ensemble());

    const market = new MarketSimulator(marketOptionsSchema.parse({ seed: 7, symbols: 3, durationMs: 6.5 * HOUR }));
    const operator = createDetectOperator(detectors(), { ensemble: ensemble() });
    const events: AnomalyEvent[] = [];
    const out = { emit: (event: AnomalyEvent) => events.push(event), reject: () => undefined, side: () => undefined };
    let ticks = 0;
    for (let tick = market.next(); tick !== undefined; tick = market.next(), ticks++) operator.process(tick, out);

    expect(run.ticks).toBe(ticks);
    expect(run.labels).toEqual(market.labels());
    expect(run.labels.length).toBeGreaterThan(50);
    expect(run.detections).toEqual(events.map(({ symbol, detector, ts, score }) => ({ symbol, detector, ts, score })));
    expect(run.detections.length).toBeGreaterThan(10);
    expect(run.detections.filter((d) => d.detector === 'ensemble').length).toBeGreaterThan(5);
  });

  it('injects nothing at rate 0', () => {
    const run = runMarket({ seed: 7, symbols: 3, days: 1, anomaliesPerSymbolHour: 0 }, [createCrossedQuote()]);
    expect(run.labels).toEqual([]);
    expect(run.detections).toEqual([]);
    expect(run.ticks).toBeGreaterThan(10_000);
  });
});
