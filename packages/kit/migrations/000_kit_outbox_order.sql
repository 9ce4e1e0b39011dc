-- The order events were written in. `time` comes from the writer's clock in milliseconds and the id is
-- random, so events written within one millisecond had no order: a relay publishing them again after a
-- crash could hand them over shuffled (x, z, y). The sequence numbers every row as it is inserted.
ALTER TABLE outbox ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;
