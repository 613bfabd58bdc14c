import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationMessageId } from '../../../src/alerting/render/notification-mail.js';
import type { RetryPolicy } from '../../../src/core/retry.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { anomaly, GROUP_WAIT_MS, smtpAlertSink, T0 } from '../smtp/alert-sink-fixture.js';

/** About 0.3 s of retries: an outage of a second outlasts them, as a minute outlasts the default 31 s. */
const SHORT_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 50, maxDelayMs: 100, factor: 2, jitter: 0 };

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('fault: the SMTP relay is down for longer than the retries last', () => {
  it('keeps the e-mails (deferred, in the journal, pipeline not held) and delivers each once when the relay is back', async () => {
    server = await startSmtpServer();
    await server.pause();
    const { sink, clock, notifications, errors, dir } = await smtpAlertSink(server, { retry: SHORT_RETRY, redeliverAfterMs: 300 });
    await sink.write([anomaly(), anomaly({ symbol: 'MSFT' })]);
    clock.set(T0 + GROUP_WAIT_MS);
    const started = Date.now();
    await sink.flush();
    // The write was held only for the retries, then the e-mails were deferred, not given up.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(notifications).toHaveLength(2);
    expect(sink.stats).toMatchObject({ mails: 0, failed: 0, deferred: 2 });
    expect(errors).toEqual([]);
    const journal = await readFile(join(dir, 'alert-journal.jsonl'), 'utf8');
    expect(journal.split('\n').filter((line) => line.includes('"op":"queued"'))).toHaveLength(2);

    // A redelivery round while the relay is still down defers them again.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(sink.stats).toMatchObject({ mails: 0, failed: 0 });

    await server.resume();
    const delivered = await server.waitForMessages(2, 5000);
    expect(delivered.map((mail) => mail.messageId).sort()).toEqual(notifications.map(notificationMessageId).sort());
    await sink.close();
    expect(sink.stats).toMatchObject({ mails: 2, failed: 0, deferred: 0 });
    expect(server.messages).toHaveLength(2); // each once
    await expect(readFile(join(dir, 'failed-alerts.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
