//! What a ward terminal can do to the app: the window shrunk to almost nothing and back,
//! hundreds of keys arriving at once, and the terminal closing (SIGHUP) or the machine
//! shutting down (SIGTERM). No panic, and no entry shown as saved is lost.

mod common;
use common::pty::{Pty, export, session_with_items};

fn items_stored(dir: &std::path::Path) -> usize {
    let j = export(dir, "P1");
    j["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["info_given"].as_array().unwrap().len())
        .sum()
}

#[test]
fn resized_to_tiny_and_back_keeps_the_half_typed_concern_and_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    session_with_items(&mut p, 1);
    p.send("a");
    p.wait_for("Add a concern");
    p.send("\tWants a copy of the care plan");
    p.wait_for("Wants a copy of the care plan");
    for (rows, cols) in [(10, 30), (1, 1), (3, 200), (200, 3), (16, 60)] {
        p.resize(rows, cols);
        if rows >= 16 && cols >= 60 {
            p.wait_for("Add a concern");
        } else {
            // Too small to work in: only the start of "imha needs a window at least…" fits,
            // and nothing of the patient is left on screen.
            p.wait_until("the too-small notice", |s| {
                s.trim_start().starts_with('i') && !s.contains("Marsh")
            });
        }
    }
    p.resize(40, 120);
    p.wait_for("Wants a copy of the care plan");
    p.send("\r");
    p.wait_for("Saved: concern");
    p.send("q");
    p.wait_for("A session is in progress. Quit anyway?");
    p.send("y");
    assert!(p.wait_exit());
    let j = export(dir.path(), "P1");
    let concerns = j["concerns"].as_array().unwrap();
    assert_eq!(concerns.len(), 1);
    assert_eq!(concerns[0]["text"], "Wants a copy of the care plan");
    assert_eq!(items_stored(dir.path()), 1);
}

#[test]
fn hundreds_of_keys_at_once_are_all_handled_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    session_with_items(&mut p, 0);
    // 600 movement keys in one write, ending where they started, then two recordings.
    let burst = "jk".repeat(150) + &"j".repeat(150) + &"k".repeat(150);
    p.send(&burst);
    p.send("\r\r\r\r");
    p.wait_for("11 of 13 due");
    // 2,500 letters typed into a concern: it keeps what fits and says so. The Enter sent on
    // its own afterwards must be handled at once: crossterm's default (edge-triggered)
    // reader left it unread after any burst of more than 2,047 bytes.
    p.send("a\t");
    p.wait_for("Add a concern");
    p.send(&"x".repeat(2500));
    p.wait_for("at most 2000 characters");
    p.send("\r");
    p.wait_for("Saved: concern");
    // A page of pasted text in the search: typed, not run, and cut at the limit.
    p.send("1/");
    p.send(&format!("\x1b[200~{}\x1b[201~", "q".repeat(5000)));
    p.wait_for("A search is at most 100 characters");
    p.send("\x1b");
    p.wait_for("12 of 12");
    p.send("q");
    p.wait_for("A session is in progress. Quit anyway?");
    p.send("y");
    assert!(p.wait_exit());
    assert_eq!(items_stored(dir.path()), 2);
    let j = export(dir.path(), "P1");
    assert_eq!(j["concerns"][0]["text"].as_str().unwrap(), "x".repeat(2000));
}

#[test]
fn a_terminal_that_closes_sighup_ends_cleanly_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    session_with_items(&mut p, 3);
    p.send("a\tHalf a thought");
    p.wait_for("Half a thought");
    p.signal(libc::SIGHUP);
    assert!(p.wait_exit(), "SIGHUP ends imha as quitting does");
    assert_eq!(items_stored(dir.path()), 3);
    let j = export(dir.path(), "P1");
    let s = j["sessions"].as_array().unwrap();
    assert!(
        s.iter().any(|s| s["ended_at"].is_null()),
        "the session stays open, to be offered at the next sign-in"
    );
}

#[test]
fn sigterm_restores_and_clears_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    session_with_items(&mut p, 1);
    p.signal(libc::SIGTERM);
    assert!(p.wait_exit());
    assert!(!p.alternate_screen(), "the alternate screen was left");
    let screen = p.screen();
    assert!(!screen.contains("Marsh"), "{screen}");
    assert_eq!(items_stored(dir.path()), 1);
}

#[test]
fn plain_mode_ends_cleanly_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start_with_args(dir.path(), &[], &["--plain"]);
    p.wait_for("Set up imha");
    p.signal(libc::SIGHUP);
    assert!(p.wait_exit());
}
