//! The store: append-only ledgers, refusals that change nothing, and files that are not
//! (or not yet) imha databases.

mod common;
use common::now;
use imha::domain::*;
use imha::store::{Store, StoreError};

fn setup() -> (tempfile::TempDir, Store, Advocate, Patient) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("imha.db")).unwrap();
    let a = s.add_advocate("j.smith", "Jo Smith", now()).unwrap();
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
    let c = rusqlite::Connection::open(dir.path().join("imha.db")).unwrap();
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
    let err = Store::open(&path).err().expect("refused");
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
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotImha(_)), "{err}");
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imha.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema(99)), "{err}");
    assert!(err.to_string().contains("newer imha"));
}

#[test]
fn a_locked_database_says_busy_and_saves_nothing() {
    let (dir, mut s, a, p) = setup();
    let other = rusqlite::Connection::open(dir.path().join("imha.db")).unwrap();
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
    let mut s = Store::open(&dir.path().join("imha.db")).unwrap();
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
