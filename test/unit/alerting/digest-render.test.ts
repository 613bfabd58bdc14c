import { beforeAll, describe, expect, it } from 'vitest';
import { composeDigestMail, digestMessageIdFor } from '../../../src/alerting/alert-mail.js';
import type { Alert } from '../../../src/alerting/decide.js';
import { compileDigestTemplates, type DigestTemplates, digestView, loadDigestTemplates } from '../../../src/alerting/digest-render.js';
import type { Severity } from '../../../src/events/anomaly-event.js';
import { ConfigError } from '../../../src/core/errors.js';
import { anomaly, T0 } from './events.js';

function alert(symbol: string, severity: Severity, overrides: Parameters<typeof anomaly>[0] = {}): Alert {
  return { outcome: 'alert', event: anomaly({ symbol, severity, ...overrides }), rule: 'desk', severity, to: ['desk@example.com'] };
}

const BURST: readonly Alert[] = [
  alert('AAPL', 'critical'),
  alert('MSFT', 'warning', { ts: T0 + 1_000 }),
  alert('AAPL', 'warning', { ts: T0 + 2_000, detector: 'volume-spike' }),
  alert('NVDA', 'critical', { ts: T0 + 3_000 }),
  alert('AMZN', 'warning', { ts: T0 + 4_000 }),
  alert('TSLA', 'critical', { ts: T0 + 5_000 }),
  alert('MSFT', 'warning', { ts: T0 + 6_000, detector: 'volume-spike' }),
];

describe('digest templates (alerts/templates)', () => {
  let templates: DigestTemplates;
  beforeAll(async () => {
    templates = await loadDigestTemplates('alerts/templates');
  });

  it('summarises counts by severity and the symbols in the subject', () => {
    expect(templates.render(BURST).subject).toBe('[riskwatch] 7 alerts: 3 critical, 4 warning (AAPL, MSFT, +3)');
    expect(templates.render(BURST.slice(0, 2)).subject).toBe('[riskwatch] 2 alerts: 1 critical, 1 warning (AAPL, MSFT)');
    expect(templates.render([alert('X', 'info'), alert('X', 'info')]).subject).toBe('[riskwatch] 2 alerts: 2 info (X)');
  });

  it('lists every alert in the text and HTML versions', () => {
    const { text, html } = templates.render(BURST);
    expect(text).toContain('7 riskwatch alerts: 3 critical, 4 warning');
    expect(text).toContain('Event time 2024-03-01T14:30:00.000Z .. 2024-03-01T14:30:06.000Z');
    expect(text).toContain('WARNING MSFT volume-spike at 2024-03-01T14:30:06.000Z, score 4.20');
    expect(text.match(/^(CRITICAL|WARNING) /gm)).toHaveLength(7);
    expect(html.match(/<tr style="border-top/g)).toHaveLength(7);
    expect(html).toContain('#b3261e');
  });

  it('escapes all data in the HTML and keeps the subject to one line', () => {
    const hostile = alert('EVIL\r\nBcc: victim@example.com', 'warning', { reason: '<script>alert(1)</script> & "q"' });
    const { subject, html, text } = templates.render([hostile, BURST[0] as Alert]);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('[riskwatch] 2 alerts: 1 critical, 1 warning (EVIL Bcc: victim@example.com, AAPL)');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;');
    expect(text).toContain('<script>alert(1)</script> & "q"');
  });
});

describe('digestView', () => {
  it('names the first two symbols in arrival order and counts the rest', () => {
    expect(digestView(BURST).symbolSummary).toBe('AAPL, MSFT, +3');
    expect(digestView(BURST).severityLabel).toBe('CRITICAL');
  });

  it('refuses an empty digest', () => {
    expect(() => digestView([])).toThrow(RangeError);
  });
});

describe('compileDigestTemplates', () => {
  const sources = { subject: '{{count}}', text: '{{#each alerts}}{{reason}}{{/each}}', html: '{{#each alerts}}<p>{{reason}}</p>{{/each}}' };

  it('rejects triple-stash and unknown fields when loading', () => {
    expect(() => compileDigestTemplates({ ...sources, html: '{{#each alerts}}{{{reason}}}{{/each}}' })).toThrow(
      new ConfigError('digest.html.hbs:1: triple-stash {{{ }}} or {{& }} is not allowed; use {{ }} so data is escaped'),
    );
    expect(() => compileDigestTemplates({ ...sources, text: '{{#each alerts}}{{reson}}{{/each}}' })).toThrow(
      /^digest\.txt\.hbs: template does not render: "reson" not defined/,
    );
  });

  it('names the file when a template is missing', async () => {
    await expect(loadDigestTemplates('alerts/no-such-dir')).rejects.toThrow(/^alerts\/no-such-dir\/digest[a-z.-]*\.hbs: cannot read alert template/);
  });
});

describe('composeDigestMail', () => {
  const rendered = { subject: 's', text: 't\n', html: '<p>h</p>' };

  it('derives the Message-ID from the set of event ids', () => {
    const mail = composeDigestMail(BURST, ['desk@example.com'], rendered, 'r@example.com', new Date(T0));
    expect(mail.messageId).toBe(digestMessageIdFor(BURST.map((a) => a.event.id)));
    expect(digestMessageIdFor(['b', 'a'])).toBe(digestMessageIdFor(['a', 'b']));
    expect(digestMessageIdFor(['a', 'b'])).not.toBe(digestMessageIdFor(['a', 'c']));
    expect(digestMessageIdFor(['a'])).toMatch(/^<[0-9a-f]{40}@riskwatch>$/);
  });

  it('is urgent when any alert is critical, and says how many alerts it carries', () => {
    const mail = composeDigestMail(BURST, ['desk@example.com'], rendered, 'r@example.com', new Date(T0));
    expect(mail).toMatchObject({
      priority: 'high',
      to: ['desk@example.com'],
      headers: { 'X-Riskwatch-Rule': 'desk', 'X-Riskwatch-Severity': 'critical', 'X-Riskwatch-Alerts': '7' },
      label: '2024-03-01T14:30:00.000Z-digest-7-alerts',
    });
    const calm = composeDigestMail(BURST.filter((a) => a.severity === 'warning'), ['d@example.com'], rendered, 'r@example.com', new Date(T0));
    expect(calm.priority).toBe('normal');
  });
});
