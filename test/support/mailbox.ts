import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@storefleet/kit';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailbox {
  /** smtp://… of this server, for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** The mails to `address`, in arrival order. */
  to(address: string): ReceivedMail[];
  /** While down, every message is refused with a temporary failure (451). */
  setDown(down: boolean): void;
  /** While stalled, a message's data is read but never answered, as a server that hangs mid-send. */
  setStalled(stalled: boolean): void;
  /** How many messages arrived while stalled (and were never answered). */
  stalledCount(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server for a test (the `smtp-server` package), on a free loopback port, that keeps every
 * message it accepts, parsed.
 * @example const mailbox = await startMailbox(); ... SMTP_URL: mailbox.url
 */
export async function startMailbox(): Promise<Mailbox> {
  const received: ReceivedMail[] = [];
  let down = false;
  let stalled = false;
  let stalledCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A stalled connection would hold close() for the default 30 s.
    closeTimeout: 100,
    onData(stream, session, callback) {
      if (stalled) {
        stalledCount++;
        stream.resume();
        return;
      }
      if (down) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' });
          callback();
        })
        .catch(callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((mail) => mail.to.includes(address.toLowerCase()) || mail.to.includes(address)),
    setDown: (value) => void (down = value),
    setStalled: (value) => void (stalled = value),
    stalledCount: () => stalledCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
