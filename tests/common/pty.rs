//! Runs the real binary in a pseudo-terminal and reads its screen through vt100. Waits for
//! screen text with a deadline and polling, never a fixed sleep.

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const DEADLINE: Duration = Duration::from_secs(15);

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts `imha` with a temporary data dir, `NO_COLOR=1`, in a 120x40 terminal.
    pub fn start(data_dir: &Path, env: &[(&str, &str)]) -> Pty {
        Pty::start_with_args(data_dir, env, &[])
    }

    /// As `start`, with command-line arguments.
    pub fn start_with_args(data_dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Pty {
        let (rows, cols) = (40u16, 120u16);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_imha"));
        cmd.args(args);
        cmd.env("IMHA_DATA_DIR", data_dir);
        cmd.env("IMHA_CONFIG_DIR", data_dir.join("config"));
        cmd.env("NO_COLOR", "1");
        cmd.env("IMHA_KDF_M_COST", "64");
        cmd.env("IMHA_KDF_T_COST", "1");
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn imha");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            child,
            writer,
            parser,
            _master: pair.master,
        }
    }

    /// Is the program's alternate screen still showing?
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after the deadline.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(text, |screen| screen.contains(text));
    }

    /// Waits until `ok` holds for the screen; panics with `what` and the screen after the
    /// deadline.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if ok(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {what:?}; the screen was:\n{}",
            self.screen()
        );
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until the screen shows `text`, or the program has exited (then false).
    pub fn wait_for_or_exit(&mut self, text: &str) -> bool {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.screen().contains(text) {
                return true;
            }
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!(
            "timed out waiting for {text:?}; the screen was:\n{}",
            self.screen()
        );
    }

    /// The program's process id.
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a pid") as i32
    }

    /// Sends a signal (by number) to the program.
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) with a pid we spawned and a plain signal number has no memory effects.
        let rc = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(rc, 0, "kill -{sig} failed");
    }

    /// Resizes the terminal, as dragging the window would (the program gets SIGWINCH).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits for the process to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("imha did not exit; the screen was:\n{}", self.screen());
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub const PASS: &str = "correct horse battery";

/// First run in the real binary: the first administrator, the recovery key, the demo ward.
pub fn first_run(p: &mut Pty) {
    p.wait_for("Set up imha");
    p.send("j.smith\tJo Smith\t");
    p.send(PASS);
    p.send("\t");
    p.send(PASS);
    p.send("\r");
    p.wait_for("Your recovery key");
    p.send("\r");
    p.wait_for("Load a fictional demo ward?");
    p.send("y");
    p.wait_for("Demo ward loaded");
}

/// Signs in on a first-run directory, starts a session with Alex Marsh (P1) and records
/// `n` information items, each waited for until the screen shows it saved.
pub fn session_with_items(p: &mut Pty, n: usize) {
    first_run(p);
    p.send("/alex\r");
    p.wait_for("1 of 12");
    p.send("s");
    p.wait_for("Start a session");
    p.send("\r");
    p.wait_for("SESSION IN PROGRESS");
    p.send("3");
    p.wait_for("3 Information checklist (focused)");
    for i in 1..=n {
        p.send("\r");
        p.wait_for("Record information given");
        p.send("\r");
        p.wait_for(&format!("{} of 13 due", 13 - i));
    }
}

/// A patient's record through `imha export`, signed in as j.smith.
pub fn export(dir: &Path, patient: &str) -> serde_json::Value {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_imha"))
        .args([
            "--user",
            "j.smith",
            "--passphrase-stdin",
            "export",
            "--patient",
            patient,
            "--format",
            "json",
        ])
        .env("IMHA_DATA_DIR", dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASS}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
