import { HtmlReport } from '../../src/reports/html-report.js';
import { HOUR_MS, type CellSums } from './ad-aggregate.js';
import type { AdAnalyticsResults } from './ad-results.js';
import { metricOf } from './hourly-anomalies.js';

/** Anomalous series drawn in full, strongest first. */
const SERIES_CHARTS = 4;
const ANOMALY_ROWS = 50;

const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(2)}%`);
const money = (value: number | null): string => (value === null ? '–' : value.toFixed(3));

/** The HTML report: totals, hourly traffic, rates by campaign and exchange, flagged hours and planted-anomaly recall. */
export function adAnalyticsReport(results: AdAnalyticsResults, cells: readonly CellSums[]): HtmlReport {
  const report = new HtmlReport('Ad analytics', `${results.campaigns} campaigns × ${results.exchanges} exchanges, ${results.hours.count} hours (${results.hours.first ?? '–'} to ${results.hours.last ?? '–'})`);
  const t = results.totals;
  report.section('Totals').metrics({
    impressions: t.impressions,
    clicks: t.clicks,
    conversions: t.conversions,
    cost: Number(t.cost.toFixed(2)),
    CTR: percent(t.ctr),
    CVR: percent(t.cvr),
    CPC: money(t.cpc),
    CPM: money(t.cpm),
  });

  report
    .section('Traffic by hour')
    .chart({
      width: 720,
      height: 220,
      data: { values: results.byHour.map((h) => ({ hour: h.hour, impressions: h.impressions, clicks: h.clicks })) },
      transform: [{ fold: ['impressions', 'clicks'], as: ['measure', 'count'] }],
      mark: 'line',
      encoding: {
        x: { field: 'hour', type: 'temporal', title: 'hour (UTC)' },
        y: { field: 'count', type: 'quantitative' },
        row: { field: 'measure', type: 'nominal', title: null },
      },
      resolve: { scale: { y: 'independent' } },
    });

  const pairs = new Map<string, { campaign: string; exchange: string; impressions: number; clicks: number }>();
  for (const cell of cells) {
    const key = `${cell.campaign}|${cell.exchange}`;
    const pair = pairs.get(key) ?? { campaign: cell.campaign, exchange: cell.exchange, impressions: 0, clicks: 0 };
    pair.impressions += cell.impressions;
    pair.clicks += cell.clicks;
    pairs.set(key, pair);
  }
  report
    .section('Click-through rate by campaign and exchange')
    .chart({
      data: { values: [...pairs.values()].map((p) => ({ campaign: p.campaign, exchange: p.exchange, ctr: p.impressions > 0 ? p.clicks / p.impressions : null })) },
      mark: 'rect',
      encoding: {
        x: { field: 'exchange', type: 'nominal' },
        y: { field: 'campaign', type: 'nominal' },
        color: { field: 'ctr', type: 'quantitative', title: 'CTR', legend: { format: '.2%' } },
      },
    })
    .table(
      ['campaign', 'impressions', 'clicks', 'conversions', 'cost', 'CTR', 'CVR', 'CPC', 'CPM'],
      results.byCampaign.map((c) => [c.campaign, c.impressions, c.clicks, c.conversions, Number(c.cost.toFixed(2)), percent(c.ctr), percent(c.cvr), money(c.cpc), money(c.cpm)]),
    );

  report
    .section('Exchanges')
    .chart({
      data: { values: results.byExchange.map((e) => ({ exchange: e.exchange, cpm: e.cpm, cpc: e.cpc })) },
      transform: [{ fold: ['cpm', 'cpc'], as: ['measure', 'cost'] }],
      mark: 'bar',
      encoding: {
        x: { field: 'cost', type: 'quantitative', title: 'cost per thousand impressions (cpm) / per click (cpc)' },
        y: { field: 'exchange', type: 'nominal' },
        row: { field: 'measure', type: 'nominal', title: null },
      },
    })
    .table(
      ['exchange', 'impressions', 'clicks', 'conversions', 'cost', 'CTR', 'CVR', 'CPC', 'CPM'],
      results.byExchange.map((e) => [e.exchange, e.impressions, e.clicks, e.conversions, Number(e.cost.toFixed(2)), percent(e.ctr), percent(e.cvr), money(e.cpc), money(e.cpm)]),
    );

  const anomalies = report.section('Anomalous hours');
  anomalies.text(
    `${results.anomalies.length} flagged (metric, hour) points: robust z-score (riskwatch's robust-zscore detector) of each ` +
      '(campaign, exchange) hourly CTR, CVR, CPC and CPM against the median and MAD of the hours before it.',
  );
  if (results.plantedRecall !== null) {
    const r = results.plantedRecall;
    anomalies.metrics({ planted: r.planted, found: r.found, recall: r.recall === null ? '–' : percent(r.recall), 'other flagged hours': r.otherFlaggedHours });
    anomalies.table(
      ['planted', 'campaign', 'exchange', 'hour', 'expected on', 'found'],
      r.anomalies.map((p) => [p.kind, p.campaign, p.exchange, p.hour, `${p.metric} ${p.direction}`, p.found ? 'yes' : 'no']),
    );
  }
  const strongest = [...results.anomalies].sort((a, b) => b.score - a.score);
  anomalies.table(
    ['campaign', 'exchange', 'hour', 'metric', 'direction', 'robust z', 'value', 'typical'],
    strongest.slice(0, ANOMALY_ROWS).map((a) => [a.campaign, a.exchange, a.hour, a.metric, a.direction, Number(a.score.toFixed(1)), Number(a.value.toPrecision(4)), Number(a.typical.toPrecision(4))]),
    strongest.length > ANOMALY_ROWS ? `strongest ${ANOMALY_ROWS} of ${strongest.length}; all are in summary.json` : undefined,
  );
  for (const a of strongest.slice(0, SERIES_CHARTS)) {
    const series = cells.filter((c) => c.campaign === a.campaign && c.exchange === a.exchange);
    anomalies.chart(
      {
        width: 720,
        height: 160,
        data: { values: series.map((c) => ({ hour: new Date(c.hour * HOUR_MS).toISOString(), value: metricOf(c, a.metric), flagged: new Date(c.hour * HOUR_MS).toISOString() === a.hour })) },
        layer: [
          { mark: 'line', encoding: { x: { field: 'hour', type: 'temporal', title: 'hour (UTC)' }, y: { field: 'value', type: 'quantitative', title: a.metric } } },
          { transform: [{ filter: 'datum.flagged' }], mark: { type: 'point', color: 'red', size: 80, filled: true }, encoding: { x: { field: 'hour', type: 'temporal' }, y: { field: 'value', type: 'quantitative' } } },
        ],
      },
      `${a.campaign} on ${a.exchange}: hourly ${a.metric}, the flagged hour in red (z ${a.score.toFixed(1)})`,
    );
  }
  return report;
}
