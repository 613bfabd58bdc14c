import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/alerting/delivery-error.js';
import { createMailer, type Mailer } from '../../../src/alerting/mailer.js';
import { outboxFileStem } from '../../../src/alerting/outbox-mailer.js';
import { type OutgoingMail, toNodemailer } from '../../../src/alerting/outgoing-mail.js';
import { resolveTransportConfig } from '../../../src/alerting/resolve-transport.js';
import { startSmtpServer } from '../../helpers/smtp-server.js';
import { multipartParts, parseEml } from './eml.js';

const MAIL: OutgoingMail = {
  messageId: '<0123abcd@riskwatch>',
  date: new Date(Date.UTC(2024, 2, 1, 14, 31, 0)),
  from: 'riskwatch <riskwatch@localhost>',
  to: ['risk-desk@example.com', 'surveillance@example.com'],
  subject: '[riskwatch WARNING] AAPL return-zscore: spike',
  text: 'WARNING alert for AAPL\n',
  html: '<p>WARNING alert for AAPL</p>',
  priority: 'normal',
  headers: { 'X-Riskwatch-Rule': 'warnings' },
  label: '2024-03-01T14:30:00.000Z-AAPL-return-zscore',
};

/** Not a real image: the bytes only have to arrive unchanged. */
const CHART = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const MAIL_WITH_CHART: OutgoingMail = {
  ...MAIL,
  html: '<p>WARNING alert for AAPL</p><img src="cid:chart-1.abc@riskwatch">',
  attachments: [{ filename: 'AAPL-return-zscore.png', contentType: 'image/png', content: CHART, cid: 'chart-1.abc@riskwatch' }],
};

/** Checks that the inline chart of MAIL_WITH_CHART came through a raw message. */
async function expectInlineChart(raw: Buffer | string): Promise<void> {
  const parsed = await simpleParser(raw, { keepCidLinks: true });
  expect(parsed.text).toContain('WARNING alert for AAPL');
  expect(parsed.html).toContain('<img src="cid:chart-1.abc@riskwatch">');
  expect(parsed.attachments).toHaveLength(1);
  expect(parsed.attachments[0]).toMatchObject({
    filename: 'AAPL-return-zscore.png',
    contentType: 'image/png',
    contentDisposition: 'inline',
    cid: 'chart-1.abc@riskwatch',
    related: true,
  });
  expect(parsed.attachments[0]?.content).toEqual(CHART);
}

describe('outbox mailer', () => {
  let dir: string;
  let mailer: Mailer;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'riskwatch-outbox-')), 'outbox');
    mailer = createMailer({ kind: 'outbox', dir });
  });
  afterEach(async () => {
    await mailer.close();
  });

  it('writes an RFC 822 .eml file with text and HTML alternatives', async () => {
    const receipt = await mailer.send(MAIL);
    const file = join(dir, '2024-03-01T14-30-00.000Z-AAPL-return-zscore-1.eml');
    expect(receipt).toEqual({ messageId: '<0123abcd@riskwatch>', destination: file });

    const eml = parseEml(await readFile(file, 'utf8'));
    expect(eml.headers.get('subject')).toBe('[riskwatch WARNING] AAPL return-zscore: spike');
    expect(eml.headers.get('from')).toBe('riskwatch <riskwatch@localhost>');
    expect(eml.headers.get('to')).toBe('risk-desk@example.com, surveillance@example.com');
    expect(eml.headers.get('message-id')).toBe('<0123abcd@riskwatch>');
    expect(eml.headers.get('date')).toBe('Fri, 01 Mar 2024 14:31:00 +0000');
    expect(eml.headers.get('x-riskwatch-rule')).toBe('warnings');
    expect(eml.headers.get('mime-version')).toBe('1.0');
    expect(eml.headers.get('content-type')).toMatch(/^multipart\/alternative;/);

    const parts = multipartParts(eml);
    expect(parts.map((part) => part.headers.get('content-type'))).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
    expect(parts[0]?.body).toContain('WARNING alert for AAPL');
    expect(parts[1]?.body).toContain('<p>WARNING alert for AAPL</p>');
  });

  it('carries inline attachments next to the HTML (multipart/related)', async () => {
    const { destination } = await mailer.send(MAIL_WITH_CHART);
    const raw = await readFile(destination);
    expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/related/);
    await expectInlineChart(raw);
  });

  it('never overwrites an earlier mail with the same name', async () => {
    await mailer.send(MAIL);
    const second = await mailer.send(MAIL);
    expect(second.destination).toBe(join(dir, '2024-03-01T14-30-00.000Z-AAPL-return-zscore-2.eml'));
    expect(await readdir(dir)).toHaveLength(2);
  });

  it('keeps file names inside the outbox', async () => {
    const receipt = await mailer.send({ ...MAIL, label: '../../etc/passwd<>|*?' });
    expect(receipt.destination).toBe(join(dir, 'etc_passwd_-1.eml'));
  });

  it('rejects with a DeliveryError when the outbox cannot be written', async () => {
    const { destination } = await mailer.send(MAIL);
    const underAFile = createMailer({ kind: 'outbox', dir: join(destination, 'outbox') });
    const error = await underAFile.send(MAIL).catch((caught: unknown) => caught);
    await underAFile.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'alert_delivery_failed', retriable: false });
    expect((error as DeliveryError).message).toMatch(/^outbox .*: ENOTDIR/);
  });
});

describe('smtp mailer', () => {
  it('carries inline attachments', async () => {
    const server = await startSmtpServer();
    const mailer = createMailer(resolveTransportConfig({ kind: 'smtp', host: server.host, port: server.port }, {}));
    try {
      await mailer.send(MAIL_WITH_CHART);
      const [received] = await server.waitForMessages(1);
      await expectInlineChart(received?.raw ?? '');
    } finally {
      await mailer.close();
      await server.stop();
    }
  });

  it('reports a refused connection as a retriable DeliveryError', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const mailer = createMailer(resolveTransportConfig({ kind: 'smtp', host: '127.0.0.1', port }, {}));
    const error = await mailer.send(MAIL).catch((caught: unknown) => caught);
    await mailer.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retriable: true });
    expect((error as DeliveryError).message).toMatch(`smtp 127.0.0.1:${port}: `);
  });
});

describe('toNodemailer', () => {
  it('leaves attachments out when there are none, so plain mails stay multipart/alternative', () => {
    expect(toNodemailer(MAIL)).not.toHaveProperty('attachments');
    expect(toNodemailer({ ...MAIL, attachments: [] })).not.toHaveProperty('attachments');
  });

  it('passes attachments as inline parts with their Content-ID', () => {
    expect(toNodemailer(MAIL_WITH_CHART).attachments).toEqual([
      { filename: 'AAPL-return-zscore.png', contentType: 'image/png', content: CHART, cid: 'chart-1.abc@riskwatch', contentDisposition: 'inline' },
    ]);
  });
});

describe('outboxFileStem', () => {
  it.each([
    ['2024-03-01T14:30:00.000Z-BRK/B-return-zscore', '2024-03-01T14-30-00.000Z-BRK_B-return-zscore'],
    ['...hidden', 'hidden'],
    ['', 'mail'],
    ['a b\r\nc', 'a_b_c'],
  ])('%j -> %j', (label, stem) => {
    expect(outboxFileStem(label)).toBe(stem);
  });
});
