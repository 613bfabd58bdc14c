import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../src/alerting/alert-mail.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { anomaly } from '../../unit/alerting/events.js';
import { smtpAlertSink } from './alert-sink-fixture.js';

describe('alert e-mail over SMTP', () => {
  let server: TestSmtpServer;
  beforeEach(async () => {
    server = await startSmtpServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('arrives with the recipients, a one-line subject, escaped HTML and a text part', async () => {
    const { sink } = await smtpAlertSink(server);
    const event = anomaly({
      severity: 'critical',
      reason: '<script>alert(1)</script> spike\r\nBcc: victim@example.com',
    });
    await sink.write([event]);
    await sink.close();

    const [mail] = await server.waitForMessages(1);
    expect(mail?.envelope).toEqual({ from: 'riskwatch@localhost', to: ['risk-desk@example.com', 'surveillance@example.com'] });
    expect(mail?.to).toEqual(['risk-desk@example.com', 'surveillance@example.com']);
    expect(mail?.from).toBe('"riskwatch" <riskwatch@localhost>');
    expect(mail?.subject).toBe('[riskwatch CRITICAL] AAPL return-zscore: <script>alert(1)</script> spike Bcc: victim@example.com');
    expect(mail?.headers.has('bcc')).toBe(false);
    expect(mail?.raw).not.toMatch(/^Bcc:/im);
    expect(mail?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; spike Bcc: victim@example.com');
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.text).toContain('CRITICAL alert for AAPL');
    expect(mail?.text).toContain('<script>alert(1)</script> spike Bcc: victim@example.com');
    expect(mail?.messageId).toBe(messageIdFor(event.id));
    expect(mail?.headers.get('x-riskwatch-rule')).toBe('desk');
    expect(mail?.headers.get('priority')).toBe('high');
    expect(sink.stats).toMatchObject({ events: 1, sent: 1, mails: 1, failed: 0, retries: 0 });
  });

  it('sends each alert of a batch, concurrently, once', async () => {
    const { sink } = await smtpAlertSink(server);
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA'];
    await sink.write(symbols.map((symbol) => anomaly({ symbol })));
    await sink.close();

    const mails = await server.waitForMessages(5);
    expect(mails.map((mail) => mail.subject.split(' ')[2]).sort()).toEqual([...symbols].sort());
    expect(server.transfers).toBe(5);
  });
});
