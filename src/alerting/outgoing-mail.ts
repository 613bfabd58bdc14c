import type nodemailer from 'nodemailer';

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
  };
}
