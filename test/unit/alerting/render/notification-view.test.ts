import { describe, expect, it } from 'vitest';
import { notificationView } from '../../../../src/alerting/render/notification-view.js';
import { AT_EDT, AT_EST, MINUTE, event, evidence, notification, snapshot } from './notifications.js';

describe('notificationView times', () => {
  it('shows a daylight-time instant in New York time (EDT) and in UTC', () => {
    const view = notificationView(notification([snapshot()]));
    expect(view.time).toEqual({ local: '2026-03-09 09:31:05 EDT', utc: '2026-03-09T13:31:05.000Z' });
    expect(view.alerts[0]?.eventTime).toEqual({ local: '2026-03-09 09:30:05 EDT', utc: '2026-03-09T13:30:05.000Z' });
  });

  it('shows a standard-time instant in New York time (EST) and in UTC', () => {
    const ev = event({ ts: AT_EST });
    const view = notificationView(notification([snapshot(ev)], { at: AT_EST }));
    expect(view.time).toEqual({ local: '2026-01-09 09:31:05 EST', utc: '2026-01-09T14:31:05.000Z' });
    expect(view.alerts[0]?.startsAt.local).toBe('2026-01-09 09:31:05 EST');
  });

  it('shows UTC as UTC', () => {
    expect(notificationView(notification([snapshot()], { timeZone: 'UTC' })).time.local).toBe('2026-03-09 13:31:05 UTC');
  });
});

describe('notificationView alerts', () => {
  it('labels, colours and describes each transition', () => {
    const ev = event();
    const view = notificationView(
      notification([
        snapshot(ev),
        snapshot(event({ detector: 'cusum' }), { level: 'critical', previous: 'warning' }),
        snapshot(event({ detector: 'bollinger' }), { level: 'warning', previous: 'warning', startsAt: AT_EDT - 30 * MINUTE }),
        snapshot(event({ detector: 'stale-feed' }), { status: 'flapping', level: 'warning', previous: 'warning' }),
        snapshot(event({ detector: 'volume-spike' }), { status: 'resolved', level: 'ok', previous: 'warning', startsAt: ev.ts - 12 * MINUTE }),
      ]),
    );
    expect(view.alerts.map((alert) => [alert.levelLabel, alert.transition])).toEqual([
      ['CRITICAL', 'new'],
      ['CRITICAL', 'warning → critical'],
      ['WARNING', 'still warning, firing for 30m'],
      ['FLAPPING', 'flapping: notifications paused until it settles'],
      ['RESOLVED', 'resolved after 12m'],
    ]);
    expect(view.alerts.map((alert) => alert.color)).toEqual(['#b3261e', '#b3261e', '#b26a00', '#6a4c93', '#2e7d32']);
    expect(view.counts).toBe('3 firing, 1 flapping, 1 resolved');
    expect(view.levelLabel).toBe('CRITICAL');
  });

  it('renders the numbers, band, score with its unit and the reason on one line', () => {
    const [alert] = notificationView(notification([snapshot(event({ reason: 'line one\r\nline two\u2028three' }))])).alerts;
    expect(alert).toMatchObject({
      symbol: 'AAPL',
      detector: 'return-zscore',
      what: 'price jump',
      observed: '0.0151',
      expected: '0.0001',
      band: '-0.003 .. 0.003',
      score: '14.2σ',
      events: '1 event',
      reason: 'line one line two three',
      eventId: `AAPL|return-zscore|${AT_EDT - MINUTE}`,
      contributors: [],
      labels: null,
      chartCid: null,
    });
  });

  it('lists ensemble contributors and extra labels', () => {
    const ev = event({
      detector: 'ensemble',
      observed: 0.00002,
      contributors: [
        { detector: 'return-zscore', score: 14.2, p: 0.00001 },
        { detector: 'volume-spike', score: 4.5, p: 0.02 },
      ],
    });
    const [alert] = notificationView(
      notification([snapshot(ev, { labels: { symbol: 'AAPL', detector: 'ensemble', severity: 'critical', desk: 'equities' } })]),
    ).alerts;
    expect(alert?.score).toBe('p 2.0e-5');
    expect(alert?.contributors).toEqual([
      { detector: 'return-zscore', score: '14.2', p: '1.0e-5' },
      { detector: 'volume-spike', score: '4.5', p: '0.02' },
    ]);
    expect(alert?.labels).toBe('desk=equities');
  });

  it('shows the evidence rows when the event has evidence', () => {
    const ev = event();
    const [alert] = notificationView(notification([snapshot({ ...ev, evidence: evidence(ev.ts) })])).alerts;
    expect(alert?.evidence).toEqual({
      input: 'ticks[3]@5001 .. ticks[3]@5120',
      rulesVersion: 'r-9f3a',
      params: 'threshold=12, window=300',
      quality: '120 ticks, 1 gap (max 42 s), 0 late, 2 duplicates',
      qualityWarning: true,
    });
  });

  it('leaves out evidence rows the evidence does not have, and flags no warning on clean data', () => {
    const ev = event();
    const sparse = evidence(ev.ts, { params: {}, quality: { ticks: 1, gaps: 0, maxGapMs: 0, late: 0, duplicates: 0 } });
    const { input: _input, rulesVersion: _rulesVersion, ...withoutPositions } = sparse;
    const [alert] = notificationView(notification([snapshot({ ...ev, evidence: withoutPositions })])).alerts;
    expect(alert?.evidence).toEqual({
      input: null,
      rulesVersion: null,
      params: null,
      quality: '1 tick, 0 gaps, 0 late, 0 duplicates',
      qualityWarning: false,
    });
  });

  it('renders an event without evidence (an old event) with null evidence', () => {
    expect(notificationView(notification([snapshot()])).alerts[0]?.evidence).toBeNull();
  });

  it('takes chart Content-IDs by alert key', () => {
    const view = notificationView(notification([snapshot()]), new Map([['AAPL|return-zscore', 'chart-1.x@riskwatch']]));
    expect(view.alerts[0]?.chartCid).toBe('chart-1.x@riskwatch');
  });
});

