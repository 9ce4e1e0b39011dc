-- Webhook endpoints registered by admins. The secret is kept as given out (it signs every request), never listed.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL,
  events text[] NOT NULL,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  -- The first failure since the last success: an endpoint failing for WEBHOOK_DISABLE_AFTER is disabled.
  failing_since timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every message that leaves Storefleet (email, SMS, webhook call): one row, written in the transaction that
-- records its event in the inbox, so an event is never handled without its messages or twice with them.
CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  recipient text NOT NULL,
  template text NOT NULL,
  event_id text,
  event_type text,
  -- A webhook's endpoint; NULL for email, SMS and the WEBHOOK_URLS endpoints (signed with WEBHOOK_SECRET).
  endpoint_id uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  subject text,
  body_text text NOT NULL,
  body_html text,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'not_sent')),
  last_error text,
  -- Attempts since it was last queued (the retry schedule's position); the attempts table keeps them all.
  tries integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- A sender owns a claimed row until claimed_until; if it dies mid-send, another sender takes it after.
  claim_id uuid,
  claimed_until timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_due_idx ON messages (next_attempt_at) WHERE status = 'pending';
CREATE INDEX messages_created_idx ON messages (created_at DESC, id);
CREATE INDEX messages_endpoint_idx ON messages (endpoint_id, created_at DESC);

CREATE TABLE message_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
  code integer,
  answer text NOT NULL,
  duration_ms integer NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_attempts_message_idx ON message_attempts (message_id, at);

-- In-app notifications of signed-in customers.
CREATE TABLE in_app_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  order_id uuid,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX in_app_notifications_user_idx ON in_app_notifications (user_id, created_at DESC);

-- Read models fed by events: who an order's later messages go to, and who the admins are.
CREATE TABLE known_orders (
  id uuid PRIMARY KEY,
  user_id uuid,
  email text NOT NULL,
  currency text NOT NULL,
  total numeric(14, 2) NOT NULL
);
CREATE TABLE known_users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  first_name text NOT NULL,
  role text NOT NULL,
  active boolean NOT NULL
);
