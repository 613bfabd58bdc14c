import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import {
  compileNotificationTemplates,
  loadNotificationTemplates,
  type NotificationTemplates,
} from '../../../../src/alerting/render/notification-templates.js';
import { AT_EDT, MINUTE, event, evidence, notification, snapshot } from './notifications.js';

const TEMPLATES_DIR = 'alerts/templates';

let templates: NotificationTemplates;
beforeAll(async () => {
  templates = await loadNotificationTemplates(TEMPLATES_DIR);
});

describe('notification subject', () => {
  it('names symbol, severity, what happened and the score for one alert', async () => {
    const { subject } = await templates.render(notification([snapshot()]));
    expect(subject).toBe('[riskwatch CRITICAL] AAPL price jump: return-zscore 14.2σ');
  });

  it('counts several alerts and names the first symbols', async () => {
    const alerts = [
      snapshot(),
      snapshot(event({ symbol: 'MSFT', severity: 'warning' })),
      snapshot(event({ symbol: 'MSFT', detector: 'volume-spike', severity: 'warning' })),
      snapshot(event({ symbol: 'NVDA', severity: 'info' })),
    ];
    const { subject } = await templates.render(notification(alerts, { groupLabels: {} }));
    expect(subject).toBe('[riskwatch CRITICAL] 4 alerts: AAPL, MSFT (+1)');
  });

  it('says RESOLVED for a resolved alert', async () => {
    const alert = snapshot(event(), { status: 'resolved', level: 'ok', previous: 'critical' });
    expect((await templates.render(notification([alert], { reason: 'changed' }))).subject).toBe('[riskwatch RESOLVED] AAPL return-zscore');
  });

  it('says FLAPPING for a flapping alert', async () => {
    const alert = snapshot(event(), { status: 'flapping', previous: 'warning' });
    expect((await templates.render(notification([alert], { reason: 'changed' }))).subject).toBe(
      '[riskwatch FLAPPING] AAPL return-zscore: flapping, notifications paused',
    );
  });

  it('tags a digest and counts its held alerts', async () => {
    const alerts = [snapshot(), snapshot(event({ symbol: 'MSFT', severity: 'warning' }))];
    const budget = { limitPerHour: 10, exceededAt: AT_EDT - 20 * MINUTE, heldNotifications: 7, criticalOverBudget: 0 };
    expect((await templates.render(notification(alerts, { reason: 'digest', budget }))).subject).toBe(
      '[riskwatch digest] 2 held alerts (1 critical): AAPL, MSFT',
    );
  });

  it('prefixes a reminder', async () => {
    const alert = snapshot(event(), { previous: 'critical', startsAt: AT_EDT - 60 * MINUTE });
    expect((await templates.render(notification([alert], { reason: 'reminder' }))).subject).toBe(
      '(reminder) [riskwatch CRITICAL] AAPL price jump: return-zscore 14.2σ',
    );
  });

  it('keeps CR/LF in data out of the subject, so no header can be injected', async () => {
    const ev = event({ symbol: 'AAPL\r\nBcc: victim@example.com', reason: 'x\r\nBcc: victim@example.com' });
    const { subject } = await templates.render(notification([snapshot(ev)]));
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('[riskwatch CRITICAL] AAPL Bcc: victim@example.com price jump: return-zscore 14.2σ');
  });

  it('caps the subject at 200 characters', async () => {
    const { subject } = await templates.render(notification([snapshot(event({ symbol: 'X'.repeat(300) }))]));
    expect(Array.from(subject)).toHaveLength(200);
  });
});

describe('notification HTML and text', () => {
  it('escapes markup from data in the HTML', async () => {
    const ev = event({ symbol: '<script>alert(1)</script>', reason: 'a <b>bold</b> & "quoted" reason' });
    const { html, text } = await templates.render(notification([snapshot(ev)]));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; reason');
    // Plain text is not HTML: it shows the characters as they are.
    expect(text).toContain('a <b>bold</b> & "quoted" reason');
  });

  it('is inline-styled, with no style blocks, scripts or external resources', async () => {
    const ev = event();
    const { html } = await templates.render(notification([snapshot({ ...ev, evidence: evidence(ev.ts) })]));
    expect(html).not.toMatch(/<style|<script|<link|https?:\/\//i);
    expect(html).toMatch(/^<!DOCTYPE html>/m);
    const images = [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((match) => match[1]);
    expect(images.every((src) => src?.startsWith('cid:'))).toBe(true);
  });

  it('shows both time zones, the evidence and the chart note in the text part', async () => {
    const ev = event();
    const { text, html } = await templates.render(notification([snapshot({ ...ev, evidence: evidence(ev.ts) })]));
    expect(text).toContain('2026-03-09 09:31:05 EDT (2026-03-09T13:31:05.000Z)');
    expect(text).toContain('Input         ticks[3]@5001 .. ticks[3]@5120');
    expect(text).toContain('Parameters    threshold=12, window=300');
    expect(text).toContain('Data quality  120 ticks, 1 gap (max 42 s), 0 late, 2 duplicates (check the feed)');
    expect(text).toContain('Chart         attached');
    expect(html).toContain('ticks[3]@5001 .. ticks[3]@5120');
    expect(html).toContain('threshold&#x3D;12, window&#x3D;300');
  });

  it('renders an alert without evidence without evidence rows or chart', async () => {
    const { text, html, attachments } = await templates.render(notification([snapshot()]));
    expect(text).not.toMatch(/Input|Data quality|Chart/);
    expect(html).not.toMatch(/Data quality|<img/);
    expect(attachments).toEqual([]);
  });

  it('puts budget lines in both parts', async () => {
    const budget = { limitPerHour: 10, exceededAt: Date.UTC(2026, 2, 9, 14, 42), heldNotifications: 7, criticalOverBudget: 0 };
    const line = 'E-mail budget of 10/hour reached at 10:42 EDT: 7 notifications were held and are listed here';
    const rendered = await templates.render(notification([snapshot()], { reason: 'digest', at: Date.UTC(2026, 2, 9, 15, 42), budget }));
    expect(rendered.text).toContain(`! ${line}`);
    expect(rendered.html).toContain(line);
  });
});

describe('loading notification templates', () => {
  const sources = async () => {
    const { readMailTemplates } = await import('../../../../src/alerting/mail-templates.js');
    const { NOTIFICATION_TEMPLATE_FILES } = await import('../../../../src/alerting/render/notification-templates.js');
    return (await readMailTemplates(TEMPLATES_DIR, NOTIFICATION_TEMPLATE_FILES)).sources;
  };

  it('rejects a template naming a field the view does not have, at load time', async () => {
    const good = await sources();
    expect(() => compileNotificationTemplates({ ...good, text: `${good.text}{{#each alerts}}{{evidence.nope}}{{/each}}` })).toThrow(
      /notification\.txt\.hbs: template does not render/,
    );
  });

  it('rejects triple-stash in the HTML template', async () => {
    const good = await sources();
    expect(() => compileNotificationTemplates({ ...good, html: '{{{summary}}}' })).toThrow(ConfigError);
  });

  it('names the missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-templates-'));
    await writeFile(join(dir, 'notification.subject.hbs'), '{{summary}}');
    await expect(loadNotificationTemplates(dir)).rejects.toThrow(/notification\.txt\.hbs: cannot read alert template/);
  });
});
