//! Nothing shown as saved is lost: the real binary records entries, each shown as saved,
//! and is then killed with SIGKILL; every one of them is in the database afterwards.

mod common;
use common::pty::{Pty, export, first_run};
use std::process::Command;

#[test]
fn entries_shown_as_saved_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    first_run(&mut p);
    p.send("/alex\r");
    p.wait_for("1 of 12");
    p.send("s");
    p.wait_for("Start a session");
    p.send("\r");
    p.wait_for("SESSION IN PROGRESS");
    p.send("3");
    p.wait_for("3 Information checklist (focused)");
    let mut shown = 0;
    for n in 1..=6 {
        p.send("\r");
        p.wait_for("Record information given");
        p.send("\r");
        // The checklist counts down only after the store committed the entry.
        p.wait_for(&format!("{} of 13 due", 13 - n));
        shown += 1;
    }
    let pid = p.child.process_id().expect("a pid") as i32;
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = p.wait_exit();

    let j = export(dir.path(), "P1");
    let session = j["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["advocate"] == "j.smith")
        .unwrap()
        .clone();
    assert!(
        session["ended_at"].is_null(),
        "the killed session was never ended"
    );
    assert_eq!(session["info_given"].as_array().unwrap().len(), shown);
    let o = imha::auth::sign_in(dir.path(), "j.smith", common::pty::PASS, common::now()).unwrap();
    assert!(o.store.integrity_ok().unwrap());
    let kept = imha::vault::KeyFile::load(&imha::vault::key_path(dir.path()))
        .unwrap()
        .audit_head;
    assert!(matches!(
        o.store.verify_audit(&kept).unwrap(),
        imha::store::AuditCheck::Intact { .. }
    ));
}
