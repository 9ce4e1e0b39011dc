import { EVENT_TYPES } from '@storefleet/contracts';
import { createPeriodic, type Db, type KitLogger, type Outbox } from '@storefleet/kit';
import type { NotificationsConfig } from './config.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { nextRetryDelay, parseDurationMs, parseSchedule } from './domain/durations.js';
import { signWebhook } from './domain/webhook-signature.js';
import type { EndpointsStore } from './store/endpoints-store.js';
import type { AttemptResult, ClaimedMessage, MessagesStore } from './store/messages-store.js';
import type { EmailTransport } from './transports/email-transport.js';
import { errorText, type SendOutcome } from './transports/outcome.js';
import { checkWebhookUrl } from './transports/url-guard.js';
import type { WebhookTransport } from './transports/webhook-transport.js';

export interface SenderDeps {
  db: Db;
  config: NotificationsConfig;
  messages: MessagesStore;
  endpoints: EndpointsStore;
  outbox: Outbox;
  /** Absent without SMTP_URL: emails are then not_sent. */
  email?: EmailTransport;
  http: WebhookTransport;
  log: KitLogger;
  metrics: DeliveryMetrics;
}

export interface Sender {
  /** Sends what is due now (the handler calls it after each commit); the timer does it every SEND_POLL_MS. */
  kick(): void;
  /** Sends everything due, until nothing is; answers how many it tried. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** What an attempt amounts to before the retry schedule decides: sent, failed (maybe for good), or not sendable. */
type Attempt = { outcome: SendOutcome; final?: string } | { notSent: string };

const BATCH = 20;

/**
 * The senders: claim due messages (FOR UPDATE SKIP LOCKED, for SEND_CLAIM_MS), send each on its channel,
 * and record the attempt with its answer; a failure is retried on its channel's schedule, and after the
 * last try the message is `failed`. A sender stopped mid-send records nothing: its claim expires and a
 * sender sends the message again (at least once; webhook receivers de-duplicate on webhook-id).
 * @example const sender = createSender(deps); sender.start()
 */
export function createSender(deps: SenderDeps): Sender {
  const { config, messages, endpoints, log } = deps;
  const schedules = { email: parseSchedule(config.MESSAGE_RETRY_SCHEDULE), sms: parseSchedule(config.MESSAGE_RETRY_SCHEDULE), webhook: parseSchedule(config.WEBHOOK_RETRY_SCHEDULE) };
  const disableAfterMs = parseDurationMs(config.WEBHOOK_DISABLE_AFTER);

  async function sendWebhook(message: ClaimedMessage, signal: AbortSignal): Promise<Attempt> {
    let url = message.recipient;
    let secret = config.WEBHOOK_SECRET;
    if (message.endpoint_id) {
      const endpoint = await endpoints.get(deps.db, message.endpoint_id);
      if (!endpoint) return { notSent: 'the endpoint was deleted' };
      if (!endpoint.enabled) return { notSent: `the endpoint is disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}` };
      url = endpoint.url;
      secret = endpoint.secret;
    }
    if (!secret) return { notSent: 'WEBHOOK_SECRET is not set' };
    try {
      await checkWebhookUrl(url, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS });
    } catch (error) {
      return { outcome: { ok: false, code: null, answer: `refused: ${errorText(error)}` }, final: 'refused' };
    }
    // The timestamp is the attempt's; the id is the event's, the same on every retry and redelivery.
    const timestamp = Math.floor(Date.now() / 1000);
    const id = message.event_id!;
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, { id, timestamp, body: message.body_text }) };
    const outcome = await deps.http.post(url, headers, message.body_text, signal);
    return { outcome, final: outcome.code === 410 ? 'gone' : undefined };
  }

  async function attempt(message: ClaimedMessage, signal: AbortSignal): Promise<Attempt> {
    switch (message.channel) {
      case 'email':
        if (!deps.email) return { notSent: 'SMTP_URL is not set: email is off, the message is kept here' };
        return { outcome: await deps.email.send({ to: message.recipient, subject: message.subject ?? '', text: message.body_text, html: message.body_html ?? '' }) };
      case 'webhook':
        return sendWebhook(message, signal);
      case 'sms':
        if (!config.SMS_WEBHOOK_URL) return { notSent: 'SMS_WEBHOOK_URL is not set: the SMS is kept here' };
        return { outcome: await deps.http.post(config.SMS_WEBHOOK_URL, {}, JSON.stringify({ to: message.recipient, body: message.body_text }), signal) };
    }
  }

  /** An endpoint's failure streak: 410 disables it at once, WEBHOOK_DISABLE_AFTER of failures too. */
  async function recordAndJudge(message: ClaimedMessage, result: AttemptResult, gone: boolean): Promise<void> {
    const judged = await deps.db.tx(async (tx) => {
      const recorded = await messages.recordAttempt(tx, message, result);
      if (!message.endpoint_id || result.outcome === 'sent') {
        if (message.endpoint_id) await endpoints.succeeded(tx, message.endpoint_id);
        return { recorded };
      }
      const failingMs = await endpoints.failed(tx, message.endpoint_id);
      const reason = gone ? 'the endpoint answered 410 Gone' : failingMs >= disableAfterMs ? `every delivery failed for ${config.WEBHOOK_DISABLE_AFTER}` : undefined;
      if (!reason || !(await endpoints.disable(tx, message.endpoint_id, reason))) return { recorded };
      log.warn({ endpoint_id: message.endpoint_id, reason }, 'webhook endpoint disabled');
      await deps.outbox.add(tx, { type: EVENT_TYPES.webhookEndpointDisabled, subject: message.endpoint_id, data: { endpoint_id: message.endpoint_id, url: message.recipient, reason } });
      return { recorded, disabled: gone ? ('gone' as const) : ('failing' as const) };
    });
    // Counted once committed; a claim that expired meanwhile recorded nothing (another sender owns the message).
    if (judged.recorded && !result.retry_at) deps.metrics.delivered(message.channel, result.not_sent ? 'not_sent' : result.outcome);
    if (judged.disabled) deps.metrics.endpointDisabled(judged.disabled);
  }

  async function sendOne(message: ClaimedMessage, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    // A stop does not wait for a hung server: the claim is left to expire and the message goes again.
    let onAbort = () => {};
    const stopped = new Promise<undefined>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve(undefined)), { once: true }));
    const result = await Promise.race([attempt(message, signal), stopped]).finally(() => signal.removeEventListener('abort', onAbort));
    if (!result || signal.aborted) return;
    if ('notSent' in result) {
      if (await messages.notSent(message, result.notSent)) deps.metrics.delivered(message.channel, 'not_sent');
      return;
    }
    const { outcome, final } = result;
    const delay = outcome.ok || final ? undefined : nextRetryDelay(schedules[message.channel], message.tries, { retryAfterMs: outcome.retryAfterMs });
    const attemptResult: AttemptResult = {
      outcome: outcome.ok ? 'sent' : 'failed', code: outcome.code, answer: outcome.answer, duration_ms: Math.round(performance.now() - started),
      retry_at: delay === undefined ? undefined : new Date(Date.now() + delay),
    };
    if (!outcome.ok) log.warn({ message_id: message.id, channel: message.channel, code: outcome.code, answer: outcome.answer, retry_in_ms: delay }, 'message not delivered');
    await recordAndJudge(message, attemptResult, final === 'gone');
  }

  const periodic = createPeriodic({
    intervalMs: config.SEND_POLL_MS,
    log,
    failed: 'sending messages failed; will retry',
    idle: 0,
    async run(signal) {
      let tried = 0;
      while (!signal.aborted) {
        const due = await messages.claimDue(BATCH, config.SEND_CLAIM_MS);
        if (!due.length) break;
        await Promise.all(due.map((message) => sendOne(message, signal).catch((err: unknown) => log.error({ err, message_id: message.id }, 'recording a send failed'))));
        tried += due.length;
      }
      return tried;
    },
  });

  return { kick: () => void periodic.runOnce(), runOnce: periodic.runOnce, start: periodic.start, stop: periodic.stop };
}
