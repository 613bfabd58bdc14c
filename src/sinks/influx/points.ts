import { Point } from '@influxdata/influxdb-client';
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { MarketBar } from '../../events/market-bar.js';

/** Measurement names; the Grafana dashboards query these. */
export const EVENTS_MEASUREMENT = 'riskwatch_events';
export const BARS_MEASUREMENT = 'riskwatch_bars';
export const PIPELINE_MEASUREMENT = 'riskwatch_pipeline';

/**
 * Tags: symbol, detector, severity; fields: score, value, expected, band, reason and, from the
 * evidence when present, input_from / input_to, rules_version and quality_gaps / _late /
 * _duplicates. Time: the tick's.
 */
export function eventLine(event: AnomalyEvent): string {
  const point = new Point(EVENTS_MEASUREMENT)
    .tag('symbol', event.symbol)
    .tag('detector', event.detector)
    .tag('severity', event.severity)
    .floatField('score', event.score)
    .floatField('value', event.observed)
    .floatField('expected', event.expected)
    .stringField('reason', event.reason)
    .timestamp(event.ts);
  if (event.lower !== undefined && Number.isFinite(event.lower)) point.floatField('lower', event.lower);
  if (event.upper !== undefined && Number.isFinite(event.upper)) point.floatField('upper', event.upper);
  const evidence = event.evidence;
  if (evidence !== undefined) {
    if (evidence.input !== undefined) point.stringField('input_from', evidence.input.from).stringField('input_to', evidence.input.to);
    if (evidence.rulesVersion !== undefined) point.stringField('rules_version', evidence.rulesVersion);
    const { gaps, late, duplicates } = evidence.quality;
    point.intField('quality_gaps', gaps).intField('quality_late', late).intField('quality_duplicates', duplicates);
  }
  return point.toLineProtocol()!;
}

export function barLine(bar: MarketBar): string {
  const point = new Point(BARS_MEASUREMENT)
    .tag('symbol', bar.symbol)
    .floatField('open', bar.open)
    .floatField('high', bar.high)
    .floatField('low', bar.low)
    .floatField('price', bar.close)
    .floatField('mean', bar.mean)
    .floatField('volume', bar.volume)
    .intField('trades', bar.trades)
    .timestamp(bar.ts);
  if (bar.rollingMean !== undefined) point.floatField('rolling_mean', bar.rollingMean);
  if (bar.bandLower !== undefined) point.floatField('band_lower', bar.bandLower);
  if (bar.bandUpper !== undefined) point.floatField('band_upper', bar.bandUpper);
  return point.toLineProtocol()!;
}
