/**
 * An SMTP server on a fixed loopback port that the fault suite can stop and start again (SMTP down), and
 * that counts what it accepted per SLA outbox email (`X-SLA-Outbox-Id`) and Message-ID.
 */
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Outbox id → Message-IDs of every copy accepted. */
  received: Map<string, string[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export async function startSmtpSink(port: number): Promise<SmtpSink> {
  const received = new Map<string, string[]>();
  let server: SMTPServer | undefined;
  const start = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const outboxId = header(raw, 'X-SLA-Outbox-Id') ?? '(none)';
          received.set(outboxId, [...(received.get(outboxId) ?? []), header(raw, 'Message-ID') ?? '']);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
  };
  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    start,
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
