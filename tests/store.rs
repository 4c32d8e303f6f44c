//! The store: append-only ledgers, refusals that change nothing, and files that are not
//! (or not yet) imha databases.

mod common;
use common::now;
use imha::domain::*;
use imha::store::{Store, StoreError};

/// A fixed test key (the database is always encrypted).
fn key() -> imha::vault::DataKey {
    imha::vault::DataKey::from_bytes(&[7u8; 32]).unwrap()
}

/// A raw connection keyed like the store, for what the store itself refuses to do.
fn keyed(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key().sqlcipher_pragma_value().as_str()
    ))
    .unwrap();
    c
}

fn setup() -> (tempfile::TempDir, Store, Advocate, Patient) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("imha.db"), &key()).unwrap();
    let a = s
        .add_advocate("j.smith", "Jo Smith", true, None, now())
        .unwrap();
    let np = NewPatient::new(
        "Ann Test",
        None,
        "1990-01-01".parse().unwrap(),
        Some("9990010005"),
        "Oak",
        None,
        "2026-11-25".parse().unwrap(),
    )
    .unwrap();
    let p = s.add_patient(&np, &a, now()).unwrap();
    (dir, s, a, p)
}

fn info(p: &Patient) -> NewInfoGiven {
    NewInfoGiven {
        patient_id: p.id,
        session_id: None,
        item: "tribunal_rights".into(),
        given_at: now(),
        forms: Forms::spoken_and_written(),
        understanding: Understanding::Understood,
        note: String::new(),
        corrects: None,
    }
}

