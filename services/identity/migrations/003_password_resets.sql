-- Password reset tokens (POST /users/password/forgot). Only the SHA-256 of a token is kept: the token
-- itself leaves identity once, in the user.password_reset_requested event that notifications mails as a
-- link. A token works once (used_at) and until expires_at; a reset also uses up the user's other tokens.
CREATE TABLE password_resets (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_resets_unused ON password_resets (user_id) WHERE used_at IS NULL;
