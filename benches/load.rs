//! Speed and memory under load, on an encrypted database of 10,000 fictional patients and
//! 1,000,000 information entries (10,000 of them for one patient). Run with
//! `cargo bench --bench load`. Never asserted in tests.
//!
//! The database is built once (about a minute) and cached outside the repository, in
//! `$IMHA_BENCH_CACHE` or the user's cache directory (`~/.cache/imha-bench/`); each run works
//! on a copy. The advocate's key slot uses cheap key-derivation settings, so the timings
//! below leave the passphrase derivation out; it is measured on its own with the real
//! settings ("derive the key").
//!
//! Measured here:
//! - record one information item with its audit row, durably committed: criterion's
//!   median, and p50/p99/max over 2,000 commits printed beside it;
//! - the same through the app (Enter, Enter), with the list row and record read again and
//!   the screen drawn;
//! - open the patient with 10,000 entries and draw the screen;
//! - from start to the first frame after sign-in (the driver in-process, then a 120x40
//!   `TestBackend` frame);
//! - the release binary in a pseudo-terminal: from Enter on the sign-in screen to the
//!   patient list on screen, and its peak resident memory (VmHWM) then.

use criterion::{Criterion, criterion_group, criterion_main};
use imha::app::{Action, Loaded};
use imha::domain::time::Instant;
use imha::domain::{Forms, NewInfoGiven, Understanding};
use imha::driver::Driver;
use imha::keymap::Keymap;
use imha::vault::KdfParams;
use ratatui::{Terminal, backend::TestBackend};
use std::path::{Path, PathBuf};
use std::time::Duration;

const PATIENTS: usize = 10_000;
const ITEMS: usize = 1_000_000;
const HEAVY: usize = 10_000;
const LOGIN: &str = "bench.advocate";
const PASS: &str = "correct horse battery";

fn now() -> Instant {
    imha::domain::time::parse_instant("2026-11-25T10:00:00Z").unwrap()
}

fn cheap_kdf() -> KdfParams {
    KdfParams {
        m_cost: 64,
        t_cost: 1,
        p_cost: 1,
    }
}

/// The cached data directory, built on first use.
fn cached() -> PathBuf {
    let root = std::env::var_os("IMHA_BENCH_CACHE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.cache_dir().join("imha-bench")))
        .expect("a cache directory (set IMHA_BENCH_CACHE)");
    let dir = root.join(format!(
        "schema{}-{PATIENTS}-patients-{ITEMS}-items",
        imha::store::SCHEMA_VERSION
    ));
    if dir.join("complete").exists() {
        return dir;
    }
    let building = root.join("building");
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir_all(&building).unwrap();
    eprintln!(
        "building the benchmark database in {} (once)",
        dir.display()
    );
    let started = std::time::Instant::now();
    let (mut o, _recovery) = imha::auth::create_first_admin_with(
        &building,
        LOGIN,
        "Bench Advocate",
        PASS,
        cheap_kdf(),
        now(),
    )
    .unwrap();
    let by = o.advocate.clone();
    o.store
        .seed_for_benchmarks(PATIENTS, ITEMS, HEAVY, &by, now())
        .unwrap();
    imha::auth::sync_head(&building, &o.store).unwrap();
    drop(o);
    std::fs::write(building.join("complete"), "").unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&building, &dir).unwrap();
    eprintln!("built in {:.0} s", started.elapsed().as_secs_f64());
    dir
}

/// A fresh copy of the cached data directory, so that no run changes the cache.
fn copy(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.path().join(e.file_name())).unwrap();
        }
    }
    to
}

fn type_keys(d: &mut Driver, keymap: &Keymap, keys: &[&str]) {
    for k in keys {
        let key = imha::keymap::parse_key(k).unwrap();
        if let Some(a) = keymap.resolve(&key, d.state.context()) {
            d.dispatch(a);
        }
    }
}

/// From a new driver on the data directory to the first frame after sign-in.
fn start_and_sign_in(dir: &Path, keymap: &Keymap, term: &mut Terminal<TestBackend>) -> Driver {
    let mut d = Driver::new(dir, now());
    d.kdf = cheap_kdf();
    for c in LOGIN.chars() {
        d.dispatch(Action::Input(c));
    }
    type_keys(&mut d, keymap, &["Tab"]);
    for c in PASS.chars() {
        d.dispatch(Action::Input(c));
    }
    type_keys(&mut d, keymap, &["Enter"]);
    assert_eq!(d.state.rows.len(), PATIENTS, "signed in and listed");
    draw(&d, term);
    d
}

fn draw(d: &Driver, term: &mut Terminal<TestBackend>) {
    let theme = imha::ui::Theme::default_theme(false);
    let view = imha::ui::View {
        theme: &theme,
        keymap: &d.state.keymap,
    };
    term.draw(|f| imha::ui::draw(f, &d.state, &view)).unwrap();
}

