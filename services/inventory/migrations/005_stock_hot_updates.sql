-- A popular SKU's stock row is updated by every reservation and every sale. The partial low-stock index
-- kept those updates from being HOT (the columns of an index's predicate count as indexed), so each one
-- added entries to the SKU key's index too, and every lookup of a busy SKU walked its dead entries.
-- Without it, and with room left on each page, an update stays on its page and touches no index. The
-- low-stock list reads the stock table, one row per SKU, without it.
DROP INDEX stock_low_idx;
ALTER TABLE stock SET (fillfactor = 50);
