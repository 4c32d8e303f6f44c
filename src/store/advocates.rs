use super::{Result, Store, StoreError, ms};
use crate::domain::time::Instant;
use crate::domain::{Advocate, Invalid, Login, clean_display_name};
use rusqlite::{OptionalExtension, params};

const ADVOCATE_SQL: &str = "SELECT id, login, display_name, admin, disabled FROM advocates";

fn advocate_row(r: &rusqlite::Row) -> rusqlite::Result<Advocate> {
    Ok(Advocate {
        id: r.get(0)?,
        login: r.get(1)?,
        display_name: r.get(2)?,
        admin: r.get::<_, i64>(3)? != 0,
        disabled: r.get::<_, i64>(4)? != 0,
    })
}

impl Store {
    /// Every advocate, disabled ones included.
    pub fn advocates(&self) -> Result<Vec<Advocate>> {
        let mut st = self
            .conn
            .prepare(&format!("{ADVOCATE_SQL} ORDER BY login"))?;
        Ok(st
            .query_map([], advocate_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn advocate_by_login(&self, login: &str) -> Result<Option<Advocate>> {
        Ok(self
            .conn
            .query_row(
                &format!("{ADVOCATE_SQL} WHERE login = ?1"),
                [login],
                advocate_row,
            )
            .optional()?)
    }

    /// Adds an advocate. `by` is the administrator doing it (None for the very first).
    pub fn add_advocate(
        &mut self,
        login: &str,
        display_name: &str,
        admin: bool,
        by: Option<&str>,
        now: Instant,
    ) -> Result<Advocate> {
        let login = Login::parse(login)?;
        let display_name = clean_display_name(display_name)?;
        if self.advocate_by_login(login.as_str())?.is_some() {
            return Err(StoreError::Invalid(Invalid::msg(format!(
                "There is already an advocate with the login {}",
                login.as_str()
            ))));
        }
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO advocates (login, display_name, created_at, admin) VALUES (?1, ?2, ?3, ?4)",
                params![login.as_str(), display_name, ms(now), admin as i64],
            )?;
            let id = tx.last_insert_rowid();
            let detail = format!("{}{}", login.as_str(), if admin { " (administrator)" } else { "" });
            super::audit::append(tx, now, by.unwrap_or(login.as_str()), "advocate_added", None, &detail)?;
            Ok(id)
        })?;
        Ok(Advocate {
            id,
            login: login.as_str().to_string(),
            display_name,
            admin,
            disabled: false,
        })
    }

    /// Disables or re-enables an advocate (never deletes: their entries keep their name).
    pub fn set_disabled(
        &mut self,
        login: &str,
        disabled: bool,
        by: &str,
        now: Instant,
    ) -> Result<()> {
        if self.advocate_by_login(login)?.is_none() {
            return Err(StoreError::NotFound(format!(
                "There is no advocate {}",
                crate::text::sanitize(login)
            )));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE advocates SET disabled = ?1 WHERE login = ?2",
                params![disabled as i64, login],
            )?;
            let action = if disabled {
                "advocate_disabled"
            } else {
                "advocate_enabled"
            };
            super::audit::append(tx, now, by, action, None, login)
        })
    }

    /// Makes an existing advocate an administrator (the first, after an upgrade).
    pub fn set_admin(&mut self, login: &str, by: &str, now: Instant) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE advocates SET admin = 1 WHERE login = ?1", [login])?;
            super::audit::append(tx, now, by, "advocate_made_admin", None, login)
        })
    }
}
