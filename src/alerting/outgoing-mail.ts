import type nodemailer from 'nodemailer';

/** A file carried by an e-mail; with `cid` it is shown inline where the HTML says `<img src="cid:...">`. */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
  /** Content-ID without angle brackets, e.g. `chart-1.3f2a@riskwatch`. */
  readonly cid: string;
}

/** A fully rendered e-mail, independent of how it travels. */
export interface OutgoingMail {
  /** `<id@host>`; deterministic so that a duplicate alert collapses in mail clients. */
  readonly messageId: string;
  readonly date: Date;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly priority: 'high' | 'normal' | 'low';
  readonly headers: Readonly<Record<string, string>>;
  /** Short name for transports that store mail by name, e.g. the outbox file name. */
  readonly label: string;
  readonly attachments?: readonly MailAttachment[];
}

export function toNodemailer(mail: OutgoingMail): nodemailer.SendMailOptions {
  return {
    messageId: mail.messageId,
    date: mail.date,
    from: mail.from,
    to: [...mail.to],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    priority: mail.priority,
    headers: { ...mail.headers },
    // Inline images make nodemailer wrap the HTML in multipart/related; without them the mail stays multipart/alternative.
    ...(mail.attachments === undefined || mail.attachments.length === 0
      ? {}
      : {
          attachments: mail.attachments.map(({ filename, contentType, content, cid }) => ({
            filename,
            contentType,
            content,
            cid,
            contentDisposition: 'inline' as const,
          })),
        }),
  };
}
