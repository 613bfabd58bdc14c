import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestMessageIdFor } from '../../../src/alerting/alert-mail.js';
import type { Severity } from '../../../src/events/anomaly-event.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { anomaly, MINUTE, T0 } from '../../unit/alerting/events.js';
import { RULES, smtpAlertSink } from './alert-sink-fixture.js';

const DIGEST_RULES = `digest: { window: 1m, maxAlerts: 50 }\n${RULES}`;

/** 7 alerts within 30 s of event time: 3 critical, 4 warning, over 5 symbols. */
function burst() {
  const alerts: Array<[string, Severity]> = [
    ['AAPL', 'critical'],
    ['MSFT', 'warning'],
    ['AAPL', 'warning'],
    ['NVDA', 'critical'],
    ['AMZN', 'warning'],
    ['TSLA', 'critical'],
    ['MSFT', 'warning'],
  ];
  return alerts.map(([symbol, severity], i) =>
    anomaly({ symbol, severity, ts: T0 + i * 5_000, detector: i % 2 === 0 ? 'return-zscore' : 'volume-spike', reason: `move <b>${i}</b>` }),
  );
}

describe('digest e-mail over SMTP', () => {
  let server: TestSmtpServer;
  beforeEach(async () => {
    server = await startSmtpServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends a burst of alerts for the same recipients as one e-mail listing them all', async () => {
    const { sink } = await smtpAlertSink(server, { rules: DIGEST_RULES });
    const events = burst();
    await sink.write(events.slice(0, 3));
    await sink.write(events.slice(3));
    expect(sink.stats).toMatchObject({ events: 7, pending: 7, sent: 0 });
    await sink.close();

    const [mail] = await server.waitForMessages(1);
    expect(server.transfers).toBe(1);
    expect(mail?.subject).toBe('[riskwatch] 7 alerts: 3 critical, 4 warning (AAPL, MSFT, +3)');
    expect(mail?.to).toEqual(['risk-desk@example.com', 'surveillance@example.com']);
    expect(mail?.messageId).toBe(digestMessageIdFor(events.map((event) => event.id)));
    expect(mail?.headers.get('x-riskwatch-alerts')).toBe('7');
    for (const [i, event] of events.entries()) {
      expect(mail?.text).toContain(`${event.severity.toUpperCase()} ${event.symbol} ${event.detector} at ${new Date(event.ts).toISOString()}`);
      expect(mail?.text).toContain(`move <b>${i}</b>`);
      expect(mail?.html).toContain(`move &lt;b&gt;${i}&lt;/b&gt;`);
    }
    expect(mail?.html).not.toContain('<b>');
    expect(sink.stats).toMatchObject({ events: 7, sent: 7, mails: 1, pending: 0, failed: 0 });
  });

  it('sends the digest when event time moves past its window, without waiting for close', async () => {
    const { sink } = await smtpAlertSink(server, { rules: DIGEST_RULES });
    const events = burst();
    await sink.write(events);
    expect(server.transfers).toBe(0);
    const later = anomaly({ symbol: 'IBM', ts: T0 + 2 * MINUTE });
    await sink.write([later]);

    expect(server.transfers).toBe(1);
    expect((await server.waitForMessages(1))[0]?.subject).toMatch(/^\[riskwatch\] 7 alerts/);
    expect(sink.stats).toMatchObject({ sent: 7, pending: 1 });

    await sink.close();
    const [, single] = await server.waitForMessages(2);
    // a window holding one alert goes out as the usual single-alert e-mail
    expect(single?.subject).toBe('[riskwatch WARNING] IBM return-zscore: return z-score 4.2 above 3.0');
  });
});
