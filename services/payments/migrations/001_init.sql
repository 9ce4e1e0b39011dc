-- One payment intent per order; the UNIQUE order_id makes creation idempotent, even under races.
-- A card is kept as brand + last four digits only: the full number is never stored.
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL CONSTRAINT payments_order_id_key UNIQUE,
  user_id uuid,
  email text,
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL CHECK (status IN ('pending', 'authorized', 'declined', 'failed', 'captured', 'voided', 'refunded', 'partially_refunded')),
  card_brand text,
  card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
  failure_reason text,
  amount_refunded numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((card_brand IS NULL) = (card_last4 IS NULL))
);
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC);
CREATE INDEX payments_created_idx ON payments (created_at DESC, id);

-- Every operation done to a payment, in order: its history.
CREATE TABLE payment_operations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL REFERENCES payments (id),
  kind text NOT NULL CHECK (kind IN ('authorize', 'capture', 'void', 'refund')),
  from_status text,
  to_status text NOT NULL,
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  reason text,
  actor text NOT NULL,
  -- A refund retried with the same Idempotency-Key is done once.
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT payment_operations_idempotency_key UNIQUE (payment_id, idempotency_key)
);
CREATE INDEX payment_operations_payment_idx ON payment_operations (payment_id, created_at);
