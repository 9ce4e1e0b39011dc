-- The body in force of commit_reservation (applied after the migrations at every start; edit it here).
-- held → committed: the units leave on_hand as a sale (movement 'sale'). outcome: 'done', 'not_found',
-- or 'as_is' with the reservation as it stands when it is not held (the service decides what that means).
-- plan_cache_mode: as for stock_apply_changes.
CREATE OR REPLACE FUNCTION commit_reservation(p_order_id uuid)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  r reservations;
  v_skus text[];
  v_quantities int[];
BEGIN
  SELECT x.* INTO r FROM reservations x WHERE x.order_id = p_order_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found', p_order_id, NULL::text, NULL::jsonb, NULL::timestamptz;
    RETURN;
  END IF;
  IF r.status <> 'held' THEN
    RETURN QUERY SELECT 'as_is', r.order_id, r.status, r.lines, r.expires_at;
    RETURN;
  END IF;
  SELECT array_agg(l.sku), array_agg(-l.quantity) INTO v_skus, v_quantities FROM jsonb_to_recordset(r.lines) AS l (sku text, quantity int);
  PERFORM stock_apply_changes(v_skus, v_quantities, v_quantities, array_fill(NULL::int, ARRAY[cardinality(v_skus)]),
                              'sale', 'order ' || r.order_id, r.order_id, 'system');
  UPDATE reservations x SET status = 'committed', expires_at = NULL, updated_at = now()
   WHERE x.order_id = p_order_id
  RETURNING x.* INTO r;
  RETURN QUERY SELECT 'done', r.order_id, r.status, r.lines, r.expires_at;
END
$$;
