//! The session flow, driven headless with keys looked up by action name.

mod common;
use common::Harness;
use imha::app::{Dialog, Pane, Screen};
use imha::domain::{ConcernCategory, Understanding};

#[test]
fn first_run_creates_the_administrator_shows_the_recovery_key_then_offers_the_demo() {
    let mut h = Harness::new();
    assert_eq!(h.driver.state.screen, Screen::Setup);
    h.type_text("j.smith");
    h.press("next_field");
    h.type_text("Jo Smith");
    h.press("next_field");
    h.type_text(common::PASS);
    h.press("next_field");
    h.type_text(common::PASS);
    h.press("submit");
    match &h.driver.state.screen {
        Screen::Recovery(k) => assert_eq!(k.expose().len(), 47, "five-letter groups"),
        other => panic!("the recovery key is shown: {other:?}"),
    }
    h.press("submit");
    assert_eq!(h.driver.state.screen, Screen::OfferDemo);
    let me = h
        .driver
        .store()
        .advocate_by_login("j.smith")
        .unwrap()
        .unwrap();
    assert!(me.admin);
    h.press("confirm");
    assert_eq!(h.driver.state.screen, Screen::Main);
    assert_eq!(h.driver.state.rows.len(), 12);
    assert!(h.dir.path().join("imha.keys").exists());
}

#[test]
fn a_bad_login_name_or_mismatched_passphrase_is_refused_and_nothing_is_created() {
    let mut h = Harness::new();
    h.type_text("Jo Smith!");
    h.press("next_field");
    h.type_text("Jo");
    h.press("next_field");
    h.type_text(common::PASS);
    h.press("next_field");
    h.type_text(common::PASS);
    h.press("submit");
    assert_eq!(h.driver.state.screen, Screen::Setup);
    assert!(
        h.driver
            .state
            .welcome
            .error
            .as_deref()
            .unwrap_or("")
            .contains("login name")
    );
    assert_eq!(h.driver.state.welcome.text("Login name"), "Jo Smith!");
    assert!(!h.dir.path().join("imha.keys").exists());
    let mut h = Harness::new();
    h.type_text("jo");
    h.press("next_field");
    h.type_text("Jo");
    h.press("next_field");
    h.type_text(common::PASS);
    h.press("next_field");
    h.type_text("something else");
    h.press("submit");
    assert!(
        h.driver
            .state
            .welcome
            .error
            .as_deref()
            .unwrap_or("")
            .contains("differ")
    );
    assert!(!h.dir.path().join("imha.keys").exists());
}

#[test]
fn whole_session_is_recorded_with_times_forms_and_understanding() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("start_session");
    h.press("submit");
    let session = h.driver.state.session.clone().expect("session started");
    assert!(h.message().starts_with("Saved"));

    h.press("focus_checklist");
    // Record the first item as given: Enter opens the form, Enter saves (defaults: spoken
    // and written, understood).
    h.press("activate");
    h.press("submit");
    // The next item, partly understood: Enter, Right, Enter.
    h.press("activate");
    h.press("change_next");
    h.press("submit");

    h.press("add_concern");
    h.type_text("I want to see my dog");
    h.press("next_field");
    h.press("submit");
    assert!(
        matches!(h.driver.state.dialog, Some(Dialog::Form(..))),
        "category first, so text went to the words field?"
    );
    h.press("back");

    h.press("add_concern");
    h.press("next_field");
    h.type_text("I want to see my dog");
    h.press("submit");

    h.press("end_session");
    h.press("confirm");
    match &h.driver.state.dialog {
        Some(Dialog::Summary { lines, .. }) => {
            let all = lines.join("\n");
            assert!(all.contains("Information given (2)"), "{all}");
            assert!(all.contains("partly understood"), "{all}");
            assert!(all.contains("Concerns raised (1)"), "{all}");
        }
        other => panic!("expected the summary, got {other:?}"),
    }
    h.press("back");
    assert!(h.driver.state.session.is_none());

    let pid = session.patient_id;
    let info = h.driver.store().info(pid).unwrap();
    let mine: Vec<_> = info
        .iter()
        .filter(|i| i.session_id == Some(session.id))
        .collect();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].item, "rights_under_act");
    assert_eq!(mine[0].understanding, Understanding::Understood);
    assert_eq!(mine[0].forms.to_csv(), "spoken,written");
    assert_eq!(mine[1].understanding, Understanding::Partly);
    assert_eq!(mine[0].advocate, "j.smith");
    let concerns = h.driver.store().concerns(pid).unwrap();
    assert_eq!(concerns.len(), 1);
    assert_eq!(concerns[0].category, ConcernCategory::CarePlanning);
    assert_eq!(concerns[0].text, "I want to see my dog");
    let s = h.driver.store().session(session.id).unwrap();
    assert!(s.ended_at.is_some() && s.closed_at.is_some());
}

