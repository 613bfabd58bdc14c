import type { AnomalyEvent } from '../../events/anomaly-event.js';
import { formatNumber } from './display-format.js';
import { formatZonedSeconds } from './zoned-time.js';

/**
 * A small price chart of an event's recent ticks, as SVG: price as a line, volume as bars under
 * it, the flagged tick marked, and the event's band shaded when it is a band of prices. Plain
 * shapes and text only, so any SVG renderer (resvg here) draws it the same.
 */
export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 160;

const LEFT = 8;
const RIGHT = CHART_WIDTH - 64;
const PRICE_TOP = 10;
const PRICE_BOTTOM = 102;
const VOLUME_TOP = 114;
const VOLUME_BOTTOM = 140;
const TIME_BASELINE = 154;
const FONT = 'font-family="DejaVu Sans" font-size="10" fill="#666666"';
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export interface ChartOptions {
  /** IANA zone for the time labels. */
  readonly timeZone: string;
  /** Colour of the flagged tick's marker. */
  readonly color: string;
}

interface Tick {
  readonly ts: number;
  readonly price: number;
  readonly size: number;
}

/** A price band in chart units: either side may be open. */
interface PriceBand {
  readonly lower?: number;
  readonly upper?: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

function ticksOf(event: AnomalyEvent): Tick[] {
  const recent = event.evidence?.recent;
  if (recent === undefined) return [];
  const ticks: Tick[] = [];
  for (let i = 0; i < recent.ts.length; i++) {
    const ts = recent.ts[i];
    const price = recent.price[i];
    const size = recent.size[i] ?? 0;
    if (ts === undefined || price === undefined || !Number.isFinite(ts) || !Number.isFinite(price)) continue;
    ticks.push({ ts, price, size: Number.isFinite(size) && size > 0 ? size : 0 });
  }
  return ticks;
}

/**
 * The event's band, when it is made of prices. Detectors band different things (returns, volumes,
 * spreads in bps, gaps in ms); a bound within one price range of the prices is taken for a price,
 * anything further away is another unit and is not drawn.
 */
function priceBand(event: AnomalyEvent, low: number, high: number): PriceBand | undefined {
  const { lower, upper } = event;
  if (lower === undefined && upper === undefined) return undefined;
  const reach = high > low ? high - low : Math.abs(high) * 0.01 || 1;
  const near = (bound: number | undefined) => bound === undefined || (bound >= low - reach && bound <= high + reach);
  if (!near(lower) || !near(upper)) return undefined;
  return { ...(lower === undefined ? {} : { lower }), ...(upper === undefined ? {} : { upper }) };
}

/** Index of the flagged tick: the last one at the event's time, else the last one. */
function flaggedIndex(ticks: readonly Tick[], ts: number): number {
  for (let i = ticks.length - 1; i >= 0; i--) if (ticks[i]?.ts === ts) return i;
  return ticks.length - 1;
}

/** The chart as an SVG document, or undefined when the event has fewer than two usable ticks. */
export function evidenceChartSvg(event: AnomalyEvent, options: ChartOptions): string | undefined {
  const ticks = ticksOf(event);
  if (ticks.length < 2) return undefined;

  let low = Math.min(...ticks.map((tick) => tick.price));
  let high = Math.max(...ticks.map((tick) => tick.price));
  const band = priceBand(event, low, high);
  if (band?.lower !== undefined) low = Math.min(low, band.lower);
  if (band?.upper !== undefined) high = Math.max(high, band.upper);
  const pad = high > low ? (high - low) * 0.06 : Math.abs(high) * 0.001 || 1;
  const yLow = low - pad;
  const yHigh = high + pad;
  const y = (price: number) => round(PRICE_BOTTOM - ((price - yLow) / (yHigh - yLow)) * (PRICE_BOTTOM - PRICE_TOP));

  const first = Math.min(...ticks.map((tick) => tick.ts));
  const last = Math.max(...ticks.map((tick) => tick.ts));
  // By time, so gaps show; all ticks at one instant fall back to even spacing.
  const x = (tick: Tick, i: number) =>
    round(LEFT + (last > first ? (tick.ts - first) / (last - first) : i / (ticks.length - 1)) * (RIGHT - LEFT));

  const maxSize = Math.max(...ticks.map((tick) => tick.size));
  const barWidth = round(Math.max(1, Math.min(8, ((RIGHT - LEFT) / ticks.length) * 0.6)));
  const bars = ticks.flatMap((tick, i) => {
    if (tick.size === 0) return [];
    const height = round((tick.size / maxSize) * (VOLUME_BOTTOM - VOLUME_TOP));
    return [`<rect x="${round(x(tick, i) - barWidth / 2)}" y="${round(VOLUME_BOTTOM - height)}" width="${barWidth}" height="${height}" fill="#b8c4d6"/>`];
  });

  const flagged = flaggedIndex(ticks, event.ts);
  const flaggedTick = ticks[flagged] as Tick;
  const fx = x(flaggedTick, flagged);
  const fy = y(flaggedTick.price);
  const points = ticks.map((tick, i) => `${x(tick, i)},${y(tick.price)}`).join(' ');
  const start = formatZonedSeconds(first, options.timeZone);
  const end = formatZonedSeconds(last, options.timeZone);

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
  ];
  if (band !== undefined) {
    const top = band.upper === undefined ? PRICE_TOP : y(band.upper);
    const bottom = band.lower === undefined ? PRICE_BOTTOM : y(band.lower);
    parts.push(
      `<rect class="band" x="${LEFT}" y="${top}" width="${RIGHT - LEFT}" height="${round(bottom - top)}" fill="#2e7d32" fill-opacity="0.08"/>`,
    );
    for (const bound of [band.lower, band.upper]) {
      if (bound === undefined) continue;
      parts.push(`<line x1="${LEFT}" y1="${y(bound)}" x2="${RIGHT}" y2="${y(bound)}" stroke="#2e7d32" stroke-opacity="0.5" stroke-dasharray="4 3"/>`);
    }
  }
  parts.push(
    `<line x1="${LEFT}" y1="${VOLUME_BOTTOM}" x2="${RIGHT}" y2="${VOLUME_BOTTOM}" stroke="#dddddd"/>`,
    `<line x1="${fx}" y1="${PRICE_TOP}" x2="${fx}" y2="${VOLUME_BOTTOM}" stroke="${options.color}" stroke-opacity="0.35" stroke-dasharray="2 2"/>`,
    ...bars,
    `<polyline class="price" points="${points}" fill="none" stroke="#1f3b63" stroke-width="1.5" stroke-linejoin="round"/>`,
    `<circle class="flagged" cx="${fx}" cy="${fy}" r="4" fill="${options.color}" stroke="#ffffff" stroke-width="1.5"/>`,
    `<text x="${RIGHT + 6}" y="${y(yHigh - pad) + 4}" ${FONT}>${formatNumber(high)}</text>`,
    `<text x="${RIGHT + 6}" y="${y(yLow + pad) + 4}" ${FONT}>${formatNumber(low)}</text>`,
    `<text x="${RIGHT + 6}" y="${VOLUME_TOP + 12}" ${FONT}>vol ${QUANTITY.format(maxSize)}</text>`,
    `<text x="${LEFT}" y="${TIME_BASELINE}" ${FONT}>${start.time}</text>`,
    `<text x="${RIGHT}" y="${TIME_BASELINE}" text-anchor="end" ${FONT}>${end.time} ${end.zone}</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
