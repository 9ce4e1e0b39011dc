-- CSV import jobs (kit csv.ts): one row per POST /<resource>/import, updated as its rows are applied,
-- so GET /<resource>/imports/:id reports progress and, once done, every failed row.
CREATE TABLE csv_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource text NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  rows_done integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- The rows an import could not apply, apart from the job: a file of many bad rows adds to this table
-- batch by batch instead of rewriting one growing document.
CREATE TABLE csv_import_errors (
  import_id uuid NOT NULL REFERENCES csv_imports (id) ON DELETE CASCADE,
  line integer NOT NULL,
  "column" text,
  reason text NOT NULL
);
CREATE INDEX csv_import_errors_import ON csv_import_errors (import_id, line);
