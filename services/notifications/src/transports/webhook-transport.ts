import { Agent, request } from 'undici';
import { retryAfterMs } from '../domain/durations.js';
import { errorText, type SendOutcome } from './outcome.js';

/** How much of a receiver's answer is read: the log keeps the first KB. */
const ANSWER_BYTES = 1024;

export interface WebhookTransport {
  /** POSTs `body` with `headers`; redirects are not followed (a 3xx is a failure). */
  post(url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
}

/**
 * The HTTP calls of webhooks (and of the SMS gateway): one connection pool, `timeoutMs` for the whole
 * call, no redirects, only the first KB of the answer read.
 * @example const http = createWebhookTransport({ timeoutMs: 15_000 })
 */
export function createWebhookTransport(options: { timeoutMs: number }): WebhookTransport {
  const agent = new Agent({ headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connectTimeout: options.timeoutMs });
  return {
    async post(url, headers, body, signal) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Storefleet-Webhooks/1', ...headers },
          body,
          dispatcher: agent,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        let answer = '';
        for await (const chunk of response.body) {
          answer += chunk.toString();
          if (answer.length >= ANSWER_BYTES) break;
        }
        response.body.destroy();
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        const retryAfter = response.statusCode === 429 || response.statusCode === 503 ? retryAfterMs(headerOf(response.headers['retry-after'])) : undefined;
        return { ok, code: response.statusCode, answer: answer.slice(0, ANSWER_BYTES), retryAfterMs: retryAfter };
      } catch (error) {
        return { ok: false, code: null, answer: timeout.aborted ? `no answer within ${options.timeoutMs} ms` : errorText(error) };
      }
    },
    close: () => agent.close(),
  };
}

const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
