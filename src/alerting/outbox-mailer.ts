import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { deliveryError } from './delivery-error.js';
import type { Mailer } from './mailer.js';
import { toNodemailer } from './outgoing-mail.js';

/** A file name stem from a label: no path separators, no characters that trouble any file system. */
export function outboxFileStem(label: string): string {
  const stem = label
    .replace(/:/g, '-')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 150);
  return stem === '' ? 'mail' : stem;
}

/** Writes `<stem>-<n>.eml` with the lowest free n, never overwriting an earlier mail. */
async function writeNewFile(dir: string, stem: string, content: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}-${n}.eml`);
    try {
      await writeFile(path, content, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function createOutboxMailer(dir: string): Mailer {
  // nodemailer builds the MIME message (multipart/alternative, encodings, headers); we only store it.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        await mkdir(dir, { recursive: true });
        const path = await writeNewFile(dir, outboxFileStem(mail.label), info.message as Buffer);
        return { messageId: info.messageId, destination: path };
      } catch (error) {
        throw deliveryError(`outbox ${dir}`, error);
      }
    },
    async close() {
      transport.close();
    },
  };
}
