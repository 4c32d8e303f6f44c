-- imha schema version 1. Instants are integer milliseconds since the epoch, UTC.
-- Ledgers are clustered by patient and time (WITHOUT ROWID, primary key (patient_id, at, id))
-- so that one patient's history reads fast however large (and encrypted) the database grows.
-- Append-only tables refuse UPDATE and DELETE by trigger: corrections are new rows.

CREATE TABLE advocates (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  preferred_name TEXT,
  date_of_birth TEXT NOT NULL,
  nhs_number TEXT UNIQUE,
  ward TEXT NOT NULL,
  interpreter TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES advocates(id)
);
CREATE INDEX patients_ward ON patients(ward);

-- Moves between wards or hospitals, archiving and restoring: the history of the patients row.
CREATE TABLE patient_events (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  PRIMARY KEY (patient_id, at, id)
) WITHOUT ROWID;

CREATE TABLE episodes (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  started_at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  section TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  ended_at INTEGER,
  end_reason TEXT,
  PRIMARY KEY (patient_id, started_at, id)
) WITHOUT ROWID;

-- Each time the advocate checks an episode against a source.
CREATE TABLE episode_checks (
  patient_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  episode_id INTEGER NOT NULL REFERENCES episodes(id),
  source TEXT NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  PRIMARY KEY (patient_id, at, id)
) WITHOUT ROWID;

CREATE TABLE legal_events (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  PRIMARY KEY (patient_id, at, id)
) WITHOUT ROWID;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  ward TEXT NOT NULL,
  kind TEXT NOT NULL,
  instructed INTEGER NOT NULL,
  in_private INTEGER NOT NULL,
  declined INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  closed_at INTEGER
);
CREATE INDEX sessions_patient ON sessions(patient_id, started_at);
CREATE INDEX sessions_open ON sessions(advocate_id) WHERE closed_at IS NULL;

CREATE TABLE info_given (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  given_at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  session_id INTEGER REFERENCES sessions(id),
  item TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  forms TEXT NOT NULL,
  understanding TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  corrects INTEGER REFERENCES info_given(id),
  PRIMARY KEY (patient_id, given_at, id)
) WITHOUT ROWID;

CREATE TABLE concerns (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  raised_at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  session_id INTEGER REFERENCES sessions(id),
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  desired_outcome TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (patient_id, raised_at, id)
) WITHOUT ROWID;

CREATE TABLE concern_events (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  concern_id INTEGER NOT NULL REFERENCES concerns(id),
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  status TEXT NOT NULL,
  action_agreed TEXT NOT NULL DEFAULT '',
  follow_up TEXT,
  outcome TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (patient_id, at, id)
) WITHOUT ROWID;

CREATE TRIGGER patient_events_append_only_u BEFORE UPDATE ON patient_events BEGIN SELECT RAISE(ABORT, 'patient_events is append-only'); END;
CREATE TRIGGER patient_events_append_only_d BEFORE DELETE ON patient_events BEGIN SELECT RAISE(ABORT, 'patient_events is append-only'); END;
CREATE TRIGGER episode_checks_append_only_u BEFORE UPDATE ON episode_checks BEGIN SELECT RAISE(ABORT, 'episode_checks is append-only'); END;
CREATE TRIGGER episode_checks_append_only_d BEFORE DELETE ON episode_checks BEGIN SELECT RAISE(ABORT, 'episode_checks is append-only'); END;
CREATE TRIGGER legal_events_append_only_u BEFORE UPDATE ON legal_events BEGIN SELECT RAISE(ABORT, 'legal_events is append-only'); END;
CREATE TRIGGER legal_events_append_only_d BEFORE DELETE ON legal_events BEGIN SELECT RAISE(ABORT, 'legal_events is append-only'); END;
CREATE TRIGGER info_given_append_only_u BEFORE UPDATE ON info_given BEGIN SELECT RAISE(ABORT, 'info_given is append-only'); END;
CREATE TRIGGER info_given_append_only_d BEFORE DELETE ON info_given BEGIN SELECT RAISE(ABORT, 'info_given is append-only'); END;
CREATE TRIGGER concerns_append_only_u BEFORE UPDATE ON concerns BEGIN SELECT RAISE(ABORT, 'concerns is append-only'); END;
CREATE TRIGGER concerns_append_only_d BEFORE DELETE ON concerns BEGIN SELECT RAISE(ABORT, 'concerns is append-only'); END;
CREATE TRIGGER concern_events_append_only_u BEFORE UPDATE ON concern_events BEGIN SELECT RAISE(ABORT, 'concern_events is append-only'); END;
CREATE TRIGGER concern_events_append_only_d BEFORE DELETE ON concern_events BEGIN SELECT RAISE(ABORT, 'concern_events is append-only'); END;
-- An episode or session may be ended once; after that it is history.
CREATE TRIGGER episodes_end_once BEFORE UPDATE ON episodes WHEN OLD.ended_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'episode already ended'); END;
CREATE TRIGGER episodes_no_delete BEFORE DELETE ON episodes BEGIN SELECT RAISE(ABORT, 'episodes are never deleted'); END;
CREATE TRIGGER sessions_end_once BEFORE UPDATE ON sessions WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'session already ended'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'sessions are never deleted'); END;
