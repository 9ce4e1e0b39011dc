-- As in 003, for the other tables a checkout writes: a line's quantity and unit price, and a timeline
-- entry's type. The same quantity rule holds for cart lines and order lines.
CREATE DOMAIN line_quantity AS integer CHECK (VALUE BETWEEN 1 AND 10000);
CREATE DOMAIN unit_price AS numeric(12, 2) CHECK (VALUE >= 0 AND VALUE <= 1000000);
CREATE DOMAIN timeline_type AS text CHECK (VALUE IN ('created', 'status_changed', 'updated', 'deleted'));

ALTER TABLE cart_items DROP CONSTRAINT cart_items_quantity_check, ALTER COLUMN quantity TYPE line_quantity;
ALTER TABLE order_lines
  DROP CONSTRAINT order_lines_quantity_check,
  DROP CONSTRAINT order_lines_unit_price_check,
  ALTER COLUMN quantity TYPE line_quantity,
  ALTER COLUMN unit_price TYPE unit_price;
ALTER TABLE order_timeline DROP CONSTRAINT order_timeline_type_check, ALTER COLUMN type TYPE timeline_type;
