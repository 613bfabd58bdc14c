import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import {
  DATASOURCE,
  dashboardQueries,
  dashboardSchema,
  overlappingPanels,
  readDashboardFiles,
  renderQuery,
  type Dashboard,
  type QueryContext,
} from './dashboard-file.js';
import { assertReachable, HEALTH_INSTANCES, influxQL, runMonitor, TOKEN, writeHealthSamples, type CounterIncreases, type HealthSamples, type MonitorRun } from './market-data.js';

const URL = process.env['RISKWATCH_TEST_INFLUX_URL'] ?? 'http://127.0.0.1:18086';
/** A database of its own per run (InfluxDB 1.8: bucket = database/retention policy). */
const DATABASE = `riskwatch_grafana_${process.pid}_${Date.now()}`;
const BUCKET = `${DATABASE}/autogen`;
const MARKET_MS = 20 * 60_000;
const EXPECTED_FILES = ['alerting.json', 'market-overview.json', 'pipeline-health.json', 'symbol-drilldown.json'];

const files = readDashboardFiles();
const dashboards = files.map(({ file, json }) => ({ file, dashboard: validateConfig(json, file, dashboardSchema) }));
const queries = dashboards.flatMap(({ file, dashboard }) => dashboardQueries(file, dashboard));

function dashboardIn(file: string): Dashboard {
  const found = dashboards.find((d) => d.file === file);
  if (found === undefined) throw new Error(`no dashboard ${file}`);
  return found.dashboard;
}

