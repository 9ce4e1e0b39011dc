import { IdParamsSchema, InAppListQuerySchema, InAppNotificationListSchema, InAppNotificationSchema } from '@storefleet/contracts';
import { AppError, problems, requireUser, type App } from '@storefleet/kit';
import { Type } from '@sinclair/typebox';
import type { InAppStore } from '../store/in-app-store.js';

const security = [{ bearer: [] }];

/** A signed-in user's own in-app notifications; anyone else's answers 404. */
export function inAppRoutes(app: App, { inApp }: { inApp: InAppStore }): void {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'], operationId: 'listMyNotifications', summary: 'My in-app notifications, newest first, with the unread count', security,
        querystring: InAppListQuerySchema,
        response: { 200: InAppNotificationListSchema, ...problems(400, 401) },
      },
    },
    async (request) => inApp.listOf(requireUser(request).id, request.query.limit ?? 50),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'], operationId: 'readNotification', summary: 'Mark one of my notifications read', security,
        params: IdParamsSchema,
        response: { 200: InAppNotificationSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const notification = await inApp.markRead(requireUser(request).id, request.params.id);
      if (!notification) throw new AppError('not_found', `There is no notification ${request.params.id}`);
      return notification;
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'], operationId: 'readAllNotifications', summary: 'Mark all my notifications read', security,
        response: { 200: Type.Object({ marked: Type.Integer({ minimum: 0 }) }), ...problems(401) },
      },
    },
    async (request) => ({ marked: await inApp.markAllRead(requireUser(request).id) }),
  );
}
