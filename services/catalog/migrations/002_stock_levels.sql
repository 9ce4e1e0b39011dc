-- Catalog's read model of inventory: what each SKU has available, from inventory.stock_changed.
-- `version` is the highest seen for the SKU, so an event delivered late never overwrites a newer one.
-- No foreign key to products: a stock event may arrive before (or after the deletion of) its product.
CREATE TABLE stock_levels (
  sku text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0),
  version bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
