-- What GET /orders/analytics reads, from orders' own tables only.
--
-- Refunds: payments announces each one as payment.refunded with the payment's running total refunded;
-- orders keeps each increase here (one row per event, so a redelivered event adds nothing).
CREATE TABLE order_refunds (
  event_id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  amount numeric(12, 2) NOT NULL CHECK (amount > 0),
  -- The payment's total refunded after this refund: the next event's increase is measured from it.
  refunded_total numeric(12, 2) NOT NULL,
  refunded_at timestamptz NOT NULL
);
CREATE INDEX order_refunds_order_idx ON order_refunds (order_id, refunded_total DESC);
CREATE INDEX order_refunds_at_idx ON order_refunds (refunded_at);

-- A period's orders, every figure read from the index alone (index-only scans once vacuumed): the
-- whole shop by creation time, and one channel's (005 orders channel, created_at for the list).
CREATE INDEX orders_analytics_idx ON orders (created_at) INCLUDE (currency, status, channel, total, deleted_at);
CREATE INDEX orders_channel_analytics_idx ON orders (channel, created_at) INCLUDE (currency, status, total, deleted_at);