function panelQuery(file: string, title: string): string {
  const panel = dashboardIn(file).panels.find((p) => p.title === title);
  if (panel?.targets[0] === undefined) throw new Error(`${file}: no panel "${title}"`);
  return panel.targets[0].query;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function sumOf(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): number {
  let sum = 0;
  for (const row of rows) for (const column of columns) sum += typeof row[column] === 'number' ? row[column] : 0;
  return sum;
}

/** The symbol with the most events among those with both critical and other events: every drill-down query has rows. */
function busiestSymbol(events: readonly AnomalyEvent[]): string {
  const bySymbol = groupBy(events, (event) => event.symbol);
  const candidates = [...bySymbol].filter(([, list]) => list.some((e) => e.severity === 'critical') && list.some((e) => e.severity !== 'critical'));
  candidates.sort(([, a], [, b]) => b.length - a.length);
  const symbol = candidates[0]?.[0];
  if (symbol === undefined) throw new Error('the simulated market raised no symbol with both critical and other events');
  return symbol;
}

describe('Grafana dashboard files', () => {
  it('are the four dashboards, with unique uids', () => {
    expect(files.map((f) => f.file)).toEqual(EXPECTED_FILES);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(EXPECTED_FILES)('%s: unique panel ids and refIds, panels inside the grid and apart', (file) => {
    const dashboard = dashboardIn(file);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      const refIds = panel.targets.map((t) => t.refId);
      expect(new Set(refIds).size, `panel ${panel.id}`).toBe(refIds.length);
      expect(panel.datasource).toMatchObject(DATASOURCE);
    }
    expect(overlappingPanels(dashboard)).toEqual([]);
  });

  it.each(EXPECTED_FILES)('%s: a bucket variable defaulting to riskwatch, used by every query', (file) => {
    const dashboard = dashboardIn(file);
    const bucket = dashboard.templating.list.find((v) => v.name === 'bucket');
    expect(bucket).toMatchObject({ type: 'custom', query: 'riskwatch', current: { value: 'riskwatch' } });
    for (const { where, query } of queries.filter((q) => q.file === file)) {
      expect(query, where).toContain('bucket: "${bucket}"');
      if (query.includes('from(')) expect(query, where).toContain('range(start: v.timeRangeStart, stop: v.timeRangeStop)');
    }
  });
});

describe('Grafana dashboard queries against InfluxDB', () => {
  let run: MonitorRun;
  let health: HealthSamples;
  let increases: CounterIncreases;
  let context: QueryContext;
  const queryApi = new InfluxDB({ url: URL, token: TOKEN, timeout: 30_000 }).getQueryApi('riskwatch');
  const rowsOf = (query: string): Promise<Array<Record<string, unknown>>> => queryApi.collectRows(renderQuery(query, context));

  beforeAll(async () => {
    await assertReachable(URL);
    await influxQL(URL, `CREATE DATABASE "${DATABASE}"`);
    // Recent event times, as a live feed gives them: the dashboards look at the last hour.
    const start = new Date(Math.floor((Date.now() - 25 * 60_000) / 1000) * 1000);
    run = await runMonitor({ url: URL, bucket: BUCKET, start, durationMs: MARKET_MS, dir: mkdtempSync(join(tmpdir(), 'riskwatch-grafana-')) });
    health = await writeHealthSamples(URL, BUCKET, start, MARKET_MS);
    increases = health.increases;
    context = {
      start: new Date(start.getTime() - 60_000),
      stop: new Date(Date.now() + 60_000),
      variables: { bucket: BUCKET, symbol: busiestSymbol(run.events) },
    };
  }, 180_000);

  afterAll(async () => {
    await influxQL(URL, `DROP DATABASE "${DATABASE}"`).catch(() => undefined);
  });

  it('ran the monitor on a market with warning and critical events from every detector', () => {
    expect(run.summary.stoppedBy).toBe('end-of-input');
    expect(run.summary.deadLetters).toBe(0);
    expect(new Set(run.events.map((e) => e.severity))).toEqual(new Set(['warning', 'critical']));
    for (const detector of ['return-zscore', 'ewma-vol-band', 'volume-spike']) expect(run.events.map((e) => e.detector)).toContain(detector);
  });

  it.each(queries.map((q) => [`${q.file} ${q.where}`, q] as const))('%s runs and returns rows', async (_name, { query }) => {
    const rendered = renderQuery(query, context);
    expect(rendered).not.toMatch(/\$\{|\[\[|v\.(timeRange|windowPeriod)/);
    const rows = await queryApi.collectRows<Record<string, unknown>>(rendered);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('market overview: the counts match the event log', async () => {
    const critical = run.events.filter((e) => e.severity === 'critical').length;
    const symbols = new Set(run.events.map((e) => e.symbol)).size;
    expect(await rowsOf(panelQuery('market-overview.json', 'Events'))).toEqual([expect.objectContaining({ _value: run.events.length })]);
    expect(await rowsOf(panelQuery('market-overview.json', 'Critical events'))).toEqual([expect.objectContaining({ _value: critical })]);
    expect(await rowsOf(panelQuery('market-overview.json', 'Symbols flagged'))).toEqual([expect.objectContaining({ _value: symbols })]);

    const top = await rowsOf(panelQuery('market-overview.json', 'Top symbols by event count'));
    const counts = [...groupBy(run.events, (e) => e.symbol).values()].map((list) => list.length).sort((a, b) => b - a);
    expect(top.map((row) => row['events'])).toEqual(counts.slice(0, 10));

    // One named column per severity and per detector, whose counts add up to every event.
    for (const [title, key] of [['Events by severity', 'severity'], ['Events by detector', 'detector']] as const) {
      const rows = await rowsOf(panelQuery('market-overview.json', title));
      const names = [...new Set(run.events.map((e) => e[key]))];
      expect(Object.keys(rows[0] ?? {}).sort(), title).toEqual(['_time', 'result', 'table', ...names].sort());
      expect(sumOf(rows, names), title).toBe(run.events.length);
    }

    const latest = await rowsOf(panelQuery('market-overview.json', 'Latest events'));
    const newest = run.events.reduce((a, b) => (b.ts > a.ts ? b : a));
    expect(Date.parse(String(latest[0]?.['_time']))).toBe(newest.ts);
    expect(latest[0]).toMatchObject({ symbol: expect.any(String), detector: expect.any(String), severity: expect.any(String), reason: expect.any(String), score: expect.any(Number) });
    expect(latest).toHaveLength(Math.min(100, run.events.length));
  });

  it('symbol drill-down: the variable lists every symbol, the tables and band follow the symbol', async () => {
    const symbol = context.variables['symbol']!;
    const symbolsQuery = dashboardQueries('symbol-drilldown.json', dashboardIn('symbol-drilldown.json')).find((q) => q.where === 'variable symbol')!;
    const listed = (await rowsOf(symbolsQuery.query)).map((row) => row['_value']);
    expect(listed).toEqual(expect.arrayContaining([...new Set(run.events.map((e) => e.symbol))]));

    const events = run.events.filter((e) => e.symbol === symbol);
    expect(await rowsOf(panelQuery('symbol-drilldown.json', 'Events'))).toEqual([expect.objectContaining({ _value: events.length })]);
    expect(await rowsOf(panelQuery('symbol-drilldown.json', '${symbol}: events'))).toHaveLength(events.length);

    const bars = await rowsOf(panelQuery('symbol-drilldown.json', '${symbol}: close, rolling mean and Bollinger band'));
    const banded = bars.filter((bar) => typeof bar['band_upper'] === 'number');
    expect(banded.length).toBeGreaterThan(0);
    for (const bar of banded) expect(bar['band_lower']).toBeLessThanOrEqual(bar['band_upper'] as number);
  });

  it('alerting and pipeline health: the range stats are how much the counters grew, over all instances', async () => {
    expect(await rowsOf(panelQuery('alerting.json', 'Alerts sent'))).toEqual([expect.objectContaining({ _value: increases.alerts_sent })]);
    expect(await rowsOf(panelQuery('alerting.json', 'Alerts failed'))).toEqual([expect.objectContaining({ _value: increases.alerts_failed })]);
    expect(await rowsOf(panelQuery('alerting.json', 'Alerts suppressed'))).toEqual([expect.objectContaining({ _value: increases.alerts_suppressed })]);
    expect(await rowsOf(panelQuery('alerting.json', 'Held for digest'))).toEqual([expect.objectContaining({ _value: increases.alerts_held })]);
    expect(await rowsOf(panelQuery('alerting.json', 'E-mail budget exceeded'))).toEqual([expect.objectContaining({ _value: increases.alerts_budget_exceeded })]);
    const perInterval = await rowsOf(panelQuery('alerting.json', 'Alerts per interval'));
    for (const field of ['alerts_sent', 'alerts_failed', 'alerts_suppressed', 'alerts_held', 'alerts_budget_exceeded'] as const) {
      expect(sumOf(perInterval, [field]), field).toBe(increases[field]);
    }
    // A gauge: each instance's last sample, summed (not the increase, the maximum or the first sample).
    expect(await rowsOf(panelQuery('alerting.json', 'Alerts firing now'))).toEqual([expect.objectContaining({ _value: health.firing })]);
    // The monitor's own sampler may add an instance (and its counts) when the run took over 5 s.
    const [instances] = await rowsOf(panelQuery('pipeline-health.json', 'Instances'));
    expect(instances?.['_value']).toBeGreaterThanOrEqual(HEALTH_INSTANCES);
    const [deadLetters] = await rowsOf(panelQuery('pipeline-health.json', 'Dead letters'));
    expect(deadLetters?.['_value']).toBeGreaterThanOrEqual(increases.dead_letters);
  });

  it('alerting: the per-instance table has the latest counters of each instance, new ones included', async () => {
    const rows = await rowsOf(panelQuery('alerting.json', 'Alert counters per instance'));
    // Alerts are off in runMonitor, so its own sampler writes no alert fields and adds no row.
    expect(rows.map((row) => row['instance']).sort()).toEqual([...health.last.keys()].sort());
    for (const row of rows) {
      const last = health.last.get(String(row['instance']))!;
      expect(row, String(row['instance'])).toMatchObject({
        pipeline: 'monitor',
        alerts_sent: last.alerts_sent,
        alerts_failed: last.alerts_failed,
        alerts_suppressed: last.alerts_suppressed,
        alerts_held: last.alerts_held,
        alerts_budget_exceeded: last.alerts_budget_exceeded,
      });
    }
  });
});