#[test]
fn ledgers_refuse_update_and_delete() {
    let (dir, mut s, a, p) = setup();
    s.record_info(&info(&p), &a, now()).unwrap();
    drop(s);
    let c = keyed(&dir.path().join("imha.db"));
    assert!(c.execute("UPDATE info_given SET note = 'x'", []).is_err());
    assert!(c.execute("DELETE FROM info_given", []).is_err());
    let n: i64 = c
        .query_row("SELECT count(*) FROM info_given", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_session_ends_once() {
    let (_d, mut s, a, p) = setup();
    let ses = s
        .start_session(
            &NewSession {
                patient_id: p.id,
                ward: "Oak".into(),
                kind: ContactKind::WardVisit,
                instructed: true,
                in_private: true,
                declined: false,
                started_at: now(),
            },
            &a,
            now(),
        )
        .unwrap();
    s.end_session(ses.id, Some(now()), now()).unwrap();
    assert!(s.end_session(ses.id, Some(now()), now()).is_err());
}

#[test]
fn refused_entries_change_nothing() {
    let (_d, mut s, a, p) = setup();
    let mut bad = info(&p);
    bad.given_at = now() + chrono::Duration::days(2);
    assert!(matches!(
        s.record_info(&bad, &a, now()),
        Err(StoreError::Invalid(_))
    ));
    let mut bad = info(&p);
    bad.item = "no_such_item".into();
    assert!(s.record_info(&bad, &a, now()).is_err());
    let mut bad = info(&p);
    bad.note = "x".repeat(MAX_NOTE + 1);
    assert!(s.record_info(&bad, &a, now()).is_err());
    let mut bad = info(&p);
    bad.forms = Forms::empty();
    assert!(s.record_info(&bad, &a, now()).is_err());
    assert!(s.info(p.id).unwrap().is_empty());
}

#[test]
fn control_characters_never_reach_the_database() {
    let (_d, mut s, a, p) = setup();
    let mut n = info(&p);
    n.note = "said \u{1b}[2J hello\u{7}".into();
    let saved = s.record_info(&n, &a, now()).unwrap();
    assert_eq!(saved.note, "said [2J hello");
    assert_eq!(s.info(p.id).unwrap()[0].note, "said [2J hello");
}

#[test]
fn duplicate_nhs_number_is_refused() {
    let (_d, mut s, a, _p) = setup();
    let np = NewPatient::new(
        "Other",
        None,
        "1980-01-01".parse().unwrap(),
        Some("9990010005"),
        "Oak",
        None,
        "2026-11-25".parse().unwrap(),
    )
    .unwrap();
    assert!(s.add_patient(&np, &a, now()).is_err());
    assert_eq!(s.patient_count().unwrap(), 1);
}

#[test]
fn conversion_ends_the_current_episode_as_replaced() {
    let (_d, mut s, a, p) = setup();
    let t0 = now() - chrono::Duration::days(20);
    s.add_episode(
        &NewEpisode {
            patient_id: p.id,
            section: "s.2".into(),
            started_at: t0,
            source: Source::Papers,
        },
        &a,
        now(),
    )
    .unwrap();
    s.add_episode(
        &NewEpisode {
            patient_id: p.id,
            section: "3".into(),
            started_at: now(),
            source: Source::MhaOffice,
        },
        &a,
        now(),
    )
    .unwrap();
    let eps = s.episodes(p.id).unwrap();
    assert_eq!(eps.len(), 2);
    assert_eq!(eps[0].end_reason, Some(EndReason::Replaced));
    assert_eq!(eps[0].ended_at, Some(now()));
    assert!(eps[1].is_current());
    // Out of order is refused.
    let r = s.add_episode(
        &NewEpisode {
            patient_id: p.id,
            section: "2".into(),
            started_at: t0,
            source: Source::Papers,
        },
        &a,
        now(),
    );
    assert!(r.is_err());
    assert_eq!(s.episodes(p.id).unwrap().len(), 2);
}

#[test]
fn archived_patients_are_hidden_never_deleted() {
    let (_d, mut s, a, p) = setup();
    s.set_archived(p.id, true, &a, now()).unwrap();
    assert!(s.patients(false).unwrap().is_empty());
    assert_eq!(s.patients(true).unwrap().len(), 1);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imha.db");
    std::fs::write(
        &path,
        b"this is a shopping list, not a database\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, &key()).err().expect("refused");
    assert!(err.to_string().contains("not an imha database"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn another_programs_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imha.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    // Plaintext: refused for encryption too, since it is not ours.
    assert!(matches!(
        Store::open(&path, &key()),
        Err(StoreError::Plaintext(_))
    ));
    let err = Store::check_plaintext_is_imha(&path).expect_err("refused");
    assert!(matches!(err, StoreError::NotImha(_)), "{err}");
    assert!(Store::encrypt_plaintext(&path, &key()).is_err());
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imha.db");
    drop(Store::open(&path, &key()).unwrap());
    keyed(&path)
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open(&path, &key()).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema(99)), "{err}");
    assert!(err.to_string().contains("newer imha"));
}

#[test]
fn a_locked_database_says_busy_and_saves_nothing() {
    let (dir, mut s, a, p) = setup();
    let other = keyed(&dir.path().join("imha.db"));
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = s.record_info(&info(&p), &a, now()).expect_err("busy");
    assert!(matches!(err, StoreError::Busy), "{err}");
    assert!(err.to_string().contains("busy"));
    other.execute_batch("ROLLBACK").unwrap();
    assert!(s.info(p.id).unwrap().is_empty());
}

#[test]
fn a_read_only_database_says_so() {
    let (dir, s, _a, _p) = setup();
    drop(s);
    let mut s = Store::open(&dir.path().join("imha.db"), &key()).unwrap();
    s.set_query_only_for_tests();
    let a = s.advocates().unwrap()[0].clone();
    let np = NewPatient::new(
        "B",
        None,
        "1990-01-01".parse().unwrap(),
        None,
        "Oak",
        None,
        "2026-11-25".parse().unwrap(),
    )
    .unwrap();
    let err = s.add_patient(&np, &a, now()).expect_err("refused");
    assert!(matches!(err, StoreError::ReadOnly), "{err}");
}

#[test]
fn the_database_passes_integrity_check_after_the_demo() {
    let (_d, mut s, _a, _p) = setup();
    // The demo refuses a database that holds patients.
    assert!(imha::demo::load(&mut s, now()).is_err());
    let mut empty = Store::open_in_memory().unwrap();
    assert_eq!(imha::demo::load(&mut empty, now()).unwrap(), 12);
    assert!(empty.integrity_ok().unwrap());
}

#[test]
fn the_wrong_key_opens_nothing_and_changes_nothing() {
    let (dir, s, _a, _p) = setup();
    drop(s);
    let path = dir.path().join("imha.db");
    let before = std::fs::read(&path).unwrap();
    let wrong = imha::vault::DataKey::from_bytes(&[8u8; 32]).unwrap();
    let err = Store::open(&path, &wrong).err().expect("refused");
    assert!(matches!(err, StoreError::WrongKey(_)), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn no_file_in_the_data_directory_holds_a_name_or_a_note_in_plain_text() {
    let (dir, mut s, a, p) = setup();
    let mut n = info(&p);
    n.note = "Zebedee-secret-note".into();
    s.record_info(&n, &a, now()).unwrap();
    // Keep the WAL: read the files while the connection is open.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for needle in [
            &b"Ann Test"[..],
            b"Zebedee-secret-note",
            b"9990010005",
            b"SQLite format 3",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds {:?}",
                path.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
}

#[test]
fn a_plaintext_database_from_before_encryption_is_encrypted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imha.db");
    {
        // An unencrypted imha database, as the first version wrote it.
        let mut s = Store::open_in_memory().unwrap();
        let a = s
            .add_advocate("j.smith", "Jo Smith", false, None, now())
            .unwrap();
        let np = NewPatient::new(
            "Plain Person",
            None,
            "1990-01-01".parse().unwrap(),
            None,
            "Oak",
            None,
            "2026-11-25".parse().unwrap(),
        )
        .unwrap();
        s.add_patient(&np, &a, now()).unwrap();
        s.vacuum_into_for_tests(&path);
    }
    assert!(imha::store::is_plaintext(&path));
    Store::encrypt_plaintext(&path, &key()).unwrap();
    assert!(!imha::store::is_plaintext(&path));
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(12).any(|w| w == b"Plain Person"));
    let s = Store::open(&path, &key()).unwrap();
    assert_eq!(s.patients(false).unwrap()[0].name, "Plain Person");
}

#[test]
fn audit_chain_detects_a_changed_a_removed_and_a_cut_off_entry() {
    use imha::store::AuditCheck;
    let (_dir, mut s, a, p) = setup();
    for _ in 0..3 {
        s.record_info(&info(&p), &a, now()).unwrap();
    }
    let head = s.audit_head().unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        AuditCheck::Intact { .. }
    ));
    // Changed.
    let mut t = s;
    t.tamper_audit_for_tests("UPDATE audit SET detail = 'something else' WHERE seq = 3")
        .unwrap();
    assert!(matches!(
        t.verify_audit(&head).unwrap(),
        AuditCheck::Broken { seq: 3, .. }
    ));
    // Removed from the middle.
    let (_d2, mut s, a, p) = setup();
    for _ in 0..3 {
        s.record_info(&info(&p), &a, now()).unwrap();
    }
    let head = s.audit_head().unwrap();
    s.tamper_audit_for_tests("DELETE FROM audit WHERE seq = 2")
        .unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        AuditCheck::Broken { seq: 3, .. }
    ));
    // Cut off the end: only the head kept outside the database shows it.
    let (_d3, mut s, a, p) = setup();
    for _ in 0..3 {
        s.record_info(&info(&p), &a, now()).unwrap();
    }
    let head = s.audit_head().unwrap();
    s.tamper_audit_for_tests("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)")
        .unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        AuditCheck::Truncated { .. }
    ));
}

