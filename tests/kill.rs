//! Killed at random points: the real binary runs a scripted ward session (sign in, start a
//! session, record information items, raise concerns) and is killed with SIGKILL at a random
//! step, a random few milliseconds after that step's keys were sent. Afterwards the database
//! passes `PRAGMA integrity_check`, the audit chain verifies against the head kept in the key
//! file, and every entry the screen had shown as saved is present.
//!
//! CI runs 200 kills (`IMHA_KILL_RUNS`, default 200, spread over four tests so they run side
//! by side). The longer run in the README sets `IMHA_KILL_RUNS=1000`. A failure prints the seed;
//! `IMHA_KILL_SEED=<seed>` replays it.

mod common;
use common::pty::{PASS, Pty, first_run};
use std::path::Path;
use std::time::Duration;

/// Items on Alex Marsh's (P1) checklist in the demo ward.
const ITEMS: usize = 13;

/// One step of the script: keys to send, then the text that shows the step took effect.
struct Step {
    keys: String,
    until: String,
    /// The step saves something: an information item or a concern.
    saves: Saves,
}

#[derive(Clone, Copy, PartialEq)]
enum Saves {
    Nothing,
    Item,
    Concern,
}

fn step(keys: &str, until: &str, saves: Saves) -> Step {
    Step {
        keys: keys.into(),
        until: until.into(),
        saves,
    }
}

fn script() -> Vec<Step> {
    let mut s = vec![
        step("j.smith\t", "j.smith", Saves::Nothing),
        step(&format!("{PASS}\r"), "12 of 12", Saves::Nothing),
        step("/alex\r", "1 of 12", Saves::Nothing),
        step("s", "Start a session", Saves::Nothing),
        step("\r", "SESSION IN PROGRESS", Saves::Nothing),
        step("3", "3 Information checklist (focused)", Saves::Nothing),
    ];
    for n in 1..=ITEMS {
        s.push(step("\r", "Record information given", Saves::Nothing));
        s.push(step(
            "\r",
            &format!("{} of {ITEMS} due", ITEMS - n),
            Saves::Item,
        ));
        if n % 4 == 0 {
            s.push(step("a", "Add a concern", Saves::Nothing));
            s.push(step("\t", "Add a concern", Saves::Nothing));
            s.push(step(
                &format!("Wants leave to visit the park, number {n}\r"),
                "Saved: concern",
                Saves::Concern,
            ));
        }
    }
    s
}

/// A data directory after first run (the first administrator and the demo ward), made once
/// for each part and copied for every run.
fn template() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    first_run(&mut p);
    p.send("q");
    assert!(p.wait_exit());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The count shown in the checklist pane's title ("9 of 13 due"), if it is on screen.
fn items_on_screen(screen: &str) -> Option<usize> {
    let at = screen.find(&format!(" of {ITEMS} due"))?;
    let digits: String = screen[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse::<usize>().ok().map(|due| ITEMS - due)
}

/// One run: the script up to a random step, then SIGKILL a random 0–15 ms later.
fn kill_once(template: &Path, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template, dir.path());
    let steps = script();
    let stop = rng.usize(0..steps.len());
    let mut p = Pty::start(dir.path(), &[]);
    assert!(p.wait_for_or_exit("Sign in to imha"), "seed {seed}");
    let (mut items, mut concerns) = (0usize, 0usize);
    for (i, s) in steps.iter().enumerate() {
        p.send(&s.keys);
        if i == stop {
            std::thread::sleep(Duration::from_micros(rng.u64(0..15_000)));
            break;
        }
        assert!(p.wait_for_or_exit(&s.until), "seed {seed}: step {i}");
        match s.saves {
            Saves::Item => items += 1,
            Saves::Concern => concerns += 1,
            Saves::Nothing => {}
        }
    }
    // What the screen shows just before the kill counts as shown too.
    let last = p.screen();
    items = items.max(items_on_screen(&last).unwrap_or(0));
    if last.contains("Saved: concern") && steps[stop].saves == Saves::Concern {
        concerns += 1;
    }
    p.signal(libc::SIGKILL);
    let _ = p.wait_exit();
    drop(p);

    let kept = imha::vault::KeyFile::load(&imha::vault::key_path(dir.path()))
        .unwrap_or_else(|e| panic!("seed {seed}: key file: {e}"))
        .audit_head;
    let o = imha::auth::sign_in(dir.path(), "j.smith", PASS, common::now())
        .unwrap_or_else(|e| panic!("seed {seed}: sign in after the kill: {e}"));
    assert!(o.store.integrity_ok().unwrap(), "seed {seed}: integrity");
    let check = o.store.verify_audit(&kept).unwrap();
    assert!(
        matches!(check, imha::store::AuditCheck::Intact { .. }),
        "seed {seed}: audit chain {check:?}"
    );
    let stored_items = o.store.info(1).unwrap().len();
    let stored_concerns = o.store.concerns(1).unwrap().len();
    eprintln!(
        "seed {seed}: killed at step {stop} of {}; shown {items} items, {concerns} concerns; stored {stored_items}, {stored_concerns}",
        steps.len()
    );
    assert!(
        stored_items >= items && stored_items <= items + 1,
        "seed {seed}: {items} items shown as saved, {stored_items} stored"
    );
    assert!(
        stored_concerns >= concerns && stored_concerns <= concerns + 1,
        "seed {seed}: {concerns} concerns shown as saved, {stored_concerns} stored"
    );
}

fn kill_runs(part: u64, parts: u64) {
    let runs: u64 = std::env::var("IMHA_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    if let Some(seed) = std::env::var("IMHA_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        if part == 0 {
            kill_once(template().path(), seed);
        }
        return;
    }
    let template = template();
    let base = fastrand::u64(..) >> 16;
    for i in (part..runs).step_by(parts as usize) {
        kill_once(template.path(), base + i);
    }
}

#[test]
fn killed_at_random_points_part_1() {
    kill_runs(0, 4);
}

#[test]
fn killed_at_random_points_part_2() {
    kill_runs(1, 4);
}

#[test]
fn killed_at_random_points_part_3() {
    kill_runs(2, 4);
}

#[test]
fn killed_at_random_points_part_4() {
    kill_runs(3, 4);
}
