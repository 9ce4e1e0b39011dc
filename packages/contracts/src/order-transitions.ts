import type { OrderStatus } from './orders.js';

/**
 * The order status machine (ARCHITECTURE.md): every legal target of each status. Orders enforces it; the
 * admin panel offers exactly these changes as buttons. Plain data without TypeBox, so a web app can import
 * it (`@storefleet/contracts/order-transitions`) without bundling the schemas.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: ['pending'],
};
