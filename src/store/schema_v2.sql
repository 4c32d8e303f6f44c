-- imha schema version 2: administrators and disabled accounts, and the audit log.
ALTER TABLE advocates ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE advocates ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- Who did or looked at what, when. Hash-chained: each row's hash covers the previous hash
-- and this row, so a changed, removed or re-ordered row is detected. Holds ids, never names
-- or notes.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  advocate TEXT NOT NULL,
  action TEXT NOT NULL,
  patient_id INTEGER,
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_patient ON audit(patient_id, at) WHERE patient_id IS NOT NULL;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
