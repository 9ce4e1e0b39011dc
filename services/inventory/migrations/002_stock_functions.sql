-- Stock changes and reservation steps as functions, so each runs as ONE statement from the service.
-- A popular SKU's row is then locked for one statement and its commit. Before, the lock was held
-- across several client round trips (movement, events, reservation update, COMMIT), each waiting
-- for the service's busy event loop, and checkouts of a hot SKU queued on that row.
-- History: these are the functions as first created. The body in force of each lives in
-- ../sql/<function>.sql, applied after the migrations at every start; change it there.

-- Applies level changes (deltas of on_hand and reserved, optionally a new threshold) with a
-- conditional UPDATE per SKU, locking in SKU order so transactions on the same SKUs queue instead of
-- deadlocking; writes the movement rows (`p_kind`: every adjustment, and other kinds when on_hand
-- moved) and the outbox events of src/events.ts: inventory.adjusted (adjustments),
-- inventory.stock_changed (every change, with the row's new version) and inventory.low_stock (when
-- available crossed the threshold downwards). Raises if a guard refuses a change: callers check the
-- locked levels first, so a refusal means a caller is wrong.
CREATE FUNCTION stock_apply_changes(
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
      'sku', a.sku, 'on_hand', a.on_hand, 'reserved', a.reserved, 'available', a.on_hand - a.reserved, 'version', a.version));
    IF b.on_hand - b.reserved > b.low_stock_threshold AND a.on_hand - a.reserved <= a.low_stock_threshold THEN
      INSERT INTO outbox (id, type, source, subject, time, data)
      VALUES (gen_random_uuid(), 'inventory.low_stock', 'inventory', a.sku, clock_timestamp(), jsonb_build_object(
        'sku', a.sku, 'available', a.on_hand - a.reserved, 'low_stock_threshold', a.low_stock_threshold));
    END IF;
    RETURN NEXT a;
  END LOOP;
END
$$;

-- Holds stock for an order, all lines or none (lines given as parallel arrays, SKUs normalized and
-- unique; `p_lines` is what the reservation keeps). outcome: 'created' (a new hold, or a released one
-- held again), 'existing' (the order already has a held or committed reservation: answered as is), or
-- 'out_of_stock' with `shortages` [{sku, requested, available}] in line order, nothing held.
CREATE FUNCTION reserve_stock(p_order_id uuid, p_skus text[], p_quantities int[], p_lines jsonb, p_ttl_seconds int)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz, shortages jsonb)
LANGUAGE plpgsql AS $$
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

-- held → committed: the units leave on_hand as a sale (movement 'sale'). outcome: 'done', 'not_found',
-- or 'as_is' with the reservation as it stands when it is not held (the service decides what that means).
CREATE FUNCTION commit_reservation(p_order_id uuid)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz)
LANGUAGE plpgsql AS $$
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

-- held → released (back to available); committed → restocked (back on hand, movement 'restock');
-- otherwise as is. outcome: 'done', 'as_is' or 'not_found'. The expiry is kept.
CREATE FUNCTION release_reservation(p_order_id uuid)
RETURNS TABLE (outcome text, order_id uuid, status text, lines jsonb, expires_at timestamptz)
LANGUAGE plpgsql AS $$
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