#[test]
fn a_correction_points_at_the_entry_it_corrects_and_both_stay() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("focus_checklist");
    h.press("activate");
    h.press("submit");
    h.press("up");
    h.press("correct_entry");
    h.press("change_next");
    h.press("change_next");
    h.press("submit");
    let pid = h.driver.state.selected.as_ref().unwrap().record.patient.id;
    let info = h.driver.store().info(pid).unwrap();
    assert_eq!(info.len(), 2);
    assert_eq!(info[1].corrects, Some(info[0].id));
    assert_eq!(info[1].understanding, Understanding::NotYet);
    let item = &h.driver.state.selected.as_ref().unwrap().checklist[0];
    assert!(
        item.needs_another_try(),
        "the correction is what counts now"
    );
}

#[test]
fn a_future_given_at_is_refused_and_nothing_is_saved() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("focus_checklist");
    h.press("activate");
    h.press("next_field");
    h.press("next_field");
    for _ in 0..16 {
        h.press("backspace");
    }
    h.type_text("2030-01-01 10:00");
    h.press("submit");
    let pid = h.driver.state.selected.as_ref().unwrap().record.patient.id;
    assert!(h.driver.store().info(pid).unwrap().is_empty());
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => {
            assert!(
                f.error.as_deref().unwrap_or("").contains("future"),
                "{:?}",
                f.error
            );
            assert_eq!(f.text("Given at"), "2030-01-01 10:00");
        }
        other => panic!("the form stays open: {other:?}"),
    }
}

#[test]
fn a_session_left_open_is_offered_next_time_and_ended_without_an_end_time() {
    let mut h = Harness::with_demo();
    h.select("Bea Okoro");
    h.press("start_session");
    h.press("submit");
    let id = h.driver.state.session.as_ref().unwrap().id;
    // The process dies: a new app on the same database.
    h.reopen();
    h.sign_in("j.smith", common::PASS);
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::OpenSessions(_))
    ));
    h.press("end_session");
    let s = h.driver.store().session(id).unwrap();
    assert!(s.closed_at.is_some());
    assert_eq!(s.ended_at, None, "no end time is invented");
}

#[test]
fn quitting_with_unsaved_text_asks_first() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("add_concern");
    h.press("next_field");
    h.type_text("half a thought");
    h.press("force_quit");
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::Confirm { .. })
    ));
    assert!(!h.driver.state.quit);
    h.press("confirm");
    assert!(h.driver.state.quit);
}

#[test]
fn quitting_with_nothing_open_quits_at_once_and_esc_never_quits() {
    let mut h = Harness::with_demo();
    h.press("back");
    assert!(!h.driver.state.quit);
    h.press("quit");
    assert!(h.driver.state.quit);
}

#[test]
fn search_narrows_the_list_and_the_ward_filter_hides_other_wards() {
    let mut h = Harness::with_demo();
    h.press("search");
    h.type_text("okoro");
    assert_eq!(h.driver.state.visible.len(), 1);
    h.press("back");
    assert_eq!(h.driver.state.visible.len(), 12);
    h.press("ward_filter");
    h.press("down"); // Cedar Ward (sorted)
    h.press("submit");
    assert_eq!(h.driver.state.ward_filter.as_deref(), Some("Cedar Ward"));
    assert!(
        h.driver
            .state
            .visible
            .iter()
            .all(|i| h.driver.state.rows[*i].ward == "Cedar Ward")
    );
}

#[test]
fn the_list_is_sorted_by_what_is_most_pressing() {
    let h = Harness::with_demo();
    let first = &h.driver.state.rows[0];
    let due = first
        .due
        .as_ref()
        .expect("the first patient has something due");
    assert_eq!(due.urgency, imha::law::Urgency::Overdue, "{}", due.words());
}

#[test]
fn tab_and_numbers_move_between_the_four_panes() {
    let mut h = Harness::with_demo();
    assert_eq!(h.driver.state.focus, Pane::Patients);
    h.press("next_pane");
    assert_eq!(h.driver.state.focus, Pane::Sections);
    h.press("prev_pane");
    h.press("prev_pane");
    assert_eq!(h.driver.state.focus, Pane::Concerns);
    h.press("focus_checklist");
    assert_eq!(h.driver.state.focus, Pane::Checklist);
}

