use clap::Parser;
use imha::cli::{Cli, run_command};
use imha::domain::time::Clock;

fn main() {
    // Every file imha creates (the database, its -wal and -shm, the key file, exports) is
    // readable by this user only: set before SQLite creates anything.
    // SAFETY: umask only changes this process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    let cli = Cli::parse();
    let clock = match Clock::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imha: {e}");
            std::process::exit(2);
        }
    };
    if let Some(cmd) = &cli.command {
        std::process::exit(run_command(&cli, cmd, clock));
    }
    std::process::exit(imha::cli::run_app(&cli, clock));
}
