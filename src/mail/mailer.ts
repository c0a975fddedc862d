/**
 * Outgoing mail for SLA actions: SMTP through nodemailer when an SMTP URL is configured, otherwise a
 * local mailbox folder of `.eml` files (one per message, named after its Message-ID, so delivering the
 * same message again overwrites the same file) that any mail client opens.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailConfig {
  /** e.g. `smtp://user:pass@mailpit:1025`; unset means the local mailbox folder. */
  smtpUrl?: string;
  /** Sender, e.g. `SLA Service <sla@localhost>`. */
  from: string;
  /** Folder for `.eml` files when there is no SMTP URL (`<dataDir>/mailbox`). */
  mailboxDir: string;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  /** HTML alternative (already sanitised). */
  html?: string;
  /** Stable Message-ID (with angle brackets), so a receiver can drop a re-delivery. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface SentEmail {
  messageId: string;
  transport: 'smtp' | 'mailbox';
  /** The `.eml` file for the mailbox transport. */
  file?: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'mailbox';
  /** The configured sender. */
  readonly from: string;
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): void;
}

/** `<outbox-<id>@<sender domain>>`: the Message-ID of an outbox row. */
export function outboxMessageId(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'sla.localhost';
  return `<outbox-${outboxId}@${domain}>`;
}

/**
 * Nodemailer waits up to 2 minutes for a connection and 10 for an idle socket; a delivery holds its outbox
 * lease that long (activities/email.activities.ts), so bound them. Parameters the URL sets itself win.
 */
export const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 } as const;

function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of Object.entries(SMTP_TIMEOUTS_MS)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  return url.toString();
}

export function createMailer(config: MailConfig): Mailer {
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport(withTimeouts(config.smtpUrl));
    return {
      transport: 'smtp',
      from: config.from,
      async send(email) {
        const info = await transporter.sendMail({ from: config.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
        return { messageId: info.messageId ?? email.messageId, transport: 'smtp' };
      },
      close: () => transporter.close(),
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'mailbox',
    from: config.from,
    async send(email) {
      const info = await builder.sendMail({ from: config.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId, headers: email.headers });
      await mkdir(config.mailboxDir, { recursive: true });
      const name = `${email.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]+/g, '_')}.eml`;
      const file = path.join(config.mailboxDir, name);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, info.message as Buffer);
      await rename(tmp, file);
      return { messageId: email.messageId, transport: 'mailbox', file };
    },
    close: () => builder.close(),
  };
}
