import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message the test server accepted, parsed by mailparser. */
export interface ReceivedMail {
  /** SMTP envelope: who the client said it was sending from and to. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The From header as text, e.g. `riskwatch <riskwatch@localhost>`. */
  readonly from: string;
  /** Addresses in the To header. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  /** Lower-case header names, values as mailparser decodes them. */
  readonly headers: ReadonlyMap<string, unknown>;
  /** Attachments and inline images (`cid` set for those the HTML refers to as `cid:`). */
  readonly attachments: readonly ReceivedAttachment[];
  readonly raw: string;
  /** Wall time (ms) the server took the message, just before it replied: for telling what was in flight at a crash. */
  readonly acceptedAt: number;
}

export interface ReceivedAttachment {
  readonly contentType: string;
  readonly filename: string | undefined;
  /** Content-ID without angle brackets. */
  readonly cid: string | undefined;
  readonly contentDisposition: string | undefined;
  /** Whether it sits in a multipart/related part with the HTML (an inline image). */
  readonly related: boolean;
  readonly content: Buffer;
}

export interface SmtpReply {
  readonly code: number;
  readonly message: string;
}

export interface TestSmtpServerOptions {
  /** Require AUTH PLAIN or LOGIN with these credentials; without it, no AUTH is offered. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Reply to the message with this index (0-based, counting every DATA transfer) instead of accepting it. */
  readonly reject?: (index: number) => SmtpReply | undefined;
  /** Wait this long before answering each message: a slow relay, which slows a pipeline that waits for its e-mails. */
  readonly replyDelayMs?: number;
}

export interface TestSmtpServer {
  readonly host: string;
  readonly port: number;
  /** Accepted messages, in arrival order. */
  readonly messages: readonly ReceivedMail[];
  /** DATA transfers seen, accepted or rejected. */
  readonly transfers: number;
  /** The Message-ID header of every DATA transfer, accepted or rejected, in order. */
  readonly transferMessageIds: readonly string[];
  readonly authFailures: number;
  /** Resolves with the first `count` accepted messages; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  /** Stops listening, so connections are refused (the server is "down"), until `resume`. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Rejects the first `count` messages with `code` (e.g. 451, to be retried), then accepts. */
export function failFirst(count: number, code = 451, message = 'Requested action aborted: try again later'): (index: number) => SmtpReply | undefined {
  return (index) => (index < count ? { code, message } : undefined);
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.map((address) => address.address ?? ''));
}

function envelopeAddress(address: SMTPServerAddress | false): string {
  return address === false ? '' : address.address;
}

/** The Message-ID header of a raw message, unparsed (rejected transfers are not parsed). */
function rawMessageId(raw: Buffer): string {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\s+/g, '') ?? '';
}

function smtpError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, for integration tests. */
export async function startSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let transfers = 0;
  const transferMessageIds: string[] = [];
  let authFailures = 0;

  const create = (): SMTPServer =>
    new SMTPServer({
      logger: false,
      // Plain TCP: the tests are about delivery, not certificates.
      disabledCommands: options.auth === undefined ? ['AUTH', 'STARTTLS'] : ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      authOptional: options.auth === undefined,
      closeTimeout: 100,
      disableReverseLookup: true,
      onAuth(auth, _session, callback) {
        const expected = options.auth;
        if (expected !== undefined && auth.username === expected.user && auth.password === expected.pass) {
          callback(null, { user: auth.username });
          return;
        }
        authFailures++;
        callback(smtpError({ code: 535, message: 'Authentication credentials invalid' }));
      },
      onData(stream, session, callback) {
        const index = transfers++;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          if (options.replyDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.replyDelayMs));
          const raw = Buffer.concat(chunks);
          transferMessageIds.push(rawMessageId(raw));
          const reply = options.reject?.(index);
          if (reply !== undefined) {
            callback(smtpError(reply));
            return;
          }
          simpleParser(raw).then(
            (parsed) => {
              messages.push({
                envelope: { from: envelopeAddress(session.envelope.mailFrom), to: session.envelope.rcptTo.map(envelopeAddress) },
                from: parsed.from?.text ?? '',
                to: addresses(parsed.to),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: parsed.html === false ? '' : parsed.html ?? '',
                messageId: parsed.messageId ?? '',
                headers: parsed.headers,
                attachments: parsed.attachments.map((attachment) => ({
                  contentType: attachment.contentType,
                  filename: attachment.filename,
                  cid: attachment.cid,
                  contentDisposition: attachment.contentDisposition,
                  related: attachment.related === true,
                  content: attachment.content,
                })),
                raw: raw.toString('utf8'),
                acceptedAt: Date.now(),
              });
              for (const wake of waiters) wake();
              callback(null);
            },
            (error: unknown) => callback(error as Error),
          );
        });
      },
    });

  const listen = (server: SMTPServer, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      const listener = server.listen(port, HOST, () => {
        server.off('error', reject);
        // A client killed mid-transfer resets its connection: that is what the fault tests do.
        server.on('error', () => undefined);
        resolve((listener.address() as AddressInfo).port);
      });
    });
  const close = (server: SMTPServer): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

  let server: SMTPServer | undefined = create();
  const port = await listen(server, 0);

  const pause = async (): Promise<void> => {
    if (server === undefined) return;
    const closing = server;
    server = undefined;
    await close(closing);
  };

  return {
    host: HOST,
    port,
    messages,
    get transfers() {
      return transfers;
    },
    transferMessageIds,
    get authFailures() {
      return authFailures;
    },
    waitForMessages(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} message(s); received ${messages.length}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    pause,
    async resume() {
      if (server !== undefined) return;
      server = create();
      await listen(server, port);
    },
    stop: pause,
  };
}
