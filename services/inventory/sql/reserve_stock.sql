-- The body in force of reserve_stock (applied after the migrations at every start; edit it here).
-- Holds stock for an order, all lines or none (lines given as parallel arrays, SKUs normalized and
-- unique; `p_lines` is what the reservation keeps). outcome: 'created' (a new hold, or a released one
-- held again), 'existing' (the order already has a held or committed reservation: answered as is), or
-- 'out_of_stock' with `shortages` [{sku, requested, available}] in line order, nothing held.
-- plan_cache_mode: as for stock_apply_changes, one generic plan fits every array of SKUs.
CREATE OR REPLACE FUNCTION reserve_stock(p_order_id uuid, p_skus text[], p_quantities int[], p_lines jsonb, p_ttl_seconds int)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz, shortages jsonb)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  r reservations;
  v_new boolean := true;
  v_shortages jsonb;
  v_count int := cardinality(p_skus);
BEGIN
  -- A concurrent call for the same order waits here on the primary key until this one ends.
  INSERT INTO reservations AS x (order_id, status, lines, expires_at)
  VALUES (p_order_id, 'held', p_lines, now() + make_interval(secs => p_ttl_seconds))
  ON CONFLICT (order_id) DO NOTHING
  RETURNING x.* INTO r;
  IF NOT FOUND THEN
    SELECT x.* INTO r FROM reservations x WHERE x.order_id = p_order_id FOR UPDATE;
    IF r.status IN ('held', 'committed') THEN
      RETURN QUERY SELECT 'existing', r.order_id, r.status, r.lines, r.expires_at, NULL::jsonb;
      RETURN;
    END IF;
    v_new := false;
  END IF;

  PERFORM 1 FROM stock s WHERE s.sku = ANY (p_skus) ORDER BY s.sku COLLATE "C" FOR UPDATE;
  -- A SKU without a stock row has 0 available.
  SELECT jsonb_agg(jsonb_build_object('sku', l.sku, 'requested', l.quantity, 'available', COALESCE(s.on_hand - s.reserved, 0)) ORDER BY l.n)
    INTO v_shortages
    FROM unnest(p_skus, p_quantities) WITH ORDINALITY AS l (sku, quantity, n)
    LEFT JOIN stock s ON s.sku = l.sku
   WHERE l.quantity > COALESCE(s.on_hand - s.reserved, 0);
  IF v_shortages IS NOT NULL THEN
    -- Nothing held: the row this call inserted goes (a reactivated one stays as it was).
    IF v_new THEN DELETE FROM reservations x WHERE x.order_id = p_order_id; END IF;
    RETURN QUERY SELECT 'out_of_stock', p_order_id, NULL::text, NULL::jsonb, NULL::timestamptz, v_shortages;
    RETURN;
  END IF;

  PERFORM stock_apply_changes(p_skus, array_fill(0, ARRAY[v_count]), p_quantities, array_fill(NULL::int, ARRAY[v_count]), NULL, NULL, NULL, NULL);
  IF NOT v_new THEN
    UPDATE reservations x
       SET status = 'held', lines = p_lines, expires_at = now() + make_interval(secs => p_ttl_seconds), updated_at = now()
     WHERE x.order_id = p_order_id
    RETURNING x.* INTO r;
  END IF;
  RETURN QUERY SELECT 'created', r.order_id, r.status, r.lines, r.expires_at, NULL::jsonb;
END
$$;
