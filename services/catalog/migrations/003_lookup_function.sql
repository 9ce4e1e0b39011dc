-- The products with any of these SKUs or ids: the internal lookup that prices every cart line and
-- checkout. Planned once per connection (a generic plan: the SKU and id indexes fit any arrays);
-- as a plain query on `= ANY ($1)`, PostgreSQL planned it again on every call, which cost more
-- than running it.
CREATE FUNCTION products_by_sku_or_id(p_skus text[], p_ids uuid[]) RETURNS SETOF products
LANGUAGE sql STABLE SET plan_cache_mode = force_generic_plan
AS $$ SELECT * FROM products WHERE sku = ANY (p_skus) OR id = ANY (p_ids) $$;
