import { Type } from '@sinclair/typebox';
import { requireUser, problems, type App } from '@storefleet/kit';
import { AnalyticsQuerySchema, AnalyticsSchema, IdParamsSchema, OrderListQuerySchema, OrderLookupQuerySchema, OrderPageSchema, OrderSchema, TimelineSchema, UpdateOrderStatusSchema } from '@storefleet/contracts';
import type { OrderAnalytics } from '../orders/analytics.js';
import type { OrderQueries } from '../orders/order-queries.js';
import type { StatusChanges } from '../saga/status-changes.js';
import { toOrder } from '../store/order-rows.js';
import { contextOf, security } from './schemas.js';

const tags = ['orders'];

/** Guest lookup by email and order id; registered without auth. */
export function guestOrderRoutes(app: App, { queries }: { queries: OrderQueries }): void {
  app.get(
    '/orders/lookup',
    {
      schema: {
        tags, operationId: 'lookupOrder', summary: 'A guest finds their order by the email it was placed with and its id (404 for any other email)',
        querystring: OrderLookupQuerySchema,
        response: { 200: OrderSchema, ...problems(400, 404) },
      },
    },
    async (request) => toOrder(await queries.lookup(request.query.email, request.query.order_id)),
  );
}

/** Orders of the signed-in user (all of them for admins); registered behind the required auth hook. */
export function orderRoutes(app: App, { queries, statusChanges }: { queries: OrderQueries; statusChanges: StatusChanges }): void {
  app.get(
    '/orders',
    {
      schema: {
        tags, security, operationId: 'listOrders',
        summary: 'Own orders, newest first; admins see all and filter by status, email, channel, user_id and creation time',
        querystring: OrderListQuerySchema,
        response: { 200: OrderPageSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const page = await queries.list(request.query, requireUser(request));
      return { ...page, items: page.items.map(toOrder) };
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags, security, operationId: 'getOrder', summary: 'One order (its owner or an admin; 404 for anyone else)',
        params: IdParamsSchema,
        response: { 200: OrderSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => toOrder(await queries.get(request.params.id, requireUser(request))),
  );

  app.get(
    '/orders/:id/timeline',
    {
      schema: {
        tags, security, operationId: 'getOrderTimeline', summary: 'Every change of an order, oldest first: who, when, from, to, why',
        params: IdParamsSchema,
        response: { 200: TimelineSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => ({ items: await queries.timeline(request.params.id, requireUser(request)) }),
  );

  app.patch(
    '/orders/:id/status',
    {
      schema: {
        tags, security, operationId: 'changeOrderStatus',
        summary: 'Change the status: pending → processing | cancelled, processing → shipped | cancelled, shipped → delivered | cancelled, cancelled → pending',
        description:
          'Customers may only cancel their own pending or processing orders (403 otherwise). An illegal transition is 409 with `allowed`. ' +
          'Shipping captures the payment and records each unit\'s serial (`serials` by SKU, the missing ones generated): order.status_changed carries them ' +
          'for warranties. Cancelling releases or restocks and voids or refunds; reactivating (→ pending) re-reserves stock ' +
          '(409 out_of_stock otherwise). 409 while the order\'s checkout or another change is still running.',
        params: IdParamsSchema,
        body: UpdateOrderStatusSchema,
        response: { 200: OrderSchema, ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const order = await queries.get(request.params.id, user);
      const { status, reason, serials } = request.body;
      return toOrder(await statusChanges.change(order, status, user, { reason, serials }, contextOf(request)));
    },
  );
}

/** Admin-only order routes; registered behind the required auth hook and the admin role check. */
export function adminOrderRoutes(app: App, { queries, analytics }: { queries: OrderQueries; analytics: OrderAnalytics }): void {
  app.get(
    '/orders/analytics',
    {
      schema: {
        tags, security, operationId: 'orderAnalytics',
        summary: 'Sales figures per currency (admin): revenue and orders by day in tz, cancellations apart, by status and channel, average order value, refunds, top 10 products, and the previous period of the same length',
        querystring: AnalyticsQuerySchema,
        response: { 200: AnalyticsSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => analytics.report(request.query),
  );
  app.delete(
    '/orders/:id',
    {
      schema: {
        tags, security, operationId: 'deleteOrder', summary: 'Soft-delete an order (admin): hidden from lists and reads; emits order.deleted',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await queries.remove(request.params.id, requireUser(request));
      return reply.code(204).send(null);
    },
  );
}
