-- Stock per SKU. The CHECKs are the last line of defence against overselling: whatever the code
-- does, reserved never goes below zero and never exceeds what is on hand.
CREATE TABLE stock (
  sku text PRIMARY KEY CHECK (sku = upper(sku) AND sku <> ''),
  on_hand integer NOT NULL DEFAULT 0 CONSTRAINT stock_on_hand_check CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CONSTRAINT stock_reserved_check CHECK (reserved >= 0),
  low_stock_threshold integer NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
  -- Increases by 1 with every change, so readers of inventory.stock_changed can drop stale events.
  version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_on_hand_covers_reserved CHECK (on_hand >= reserved)
);

CREATE INDEX stock_low_idx ON stock (sku) WHERE on_hand - reserved <= low_stock_threshold;

-- Every change of on_hand: admin adjustments, sales (commits) and restocks, with who and why.
CREATE TABLE movements (
  id bigserial PRIMARY KEY,
  sku text NOT NULL REFERENCES stock (sku),
  kind text NOT NULL CHECK (kind IN ('adjustment', 'sale', 'restock')),
  delta integer NOT NULL,
  on_hand integer NOT NULL,
  reserved integer NOT NULL,
  reason text,
  order_id uuid,
  actor text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movements_sku_idx ON movements (sku, id DESC);

-- One reservation per order: its lines and where it stands.
CREATE TABLE reservations (
  order_id uuid PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('held', 'committed', 'released', 'restocked')),
  lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reservations_expiry_idx ON reservations (expires_at) WHERE status = 'held' AND expires_at IS NOT NULL;

-- Seeds that have run on this database, so demo stock is set once, not again after an admin changes it.
CREATE TABLE seed_runs (
  name text PRIMARY KEY,
  run_at timestamptz NOT NULL DEFAULT now()
);
