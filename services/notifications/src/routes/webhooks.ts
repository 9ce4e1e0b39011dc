import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import {
  CreateWebhookEndpointSchema, EVENT_TYPES, IdParamsSchema, MessageSchema, PageQuerySchema, UpdateWebhookEndpointSchema, WebhookDeliveryPageSchema,
  WebhookEndpointListSchema, WebhookEndpointSchema, WebhookEndpointWithSecretSchema, type WebhookTestData,
} from '@storefleet/contracts';
import { AppError, problems, type App, type Db } from '@storefleet/kit';
import type { NotificationsConfig } from '../config.js';
import { checkEventPatterns } from '../domain/event-patterns.js';
import { newWebhookSecret } from '../domain/webhook-signature.js';
import { webhookBody } from '../event-handler.js';
import type { Sender } from '../sender.js';
import type { EndpointWithSecret, EndpointsStore } from '../store/endpoints-store.js';
import type { MessagesStore } from '../store/messages-store.js';
import { checkWebhookUrl } from '../transports/url-guard.js';

const security = [{ bearer: [] }];
const tags = ['webhooks'];
const notFound = (id: string) => new AppError('not_found', `There is no webhook endpoint ${id}`);
/** The secret leaves the service only on creation and rotation. */
const withoutSecret = ({ secret: _secret, ...endpoint }: EndpointWithSecret) => endpoint;

export interface WebhookRoutesDeps {
  db: Db;
  config: NotificationsConfig;
  endpoints: EndpointsStore;
  messages: MessagesStore;
  sender: Sender;
}

/** Webhook endpoints and their deliveries, for admins; registered on an admin-only scope. */
export function webhookRoutes(app: App, { db, config, endpoints, messages, sender }: WebhookRoutesDeps): void {
  const checkUrl = (url: string) => checkWebhookUrl(url, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS });
  const found = async (id: string) => (await endpoints.get(db, id)) ?? Promise.reject(notFound(id));

  app.get(
    '/webhooks',
    { schema: { tags, operationId: 'listWebhooks', summary: 'Every webhook endpoint (admin)', security, response: { 200: WebhookEndpointListSchema, ...problems(401, 403) } } },
    async () => ({ items: (await endpoints.list()).map(withoutSecret) }),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags, operationId: 'createWebhook', security,
        summary: 'Register an endpoint for event types or patterns (`order.*`); its whsec_ secret is in this answer only (admin)',
        body: CreateWebhookEndpointSchema,
        response: { 201: WebhookEndpointWithSecretSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const events = checkEventPatterns(request.body.events);
      await checkUrl(request.body.url);
      return reply.status(201).send(await endpoints.create({ ...request.body, events }, newWebhookSecret()));
    },
  );

  app.get(
    '/webhooks/:id',
    { schema: { tags, operationId: 'getWebhook', summary: 'One webhook endpoint (admin)', security, params: IdParamsSchema, response: { 200: WebhookEndpointSchema, ...problems(400, 401, 403, 404) } } },
    async (request) => withoutSecret(await found(request.params.id)),
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags, operationId: 'updateWebhook', summary: 'Change an endpoint; `enabled: true` enables a disabled one again (admin)', security,
        params: IdParamsSchema, body: UpdateWebhookEndpointSchema,
        response: { 200: WebhookEndpointSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const events = request.body.events && checkEventPatterns(request.body.events);
      if (request.body.url) await checkUrl(request.body.url);
      const endpoint = await endpoints.update(request.params.id, { ...request.body, events });
      if (!endpoint) throw notFound(request.params.id);
      return withoutSecret(endpoint);
    },
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, operationId: 'deleteWebhook', summary: 'Delete an endpoint and its delivery log (admin)', security, params: IdParamsSchema, response: { 204: Type.Null(), ...problems(400, 401, 403, 404) } } },
    async (request, reply) => {
      if (!(await endpoints.remove(request.params.id))) throw notFound(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags, operationId: 'rotateWebhookSecret', summary: 'Give an endpoint a new secret, shown in this answer only; the old one stops signing at once (admin)', security,
        params: IdParamsSchema, response: { 200: WebhookEndpointWithSecretSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => (await endpoints.rotateSecret(request.params.id, newWebhookSecret())) ?? Promise.reject(notFound(request.params.id)),
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags, operationId: 'testWebhook', summary: 'Send a webhook.test event to this endpoint only; the answer is its delivery (admin)', security,
        params: IdParamsSchema, response: { 202: MessageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const endpoint = await found(request.params.id);
      const data: WebhookTestData = { endpoint_id: endpoint.id, message: 'A test event from Storefleet' };
      const event = { id: randomUUID(), type: EVENT_TYPES.webhookTest, data, time: new Date().toISOString() };
      const [delivery] = await db.tx((tx) =>
        messages.add(tx, [{ channel: 'webhook', recipient: endpoint.url, template: event.type, event_id: event.id, event_type: event.type, endpoint_id: endpoint.id, body_text: webhookBody(event), status: 'pending' }]),
      );
      sender.kick();
      return reply.status(202).send(delivery!);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags, operationId: 'listWebhookDeliveries', security,
        summary: 'An endpoint\'s deliveries, newest first, each with its attempts (status code, duration, first KB of the answer) and next attempt (admin)',
        params: IdParamsSchema, querystring: PageQuerySchema,
        response: { 200: WebhookDeliveryPageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await found(request.params.id);
      return messages.deliveriesOf(request.params.id, request.query.page ?? 1, request.query.limit ?? 20);
    },
  );

  app.post(
    '/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        tags, operationId: 'redeliverWebhook', summary: 'Send a delivery again now, with the same webhook-id (admin)', security,
        params: IdParamsSchema, response: { 202: MessageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const message = await messages.requeue(request.params.id, ['webhook']);
      if (!message) throw new AppError('not_found', `There is no webhook delivery ${request.params.id}`);
      sender.kick();
      return reply.status(202).send(message);
    },
  );
}
