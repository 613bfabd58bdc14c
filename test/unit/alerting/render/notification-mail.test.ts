import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../../../src/alerting/outbox-mailer.js';
import { MAX_CHARTS, renderNotificationCharts } from '../../../../src/alerting/render/notification-charts.js';
import { composeNotificationMail, notificationMessageId } from '../../../../src/alerting/render/notification-mail.js';
import { loadNotificationTemplates, type NotificationTemplates } from '../../../../src/alerting/render/notification-templates.js';
import type { AlertSnapshot } from '../../../../src/alerting/model/notification.js';
import { AT_EDT, event, evidence, notification, snapshot } from './notifications.js';

const FROM = 'riskwatch <riskwatch@localhost>';
const DATE = new Date(AT_EDT + 1000);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function withEvidence(overrides: Parameters<typeof event>[0] = {}, alert: Partial<AlertSnapshot> = {}): AlertSnapshot {
  const ev = event(overrides);
  return snapshot({ ...ev, evidence: evidence(ev.ts) }, alert);
}

let templates: NotificationTemplates;
beforeAll(async () => {
  templates = await loadNotificationTemplates('alerts/templates');
});

describe('composeNotificationMail', () => {
  it('sets a deterministic Message-ID, routing headers and the outbox label', async () => {
    const n = notification([snapshot(), snapshot(event({ symbol: 'AAPL', detector: 'volume-spike', severity: 'warning' }))]);
    const mail = composeNotificationMail(n, await templates.render(n), FROM, DATE);
    expect(mail.messageId).toBe(`<${createHash('sha1').update('equities|symbol=AAPL|1').digest('hex')}@riskwatch>`);
    expect(notificationMessageId(n)).toBe(mail.messageId);
    expect(composeNotificationMail(n, await templates.render(n), FROM, new Date(0)).messageId).toBe(mail.messageId);
    expect(mail).toMatchObject({ from: FROM, to: ['risk-desk@example.com'], date: DATE, priority: 'high' });
    expect(mail.headers).toEqual({
      'X-Riskwatch-Route': 'equities',
      'X-Riskwatch-Receiver': 'risk-desk',
      'X-Riskwatch-Severity': 'critical',
      'X-Riskwatch-Alerts': '2',
      'X-Riskwatch-Rules-Version': 'r-9f3a',
      'X-Riskwatch-Decided-At': new Date(n.at).toISOString(),
    });
    expect(mail.label).toBe('2026-03-09T13:31:05.000Z-equities-AAPL');
    expect(mail.attachments).toBeUndefined();
  });

  it('is normal priority unless a firing alert is critical', async () => {
    const resolvedCritical = snapshot(event(), { status: 'resolved', level: 'ok', previous: 'critical' });
    const warning = snapshot(event({ detector: 'cusum', severity: 'warning' }));
    const n = notification([warning, resolvedCritical], { groupLabels: {} });
    const mail = composeNotificationMail(n, await templates.render(n), FROM, DATE);
    expect(mail.priority).toBe('normal');
    expect(mail.headers['X-Riskwatch-Severity']).toBe('warning');
    expect(mail.label).toBe('2026-03-09T13:31:05.000Z-equities');
  });

  it('keeps CR/LF in route and receiver out of the headers', async () => {
    const n = notification([snapshot()], { route: 'eq\r\nBcc: x@example.com', receiver: 'desk\n' });
    const { headers } = composeNotificationMail(n, await templates.render(n), FROM, DATE);
    expect(headers['X-Riskwatch-Route']).toBe('eq Bcc: x@example.com');
    expect(headers['X-Riskwatch-Receiver']).toBe('desk');
  });

  it('attaches one inline PNG chart per alert with evidence, referenced from the HTML by cid', async () => {
    const n = notification([withEvidence(), snapshot(event({ detector: 'cusum' }))]);
    const rendered = await templates.render(n);
    const mail = composeNotificationMail(n, rendered, FROM, DATE);
    expect(mail.attachments).toHaveLength(1);
    const [chart] = mail.attachments ?? [];
    expect(chart).toMatchObject({ filename: 'AAPL-return-zscore.png', contentType: 'image/png' });
    expect(chart?.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart?.cid).toMatch(/^chart-1\.[0-9a-f]{16}@riskwatch$/);
    expect(mail.html).toContain(`<img src="cid:${chart?.cid}"`);
    expect(rendered.warnings).toEqual([]);
  });
});

describe('renderNotificationCharts', () => {
  it(`draws at most ${MAX_CHARTS} charts, most severe alerts first`, async () => {
    const alerts = [
      withEvidence({ symbol: 'R1' }, { status: 'resolved', level: 'ok', previous: 'warning' }),
      ...['I1', 'I2'].map((symbol) => withEvidence({ symbol, severity: 'info' })),
      ...['W1', 'W2', 'W3'].map((symbol) => withEvidence({ symbol, severity: 'warning' })),
      withEvidence({ symbol: 'C1' }),
    ];
    const charts = await renderNotificationCharts(notification(alerts));
    expect(charts.attachments.map((attachment) => attachment.filename)).toEqual([
      'C1-return-zscore.png',
      'W1-return-zscore.png',
      'W2-return-zscore.png',
      'W3-return-zscore.png',
      'I1-return-zscore.png',
    ]);
    expect([...charts.cids.keys()]).toEqual(['C1|return-zscore', 'W1|return-zscore', 'W2|return-zscore', 'W3|return-zscore', 'I1|return-zscore']);
    expect(new Set(charts.cids.values()).size).toBe(MAX_CHARTS);
  });

  it('gives the same Content-IDs for the same notification', async () => {
    const n = notification([withEvidence()]);
    expect([...(await renderNotificationCharts(n)).cids]).toEqual([...(await renderNotificationCharts(n)).cids]);
  });
});

describe('a notification through the outbox mailer', () => {
  it('writes an .eml with text, HTML and the inline PNG that mailparser reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-notification-'));
    const n = notification([withEvidence(), snapshot(event({ symbol: 'AAPL', detector: 'cusum', severity: 'warning' }))]);
    const mail = composeNotificationMail(n, await templates.render(n), FROM, DATE);
    const mailer = createOutboxMailer(dir);
    const receipt = await mailer.send(mail);
    await mailer.close();
    expect(receipt.destination).toBe(join(dir, '2026-03-09T13-31-05.000Z-equities-AAPL-1.eml'));

    const raw = await readFile(receipt.destination);
    // keepCidLinks: by default mailparser inlines the image as a data: URL in place of the cid: link.
    const parsed = await simpleParser(raw, { keepCidLinks: true });
    expect(parsed.subject).toBe('[riskwatch CRITICAL] AAPL price jump: return-zscore 14.2σ (+1 more alert)');
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.headers.get('x-riskwatch-route')).toBe('equities');
    expect(parsed.headers.get('x-riskwatch-alerts')).toBe('2');
    expect(parsed.headers.get('priority')).toBe('high');
    expect(parsed.text).toContain('Chart         attached');
    expect(parsed.text).toContain('2026-03-09 09:31:05 EDT (2026-03-09T13:31:05.000Z)');
    const cid = mail.attachments?.[0]?.cid ?? '';
    expect(parsed.html).toContain(`cid:${cid}`);
    expect(parsed.attachments).toHaveLength(1);
    const [image] = parsed.attachments;
    expect(image).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', filename: 'AAPL-return-zscore.png', cid, related: true });
    expect(image?.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/related/);
  });
});