#[test]
fn adding_a_patient_and_a_section_in_the_app() {
    let mut h = Harness::with_demo();
    h.press("focus_patients");
    h.press("add_patient");
    h.type_text("Test Person");
    h.press("next_field");
    h.press("next_field");
    h.type_text("1990-02-03");
    h.press("next_field");
    h.type_text("9990029180");
    h.press("next_field");
    h.type_text("Oak Ward");
    h.press("submit");
    assert!(h.message().contains("patient added"), "{}", h.message());
    let sel = h.driver.state.selected.as_ref().unwrap();
    assert_eq!(sel.record.patient.name, "Test Person");
    h.press("focus_sections");
    h.press("add_section");
    h.type_text("3");
    h.press("submit");
    let sel = h.driver.state.selected.as_ref().unwrap();
    assert_eq!(sel.record.episodes.len(), 1);
    assert_eq!(sel.record.episodes[0].section, "3");
    assert!(!sel.checklist.is_empty());
}

#[test]
fn an_unknown_section_is_refused_in_words() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("focus_sections");
    h.press("add_section");
    h.type_text("99");
    h.press("submit");
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => assert!(
            f.error.as_deref().unwrap_or("").contains("not a status"),
            "{:?}",
            f.error
        ),
        other => panic!("form stays open: {other:?}"),
    }
}

#[test]
fn saying_no_to_quit_goes_back_to_the_form_with_its_text() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("add_concern");
    h.press("next_field");
    h.type_text("I want my leave back");
    h.press("force_quit");
    h.press("deny");
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => assert_eq!(f.text("Patient's words"), "I want my leave back"),
        other => panic!("the form is back: {other:?}"),
    }
    // Esc on a form with text asks too; "no" keeps it.
    h.press("back");
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::Confirm { .. })
    ));
    h.press("deny");
    assert!(matches!(h.driver.state.dialog, Some(Dialog::Form(..))));
    h.press("back");
    h.press("confirm");
    assert!(h.driver.state.dialog.is_none());
    assert!(!h.driver.state.quit);
}

#[test]
fn help_opens_over_a_form_lists_its_keys_and_closes_back_to_it() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("add_concern");
    h.press("help");
    assert_eq!(h.driver.state.help_context(), "form");
    h.press("back");
    assert!(matches!(h.driver.state.dialog, Some(Dialog::Form(..))));
}

#[test]
fn help_runs_the_chosen_action() {
    let mut h = Harness::with_demo();
    h.press("help");
    h.type_text("one ward");
    let chosen = h.driver.state.help_selection();
    assert_eq!(chosen.as_deref(), Some("ward_filter"));
    h.press("submit");
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::WardFilter { .. })
    ));
}

#[test]
fn information_given_before_the_session_began_is_recorded_outside_it() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("start_session");
    h.press("submit");
    h.press("focus_checklist");
    h.press("activate");
    h.press("next_field");
    h.press("next_field");
    for _ in 0..16 {
        h.press("backspace");
    }
    h.type_text("2026-11-20 09:00");
    h.press("submit");
    assert!(
        h.message().contains("recorded outside the session"),
        "{}",
        h.message()
    );
    let pid = h.driver.state.selected.as_ref().unwrap().record.patient.id;
    assert_eq!(h.driver.store().info(pid).unwrap()[0].session_id, None);
}

#[test]
fn a_wrong_passphrase_is_refused_and_counted() {
    let mut h = Harness::with_demo();
    h.reopen();
    assert_eq!(h.driver.state.screen, Screen::SignIn);
    h.sign_in("j.smith", "not my passphrase");
    assert_eq!(h.driver.state.screen, Screen::SignIn);
    assert!(
        h.driver
            .state
            .sign_in
            .error
            .as_deref()
            .unwrap_or("")
            .contains("not right")
    );
    assert_eq!(h.driver.state.sign_in.text("Login name"), "j.smith");
    h.press("backspace"); // the passphrase field was emptied; nothing to delete
    h.type_text(common::PASS);
    h.press("submit");
    assert_eq!(h.driver.state.screen, Screen::Main);
    let log = h.driver.store().audit_for_patient(1).unwrap();
    let _ = log;
}

#[test]
fn esc_never_quits_the_sign_in_screen() {
    let mut h = Harness::with_demo();
    h.reopen();
    h.press("back");
    assert!(!h.driver.state.quit);
    assert_eq!(h.driver.state.screen, Screen::SignIn);
}

