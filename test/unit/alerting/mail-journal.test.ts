import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailJournal } from '../../../src/alerting/mail-journal.js';
import type { OutgoingMail } from '../../../src/alerting/outgoing-mail.js';
import { notification, snapshot } from './render/notifications.js';

const journalPath = async (): Promise<string> => join(await mkdtemp(join(tmpdir(), 'riskwatch-journal-')), 'alert-journal.jsonl');

function mail(id: string): OutgoingMail {
  return {
    messageId: `<${id}@riskwatch>`,
    date: new Date(Date.UTC(2026, 2, 9, 14, 0, 0)),
    from: 'riskwatch <riskwatch@localhost>',
    to: ['desk@example.com'],
    subject: `subject ${id}`,
    text: 'text',
    html: '<p>html</p>',
    priority: 'high',
    headers: { 'X-Riskwatch-Route': 'desk' },
    label: id,
    attachments: [{ filename: 'chart.png', contentType: 'image/png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]), cid: `chart.${id}@riskwatch` }],
  };
}

describe('alert e-mail journal', () => {
  it('gives back, after a restart, exactly the e-mails queued and never done, intact', async () => {
    const path = await journalPath();
    const journal = await MailJournal.open(path);
    const n = notification([snapshot()]);
    expect(await journal.queued(n, mail('a'))).toBe(true);
    expect(await journal.queued(n, mail('b'))).toBe(true);
    await journal.done('<a@riskwatch>');
    await journal.close(); // or a crash: every line was synced before the call returned

    const reopened = await MailJournal.open(path);
    expect(reopened.recovered()).toEqual([{ notification: n, mail: mail('b') }]);
    // Finished or pending Message-IDs are not queued (so not sent) again.
    expect(await reopened.queued(n, mail('a'))).toBe(false);
    expect(await reopened.queued(n, mail('b'))).toBe(false);
    expect(await reopened.queued(n, mail('c'))).toBe(true);
    await reopened.close();
  });

  it('rewrites itself at start down to what is pending and the ids already sent', async () => {
    const path = await journalPath();
    const journal = await MailJournal.open(path);
    for (const id of ['a', 'b', 'c']) await journal.queued(notification([snapshot()]), mail(id));
    await journal.done('<a@riskwatch>');
    await journal.done('<c@riskwatch>');
    await journal.close();
    await (await MailJournal.open(path)).close();
    const ops = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { op: string; messageId?: string; mail?: { messageId: string } });
    expect(ops.map((line) => `${line.op} ${line.messageId ?? line.mail?.messageId}`)).toEqual(['done <a@riskwatch>', 'done <c@riskwatch>', 'queued <b@riskwatch>']);
  });

  it('ignores a torn last line (a crash mid-append), and refuses a corrupt one elsewhere', async () => {
    const path = await journalPath();
    const journal = await MailJournal.open(path);
    await journal.queued(notification([snapshot()]), mail('a'));
    await journal.close();
    await appendFile(path, '{"op":"queued","notifica');
    expect((await MailJournal.open(path)).recovered().map((p) => p.mail.messageId)).toEqual(['<a@riskwatch>']);

    await writeFile(path, `not json\n${JSON.stringify({ op: 'done', messageId: '<x@riskwatch>' })}\n`);
    await expect(MailJournal.open(path)).rejects.toThrow(/alert-journal\.jsonl:1: not a journal line/);
  });
});
