-- The catalog's version: raised by every statement that changes products (one bulk load is one
-- change). Cached public reads belong to a version; replicas read it again on each product.* event,
-- so a new version makes every cached body of an older one unreachable, on every replica at once.
CREATE TABLE products_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version bigint NOT NULL
);
INSERT INTO products_version (version) VALUES (1);

CREATE FUNCTION raise_products_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE products_version SET version = version + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION raise_products_version();
