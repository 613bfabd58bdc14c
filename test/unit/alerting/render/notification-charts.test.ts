import { describe, expect, it } from 'vitest';
import { renderNotificationCharts } from '../../../../src/alerting/render/notification-charts.js';
import { notificationView } from '../../../../src/alerting/render/notification-view.js';
import { event, evidence, MINUTE, notification, snapshot } from './notifications.js';

describe('charts of a notification', () => {
  it('draws one chart per flagged tick, shown once, at the most severe of its alerts', async () => {
    const ts = Date.UTC(2026, 2, 9, 14, 0, 0);
    const jump = (detector: string, severity: 'warning' | 'critical') =>
      snapshot(event({ ts, detector, severity, evidence: evidence(ts) }), { key: `AAPL|${detector}`, labels: { symbol: 'AAPL', detector, severity } });
    const other = snapshot(event({ symbol: 'MSFT', ts: ts + MINUTE, evidence: evidence(ts + MINUTE) }), { key: 'MSFT|return-zscore', labels: { symbol: 'MSFT', detector: 'return-zscore', severity: 'critical' } });
    const n = notification([jump('return-zscore', 'critical'), jump('ewma-vol-band', 'warning'), other]);

    const charts = await renderNotificationCharts(n);
    expect(charts.attachments.map((a) => a.filename)).toEqual(['AAPL-return-zscore.png', 'MSFT-return-zscore.png']);
    expect(charts.cids.get('AAPL|ewma-vol-band')).toBe(charts.cids.get('AAPL|return-zscore'));

    const view = notificationView(n, charts.cids);
    expect(view.alerts.map((alert) => alert.chartCid)).toEqual([charts.attachments[0]!.cid, null, charts.attachments[1]!.cid]);
  });
});
