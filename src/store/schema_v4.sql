-- imha schema version 4: each patient's latest entry for each checklist item, kept beside the
-- ledger in the same transaction as every entry, so the patient list reads about a dozen rows a
-- patient instead of the whole history (a million entries took seconds to list). It is an
-- index, not a record: it holds no fact that info_given does not, and is rebuilt from it here.
CREATE INDEX info_given_item ON info_given(patient_id, item, given_at, id);
CREATE INDEX info_given_corrects ON info_given(corrects) WHERE corrects IS NOT NULL;
CREATE TABLE info_latest (
  patient_id INTEGER NOT NULL,
  item TEXT NOT NULL,
  info_id INTEGER NOT NULL,
  PRIMARY KEY (patient_id, item)
) WITHOUT ROWID;
INSERT INTO info_latest (patient_id, item, info_id)
  SELECT patient_id, item, latest FROM (
    SELECT k.patient_id, k.item,
           (SELECT i.id FROM info_given i
             WHERE i.patient_id = k.patient_id AND i.item = k.item
               AND NOT EXISTS (SELECT 1 FROM info_given c WHERE c.corrects = i.id)
             ORDER BY i.given_at DESC, i.id DESC LIMIT 1) AS latest
      FROM (SELECT DISTINCT patient_id, item FROM info_given) k)
  WHERE latest IS NOT NULL;
