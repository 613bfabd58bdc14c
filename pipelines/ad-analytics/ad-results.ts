import { compareText, HOUR_MS, MICROS, type CellSums } from './ad-aggregate.js';
import { metricOf, type AnomalousHour } from './hourly-anomalies.js';
import type { PlantedAnomaly } from './planted-anomalies.js';

/** Sums and the four rates of a group of cells (all, a campaign, an exchange, an hour). */
export interface AdTotals {
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** Currency units, rounded to micro-units. */
  readonly cost: number;
  readonly rows: number;
  /** Clicks per impression. */
  readonly ctr: number | null;
  /** Conversions per click. */
  readonly cvr: number | null;
  /** Cost per click. */
  readonly cpc: number | null;
  /** Cost per thousand impressions. */
  readonly cpm: number | null;
}

/** How the planted anomalies of a generated log were found. */
export interface PlantedRecall {
  readonly planted: number;
  readonly found: number;
  readonly recall: number | null;
  readonly anomalies: readonly (PlantedAnomaly & { readonly found: boolean })[];
  /** Flagged (campaign, exchange, hour) cells with no planted anomaly. */
  readonly otherFlaggedHours: number;
}

/** The job's `results` in summary.json. */
export interface AdAnalyticsResults {
  readonly totals: AdTotals;
  readonly campaigns: number;
  readonly exchanges: number;
  readonly hours: { readonly first: string | null; readonly last: string | null; readonly count: number };
  /** (campaign, exchange, hour) cells with at least one row. */
  readonly cells: number;
  readonly byCampaign: readonly (AdTotals & { readonly campaign: string })[];
  readonly byExchange: readonly (AdTotals & { readonly exchange: string })[];
  readonly byHour: readonly (AdTotals & { readonly hour: string })[];
  readonly anomalies: readonly AnomalousHour[];
  readonly plantedRecall: PlantedRecall | null;
}

interface Sums {
  impressions: number;
  clicks: number;
  conversions: number;
  costMicros: number;
  rows: number;
}

/** Results from the merged cells (sorted: AdAggregate.sortedCells), the flagged hours and, for a generated log, its labels. */
export function adAnalyticsResults(cells: readonly CellSums[], anomalies: readonly AnomalousHour[], planted: readonly PlantedAnomaly[] | undefined): AdAnalyticsResults {
  const all = emptySums();
  const byCampaign = new Map<string, Sums>();
  const byExchange = new Map<string, Sums>();
  const byHour = new Map<number, Sums>();
  for (const cell of cells) {
    addTo(all, cell);
    addTo(group(byCampaign, cell.campaign), cell);
    addTo(group(byExchange, cell.exchange), cell);
    addTo(group(byHour, cell.hour), cell);
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  const iso = (hour: number): string => new Date(hour * HOUR_MS).toISOString();
  return {
    totals: totalsOf(all),
    campaigns: byCampaign.size,
    exchanges: byExchange.size,
    hours: { first: hours.length > 0 ? iso(hours[0]!) : null, last: hours.length > 0 ? iso(hours[hours.length - 1]!) : null, count: hours.length },
    cells: cells.length,
    byCampaign: [...byCampaign].sort(([a], [b]) => compareText(a, b)).map(([campaign, sums]) => ({ campaign, ...totalsOf(sums) })),
    byExchange: [...byExchange].sort(([a], [b]) => compareText(a, b)).map(([exchange, sums]) => ({ exchange, ...totalsOf(sums) })),
    byHour: hours.map((hour) => ({ hour: iso(hour), ...totalsOf(byHour.get(hour)!) })),
    anomalies,
    plantedRecall: planted === undefined ? null : recallOf(planted, anomalies),
  };
}

/** A planted anomaly counts as found when its cell's hour was flagged on its metric, in its direction. */
function recallOf(planted: readonly PlantedAnomaly[], anomalies: readonly AnomalousHour[]): PlantedRecall {
  const flagged = new Set(anomalies.map((a) => `${a.campaign}|${a.exchange}|${a.hour}|${a.metric}|${a.direction}`));
  const plantedCells = new Set(planted.map((p) => `${p.campaign}|${p.exchange}|${new Date(p.hour).toISOString()}`));
  const flaggedCells = new Set(anomalies.map((a) => `${a.campaign}|${a.exchange}|${a.hour}`));
  const marked = planted.map((p) => ({ ...p, found: flagged.has(`${p.campaign}|${p.exchange}|${new Date(p.hour).toISOString()}|${p.metric}|${p.direction}`) }));
  const found = marked.filter((p) => p.found).length;
  return {
    planted: planted.length,
    found,
    recall: planted.length > 0 ? found / planted.length : null,
    anomalies: marked,
    otherFlaggedHours: [...flaggedCells].filter((cell) => !plantedCells.has(cell)).length,
  };
}

function totalsOf(s: Sums): AdTotals {
  const cell = { impressions: s.impressions, clicks: s.clicks, conversions: s.conversions, costMicros: s.costMicros };
  const rate = (value: number): number | null => (Number.isNaN(value) ? null : value);
  return {
    impressions: s.impressions,
    clicks: s.clicks,
    conversions: s.conversions,
    cost: s.costMicros / MICROS,
    rows: s.rows,
    ctr: rate(metricOf(cell, 'ctr')),
    cvr: rate(metricOf(cell, 'cvr')),
    cpc: rate(metricOf(cell, 'cpc')),
    cpm: rate(metricOf(cell, 'cpm')),
  };
}

function emptySums(): Sums {
  return { impressions: 0, clicks: 0, conversions: 0, costMicros: 0, rows: 0 };
}

function group<K>(groups: Map<K, Sums>, key: K): Sums {
  let sums = groups.get(key);
  if (sums === undefined) groups.set(key, (sums = emptySums()));
  return sums;
}

function addTo(sums: Sums, cell: CellSums): void {
  sums.impressions += cell.impressions;
  sums.clicks += cell.clicks;
  sums.conversions += cell.conversions;
  sums.costMicros += cell.costMicros;
  sums.rows += cell.rows;
}
