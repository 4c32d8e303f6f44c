//! Where things live: the data directory (the database) and the config directory
//! (`config.toml`). Defaults come from the platform; flags and environment override them.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Settings from `config.toml`. A missing file means defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Minutes without a key press before the screen locks (default 5; 1 to 60).
    pub lock_after_minutes: Option<u32>,
    /// The theme: default, high-contrast, monochrome, colour-safe, light, or one of yours.
    pub theme: Option<String>,
    /// Start in plain mode (for screen readers and braille displays).
    pub plain: Option<bool>,
    /// The advocacy service: `name`, `contact` (on the patient's summary), `accepted_referrers`.
    #[serde(default)]
    pub service: crate::summary::Service,
    /// Years after a case is closed (archived, no activity) before an administrator may erase it.
    pub retention_years: Option<u32>,
}

impl Config {
    pub fn lock_after_secs(&self) -> i64 {
        i64::from(self.lock_after_minutes.unwrap_or(5).clamp(1, 60)) * 60
    }
}

pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk", "imha", "imha").map(|d| d.data_dir().to_path_buf())
}

pub fn default_config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk", "imha", "imha").map(|d| d.config_dir().to_path_buf())
}

/// Creates the data directory (and parents) with mode 0700.
pub fn ensure_data_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("Cannot create the data directory {}: {e}", dir.display()))?;
    }
    if !dir.is_dir() {
        return Err(format!(
            "{} is not a directory: choose another --data-dir",
            dir.display()
        ));
    }
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    Ok(())
}

pub fn load_config(dir: Option<&Path>) -> Result<Config, String> {
    let Some(dir) = dir else {
        return Ok(Config::default());
    };
    let path = dir.join("config.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("Cannot read {}: {e}", path.display())),
    }
}
