import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { replaceFile } from '../core/durable-file.js';
import { ConfigError } from '../core/errors.js';
import type { Notification } from './model/notification.js';
import type { MailAttachment, OutgoingMail } from './outgoing-mail.js';

export const DEFAULT_MAIL_JOURNAL_PATH = '.riskwatch/alert-journal.jsonl';

/** An e-mail decided but not yet known to be delivered or given up on. */
export interface PendingMail {
  readonly notification: Notification;
  readonly mail: OutgoingMail;
}

type JournalLine =
  | { readonly op: 'queued'; readonly notification: Notification; readonly mail: StoredMail }
  | { readonly op: 'done'; readonly messageId: string };

/** OutgoingMail as JSON: the date as ISO text, attachments base64. */
type StoredMail = Omit<OutgoingMail, 'date' | 'attachments'> & {
  readonly date: string;
  readonly attachments?: readonly (Omit<MailAttachment, 'content'> & { readonly content: string })[];
};

function store(mail: OutgoingMail): StoredMail {
  const { date, attachments, ...rest } = mail;
  return {
    ...rest,
    date: date.toISOString(),
    ...(attachments === undefined ? {} : { attachments: attachments.map((a) => ({ ...a, content: a.content.toString('base64') })) }),
  };
}

function restore(stored: StoredMail): OutgoingMail {
  const { date, attachments, ...rest } = stored;
  return {
    ...rest,
    date: new Date(date),
    ...(attachments === undefined ? {} : { attachments: attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })) }),
  };
}

/** Done records between rewrites of the journal down to what is still pending. */
const COMPACT_AFTER = 200;
/** Message-IDs of finished e-mails remembered (and kept across rewrites), so a replayed decision is not sent twice. */
const REMEMBER_DONE = 10_000;

/**
 * The alert e-mails' write-ahead journal, so that an e-mail the alerting module decided is never
 * lost to a crash: `queued` (synced) before it is handed to the transport, `done` once the
 * transport accepted it or it was given up on (then it is in the failed-alerts file). At start,
 * what was queued but not done is sent again under its Message-ID; the only repeat is a crash
 * between the server's accept and the `done` record, and mail clients collapse it. The last
 * REMEMBER_DONE finished Message-IDs are remembered too: an e-mail decided again after a restart
 * (its events read again) is recognised and not sent twice.
 */
export class MailJournal {
  private readonly pending = new Map<string, PendingMail>();
  /** Finished Message-IDs, oldest first. */
  private readonly finished = new Set<string>();
  private file: FileHandle | undefined;
  private writing: Promise<void> = Promise.resolve();
  private doneSinceCompact = 0;

  private constructor(readonly path: string) {}

  /** Reads the journal (a missing one is empty) and rewrites it down to the pending e-mails. */
  static async open(path: string): Promise<MailJournal> {
    const journal = new MailJournal(path);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${path}: cannot read the alert journal: ${(error as Error).message}`, { cause: error });
    }
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let entry: JournalLine;
      try {
        entry = JSON.parse(line) as JournalLine;
      } catch {
        // A torn last line is what a crash mid-append leaves: that e-mail was never handed over.
        if (index >= lines.length - 2) return;
        throw new ConfigError(`${path}:${index + 1}: not a journal line; move the file aside to start afresh`);
      }
      if (entry.op === 'queued') journal.pending.set(entry.mail.messageId, { notification: entry.notification, mail: restore(entry.mail) });
      else {
        journal.pending.delete(entry.messageId);
        journal.remember(entry.messageId);
      }
    });
    await journal.rewrite();
    return journal;
  }

  /** E-mails queued by an earlier run and never done: send them again. */
  recovered(): PendingMail[] {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Records an e-mail about to be sent; resolves once it is on disk. False when its Message-ID is
   * already pending or finished: then it must not be sent again.
   */
  async queued(notification: Notification, mail: OutgoingMail): Promise<boolean> {
    if (this.pending.has(mail.messageId) || this.finished.has(mail.messageId)) return false;
    this.pending.set(mail.messageId, { notification, mail });
    await this.append({ op: 'queued', notification, mail: store(mail) });
    return true;
  }

  /** Records that the e-mail was delivered, or given up on and recorded as failed. */
  async done(messageId: string): Promise<void> {
    if (!this.pending.delete(messageId)) return;
    this.remember(messageId);
    await this.append({ op: 'done', messageId });
    if (++this.doneSinceCompact >= COMPACT_AFTER && this.pending.size === 0) await this.rewrite();
  }

  private remember(messageId: string): void {
    this.finished.add(messageId);
    if (this.finished.size > REMEMBER_DONE) this.finished.delete(this.finished.values().next().value!);
  }

  async close(): Promise<void> {
    await this.writing;
    await this.file?.close();
    this.file = undefined;
  }

  private append(line: JournalLine): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    // One writer at a time, each line synced before the next: the order on disk is the order here.
    const write = this.writing.then(async () => {
      const file = await this.handle();
      await file.write(text);
      await file.datasync();
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** Replaces the file, atomically, with the remembered finished ids and the pending e-mails. */
  private async rewrite(): Promise<void> {
    const write = this.writing.then(async () => {
      await this.file?.close();
      this.file = undefined;
      await mkdir(dirname(this.path), { recursive: true });
      let text = '';
      for (const messageId of this.finished) text += `${JSON.stringify({ op: 'done', messageId })}\n`;
      for (const { notification, mail } of this.pending.values()) text += `${JSON.stringify({ op: 'queued', notification, mail: store(mail) })}\n`;
      await replaceFile(this.path, text);
      this.doneSinceCompact = 0;
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  private async handle(): Promise<FileHandle> {
    if (this.file === undefined) {
      await mkdir(dirname(this.path), { recursive: true });
      this.file = await open(this.path, 'a');
    }
    return this.file;
  }
}
