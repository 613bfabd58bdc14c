import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import type { Alert } from '../../../src/alerting/decide.js';
import {
  type AlertTemplates,
  compileAlertTemplates,
  loadAlertTemplates,
} from '../../../src/alerting/render.js';
import { oneLine } from '../../../src/alerting/one-line.js';
import { anomaly } from './events.js';

const SCRIPT = '<script>alert(1)</script>';

function alertFor(overrides: Parameters<typeof anomaly>[0]): Alert {
  return { outcome: 'alert', event: anomaly(overrides), rule: 'warnings', severity: 'warning', to: ['a@example.com'] };
}

describe('alert templates (alerts/templates)', () => {
  let templates: AlertTemplates;
  beforeAll(async () => {
    templates = await loadAlertTemplates('alerts/templates');
  });

  it('shows every field in the plain-text version', () => {
    const { text, subject } = templates.render(alertFor({}));
    expect(subject).toBe('[riskwatch WARNING] AAPL return-zscore: return z-score 4.2 above 3.0');
    for (const expected of [
      'WARNING alert for AAPL',
      'return z-score 4.2 above 3.0',
      'Detector   return-zscore',
      'Time       2024-03-01T14:30:00.000Z',
      'Observed   187.25',
      'Expected   182.1',
      'Band       179.5 .. 184.7',
      'Score      4.20',
      'Rule: warnings',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.endsWith('\n')).toBe(true);
  });

  it('omits the band when the detector has none', () => {
    const { lower: _lower, upper: _upper, ...withoutBand } = anomaly({});
    const rendered = templates.render({ ...alertFor({}), event: withoutBand });
    expect(rendered.text).not.toContain('Band');
    expect(rendered.html).not.toContain('Band');
  });

  it('colours the HTML by the alert severity', () => {
    expect(templates.render({ ...alertFor({}), severity: 'critical' }).html).toContain('#b3261e');
    expect(templates.render(alertFor({})).html).toContain('#b26a00');
  });

  it('escapes all data in the HTML version', () => {
    const hostile = `${SCRIPT} & "quoted" 'single'`;
    const { html } = templates.render(alertFor({ symbol: hostile, reason: hostile, detector: hostile }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"quoted"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;');
  });

  it('keeps the subject to one line without control characters', () => {
    const { subject, text } = templates.render(
      alertFor({ symbol: 'AAPL\r\nBcc: victim@example.com', reason: `spike\n\n${SCRIPT}\u0007\u2028end\u001b[31m` }),
    );
    expect(subject).not.toMatch(/[\r\n\u0000-\u001f\u007f\u2028]/);
    expect(subject).toBe(`[riskwatch WARNING] AAPL Bcc: victim@example.com return-zscore: spike ${SCRIPT} end [31m`);
    // the plain-text version is not HTML-escaped, but terminal escapes are gone
    expect(text).toContain(SCRIPT);
    expect(text).not.toContain('\u001b');
  });

  it('caps the subject length', () => {
    expect(templates.render(alertFor({ reason: 'x'.repeat(1000) })).subject.length).toBe(200);
  });
});

describe('compileAlertTemplates', () => {
  const sources = { subject: '{{symbol}}', text: '{{reason}}', html: '<p>{{reason}}</p>' };

  it('rejects triple-stash, which would skip escaping', () => {
    expect(() => compileAlertTemplates({ ...sources, html: '<p>\n{{{reason}}}</p>' })).toThrow(
      new ConfigError('alert.html.hbs:2: triple-stash {{{ }}} or {{& }} is not allowed; use {{ }} so data is escaped'),
    );
    expect(() => compileAlertTemplates({ ...sources, text: '{{& reason}}' })).toThrow(/alert\.txt\.hbs:1: triple-stash/);
  });

  it('rejects a template naming a field that does not exist, when loading', () => {
    expect(() => compileAlertTemplates({ ...sources, subject: '{{sybmol}}' })).toThrow(
      /^subject\.hbs: template does not render: "sybmol" not defined/,
    );
  });

  it('rejects a template that does not parse', () => {
    expect(() => compileAlertTemplates({ ...sources, html: '{{#if band}}' })).toThrow(/^alert\.html\.hbs: invalid template/);
  });

  it('names the file when a template is missing', async () => {
    await expect(loadAlertTemplates('alerts/no-such-dir')).rejects.toThrow(/^alerts\/no-such-dir\/[a-z.]+\.hbs: cannot read alert template/);
  });
});

describe('oneLine', () => {
  it('turns control characters and runs of whitespace into single spaces', () => {
    expect(oneLine('  a\r\n\tb\u0000c\u2029d\u202Ee  ')).toBe('a b c d e');
  });
});
