import { mkdir, open } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { z } from 'zod';
import { validateConfig } from '../../src/config/validate-config.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { HOUR_MS } from './ad-aggregate.js';
import { AD_COLUMNS } from './ad-rows.js';
import { PLANTED_KINDS, type PlantedAnomaly } from './planted-anomalies.js';

export const adLogOptionsSchema = z.strictObject({
  rows: z.coerce.number().int().min(1).max(10_000_000_000),
  out: z.string().regex(/\.(csv|jsonl)$/i, 'expected a file name ending in .csv or .jsonl'),
  seed: z.coerce.number().int().min(0).default(1),
  campaigns: z.coerce.number().int().min(1).max(100_000).default(12),
  exchanges: z.coerce.number().int().min(1).max(1000).default(4),
  /** Hours the log spans; every hour gets its share of the rows. */
  hours: z.coerce.number().int().min(1).max(1_000_000).default(168),
  /** Planted anomalies of each kind (click fraud, tracking outage, cost spike). */
  anomalies: z.coerce.number().int().min(0).max(1000).default(3),
  start: z.iso.datetime().default('2026-01-05T00:00:00Z'),
});
export type AdLogOptions = z.output<typeof adLogOptionsSchema>;

/** Hours at the start left clean, so the detectors have a baseline before any planted anomaly. */
export const WARM_UP_HOURS = 48;
/** Mean impressions of one row (one server's minute for one campaign on one exchange). */
const IMPRESSIONS_PER_ROW = 2000;
const FLUSH_CHARS = 1 << 20;

/** What the generator wrote: the log, and beside it the planted anomalies. */
export interface GeneratedLog {
  readonly path: string;
  readonly labelsPath: string;
  readonly rows: number;
  readonly planted: readonly PlantedAnomaly[];
}

/** Labels file beside a log: `ads.csv` → `ads.labels.json`. */
export function labelsPathFor(logPath: string): string {
  return `${logPath.slice(0, logPath.length - extname(logPath).length)}.labels.json`;
}

/**
 * Writes a synthetic ad log of exactly `rows` rows in time order, streamed to disk a megabyte at
 * a time. Each campaign has its own click-through rate, conversion rate and CPM, each exchange a
 * factor on them; impressions follow a daily cycle; clicks and conversions are Poisson. Planted
 * anomalies change every row of one (campaign, exchange, hour) cell, after a clean warm-up:
 * click fraud (clicks ×5), a tracking outage (no conversions), a cost spike (cost ×4).
 */