#[test]
fn views_are_audited_once_per_ten_minutes() {
    let (_dir, mut s, a, p) = setup();
    assert!(s.audit_view(&a.login, p.id, now()).unwrap());
    assert!(
        !s.audit_view(&a.login, p.id, now() + chrono::Duration::minutes(9))
            .unwrap()
    );
    assert!(
        s.audit_view(&a.login, p.id, now() + chrono::Duration::minutes(11))
            .unwrap()
    );
    let views = s
        .audit_for_patient(p.id)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "viewed")
        .count();
    assert_eq!(views, 2);
}

#[test]
fn two_processes_writing_at_once_lose_nothing_and_do_not_fork_the_audit_chain() {
    let (dir, s, a, p) = setup();
    drop(s);
    let path = dir.path().join("imha.db");
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (path, a, p) = (path.clone(), a.clone(), p.clone());
            std::thread::spawn(move || {
                let mut s = Store::open(&path, &key()).unwrap();
                for _ in 0..25 {
                    s.record_info(&info(&p), &a, now()).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = Store::open(&path, &key()).unwrap();
    assert_eq!(s.info(p.id).unwrap().len(), 50);
    let head = s.audit_head().unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        imha::store::AuditCheck::Intact { .. }
    ));
}

#[test]
fn a_closed_case_is_erased_only_after_the_retention_period_and_the_erasure_is_audited() {
    let (_dir, mut s, a, p) = setup();
    s.record_info(&info(&p), &a, now()).unwrap();
    let later = now() + chrono::Duration::days(366 * 7);
    assert!(
        s.erase_patient(p.id, 6, &a, later).is_err(),
        "not closed (archived) yet"
    );
    s.set_archived(p.id, true, &a, now()).unwrap();
    assert!(
        s.erase_patient(p.id, 6, &a, now() + chrono::Duration::days(30))
            .is_err(),
        "retention not passed"
    );
    s.erase_patient(p.id, 6, &a, later).unwrap();
    assert!(s.patient(p.id).is_err());
    assert!(s.info(p.id).unwrap().is_empty());
    // The append-only triggers are back.
    let head = s.audit_head().unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        imha::store::AuditCheck::Intact { .. }
    ));
    let np = NewPatient::new(
        "After",
        None,
        "1990-01-01".parse().unwrap(),
        None,
        "Oak",
        None,
        "2026-11-25".parse().unwrap(),
    )
    .unwrap();
    let q = s.add_patient(&np, &a, now()).unwrap();
    s.record_info(&info(&q), &a, now()).unwrap();
    drop(s);
    let c = keyed(&_dir.path().join("imha.db"));
    assert!(
        c.execute("DELETE FROM info_given", []).is_err(),
        "the ledgers are append-only again"
    );
    let erased: String = c
        .query_row(
            "SELECT detail FROM audit WHERE action = 'record_erased'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!erased.contains("Ann"), "{erased}");
}

