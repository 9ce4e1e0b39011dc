-- Carts: one per signed-in user (user_id set) or one per guest (user_id NULL, addressed by its id).
CREATE TABLE carts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
  cart_id uuid NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
  sku text NOT NULL,
  product_id uuid NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cart_id, sku)
);

-- An order and the state of its checkout saga. A running saga owns the row through its lease
-- (lease_owner, lease_until); the resumer takes over rows whose saga is not done and whose lease expired.
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id uuid,
  email text NOT NULL,
  channel text NOT NULL,
  cart_id uuid,
  status text NOT NULL CHECK (status IN ('pending', 'processing', 'shipped', 'delivered', 'cancelled')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
  total numeric(12, 2) NOT NULL CHECK (total >= 0),
  payment_id uuid,
  payment_status text,
  card_brand text,
  card_last4 text,
  cancel_reason text,
  -- Counts reservations made for this order (1 at checkout, +1 per reactivation), so each gets its own idempotency keys.
  reservation_round integer NOT NULL DEFAULT 1,
  saga_state text NOT NULL CHECK (saga_state IN ('reserve', 'authorize', 'commit', 'compensate', 'transition', 'done')),
  saga_pending text[] NOT NULL DEFAULT '{}',
  lease_owner uuid,
  lease_until timestamptz,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id);
CREATE INDEX orders_email_idx ON orders (lower(email));
CREATE INDEX orders_unfinished_idx ON orders (lease_until) WHERE saga_state <> 'done';

CREATE TABLE order_lines (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position integer NOT NULL,
  sku text NOT NULL,
  product_id uuid NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0 AND unit_price <= 1000000),
  line_total numeric(12, 2) NOT NULL,
  PRIMARY KEY (order_id, position),
  UNIQUE (order_id, sku)
);

CREATE TABLE order_timeline (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('created', 'status_changed', 'updated', 'deleted')),
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  from_status text,
  to_status text,
  reason text
);
CREATE INDEX order_timeline_order_idx ON order_timeline (order_id, id);

-- Idempotency-Key of POST /orders, per caller (scope): the request's hash and, once known, the first answer.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'done')),
  order_id uuid,
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
