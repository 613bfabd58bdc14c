import { createHash } from 'node:crypto';
import type { AlertSnapshot, Notification } from '../model/notification.js';
import type { MailAttachment } from '../outgoing-mail.js';
import { evidenceChartSvg } from './evidence-chart.js';
import { DISPLAY_COLORS, displayLevel } from './level-style.js';
import { severityOrder } from './notification-level.js';
import { svgToPng } from './svg-to-png.js';

/** More charts make a long e-mail and a heavy one; the most severe alerts get them. */
export const MAX_CHARTS = 5;

export interface NotificationCharts {
  /** Inline PNGs, most severe alert first. */
  readonly attachments: readonly MailAttachment[];
  /** Alert key → Content-ID of its chart. */
  readonly cids: ReadonlyMap<string, string>;
  /** Charts that could not be drawn, one line each: the e-mail goes out without them. */
  readonly warnings: readonly string[];
}

interface PlannedChart {
  readonly alert: AlertSnapshot;
  readonly svg: string;
  /** Other alerts raised on the same tick: the same ticks, so they show this chart too. */
  readonly sharedBy: AlertSnapshot[];
}

/**
 * The alerts that get a chart: those with at least two ticks of evidence, most severe first, one
 * chart per flagged tick (a jump seen by three detectors is one chart), at most MAX_CHARTS.
 */
export function planCharts(n: Notification): PlannedChart[] {
  const planned: PlannedChart[] = [];
  const byTick = new Map<string, PlannedChart>();
  const bySeverity = [...n.alerts].sort((a, b) => severityOrder(b) - severityOrder(a));
  for (const alert of bySeverity) {
    const tick = `${alert.labels.symbol}\n${alert.event.ts}`;
    const same = byTick.get(tick);
    if (same !== undefined) {
      same.sharedBy.push(alert);
      continue;
    }
    if (planned.length === MAX_CHARTS) continue;
    const svg = evidenceChartSvg(alert.event, { timeZone: n.timeZone, color: DISPLAY_COLORS[displayLevel(alert)] });
    if (svg === undefined) continue;
    const chart = { alert, svg, sharedBy: [] };
    planned.push(chart);
    byTick.set(tick, chart);
  }
  return planned;
}

const fileSafe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);

/** Deterministic, so a resent notification carries the same parts. */
function contentId(n: Notification, alert: AlertSnapshot, index: number): string {
  const hash = createHash('sha1').update(`${n.id}\n${alert.key}`).digest('hex').slice(0, 16);
  return `chart-${index + 1}.${hash}@riskwatch`;
}

/** Draws the planned charts and converts them to PNG attachments. */
export async function renderNotificationCharts(n: Notification): Promise<NotificationCharts> {
  const attachments: MailAttachment[] = [];
  const cids = new Map<string, string>();
  const warnings: string[] = [];
  const planned = planCharts(n);
  const pngs = await Promise.allSettled(planned.map((chart) => svgToPng(chart.svg)));
  planned.forEach(({ alert, sharedBy }, index) => {
    const png = pngs[index];
    if (png?.status !== 'fulfilled') {
      warnings.push(`chart for ${alert.key} not attached: ${(png?.reason as Error | undefined)?.message ?? 'not rendered'}`);
      return;
    }
    const cid = contentId(n, alert, index);
    cids.set(alert.key, cid);
    for (const other of sharedBy) cids.set(other.key, cid);
    attachments.push({
      filename: `${fileSafe(alert.labels.symbol)}-${fileSafe(alert.labels.detector)}.png`,
      contentType: 'image/png',
      content: png.value,
      cid,
    });
  });
  return { attachments, cids, warnings };
}
