-- imha schema version 3: referrals, with the eligibility check at intake and the IMHA's access
-- to records (s.130B(4)).
CREATE TABLE referrals (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  referred_at INTEGER NOT NULL,
  id INTEGER NOT NULL UNIQUE,
  referrer TEXT NOT NULL,
  referrer_type TEXT NOT NULL,
  eligible INTEGER NOT NULL,
  eligibility_reason TEXT NOT NULL,
  records_access TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  advocate_id INTEGER NOT NULL REFERENCES advocates(id),
  PRIMARY KEY (patient_id, referred_at, id)
) WITHOUT ROWID;
CREATE TRIGGER referrals_append_only_u BEFORE UPDATE ON referrals BEGIN SELECT RAISE(ABORT, 'referrals is append-only'); END;
CREATE TRIGGER referrals_append_only_d BEFORE DELETE ON referrals BEGIN SELECT RAISE(ABORT, 'referrals is append-only'); END;
