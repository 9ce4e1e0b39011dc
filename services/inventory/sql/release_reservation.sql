-- The body in force of release_reservation (applied after the migrations at every start; edit it here).
-- held → released (back to available); committed → restocked (back on hand, movement 'restock');
-- otherwise as is. outcome: 'done', 'as_is' or 'not_found'. The expiry is kept.
-- plan_cache_mode: as for stock_apply_changes.
CREATE OR REPLACE FUNCTION release_reservation(p_order_id uuid)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  r reservations;
  v_skus text[];
  v_quantities int[];
  v_zeros int[];
  v_restock boolean;
BEGIN
  SELECT x.* INTO r FROM reservations x WHERE x.order_id = p_order_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found', p_order_id, NULL::text, NULL::jsonb, NULL::timestamptz;
    RETURN;
  END IF;
  IF r.status NOT IN ('held', 'committed') THEN
    RETURN QUERY SELECT 'as_is', r.order_id, r.status, r.lines, r.expires_at;
    RETURN;
  END IF;
  v_restock := r.status = 'committed';
  SELECT array_agg(l.sku), array_agg(l.quantity), array_agg(0) INTO v_skus, v_quantities, v_zeros
    FROM jsonb_to_recordset(r.lines) AS l (sku text, quantity int);
  IF v_restock THEN
    PERFORM stock_apply_changes(v_skus, v_quantities, v_zeros, array_fill(NULL::int, ARRAY[cardinality(v_skus)]),
                                'restock', 'order ' || r.order_id || ' released', r.order_id, 'system');
  ELSE
    PERFORM stock_apply_changes(v_skus, v_zeros, (SELECT array_agg(-q) FROM unnest(v_quantities) AS q),
                                array_fill(NULL::int, ARRAY[cardinality(v_skus)]), NULL, NULL, NULL, NULL);
  END IF;
  UPDATE reservations x SET status = CASE WHEN v_restock THEN 'restocked' ELSE 'released' END, updated_at = now()
   WHERE x.order_id = p_order_id
  RETURNING x.* INTO r;
  RETURN QUERY SELECT 'done', r.order_id, r.status, r.lines, r.expires_at;
END
$$;
