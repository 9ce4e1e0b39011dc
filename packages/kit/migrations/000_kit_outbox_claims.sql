-- A relay claims the rows it is publishing for a while instead of holding them locked in a transaction:
-- a pass is then two statements (claim, mark) with no transaction open while the bus works. Rows whose
-- claim expired (the relay died mid-pass) are claimed again.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
