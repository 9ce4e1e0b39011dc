import { IdParamsSchema, MessageDetailSchema, MessageListQuerySchema, MessagePageSchema, MessageSchema } from '@storefleet/contracts';
import { AppError, problems, type App } from '@storefleet/kit';
import type { Sender } from '../sender.js';
import type { MessagesStore } from '../store/messages-store.js';

const security = [{ bearer: [] }];
const notFound = (id: string) => new AppError('not_found', `There is no message ${id}`);

/** The delivery log of emails, SMS and webhook calls, for admins; registered on an admin-only scope. */
export function messageRoutes(app: App, { messages, sender }: { messages: MessagesStore; sender: Sender }): void {
  app.get(
    '/notifications/messages',
    {
      schema: {
        tags: ['notifications'], operationId: 'listMessages', security,
        summary: 'Every outbound message, newest first, by status, channel, recipient, template and creation date (admin)',
        querystring: MessageListQuerySchema,
        response: { 200: MessagePageSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => messages.list(request.query),
  );

  app.get(
    '/notifications/messages/:id',
    {
      schema: {
        tags: ['notifications'], operationId: 'getMessage', summary: 'One message as rendered (subject, text, HTML or webhook body) with its attempts (admin)', security,
        params: IdParamsSchema,
        response: { 200: MessageDetailSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => (await messages.detail(request.params.id)) ?? Promise.reject(notFound(request.params.id)),
  );

  app.post(
    '/notifications/messages/:id/resend',
    {
      schema: {
        tags: ['notifications'], operationId: 'resendMessage', summary: 'Send a message again now, with a fresh retry schedule (admin)', security,
        params: IdParamsSchema,
        response: { 202: MessageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const message = await messages.requeue(request.params.id, ['email', 'sms', 'webhook']);
      if (!message) throw notFound(request.params.id);
      sender.kick();
      return reply.status(202).send(message);
    },
  );
}