#[test]
fn the_idle_lock_warns_then_hides_everything_and_the_same_advocate_resumes_their_draft() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("add_concern");
    h.press("next_field");
    h.type_text("half-typed words");
    let t0 = common::now();
    h.dispatch(imha::app::Action::Now(t0));
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(275)));
    assert!(h.driver.state.lock_warning, "warned 30 seconds before");
    assert!(!h.driver.state.locked);
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(301)));
    assert!(h.driver.state.locked);
    assert!(
        h.driver.state.rows.is_empty()
            && h.driver.state.selected.is_none()
            && h.driver.state.dialog.is_none()
    );
    // The same advocate unlocks: the form is back with its text.
    h.sign_in("j.smith", common::PASS);
    assert!(!h.driver.state.locked);
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => assert_eq!(f.text("Patient's words"), "half-typed words"),
        other => panic!("the draft is back: {other:?}"),
    }
}

#[test]
fn any_key_during_the_warning_keeps_the_advocate_signed_in() {
    let mut h = Harness::with_demo();
    let t0 = common::now();
    h.dispatch(imha::app::Action::Now(t0));
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(280)));
    assert!(h.driver.state.lock_warning);
    h.dispatch(imha::app::Action::Now(t0 + chrono::Duration::seconds(281)));
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(310)));
    assert!(!h.driver.state.locked);
}

#[test]
fn an_administrator_adds_and_disables_an_advocate_in_the_app() {
    let mut h = Harness::with_demo();
    h.press("accounts");
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::Accounts { .. })
    ));
    h.press("add_advocate");
    h.type_text("a.jones");
    h.press("next_field");
    h.type_text("Ash Jones");
    h.press("next_field");
    h.press("next_field");
    h.type_text("ash's own passphrase");
    h.press("next_field");
    h.type_text("ash's own passphrase");
    h.press("submit");
    assert!(h.message().contains("a.jones added"), "{}", h.message());
    // Another advocate signs in on the same terminal after a lock: a fresh view.
    h.press("back");
    h.dispatch(imha::app::Action::Lock);
    h.sign_in("a.jones", "ash's own passphrase");
    assert!(!h.driver.state.locked, "{:?}", h.driver.state.sign_in.error);
    assert_eq!(h.driver.state.advocate.as_ref().unwrap().login, "a.jones");
    // a.jones is not an administrator.
    h.press("accounts");
    h.press("down");
    h.press("disable");
    assert!(h.message().contains("Only an administrator"));
}

#[test]
fn disabling_asks_first_and_the_disabled_advocate_cannot_sign_in() {
    let mut h = Harness::with_demo();
    h.press("accounts");
    h.press("add_advocate");
    h.type_text("a.jones");
    h.press("next_field");
    h.type_text("Ash Jones");
    h.press("next_field");
    h.press("next_field");
    h.type_text("ash's own passphrase");
    h.press("next_field");
    h.type_text("ash's own passphrase");
    h.press("submit");
    // The list is sorted by login: a.jones first.
    h.press("disable");
    assert!(matches!(
        h.driver.state.dialog,
        Some(Dialog::Confirm { .. })
    ));
    h.press("confirm");
    assert!(h.message().contains("a.jones disabled"), "{}", h.message());
    h.reopen();
    h.sign_in("a.jones", "ash's own passphrase");
    assert_eq!(h.driver.state.screen, Screen::SignIn);
}

#[test]
fn a_record_shown_for_two_seconds_is_audited_as_viewed_once() {
    let mut h = Harness::with_demo();
    h.select("Bea Okoro");
    let pid = h.driver.state.selected.as_ref().unwrap().record.patient.id;
    let t0 = common::now();
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(1)));
    let views = |h: &mut Harness| {
        h.driver
            .store()
            .audit_for_patient(pid)
            .unwrap()
            .iter()
            .filter(|e| e.action == "viewed")
            .count()
    };
    assert_eq!(views(&mut h), 0, "not yet: under two seconds");
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(3)));
    assert_eq!(views(&mut h), 1);
    h.dispatch(imha::app::Action::Tick(t0 + chrono::Duration::seconds(5)));
    h.press("focus_patients");
    h.press("activate");
    assert_eq!(views(&mut h), 1, "again within ten minutes counts once");
}

