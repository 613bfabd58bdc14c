import type { HeadlinesLookup } from '../headlines/headlines-file.js';
import type { Notification } from '../model/notification.js';

const AT = Date.UTC(2026, 2, 9, 13, 31, 5);
const MINUTE = 60_000;

/**
 * Rendered once when templates load, so a template naming a field that does not exist fails then,
 * not at 3 a.m. It takes every branch a template can: an alert with evidence, band, contributors,
 * extra labels and a chart; one resolved without evidence or band; one flapping; a budget note.
 */
export const SAMPLE_NOTIFICATION: Notification = {
  id: 'sample|1',
  reason: 'reminder',
  at: AT,
  route: 'sample-route',
  receiver: 'sample-receiver',
  to: ['sample@example.com'],
  timeZone: 'America/New_York',
  groupLabels: { desk: 'sample' },
  rulesVersion: 'sample-rules',
  budget: { limitPerHour: 10, exceededAt: AT - 5 * MINUTE, heldNotifications: 2, criticalOverBudget: 1 },
  alerts: [
    {
      key: 'SAMPLE|ensemble',
      labels: { symbol: 'SAMPLE', detector: 'ensemble', severity: 'critical', desk: 'sample' },
      level: 'critical',
      previous: 'warning',
      status: 'firing',
      since: AT - MINUTE,
      startsAt: AT - 10 * MINUTE,
      events: 3,
      event: {
        id: 'SAMPLE|ensemble|0',
        symbol: 'SAMPLE',
        ts: AT - MINUTE,
        detector: 'ensemble',
        severity: 'critical',
        score: 0.9999,
        observed: 0.0001,
        expected: 0.001,
        lower: 99,
        upper: 101,
        reason: 'sample',
        contributors: [{ detector: 'return-zscore', score: 6, p: 0.0001 }],
        evidence: {
          input: { from: 'ticks[0]@1', to: 'ticks[0]@3' },
          rulesVersion: 'sample-rules',
          params: { threshold: 4 },
          recent: { ts: [AT - 3 * MINUTE, AT - 2 * MINUTE, AT - MINUTE], price: [100, 100.5, 103], size: [100, 200, 900] },
          quality: { ticks: 3, gaps: 1, maxGapMs: 60_000, late: 0, duplicates: 0 },
        },
      },
    },
    {
      key: 'SAMPLE|stale-feed',
      labels: { symbol: 'SAMPLE', detector: 'stale-feed', severity: 'warning' },
      level: 'warning',
      previous: 'warning',
      status: 'flapping',
      since: AT - 2 * MINUTE,
      startsAt: AT - 20 * MINUTE,
      events: 6,
      event: {
        id: 'SAMPLE|stale-feed|0',
        symbol: 'SAMPLE',
        ts: AT - 2 * MINUTE,
        detector: 'stale-feed',
        severity: 'warning',
        score: 12,
        observed: 60_000,
        expected: 5_000,
        upper: 30_000,
        reason: 'sample',
      },
    },
    {
      key: 'SAMPLE|volume-spike',
      labels: { symbol: 'SAMPLE', detector: 'volume-spike', severity: 'ok' },
      level: 'ok',
      previous: 'warning',
      status: 'resolved',
      since: AT - 3 * MINUTE,
      startsAt: AT - 15 * MINUTE,
      events: 1,
      event: {
        id: 'SAMPLE|volume-spike|0',
        symbol: 'SAMPLE',
        ts: AT - 15 * MINUTE,
        detector: 'volume-spike',
        severity: 'warning',
        score: 5,
        observed: 5_000,
        expected: 1_000,
        reason: 'sample',
      },
    },
  ],
};

/** A chart Content-ID for the sample, so the image branch of the HTML template renders too. */
export const SAMPLE_CHARTS: ReadonlyMap<string, string> = new Map([['SAMPLE|ensemble', 'sample-chart@riskwatch']]);

/** A headline for the sample's symbol, so the headlines block of the templates renders too. */
export const SAMPLE_HEADLINES: HeadlinesLookup = {
  latest: (symbol) => (symbol === 'SAMPLE' ? [{ title: 'Sample headline', link: 'https://news.example/sample', outlet: 'Sample Wire', publishedAt: new Date(AT - 30 * MINUTE).toISOString() }] : []),
};
