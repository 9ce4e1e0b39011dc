-- Large catalogs. Lists page by keyset (products_price_idx, products_name_idx, products_newest_idx
-- of 001 end with the id tie-breaker, and the GIN index serves search); these serve the filters that
-- come with a sort, so a category or brand page reads its window from an index, not the whole table.
CREATE INDEX products_category_name_idx ON products (category, (lower(name) COLLATE "C"), id);
CREATE INDEX products_category_price_idx ON products (category, price, id);
CREATE INDEX products_brand_name_idx ON products (lower(brand), (lower(name) COLLATE "C"), id);
-- The availability view reloads what changed since it last looked when a bulk load moves the version.
CREATE INDEX stock_levels_updated_idx ON stock_levels (updated_at);
