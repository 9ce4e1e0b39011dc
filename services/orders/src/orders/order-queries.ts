import type { AuthUser } from '@storefleet/kit';
import type { OrderListQuery, TimelineEntry } from '@storefleet/contracts';
import { canSeeOrder, guestMayLookUp, orderNotFound } from '../domain/order-access.js';
import type { OrderRecord } from '../store/order-rows.js';
import type { OrdersStore } from '../store/orders-store.js';

/**
 * Reads of orders with their access rules: customers see their own, admins all, guests one by email + id;
 * deleted orders are hidden from everyone.
 * @example const order = await queries.get(id, request.user)
 */
export function createOrderQueries({ orders }: { orders: OrdersStore }) {
  async function get(id: string, user: AuthUser): Promise<OrderRecord> {
    const order = await orders.get(id);
    if (!order || !canSeeOrder(order, user)) throw orderNotFound(id);
    return order;
  }

  return {
    get,

    /** Admins filter by anything; a customer's list is always their own orders (email, channel and user filters are ignored). */
    async list(query: OrderListQuery, user: AuthUser) {
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      const filter = user.role === 'admin'
        ? { ...query, page, limit }
        : { user_id: user.id, status: query.status, from: query.from, to: query.to, page, limit };
      return { ...(await orders.list(filter)), page, limit };
    },

    async lookup(email: string, orderId: string): Promise<OrderRecord> {
      const order = await orders.get(orderId);
      if (!order || !guestMayLookUp(order, email)) throw orderNotFound(orderId);
      return order;
    },

    async timeline(id: string, user: AuthUser): Promise<TimelineEntry[]> {
      await get(id, user);
      return orders.timeline(id);
    },

    async remove(id: string, admin: AuthUser): Promise<void> {
      if (!(await orders.softDelete(id, admin.id))) throw orderNotFound(id);
    },
  };
}

export type OrderQueries = ReturnType<typeof createOrderQueries>;
