-- Adds a line to a cart in one round trip. The cart row is locked first, so concurrent adds to one cart
-- queue up, and each later statement here sees the lines committed before it. The cart must belong to
-- p_user (NULL: a guest cart). Adding a SKU already in the cart adds to its quantity, capped at
-- p_max_quantity; a new line beyond p_max_lines is refused. Answers `no_cart`, `full` or `added`, with
-- the cart as it now stands and its lines in the order they were added.
CREATE FUNCTION cart_add_item(p_cart uuid, p_user uuid, p_sku text, p_product uuid, p_name text, p_quantity int,
                              p_max_lines int, p_max_quantity int)
RETURNS TABLE (outcome text, id uuid, user_id uuid, updated_at text, items json)
LANGUAGE plpgsql AS $$
DECLARE
  v_outcome text := 'added';
  v_lines int;
  v_current int;
BEGIN
  UPDATE carts c SET updated_at = now() WHERE c.id = p_cart AND c.user_id IS NOT DISTINCT FROM p_user;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'no_cart'::text, NULL::uuid, NULL::uuid, NULL::text, NULL::json;
    RETURN;
  END IF;
  SELECT count(*)::int, max(ci.quantity) FILTER (WHERE ci.sku = p_sku) INTO v_lines, v_current
    FROM cart_items ci WHERE ci.cart_id = p_cart;
  IF v_current IS NULL AND v_lines >= p_max_lines THEN
    v_outcome := 'full';
  ELSE
    INSERT INTO cart_items AS ci (cart_id, sku, product_id, name, quantity)
    VALUES (p_cart, p_sku, p_product, p_name, LEAST(COALESCE(v_current, 0) + p_quantity, p_max_quantity))
    ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = EXCLUDED.quantity, name = EXCLUDED.name, product_id = EXCLUDED.product_id;
  END IF;
  RETURN QUERY
    SELECT v_outcome, c.id, c.user_id, to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           COALESCE((SELECT json_agg(json_build_object('sku', ci.sku, 'product_id', ci.product_id, 'name', ci.name, 'quantity', ci.quantity)
                                     ORDER BY ci.added_at, ci.sku)
                       FROM cart_items ci WHERE ci.cart_id = c.id), '[]'::json)
      FROM carts c WHERE c.id = p_cart;
END
$$;
