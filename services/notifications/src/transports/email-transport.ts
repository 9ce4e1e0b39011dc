import nodemailer from 'nodemailer';
import { errorText, type SendOutcome } from './outcome.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailTransport {
  send(email: OutgoingEmail): Promise<SendOutcome>;
  close(): void;
}

/**
 * Sends email through the SMTP server of `url` (smtp:// or smtps://, with user:pass when it needs them).
 * The answer kept is the server's reply line, e.g. `250 2.0.0 Ok: queued` or `451 try again later`.
 * @example const transport = createEmailTransport({ url: 'smtp://user:pass@mail:587', from, timeoutMs: 30_000 })
 */
export function createEmailTransport(options: { url: string; from: string; timeoutMs: number }): EmailTransport {
  const transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(email) {
      try {
        const info = await transporter.sendMail({ from: options.from, ...email });
        return { ok: true, code: Number.parseInt(info.response, 10) || 250, answer: info.response };
      } catch (error) {
        const smtp = error as { responseCode?: number; response?: string };
        return { ok: false, code: smtp.responseCode ?? null, answer: smtp.response ?? errorText(error) };
      }
    },
    close: () => transporter.close(),
  };
}