#[test]
fn a_full_database_says_so_and_stores_nothing_half_written() {
    let (_dir, mut s, a, p) = setup();
    s.limit_pages_for_tests();
    let mut n = info(&p);
    n.note = "x".repeat(1500);
    let mut saved = 0;
    let err = loop {
        match s.record_info(&n, &a, now()) {
            Ok(_) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 10_000, "never filled");
    };
    assert!(matches!(err, StoreError::Full), "{err}");
    assert!(err.to_string().contains("full"));
    assert_eq!(
        s.info(p.id).unwrap().len(),
        saved,
        "the failed entry left nothing behind"
    );
    assert!(s.integrity_ok().unwrap());
    let head = s.audit_head().unwrap();
    assert!(matches!(
        s.verify_audit(&head).unwrap(),
        imha::store::AuditCheck::Intact { .. }
    ));
}

#[test]
fn a_damaged_database_is_refused_and_left_as_it_was() {
    let (dir, s, _a, _p) = setup();
    drop(s);
    let path = dir.path().join("imha.db");
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(16).take(4096) {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let _ = std::fs::remove_file(dir.path().join("imha.db-wal"));
    let err = Store::open(&path, &key()).err().expect("refused");
    assert!(
        matches!(err, StoreError::WrongKey(_) | StoreError::Corrupt(_)),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "nothing was overwritten"
    );
}

/// The item's latest entry that no later entry corrects, as the patient list reads it.
fn listed_latest(s: &Store, p: &Patient, item: &str) -> Vec<i64> {
    let o = s.overviews().unwrap();
    let o = o.iter().find(|o| o.patient.id == p.id).unwrap();
    o.info
        .iter()
        .filter(|i| i.item == item)
        .map(|i| i.id)
        .collect()
}

#[test]
fn the_latest_entry_index_follows_entries_and_corrections() {
    let (_dir, mut s, a, p) = setup();
    let at = |h: i64| now() - chrono::Duration::hours(h);
    let rec = |s: &mut Store, given: i64, corrects: Option<i64>| {
        let mut n = info(&p);
        n.given_at = at(given);
        n.corrects = corrects;
        s.record_info(&n, &a, now()).unwrap().id
    };
    let first = rec(&mut s, 3, None);
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![first]);
    let later = rec(&mut s, 1, None);
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![later]);
    // A correction of the latest, given earlier than it but later than the first, replaces it.
    let fixed = rec(&mut s, 2, Some(later));
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![fixed]);
    // A correction dated before the first leaves the first as the latest.
    let _back = rec(&mut s, 4, Some(fixed));
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![first]);
    // The checklist reads the same from the list's few rows as from the whole history.
    let r = s.record(p.id).unwrap();
    let o = s.overviews().unwrap();
    let o = o.iter().find(|o| o.patient.id == p.id).unwrap();
    let whole = imha::law::checklist_for(&r.episodes, &r.events, &r.info);
    let listed = imha::law::checklist_for(&o.episodes, &o.events, &o.info);
    assert_eq!(
        whole
            .iter()
            .map(|i| i.last.as_ref().map(|l| l.id))
            .collect::<Vec<_>>(),
        listed
            .iter()
            .map(|i| i.last.as_ref().map(|l| l.id))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_schema_3_database_gets_its_latest_entry_index_built_on_open() {
    let (dir, mut s, a, p) = setup();
    let one = s.record_info(&info(&p), &a, now()).unwrap().id;
    let mut n = info(&p);
    n.corrects = Some(one);
    let two = s.record_info(&n, &a, now()).unwrap().id;
    drop(s);
    // Back to schema 3, as a database written before the index existed.
    let path = dir.path().join("imha.db");
    keyed(&path)
        .execute_batch(
            "DROP TABLE info_latest; DROP INDEX info_given_item; DROP INDEX info_given_corrects;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    let s = Store::open(&path, &key()).unwrap();
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![two]);
    assert!(s.integrity_ok().unwrap());
}

#[test]
fn a_correction_for_another_item_is_refused_and_changes_nothing() {
    let (_dir, mut s, a, p) = setup();
    let one = s.record_info(&info(&p), &a, now()).unwrap().id;
    let mut n = info(&p);
    n.item = "rights_under_act".into();
    n.corrects = Some(one);
    let err = s.record_info(&n, &a, now()).unwrap_err();
    assert!(err.to_string().contains("same item"), "{err}");
    assert_eq!(s.info(p.id).unwrap().len(), 1);
    assert_eq!(listed_latest(&s, &p, "tribunal_rights"), vec![one]);
}
