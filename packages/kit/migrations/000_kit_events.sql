-- Events leave a service only through its outbox, written in the same transaction as the change.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  source text NOT NULL,
  subject text,
  time timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL,
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_unpublished ON outbox (time) WHERE published_at IS NULL;

-- Event ids a consumer has handled, so a redelivered event is skipped.
CREATE TABLE inbox (
  event_id uuid NOT NULL,
  consumer text NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
