import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rulesVersionOf } from '../../../src/alerting/config/alerting-config.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { anomaly, GROUP_WAIT_MS, RULES, smtpAlertSink, T0 } from './alert-sink-fixture.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The HTML part with its `cid:` links as sent (the server's parse turns them into data URIs). */
async function htmlAsSent(mail: ReceivedMail): Promise<string> {
  const parsed = await simpleParser(mail.raw, { keepCidLinks: true });
  return parsed.html === false ? '' : (parsed.html ?? '');
}

/** `== CRITICAL AAPL return-zscore (new)` lines of the text part: the alerts an e-mail lists. */
function listedAlerts(mail: ReceivedMail): string[] {
  return [...mail.text.matchAll(/^== (\S+) (\S+) (\S+) \(/gm)].map(([, level, symbol, detector]) => `${symbol}|${detector}:${level}`);
}

describe('alert notification e-mail over SMTP', () => {
  let server: TestSmtpServer;
  beforeEach(async () => {
    server = await startSmtpServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('arrives after the group wait with its headers, a text part, escaped HTML and an inline chart', async () => {
    const { sink, clock, notifications } = await smtpAlertSink(server);
    const event = anomaly({
      severity: 'critical',
      score: 14.2,
      reason: '<script>alert(1)</script> spike\r\nBcc: victim@example.com',
    });
    await sink.write([event]);
    clock.set(T0 + GROUP_WAIT_MS - 1);
    await sink.flush();
    expect(server.transfers).toBe(0);
    clock.set(T0 + GROUP_WAIT_MS);
    await sink.flush();
    await sink.close();

    expect(notifications).toHaveLength(1);
    const [notification] = notifications;
    expect(notification).toMatchObject({ reason: 'new', route: 'desk', receiver: 'risk-desk', at: T0 + GROUP_WAIT_MS, groupLabels: { symbol: 'AAPL' } });
    const [mail] = await server.waitForMessages(1);
    expect(server.transfers).toBe(1);
    expect(mail?.envelope).toEqual({ from: 'riskwatch@localhost', to: ['risk-desk@example.com', 'surveillance@example.com'] });
    expect(mail?.from).toBe('"riskwatch" <riskwatch@localhost>');
    expect(mail?.to).toEqual(['risk-desk@example.com', 'surveillance@example.com']);
    // One line: the CRLF in the event's reason cannot smuggle a header in.
    expect(mail?.subject).toBe('[riskwatch CRITICAL] AAPL price jump: return-zscore 14.2σ');
    expect(mail?.headers.has('bcc')).toBe(false);
    expect(mail?.raw.split('\r\n\r\n', 1)[0]).not.toMatch(/^Bcc:/im);
    expect(mail?.messageId).toBe(`<${createHash('sha1').update(notification!.id).digest('hex')}@riskwatch>`);
    expect(mail?.headers.get('date')).toEqual(new Date(T0));
    expect(mail?.headers.get('priority')).toBe('high');
    expect(mail?.headers.get('x-riskwatch-route')).toBe('desk');
    expect(mail?.headers.get('x-riskwatch-receiver')).toBe('risk-desk');
    expect(mail?.headers.get('x-riskwatch-severity')).toBe('critical');
    expect(mail?.headers.get('x-riskwatch-alerts')).toBe('1');
    expect(mail?.headers.get('x-riskwatch-rules-version')).toBe(rulesVersionOf(RULES));
    expect(sink.rules.version).toBe(rulesVersionOf(RULES));

    expect(listedAlerts(mail!)).toEqual(['AAPL|return-zscore:CRITICAL']);
    expect(mail?.text).toContain('<script>alert(1)</script> spike Bcc: victim@example.com');
    expect(mail?.text).toContain(`notification ${notification!.id}`);
    expect(mail?.text).toContain('Input         ticks[3]@5091 .. ticks[3]@5120');

    const html = await htmlAsSent(mail!);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; spike Bcc: victim@example.com');
    expect(html).not.toMatch(/<script/i);
    expect(mail?.attachments).toHaveLength(1);
    const [chart] = mail!.attachments;
    expect(chart).toMatchObject({ contentType: 'image/png', filename: 'AAPL-return-zscore.png', contentDisposition: 'inline', related: true });
    expect(chart?.cid).toMatch(/^chart-1\.[0-9a-f]{16}@riskwatch$/);
    expect(chart?.content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(html).toContain(`src="cid:${chart?.cid}"`);
    expect(sink.stats).toMatchObject({ events: 1, notifications: 1, mails: 1, failed: 0, retries: 0 });
  });

  it('sends a burst for one symbol as one e-mail listing all its alerts, one e-mail per symbol', async () => {
    const { sink, clock, notifications } = await smtpAlertSink(server);
    await sink.write([
      anomaly({ detector: 'return-zscore', severity: 'critical', score: 14.2 }),
      anomaly({ detector: 'ewma-vol-band', severity: 'critical', score: 9.1 }),
      anomaly({ symbol: 'MSFT', detector: 'volume-spike', severity: 'warning', score: 6.3, reason: 'MSFT volume 6.3σ above its mean' }),
    ]);
    // The ensemble's event a second later still falls within the group wait.
    clock.set(T0 + 1_000);
    await sink.write([anomaly({ detector: 'ensemble', ts: T0 + 1_000, severity: 'warning', score: 0.99999, observed: 0.00001 })]);
    clock.set(T0 + GROUP_WAIT_MS);
    await sink.flush();
    await sink.close();

    expect(notifications.map((n) => [n.groupLabels['symbol'], n.alerts.length])).toEqual([
      ['AAPL', 3],
      ['MSFT', 1],
    ]);
    const mails = await server.waitForMessages(2);
    expect(server.transfers).toBe(2);
    const aapl = mails.find((mail) => mail.headers.get('x-riskwatch-alerts') === '3');
    const msft = mails.find((mail) => mail.headers.get('x-riskwatch-alerts') === '1');
    expect(aapl?.subject).toBe('[riskwatch CRITICAL] AAPL price jump: ewma-vol-band 9.1σ (+2 more alerts)');
    // Most severe first, then by key.
    expect(listedAlerts(aapl!)).toEqual(['AAPL|ewma-vol-band:CRITICAL', 'AAPL|return-zscore:CRITICAL', 'AAPL|ensemble:WARNING']);
    expect(aapl?.headers.get('x-riskwatch-severity')).toBe('critical');
    expect(msft?.subject).toBe('[riskwatch WARNING] MSFT volume spike: volume-spike 6.3σ');
    expect(msft?.headers.has('priority')).toBe(false);
    expect(listedAlerts(msft!)).toEqual(['MSFT|volume-spike:WARNING']);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(2);

    // One chart per flagged tick (the two detectors at T0 share one, the ensemble a second later
    // has its own), each attached once and shown from the HTML by its Content-ID.
    const html = await htmlAsSent(aapl!);
    const cids = aapl!.attachments.map((attachment) => attachment.cid);
    expect(cids).toHaveLength(2);
    expect(new Set([...html.matchAll(/src="cid:([^"]+)"/g)].map(([, cid]) => cid))).toEqual(new Set(cids));
  });
});
