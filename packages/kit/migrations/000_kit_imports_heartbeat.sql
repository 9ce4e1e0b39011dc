-- A running import's process proves it is alive (heartbeat_at, kit csv-imports.ts) and records the last
-- line it applied (line_done): a job whose process died (killed, crashed) is reported failed at that
-- line once its heartbeat is stale, instead of staying `running` forever.
ALTER TABLE csv_imports ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE csv_imports ADD COLUMN line_done integer NOT NULL DEFAULT 1;
