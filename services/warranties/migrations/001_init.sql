-- One warranty per shipped unit. UNIQUE (order_id, serial) makes creation idempotent even when the same
-- shipment arrives twice under different event ids (the inbox skips only a repeated id).
CREATE TABLE warranties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  serial text NOT NULL,
  sku text NOT NULL,
  product_id uuid NOT NULL,
  product_name text NOT NULL,
  order_id uuid NOT NULL,
  user_id uuid,
  email text NOT NULL,
  months integer NOT NULL CHECK (months BETWEEN 1 AND 120),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  -- Set when an admin voids it; the status (active, expired, void) is derived, so it never goes stale.
  voided_at timestamptz,
  void_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT warranties_order_serial_key UNIQUE (order_id, serial)
);
-- The guest lookup and the admin filters (serials and emails compared without case).
CREATE INDEX warranties_serial_idx ON warranties (upper(serial));
CREATE INDEX warranties_email_idx ON warranties (lower(email));
CREATE INDEX warranties_user_idx ON warranties (user_id, created_at DESC);
CREATE INDEX warranties_created_idx ON warranties (created_at DESC, id);

-- Every change of a warranty (created, extended, voided): who, when, why, the end date before and after.
CREATE TABLE warranty_history (
  id bigserial PRIMARY KEY,
  warranty_id uuid NOT NULL REFERENCES warranties (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('created', 'extended', 'voided')),
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  reason text,
  ends_on_before date,
  ends_on_after date NOT NULL
);
CREATE INDEX warranty_history_warranty_idx ON warranty_history (warranty_id, id);

CREATE TABLE claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  warranty_id uuid NOT NULL REFERENCES warranties (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('open', 'in_repair', 'resolved', 'rejected')),
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claims_warranty_idx ON claims (warranty_id, created_at);

-- Every status of a claim, the first (open) included.
CREATE TABLE claim_history (
  id bigserial PRIMARY KEY,
  claim_id uuid NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  from_status text,
  to_status text NOT NULL,
  note text
);
CREATE INDEX claim_history_claim_idx ON claim_history (claim_id, id);
