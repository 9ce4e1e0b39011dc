-- Events a subscriber group of this service failed to handle. A row is retried (retry_at set) until it has
-- failed EVENT_MAX_ATTEMPTS times, then parked (retry_at NULL) as a dead letter for an admin to replay or
-- discard. The bus counts the event as delivered once its failure is written here, so one group's
-- failure never makes the bus deliver the event again to the other groups.
CREATE TABLE dead_letters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  event jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL CHECK (attempts > 0),
  retry_at timestamptz,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer_group, event_id)
);
CREATE INDEX dead_letters_due ON dead_letters (retry_at) WHERE retry_at IS NOT NULL;