fn percentiles(mut v: Vec<Duration>) -> String {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
    format!(
        "p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {}",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        v[v.len() - 1].as_secs_f64() * 1e3,
        v.len()
    )
}

fn load(c: &mut Criterion) {
    let cache = cached();
    let keymap = Keymap::default_keymap();
    let mut g = c.benchmark_group("10,000 patients, 1,000,000 entries, encrypted");
    g.sample_size(20);

    // Start to first frame, in-process.
    let dir = copy(&cache);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    g.bench_function("start, sign in and draw the first frame", |b| {
        b.iter(|| start_and_sign_in(dir.path(), &keymap, &mut term))
    });

    // Open the patient with 10,000 entries and draw.
    let mut d = start_and_sign_in(dir.path(), &keymap, &mut term);
    let heavy = 1;
    assert_eq!(d.store().info(heavy).unwrap().len(), HEAVY);
    g.bench_function("open the patient with 10,000 entries and draw", |b| {
        b.iter(|| {
            let r = d.store().record(heavy).unwrap();
            d.dispatch(Action::Loaded(Loaded::Record(Box::new(r))));
            draw(&d, &mut term);
        })
    });

    // What the list needs after a save: every patient with its latest entries.
    g.bench_function("read the patient list (10,000 overviews)", |b| {
        b.iter(|| d.store().overviews().unwrap().len())
    });

    // Record one item, durably committed, with its audit row and latest-entry index.
    let by = d.state.advocate.clone().unwrap();
    let mut n = 0i64;
    let mut entry = |d: &mut Driver| {
        n += 1;
        let e = NewInfoGiven {
            patient_id: 1 + n % PATIENTS as i64,
            session_id: None,
            item: "rights_under_act".into(),
            given_at: now(),
            forms: Forms::from_csv("spoken,written"),
            understanding: Understanding::Understood,
            note: String::new(),
            corrects: None,
        };
        d.store().record_info(&e, &by, now()).unwrap();
    };
    let mut times = Vec::with_capacity(2000);
    for _ in 0..2000 {
        let t = std::time::Instant::now();
        entry(&mut d);
        times.push(t.elapsed());
    }
    eprintln!("record one item, committed: {}", percentiles(times));
    g.bench_function("record one item with its audit row, committed", |b| {
        b.iter(|| entry(&mut d))
    });

    // The same through the app, as an advocate does it: Enter opens the item, Enter saves;
    // then the list row and the record are read again and the screen drawn.
    type_keys(&mut d, &keymap, &["3"]);
    g.bench_function(
        "record one item in the app (Enter, Enter), refresh and draw",
        |b| {
            b.iter(|| {
                type_keys(&mut d, &keymap, &["Enter", "Enter"]);
                assert!(
                    d.state
                        .message
                        .as_ref()
                        .is_some_and(|m| m.text.starts_with("Saved"))
                );
                draw(&d, &mut term);
            })
        },
    );
    g.finish();

    // The passphrase derivation, alone, with the settings new key files get.
    let kdf = KdfParams::from_env();
    c.bench_function(
        &format!(
            "derive the key (argon2id, {} KiB, t={})",
            kdf.m_cost, kdf.t_cost
        ),
        |b| b.iter(|| imha::vault::derive(PASS, &[7u8; 16], &kdf).unwrap()),
    );

    real_binary(&cache);
}

/// The release binary in a 120x40 pseudo-terminal: Enter on the sign-in screen to the
/// patient list drawn, and peak resident memory then.
fn real_binary(cache: &Path) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    let mut times = Vec::new();
    let mut peak_kib = 0u64;
    for _ in 0..10 {
        let dir = copy(cache);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_imha"));
        cmd.env("IMHA_DATA_DIR", dir.path());
        cmd.env("IMHA_CONFIG_DIR", dir.path().join("config"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("IMHA_NOW", "2026-11-25T10:00:00Z");
        let mut child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let out = Arc::new(Mutex::new(String::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let o = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                o.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut w = pair.master.take_writer().unwrap();
        let wait = |what: &str| {
            let start = std::time::Instant::now();
            while !out.lock().unwrap().contains(what) {
                assert!(start.elapsed() < Duration::from_secs(60), "no {what:?}");
                std::thread::sleep(Duration::from_micros(200));
            }
            start.elapsed()
        };
        wait("Sign in to imha");
        write!(w, "{LOGIN}\t{PASS}").unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        out.lock().unwrap().clear();
        write!(w, "\r").unwrap();
        w.flush().unwrap();
        times.push(wait(&format!("of {PATIENTS}")));
        let pid = child.process_id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let hwm = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        peak_kib = peak_kib.max(hwm);
        let _ = child.kill();
        let _ = child.wait();
    }
    eprintln!(
        "release binary, Enter on sign-in to the patient list on screen: {}",
        percentiles(times)
    );
    eprintln!(
        "release binary, peak resident memory after the first frame: {:.1} MB",
        peak_kib as f64 / 1024.0
    );
}

criterion_group!(benches, load);
criterion_main!(benches);
