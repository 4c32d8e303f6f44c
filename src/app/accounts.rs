//! Advocates' accounts in the app: administrators add and disable advocates and reset
//! passphrases; every advocate can change their own passphrase.

use super::form::{Field, Form};
use super::{
    AccountChange, Action, ConfirmKind, Dialog, Effect, FormKind, MessageKind, State, say,
};

pub fn add_form() -> Form {
    Form::new(
        "Add an advocate",
        "They sign in with this login name and passphrase; tell them the passphrase in person.",
        vec![
            Field::text(
                "Login name",
                "",
                32,
                "Lower-case letters, digits, '.', '-' or '_'",
            ),
            Field::text("Display name", "", 80, "Their name as colleagues know it"),
            Field::toggle(
                "Administrator",
                false,
                "Administrators add, disable and reset advocates",
            ),
            Field::secret("Passphrase", "At least 8 characters"),
            Field::secret("Repeat passphrase", "The same again"),
        ],
    )
}

pub fn passphrase_form(login: &str) -> Form {
    Form::new(
        "Set a passphrase",
        format!(
            "For {login}. Their old passphrase stops working at once; a disabled account is enabled again."
        ),
        vec![
            Field::secret("Passphrase", "At least 8 characters"),
            Field::secret("Repeat passphrase", "The same again"),
        ],
    )
}

/// Turns a filled-in account form into a change, or says what is wrong.
pub fn to_change(kind: &FormKind, f: &mut Form) -> Result<AccountChange, String> {
    let pass = f.take_secret("Passphrase");
    if pass != f.take_secret("Repeat passphrase") {
        return Err("The two passphrases differ: type them again".into());
    }
    match kind {
        FormKind::AddAdvocate => Ok(AccountChange::Add {
            login: f.text("Login name"),
            display_name: f.text("Display name"),
            admin: f.flag("Administrator"),
            passphrase: pass,
        }),
        FormKind::SetPassphrase { login } => Ok(AccountChange::SetPassphrase {
            login: login.clone(),
            passphrase: pass,
        }),
        _ => Err("not an account form".into()),
    }
}

/// Keys in the accounts list.
pub fn keys(
    state: &mut State,
    action: Action,
    list: Vec<crate::domain::Advocate>,
    cursor: usize,
) -> Vec<Effect> {
    let me = state.advocate.clone();
    let admin = me.as_ref().is_some_and(|a| a.admin);
    let chosen = list.get(cursor).cloned();
    let back =
        |state: &mut State, list, cursor| state.dialog = Some(Dialog::Accounts { list, cursor });
    match action {
        Action::Up => back(state, list, cursor.saturating_sub(1)),
        Action::Down => {
            let c = (cursor + 1).min(list.len().saturating_sub(1));
            back(state, list, c)
        }
        Action::Back => {}
        Action::AddAdvocate if admin => {
            back(state, list, cursor);
            super::update::open_form(state, FormKind::AddAdvocate, add_form());
        }
        Action::SetPassphrase => match chosen {
            Some(a) if admin || me.as_ref().is_some_and(|m| m.login == a.login) => {
                back(state, list, cursor);
                super::update::open_form(
                    state,
                    FormKind::SetPassphrase {
                        login: a.login.clone(),
                    },
                    passphrase_form(&a.login),
                );
            }
            _ => {
                back(state, list, cursor);
                say(
                    state,
                    MessageKind::Error,
                    "Only an administrator can set another advocate's passphrase",
                );
            }
        },
        Action::Disable => match chosen {
            Some(a) if a.disabled => {
                back(state, list, cursor);
                say(
                    state,
                    MessageKind::Info,
                    format!(
                        "{} is already disabled; p sets a new passphrase and enables them again",
                        a.login
                    ),
                );
            }
            Some(a) if admin && me.as_ref().is_some_and(|m| m.login != a.login) => {
                back(state, list, cursor);
                super::update::ask(
                    state,
                    ConfirmKind::Disable {
                        login: a.login.clone(),
                    },
                    format!(
                        "Disable {}? Their passphrase stops working at once; their entries keep their name.",
                        a.login
                    ),
                );
            }
            _ => {
                back(state, list, cursor);
                say(
                    state,
                    MessageKind::Error,
                    "Only an administrator can disable an account, and not their own",
                );
            }
        },
        _ => back(state, list, cursor),
    }
    vec![]
}
