//! Nothing shown as saved is lost: the real binary records entries, each shown as saved,
//! and is then killed with SIGKILL; every one of them is in the database afterwards.

mod common;
use common::pty::{Pty, export, session_with_items};

#[test]
fn entries_shown_as_saved_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pty::start(dir.path(), &[]);
    // Each item is waited for until the checklist counts down, which it does only after the
    // store committed the entry.
    let shown = 6;
    session_with_items(&mut p, shown);
    p.signal(libc::SIGKILL);
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
