-- The time before which a user's access tokens are refused (logout, password or role change,
-- deactivation, deletion), on identity's clock, the one that stamps tokens. Verifiers that start
-- later read the recent ones from /internal/sessions/revocations; the others learn them from
-- user.sessions_revoked.
ALTER TABLE users ADD COLUMN sessions_not_before timestamptz;
CREATE INDEX users_sessions_not_before ON users (sessions_not_before) WHERE sessions_not_before IS NOT NULL;
