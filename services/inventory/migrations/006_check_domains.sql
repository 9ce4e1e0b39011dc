-- PostgreSQL builds a table's CHECK constraints from their stored text again for every statement that
-- writes the table, and every reservation and sale writes a stock row. A domain's check is built once
-- per connection and runs only for the columns a statement sets: the counts' rules move to their type.
-- What relates two columns (reserved never above on_hand) and the SKU's form stay on the table.
CREATE DOMAIN stock_count AS integer CHECK (VALUE >= 0);

ALTER TABLE stock
  DROP CONSTRAINT stock_on_hand_check,
  DROP CONSTRAINT stock_reserved_check,
  DROP CONSTRAINT stock_low_stock_threshold_check,
  ALTER COLUMN on_hand TYPE stock_count,
  ALTER COLUMN reserved TYPE stock_count,
  ALTER COLUMN low_stock_threshold TYPE stock_count;
