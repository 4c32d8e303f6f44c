use super::{Result, Store, StoreError, ms};
use crate::domain::time::Instant;
use crate::domain::{Advocate, Login, clean_display_name};
use rusqlite::{OptionalExtension, params};

impl Store {
    pub fn advocates(&self) -> Result<Vec<Advocate>> {
        let mut st = self
            .conn
            .prepare("SELECT id, login, display_name FROM advocates ORDER BY login")?;
        let rows = st.query_map([], |r| {
            Ok(Advocate {
                id: r.get(0)?,
                login: r.get(1)?,
                display_name: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn advocate_by_login(&self, login: &str) -> Result<Option<Advocate>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, login, display_name FROM advocates WHERE login = ?1",
                [login],
                |r| {
                    Ok(Advocate {
                        id: r.get(0)?,
                        login: r.get(1)?,
                        display_name: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn add_advocate(
        &mut self,
        login: &str,
        display_name: &str,
        now: Instant,
    ) -> Result<Advocate> {
        let login = Login::parse(login)?;
        let display_name = clean_display_name(display_name)?;
        if self.advocate_by_login(login.as_str())?.is_some() {
            return Err(StoreError::Invalid(crate::domain::Invalid::msg(format!(
                "There is already an advocate with the login {}",
                login.as_str()
            ))));
        }
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO advocates (login, display_name, created_at) VALUES (?1, ?2, ?3)",
                params![login.as_str(), display_name, ms(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(Advocate {
            id,
            login: login.as_str().to_string(),
            display_name,
        })
    }
}
