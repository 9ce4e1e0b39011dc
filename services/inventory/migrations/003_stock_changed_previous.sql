-- inventory.stock_changed also carries `previous_available` (the SKU's availability before the
-- change), so a reader of availability only (catalog) can skip the changes that leave it as it was,
-- such as committing a reservation (on_hand and reserved fall together). Otherwise as in 002.
-- History: the body in force lives in ../sql/stock_apply_changes.sql, applied at every start.
CREATE OR REPLACE FUNCTION stock_apply_changes(
  p_skus text[], p_on_hand_deltas int[], p_reserved_deltas int[], p_thresholds int[],
  p_kind text, p_reason text, p_order_id uuid, p_actor text
) RETURNS SETOF stock
LANGUAGE plpgsql AS $$
DECLARE
  c record;
  b stock;
  a stock;
BEGIN
  PERFORM 1 FROM stock s WHERE s.sku = ANY (p_skus) ORDER BY s.sku COLLATE "C" FOR UPDATE;
  FOR c IN
    SELECT u.sku, u.d_on_hand, u.d_reserved, u.threshold
      FROM unnest(p_skus, p_on_hand_deltas, p_reserved_deltas, p_thresholds) AS u (sku, d_on_hand, d_reserved, threshold)
     ORDER BY u.sku COLLATE "C"
  LOOP
    SELECT * INTO b FROM stock s WHERE s.sku = c.sku;
    UPDATE stock s
       SET on_hand = s.on_hand + c.d_on_hand,
           reserved = s.reserved + c.d_reserved,
           low_stock_threshold = COALESCE(c.threshold, s.low_stock_threshold),
           version = s.version + 1,
           updated_at = now()
     WHERE s.sku = c.sku
       AND s.reserved + c.d_reserved >= 0
       AND s.on_hand + c.d_on_hand >= s.reserved + c.d_reserved
    RETURNING s.* INTO a;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'stock guard refused the change of % (on_hand %, reserved %)', c.sku, c.d_on_hand, c.d_reserved;
    END IF;

    IF p_kind = 'adjustment' OR (p_kind IS NOT NULL AND c.d_on_hand <> 0) THEN
      INSERT INTO movements (sku, kind, delta, on_hand, reserved, reason, order_id, actor)
      VALUES (a.sku, p_kind, c.d_on_hand, a.on_hand, a.reserved, p_reason, p_order_id, p_actor);
    END IF;
    IF p_kind = 'adjustment' THEN
      INSERT INTO outbox (id, type, source, subject, time, data)
      VALUES (gen_random_uuid(), 'inventory.adjusted', 'inventory', a.sku, clock_timestamp(), jsonb_build_object(
        'sku', a.sku, 'delta', c.d_on_hand, 'reason', COALESCE(p_reason, ''), 'on_hand', a.on_hand, 'reserved', a.reserved,
        'available', a.on_hand - a.reserved, 'actor', p_actor));
    END IF;
    INSERT INTO outbox (id, type, source, subject, time, data)
    VALUES (gen_random_uuid(), 'inventory.stock_changed', 'inventory', a.sku, clock_timestamp(), jsonb_build_object(
      'sku', a.sku, 'on_hand', a.on_hand, 'reserved', a.reserved, 'available', a.on_hand - a.reserved, 'version', a.version,
      'previous_available', b.on_hand - b.reserved));
    IF b.on_hand - b.reserved > b.low_stock_threshold AND a.on_hand - a.reserved <= a.low_stock_threshold THEN
      INSERT INTO outbox (id, type, source, subject, time, data)
      VALUES (gen_random_uuid(), 'inventory.low_stock', 'inventory', a.sku, clock_timestamp(), jsonb_build_object(
        'sku', a.sku, 'available', a.on_hand - a.reserved, 'low_stock_threshold', a.low_stock_threshold));
    END IF;
    RETURN NEXT a;
  END LOOP;
END
$$;
