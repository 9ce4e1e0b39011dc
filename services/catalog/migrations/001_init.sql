-- Categories form a tree: two top-level kinds (laptops, spare-parts) and their sub-categories.
CREATE TABLE categories (
  slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  parent_slug text REFERENCES categories (slug),
  position integer NOT NULL DEFAULT 0
);

INSERT INTO categories (slug, name, parent_slug, position) VALUES
  ('laptops', 'Laptops', NULL, 1),
  ('spare-parts', 'Spare parts', NULL, 2),
  ('memory', 'Memory', 'spare-parts', 1),
  ('storage', 'Storage', 'spare-parts', 2),
  ('batteries', 'Batteries', 'spare-parts', 3),
  ('chargers', 'Chargers', 'spare-parts', 4),
  ('displays', 'Displays', 'spare-parts', 5),
  ('keyboards', 'Keyboards', 'spare-parts', 6);

-- The given categories and every category below them.
CREATE FUNCTION category_subtree(roots text[]) RETURNS TABLE (slug text)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE tree AS (
    SELECT c.slug FROM categories c WHERE c.slug = ANY (roots)
    UNION
    SELECT c.slug FROM categories c JOIN tree t ON c.parent_slug = t.slug
  )
  SELECT tree.slug FROM tree
$$;

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku text NOT NULL CONSTRAINT products_sku_key UNIQUE CHECK (sku = upper(sku)),
  name text NOT NULL CHECK (name <> ''),
  description text NOT NULL DEFAULT '',
  brand text NOT NULL CHECK (brand <> ''),
  category text NOT NULL CONSTRAINT products_category_fkey REFERENCES categories (slug),
  price numeric(12, 2) NOT NULL CHECK (price >= 0 AND price <= 1000000),
  currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  image_url text,
  attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
  warranty_months integer NOT NULL DEFAULT 24 CHECK (warranty_months BETWEEN 0 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- SKUs use the 'simple' config so codes are not stemmed; words use 'english'.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(sku, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(brand, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'C')
  ) STORED
);

CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_category_idx ON products (category);
CREATE INDEX products_brand_idx ON products (lower(brand));
-- Keyset pagination: one index per sort, ending with the id tie-breaker.
CREATE INDEX products_price_idx ON products (price, id);
CREATE INDEX products_name_idx ON products ((lower(name) COLLATE "C"), id);
CREATE INDEX products_newest_idx ON products (created_at, id);

-- Seeds that have run on this database, so the demo catalog is inserted once, not again after an admin empties it.
CREATE TABLE seed_runs (
  name text PRIMARY KEY,
  run_at timestamptz NOT NULL DEFAULT now()
);