describe('notificationView notification fields', () => {
  it('says why, where and for which group', () => {
    const view = notificationView(notification([snapshot()], { reason: 'changed', groupLabels: { symbol: 'AAPL', desk: 'eq\nuities' } }));
    expect(view).toMatchObject({
      reason: 'changed',
      reasonText: 'Alerts changed since the last notification.',
      route: 'equities',
      receiver: 'risk-desk',
      groupLabels: 'symbol=AAPL, desk=eq uities',
      timeZone: 'America/New_York',
      budget: [],
    });
    expect(notificationView(notification([snapshot()], { groupLabels: {} })).groupLabels).toBeNull();
  });

  it('explains a digest held by the e-mail budget', () => {
    const budget = { limitPerHour: 10, exceededAt: Date.UTC(2026, 2, 9, 14, 42), heldNotifications: 7, criticalOverBudget: 0 };
    const view = notificationView(notification([snapshot()], { reason: 'digest', at: Date.UTC(2026, 2, 9, 15, 42), budget }));
    expect(view.budget).toEqual(['E-mail budget of 10/hour reached at 10:42 EDT: 7 notifications were held and are listed here']);
    expect(view.digest).toBe(true);
  });

  it('counts critical e-mails that went out past the budget in a digest', () => {
    const budget = { limitPerHour: 4, exceededAt: AT_EDT - MINUTE, heldNotifications: 1, criticalOverBudget: 2 };
    expect(notificationView(notification([snapshot()], { reason: 'digest', budget })).budget).toEqual([
      'E-mail budget of 4/hour reached at 09:30 EDT: 1 notification was held and is listed here',
      '2 critical e-mails went out despite the budget meanwhile',
    ]);
  });

  it('says a critical e-mail over budget was sent despite it', () => {
    const budget = { limitPerHour: 10, exceededAt: AT_EDT - 10 * MINUTE, heldNotifications: 3, criticalOverBudget: 1 };
    expect(notificationView(notification([snapshot()], { budget })).budget).toEqual([
      'E-mail budget of 10/hour reached at 09:21 EDT; sent despite the budget: critical (1 critical e-mail over budget in this streak)',
    ]);
  });

  it('dates the budget time when it was reached on an earlier local day', () => {
    const budget = { limitPerHour: 10, exceededAt: Date.UTC(2026, 2, 9, 3, 55), heldNotifications: 2, criticalOverBudget: 0 };
    expect(notificationView(notification([snapshot()], { reason: 'digest', budget })).budget[0]).toContain(
      'reached at 2026-03-08 23:55 EDT:',
    );
  });
});
