import type {
  ClaimStatus, LowStockData, Order, OrderStatusChangedEventData, PasswordResetRequestedEventData, Payment, User, WarrantyClaimEventData, WebhookEndpointDisabledData,
} from '@storefleet/contracts';

/** What notifications remembers of an order from its order.created: whom its later messages go to. */
export interface KnownOrder {
  id: string;
  user_id: string | null;
  email: string;
  currency: string;
  total: string;
  /** Where SMS go: the checkout's phone, else the customer's profile phone; null when neither. */
  phone: string | null;
}

export interface PlannedEmail {
  template: string;
  to: string;
  view: Record<string, unknown>;
}

export interface PlannedSms {
  template: string;
  to: string;
  view: Record<string, unknown>;
}

export interface PlannedInApp {
  user_id: string;
  kind: string;
  title: string;
  body: string;
  order_id: string | null;
}

export interface PlannedMessages {
  emails: PlannedEmail[];
  sms?: PlannedSms[];
  inApp: PlannedInApp[];
}

/** What an event's messages depend on besides the event: read models and settings. */
export interface MessageContext {
  /** The order the event is about (status change, refund), if notifications saw it created. */
  order?: KnownOrder;
  /** Who gets operator alerts (ADMIN_ALERT_EMAILS, else every active admin). */
  alertEmails: string[];
  storefrontUrl: string;
}

/** A typed event, as the handler has checked it against its contract. */
export type CheckedEvent =
  | { type: 'order.created'; data: Order }
  | { type: 'order.status_changed'; data: OrderStatusChangedEventData }
  | { type: 'payment.refunded'; data: Payment }
  | { type: 'user.registered'; data: User }
  | { type: 'user.password_reset_requested'; data: PasswordResetRequestedEventData }
  | { type: 'inventory.low_stock'; data: LowStockData }
  | { type: 'webhook.endpoint_disabled'; data: WebhookEndpointDisabledData }
  | { type: 'warranty.claim_opened'; data: WarrantyClaimEventData }
  | { type: 'warranty.claim_updated'; data: WarrantyClaimEventData };

const money = (amount: number | string) => Number(amount).toFixed(2);
const NONE: PlannedMessages = { emails: [], inApp: [] };

/** The statuses a customer is told about, with their template and in-app title. */
const STATUS_MESSAGES: Partial<Record<OrderStatusChangedEventData['to'], { template: string; title: string }>> = {
  shipped: { template: 'order-shipped', title: 'Your order has shipped' },
  delivered: { template: 'order-delivered', title: 'Your order was delivered' },
  cancelled: { template: 'order-cancelled', title: 'Your order was cancelled' },
};

/** A claim's status as a customer reads it. */
const CLAIM_STATUS_TEXT: Record<ClaimStatus, string> = { open: 'open', in_repair: 'in repair', resolved: 'resolved', rejected: 'rejected' };

/** A warranty claim's email to the warranty's email, and its in-app notification when a customer owns the warranty. */
function claimMessages(kind: 'warranty.claim_opened' | 'warranty.claim_updated', { claim, warranty }: WarrantyClaimEventData): PlannedMessages {
  const opened = kind === 'warranty.claim_opened';
  const status_text = CLAIM_STATUS_TEXT[claim.status];
  // The admin's note of this change: the claim's last history entry.
  const note = opened ? null : (claim.history.at(-1)?.note ?? null);
  const view = { claim_id: claim.id, product_name: warranty.product_name, serial: warranty.serial, ends_on: warranty.ends_on, description: claim.description, status_text, note };
  const title = opened ? 'We received your warranty claim' : `Your warranty claim is ${status_text}`;
  const body = `${warranty.product_name} (${warranty.serial})${opened ? '' : `: ${status_text}${note ? `. ${note}` : ''}`}`;
  return {
    emails: [{ template: opened ? 'warranty-claim-opened' : 'warranty-claim-updated', to: warranty.email, view }],
    inApp: warranty.user_id ? [{ user_id: warranty.user_id, kind, title, body, order_id: warranty.order_id }] : [],
  };
}

function orderInApp(order: { id: string; user_id: string | null }, kind: string, title: string, body: string): PlannedInApp[] {
  return order.user_id ? [{ user_id: order.user_id, kind, title, body, order_id: order.id }] : [];
}

/**
 * The emails and in-app notifications one event makes (webhooks are planned apart: every event may go to
 * them). Pure: the read models it needs come in `context`.
 */
export function messagesForEvent(event: CheckedEvent, context: MessageContext): PlannedMessages {
  switch (event.type) {
    case 'order.created': {
      const order = event.data;
      const guest = order.user_id === null;
      const lookup = `${context.storefrontUrl}/orders/lookup?email=${encodeURIComponent(order.email)}&order_id=${order.id}`;
      const view = {
        order_id: order.id,
        email: order.email,
        currency: order.currency,
        total: money(order.total),
        guest,
        lookup_url: lookup,
        items: order.items.map((item) => ({ name: item.name, sku: item.sku, quantity: item.quantity, unit_price: money(item.unit_price), line_total: money(item.line_total) })),
      };
      return {
        emails: [{ template: 'order-confirmation', to: order.email, view }],
        inApp: orderInApp(order, event.type, 'Order placed', `Your order ${order.id} of ${money(order.total)} ${order.currency} was placed.`),
      };
    }
    case 'order.status_changed': {
      const change = event.data;
      const message = STATUS_MESSAGES[change.to];
      const order = context.order;
      if (!message || !order) return NONE;
      const view = { order_id: order.id, currency: order.currency, total: money(order.total), reason: change.reason };
      const body = change.reason && change.to === 'cancelled' ? `Order ${order.id}: ${change.reason}` : `Order ${order.id}`;
      // Only shipping is worth a text message.
      const sms = change.to === 'shipped' && order.phone ? [{ template: message.template, to: order.phone, view }] : [];
      return { emails: [{ template: message.template, to: order.email, view }], sms, inApp: orderInApp(order, `order.${change.to}`, message.title, body) };
    }
    case 'payment.refunded': {
      const order = context.order;
      if (!order) return NONE;
      const view = { order_id: order.id, currency: event.data.currency, amount: money(event.data.amount_refunded) };
      return {
        emails: [{ template: 'order-refunded', to: order.email, view }],
        inApp: orderInApp(order, 'order.refunded', 'Your order was refunded', `${view.amount} ${view.currency} of order ${order.id} was refunded.`),
      };
    }
    case 'user.registered': {
      const user = event.data;
      if (user.role !== 'customer') return NONE;
      return { emails: [{ template: 'welcome', to: user.email, view: { first_name: user.first_name, email: user.email, storefront_url: context.storefrontUrl } }], inApp: [] };
    }
    case 'user.password_reset_requested': {
      const { email, first_name, token, expires_at } = event.data;
      const reset_url = `${context.storefrontUrl}/reset-password?token=${encodeURIComponent(token)}`;
      return { emails: [{ template: 'password-reset', to: email, view: { first_name, reset_url, expires_at } }], inApp: [] };
    }
    case 'inventory.low_stock':
      return { emails: context.alertEmails.map((to) => ({ template: 'low-stock', to, view: event.data })), inApp: [] };
    case 'webhook.endpoint_disabled':
      return { emails: context.alertEmails.map((to) => ({ template: 'webhook-disabled', to, view: event.data })), inApp: [] };
    case 'warranty.claim_opened':
    case 'warranty.claim_updated':
      return claimMessages(event.type, event.data);
  }
}
