//! End to end: the real binary in a pseudo-terminal, a whole session typed as a user would,
//! then the record checked through `imha export`.

mod common;
use common::pty::{Pty, export, first_run};

const ENTER: &str = "\r";
const TAB: &str = "\t";
const ESC: &str = "\x1b";

#[test]
fn a_whole_session_in_the_real_binary_is_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    first_run(&mut p);

    p.send("/");
    p.send("alex");
    p.wait_for("Search (typing): alex");
    p.send(ENTER);
    p.wait_for("1 of 12");
    p.send("s");
    p.wait_for("Start a session");
    p.send(ENTER);
    p.wait_for("SESSION IN PROGRESS");

    p.send("3");
    p.wait_for("3 Information checklist (focused)");
    p.send(ENTER);
    p.wait_for("Record information given");
    p.send(ENTER);
    p.wait_for("Saved");
    p.wait_for("GIVEN today");
    p.send(ENTER);
    p.wait_for("The parts of the Act that apply to them — Alex Marsh");
    p.send("\x1b[C"); // Right: partly understood
    p.send(ENTER);
    p.wait_for("ANOTHER TRY DUE: given today");

    p.send("a");
    p.wait_for("Add a concern");
    p.send(TAB);
    p.send("I want to phone my sister");
    p.send(ENTER);
    p.wait_for("Saved: concern");

    p.send("e");
    p.wait_for("End the session now?");
    p.send("y");
    p.wait_for("Session summary: Alex Marsh");
    p.wait_for("Information given (2)");
    p.send(ESC);
    p.wait_for("browsing · no session");
    p.send("q");
    assert!(p.wait_exit(), "clean exit");

    let j = export(dir.path(), "P1");
    assert_eq!(j["patient"]["name"], "Alex Marsh");
    let sessions = j["sessions"].as_array().unwrap();
    let s = sessions
        .iter()
        .find(|s| s["advocate"] == "j.smith")
        .expect("j.smith's session");
    assert!(s["ended_at"].is_string());
    let info = s["info_given"].as_array().unwrap();
    assert_eq!(info.len(), 2);
    assert_eq!(info[0]["item"], "rights_under_act");
    assert_eq!(info[0]["forms"], serde_json::json!(["spoken", "written"]));
    assert_eq!(info[0]["understanding"], "understood");
    assert_eq!(info[1]["item"], "parts_of_act");
    assert_eq!(info[1]["understanding"], "partly");
    let concerns = j["concerns"].as_array().unwrap();
    assert_eq!(concerns.len(), 1);
    assert_eq!(concerns[0]["text"], "I want to phone my sister");
    assert_eq!(concerns[0]["session_id"], s["id"]);
}

#[test]
fn pasted_text_is_typed_not_run_as_commands() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    first_run(&mut p);
    p.send("/");
    // A bracketed paste full of command keys, as a terminal sends it.
    p.send("\x1b[200~qqqsea\x1b[201~");
    p.wait_for("Search (typing): qqqsea");
    p.send(ESC);
    // Wait for Esc to land, or the terminal would read Esc+q as Alt-q.
    p.wait_for("12 of 12");
    p.send("q");
    assert!(p.wait_exit());
}

#[test]
fn a_crash_restores_the_terminal_and_prints_no_patient_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    first_run(&mut p);
    p.send("q");
    assert!(p.wait_exit());
    let mut p = Pty::start(dir.path(), &[("IMHA_TEST_PANIC", "1")]);
    p.wait_for("Sign in to imha");
    p.send("j.smith\t");
    p.send(common::pty::PASS);
    p.send("\r");
    assert!(!p.wait_exit(), "a panic is a failure exit");
    let screen = p.screen();
    assert!(
        screen.contains("imha stopped because of an internal error"),
        "{screen}"
    );
    assert!(!p.alternate_screen(), "the alternate screen was left");
    for name in ["Callum", "Reyes", "Alex", "Marsh", "Okoro"] {
        assert!(!screen.contains(name), "{name} leaked: {screen}");
    }
}

#[test]
fn a_whole_session_in_plain_mode_using_only_typed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start_with_args(dir.path(), &[], &["--plain"]);
    p.wait_for("Field 1 of 4, Login name");
    let line = |p: &mut Pty, s: &str| {
        p.send(s);
        p.send("\r");
    };
    line(&mut p, "j.smith");
    line(&mut p, "Jo Smith");
    p.wait_for("Field 3 of 4, Passphrase");
    line(&mut p, common::pty::PASS);
    line(&mut p, common::pty::PASS);
    p.wait_for("Your recovery key, shown once");
    assert!(
        !p.screen().contains(common::pty::PASS),
        "the passphrase is never echoed"
    );
    line(&mut p, "");
    p.wait_for("Load the fictional demo ward?");
    line(&mut p, "y");
    p.wait_for("Patient 1 of 12:");
    line(&mut p, "/ alex");
    p.wait_for("Patient 1 of 1: Alex Marsh");
    line(&mut p, "s");
    p.wait_for("Field 1 of 5, Ward");
    for _ in 0..5 {
        line(&mut p, "");
    }
    p.wait_for("session started");
    line(&mut p, "pane 3");
    p.wait_for("Item 1 of 13: Their rights under the Act");
    line(&mut p, "");
    p.wait_for("Field 1 of 4, Understanding");
    line(&mut p, "2"); // partly understood
    line(&mut p, "");
    line(&mut p, "");
    line(&mut p, "");
    p.wait_for("Saved");
    p.wait_for("Item 2 of 13");
    line(&mut p, "a");
    p.wait_for("Field 1 of 5, Category");
    line(&mut p, "");
    line(&mut p, "I want to phone my sister");
    line(&mut p, "");
    line(&mut p, "");
    line(&mut p, "");
    p.wait_for("Saved: concern");
    line(&mut p, "e");
    p.wait_for("End the session now?");
    line(&mut p, "y");
    p.wait_for("Session summary: Alex Marsh");
    line(&mut p, "");
    line(&mut p, "q");
    assert!(p.wait_exit());
    let j = export(dir.path(), "P1");
    let s = j["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["advocate"] == "j.smith")
        .unwrap()
        .clone();
    assert!(s["ended_at"].is_string());
    let info = s["info_given"].as_array().unwrap();
    assert_eq!(info.len(), 1);
    assert_eq!(info[0]["understanding"], "partly");
    assert_eq!(j["concerns"][0]["text"], "I want to phone my sister");
}