#[test]
fn a_census_is_imported_and_a_referral_recorded_from_the_app() {
    let mut h = Harness::with_demo();
    let file = h.dir.path().join("census.csv");
    std::fs::write(
        &file,
        "name,date_of_birth,nhs_number,ward,section,section_start,source\nNew Census,1990-05-06,,Oak Ward,3,2026-11-20T10:00:00Z,papers\n",
    )
    .unwrap();
    h.press("focus_patients");
    h.press("import_census");
    h.type_text(file.to_str().unwrap());
    h.press("submit");
    assert!(
        h.message().contains("census imported: 1 added"),
        "{}",
        h.message()
    );
    assert_eq!(h.driver.state.rows.len(), 13);
    // A bad file changes nothing and says which line.
    let bad = h.dir.path().join("bad.csv");
    std::fs::write(&bad, "name,date_of_birth,nhs_number,ward,section,section_start,source\nX,1990-13-06,,Oak,3,2026-11-20T10:00:00Z,papers\n").unwrap();
    h.press("import_census");
    h.type_text(bad.to_str().unwrap());
    h.press("submit");
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => assert!(
            f.error.as_deref().unwrap_or("").contains("line 2"),
            "{:?}",
            f.error
        ),
        other => panic!("the form stays open: {other:?}"),
    }
    h.press("back");
    h.press("confirm");
    h.select("Dana Whitfield");
    h.press("add_referral");
    h.type_text("Ward manager");
    h.press("next_field");
    h.press("change_next");
    h.press("submit");
    assert!(
        h.message().contains("NOT eligible"),
        "s.5(2) does not qualify: {}",
        h.message()
    );
}

/// After a save only that patient's row is read again; the list must be what reading every
/// patient would give.
#[test]
fn after_a_save_the_list_is_what_a_full_reload_gives() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("start_session");
    h.press("submit");
    h.press("focus_checklist");
    for _ in 0..13 {
        h.press("activate");
        h.press("submit");
    }
    let rows = |h: &Harness| {
        h.driver
            .state
            .rows
            .iter()
            .map(|r| (r.id, r.due.as_ref().map(|d| d.words())))
            .collect::<Vec<_>>()
    };
    let after_saves = rows(&h);
    let alex = after_saves.iter().find(|(id, _)| *id == 1).unwrap();
    assert!(
        alex.1
            .as_deref()
            .is_none_or(|d| !d.contains("not yet explained")),
        "{alex:?}"
    );
    let all = h.driver.store().overviews().unwrap();
    h.dispatch(imha::app::Action::Loaded(imha::app::Loaded::Patients(all)));
    assert_eq!(after_saves, rows(&h));
}

/// A concern half-way through the form when the database cannot take it: the form stays
/// open with the text, says why in words, and nothing is stored.
fn refused_concern_keeps_the_form(h: &mut Harness, why: &str) {
    h.press("add_concern");
    h.press("next_field");
    h.type_text("Wants to phone her sister");
    let before = h.driver.store().concerns(1).unwrap().len();
    h.press("submit");
    match &h.driver.state.dialog {
        Some(Dialog::Form(_, f)) => {
            assert_eq!(f.text("Patient's words"), "Wants to phone her sister");
            let e = f.error.as_deref().unwrap_or("");
            assert!(e.starts_with("Not saved") && e.contains(why), "{e}");
        }
        other => panic!("the form closed: {other:?}"),
    }
    assert_eq!(h.driver.store().concerns(1).unwrap().len(), before);
    assert!(h.driver.store().integrity_ok().unwrap());
}

#[test]
fn a_read_only_database_keeps_the_form_and_says_so() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.driver.store().set_query_only_for_tests();
    refused_concern_keeps_the_form(&mut h, "read-only");
}

#[test]
fn a_full_disk_keeps_the_form_and_says_so() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    let advocate = h.driver.state.advocate.clone().unwrap();
    let store = h.driver.store();
    store.limit_pages_for_tests();
    // Fill what room is left, as a full disk would leave none: long concerns, then ever
    // shorter ones for the gaps between them.
    for len in [1900, 400, 60, 1] {
        let filler = imha::domain::NewConcern {
            patient_id: 2,
            session_id: None,
            category: ConcernCategory::CarePlanning,
            text: "x".repeat(len),
            desired_outcome: String::new(),
            action_agreed: String::new(),
            follow_up: None,
        };
        let full = (0..10_000).any(|_| {
            store
                .add_concern(&filler, &advocate, common::now())
                .is_err()
        });
        assert!(full, "the database never filled");
    }
    refused_concern_keeps_the_form(&mut h, "full");
}
