-- Channels: the storefronts served by this back office. The slug (id) is what orders record, so it
-- never changes. `web` is the channel of every request without a publishable key: it always exists.
CREATE TABLE channels (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  name text NOT NULL,
  theme_color text NOT NULL DEFAULT '#1f6feb' CHECK (theme_color ~ '^#[0-9a-fA-F]{6}$'),
  default_currency text NOT NULL DEFAULT 'EUR' CHECK (default_currency ~ '^[A-Z]{3}$'),
  allowed_origins text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO channels (id, name) VALUES ('web', 'Web');

-- Publishable keys: only the SHA-256 of a key is kept (the key is shown once, when made), with its
-- first characters to tell keys apart in a list. A revoked key keeps its row, so the same key can
-- never be registered again (npm start registers the web key it keeps in the data folder).
CREATE TABLE channel_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  key_hash bytea NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX channel_keys_live ON channel_keys (channel_id) WHERE revoked_at IS NULL;