export async function generateAdLog(input: z.input<typeof adLogOptionsSchema>): Promise<GeneratedLog> {
  const o = validateConfig(input, 'ad-analytics generate', adLogOptionsSchema);
  const random = seededRandom(o.seed);
  const campaigns = Array.from({ length: o.campaigns }, (_, i) => `cmp-${String(i + 1).padStart(3, '0')}`);
  const exchanges = Array.from({ length: o.exchanges }, (_, i) => EXCHANGE_NAMES[i] ?? `exchange-${i + 1}`);
  const ctr = campaigns.map(() => 0.01 + 0.03 * random());
  const cvr = campaigns.map(() => 0.05 + 0.1 * random());
  const cpm = campaigns.map(() => 1 + 5 * random());
  const exchangeCtr = exchanges.map(() => 0.8 + 0.4 * random());
  const exchangeCpm = exchanges.map(() => 0.7 + 0.7 * random());
  const cells = o.campaigns * o.exchanges;
  const startMs = Date.parse(o.start);
  const planted = plantAnomalies(o, campaigns, exchanges, startMs, random);
  // Per cell: the hour of its planted anomaly (NaN: none) and what it does; a row checks one number.
  const plantedHour = new Float64Array(cells).fill(NaN);
  const plantedEffect: (typeof PLANTED_KINDS)[keyof typeof PLANTED_KINDS]['effect'][] = [];
  for (const p of planted) {
    const cell = campaigns.indexOf(p.campaign) * o.exchanges + exchanges.indexOf(p.exchange);
    plantedHour[cell] = Date.parse(p.hour);
    plantedEffect[cell] = PLANTED_KINDS[p.kind].effect;
  }

  const csv = o.out.toLowerCase().endsWith('.csv');
  await mkdir(dirname(o.out), { recursive: true });
  const file = await open(o.out, 'w');
  try {
    let text = csv ? `${AD_COLUMNS.join(',')}\n` : '';
    const minutes = o.hours * 60;
    let written = 0;
    for (let minute = 0; minute < minutes; minute++) {
      const due = Math.floor((o.rows * (minute + 1)) / minutes);
      const ts = startMs + minute * 60_000;
      const hourMs = ts - (ts % HOUR_MS);
      const hourOfDay = new Date(ts).getUTCHours();
      const daily = 1 + 0.5 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
      const stamp = new Date(ts).toISOString().replace('.000Z', 'Z');
      for (; written < due; written++) {
        const cell = Math.floor(random() * cells);
        const c = Math.floor(cell / o.exchanges);
        const e = cell - c * o.exchanges;
        const impressions = Math.round(IMPRESSIONS_PER_ROW * daily * (0.5 + random()));
        let clicks = poisson(impressions * ctr[c]! * exchangeCtr[e]!, random);
        let conversions = poisson(clicks * cvr[c]!, random);
        let cost = (impressions * cpm[c]! * exchangeCpm[e]! * (0.9 + 0.2 * random())) / 1000;
        if (plantedHour[cell] === hourMs) {
          const effect = plantedEffect[cell]!;
          clicks = Math.round(clicks * effect.clicks);
          conversions = Math.round(conversions * effect.conversions);
          cost *= effect.cost;
        }
        const costText = cost.toFixed(4);
        text += csv
          ? `${stamp},${campaigns[c]},${exchanges[e]},${impressions},${clicks},${conversions},${costText}\n`
          : `{"ts":"${stamp}","campaign":"${campaigns[c]}","exchange":"${exchanges[e]}","impressions":${impressions},"clicks":${clicks},"conversions":${conversions},"cost":${costText}}\n`;
        if (text.length >= FLUSH_CHARS) {
          await file.write(text);
          text = '';
        }
      }
    }
    await file.write(text);
  } finally {
    await file.close();
  }
  const labelsPath = labelsPathFor(o.out);
  const labels = await open(labelsPath, 'w');
  try {
    await labels.write(`${JSON.stringify({ seed: o.seed, rows: o.rows, planted }, null, 2)}\n`);
  } finally {
    await labels.close();
  }
  return { path: o.out, labelsPath, rows: o.rows, planted };
}

/** `anomalies` of each kind in distinct cells, at hours after the warm-up (none when the log is too short). */
function plantAnomalies(o: AdLogOptions, campaigns: readonly string[], exchanges: readonly string[], startMs: number, random: () => number): PlantedAnomaly[] {
  const planted: PlantedAnomaly[] = [];
  if (o.hours <= WARM_UP_HOURS) return planted;
  const used = new Set<string>();
  const cells = campaigns.length * exchanges.length;
  const kinds = Object.keys(PLANTED_KINDS) as (keyof typeof PLANTED_KINDS)[];
  for (let i = 0; i < o.anomalies * kinds.length && used.size < cells; i++) {
    let cell: number;
    do cell = Math.floor(random() * cells);
    while (used.has(String(cell)));
    used.add(String(cell));
    const hour = WARM_UP_HOURS + Math.floor(random() * (o.hours - WARM_UP_HOURS));
    const kind = kinds[i % kinds.length]!;
    planted.push({
      kind,
      campaign: campaigns[Math.floor(cell / exchanges.length)]!,
      exchange: exchanges[cell % exchanges.length]!,
      hour: new Date(startMs + hour * HOUR_MS).toISOString(),
      metric: PLANTED_KINDS[kind].metric,
      direction: PLANTED_KINDS[kind].direction,
    });
  }
  return planted;
}

const EXCHANGE_NAMES = ['google-adx', 'xandr', 'pubmatic', 'magnite', 'openx', 'index-exchange', 'triplelift', 'sharethrough'];

/** Poisson draw: Knuth's product of uniforms for small means, a rounded normal for large ones. */
function poisson(mean: number, random: () => number): number {
  if (mean > 30) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}
