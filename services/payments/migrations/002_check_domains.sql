-- PostgreSQL builds a table's CHECK constraints from their stored text again for every statement that
-- writes the table, and every checkout writes a payment and its operation. A domain's check is built
-- once per connection and runs only for the columns a statement sets: the single-column rules move to
-- their types. What relates two columns (the refunded amount, the card's brand and last four) stays.
CREATE DOMAIN payment_amount AS numeric(12, 2) CHECK (VALUE >= 0);
CREATE DOMAIN currency_code AS text CHECK (VALUE ~ '^[A-Z]{3}$');
CREATE DOMAIN payment_status AS text
  CHECK (VALUE IN ('pending', 'authorized', 'declined', 'failed', 'captured', 'voided', 'refunded', 'partially_refunded'));
CREATE DOMAIN card_last4 AS text CHECK (VALUE ~ '^[0-9]{4}$');
CREATE DOMAIN payment_operation_kind AS text CHECK (VALUE IN ('authorize', 'capture', 'void', 'refund'));

ALTER TABLE payments
  DROP CONSTRAINT payments_amount_check,
  DROP CONSTRAINT payments_currency_check,
  DROP CONSTRAINT payments_status_check,
  DROP CONSTRAINT payments_card_last4_check,
  ALTER COLUMN amount TYPE payment_amount,
  ALTER COLUMN currency TYPE currency_code,
  ALTER COLUMN status TYPE payment_status,
  ALTER COLUMN card_last4 TYPE card_last4;
ALTER TABLE payment_operations
  DROP CONSTRAINT payment_operations_kind_check,
  DROP CONSTRAINT payment_operations_amount_check,
  ALTER COLUMN kind TYPE payment_operation_kind,
  ALTER COLUMN amount TYPE payment_amount;
