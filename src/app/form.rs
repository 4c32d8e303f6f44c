//! A generic keyboard form: text fields, one-of choices, yes/no toggles and sets.

use crate::vault::Secret;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text {
        text: String,
        max: usize,
    },
    Choice {
        options: Vec<String>,
        index: usize,
    },
    Toggle(bool),
    /// A passphrase: shown as dots, wiped from memory when dropped, never sealed in a draft.
    Secret {
        text: Secret,
        max: usize,
    },
    /// A set of options, with a cursor over them.
    Set {
        options: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub label: Cow<'static, str>,
    pub value: Value,
    /// Shown under the form when this field is focused.
    pub hint: Cow<'static, str>,
}

impl Field {
    pub fn text(label: &'static str, initial: &str, max: usize, hint: &'static str) -> Self {
        Field {
            label: Cow::Borrowed(label),
            value: Value::Text {
                text: initial.to_string(),
                max,
            },
            hint: Cow::Borrowed(hint),
        }
    }
    pub fn choice(
        label: &'static str,
        options: Vec<String>,
        index: usize,
        hint: &'static str,
    ) -> Self {
        Field {
            label: Cow::Borrowed(label),
            value: Value::Choice { options, index },
            hint: Cow::Borrowed(hint),
        }
    }
    pub fn secret(label: &'static str, hint: &'static str) -> Self {
        Field {
            label: Cow::Borrowed(label),
            value: Value::Secret {
                text: Secret::default(),
                max: 200,
            },
            hint: Cow::Borrowed(hint),
        }
    }

    pub fn toggle(label: &'static str, on: bool, hint: &'static str) -> Self {
        Field {
            label: Cow::Borrowed(label),
            value: Value::Toggle(on),
            hint: Cow::Borrowed(hint),
        }
    }
    pub fn set(
        label: &'static str,
        options: Vec<String>,
        chosen: Vec<bool>,
        hint: &'static str,
    ) -> Self {
        Field {
            label: Cow::Borrowed(label),
            value: Value::Set {
                options,
                chosen,
                cursor: 0,
            },
            hint: Cow::Borrowed(hint),
        }
    }

    /// The value in words, for the screen and plain output.
    pub fn words(&self) -> String {
        match &self.value {
            Value::Text { text, .. } => text.clone(),
            Value::Secret { text, .. } => "•".repeat(text.chars()),
            Value::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
            Value::Toggle(b) => if *b { "yes" } else { "no" }.into(),
            Value::Set {
                options, chosen, ..
            } => {
                let v: Vec<&str> = options
                    .iter()
                    .zip(chosen)
                    .filter(|(_, c)| **c)
                    .map(|(o, _)| o.as_str())
                    .collect();
                if v.is_empty() {
                    "none".into()
                } else {
                    v.join(", ")
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub title: String,
    /// A line of context above the fields (which patient, which item).
    pub context: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The last refusal, shown in the form; the typed text stays.
    pub error: Option<String>,
    /// Whether anything was typed: quitting then asks first.
    pub touched: bool,
    /// The line of keys under the form.
    #[serde(default)]
    pub footer: Option<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, context: impl Into<String>, fields: Vec<Field>) -> Self {
        Form {
            title: title.into(),
            context: context.into(),
            fields,
            focus: 0,
            error: None,
            touched: false,
            footer: None,
        }
    }

    pub fn with_footer(mut self, footer: &str) -> Self {
        self.footer = Some(footer.into());
        self
    }

    pub fn focus_on(mut self, label: &str) -> Self {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.focus = i;
        }
        self
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }
    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// The editing keys every form shares: typing, pasting, deleting, moving between fields
    /// and changing choices. Returns whether the action was one of them.
    pub fn edit(&mut self, action: &super::Action) -> bool {
        use super::Action;
        match action {
            Action::Input(c) => self.input(*c),
            Action::Paste(s) => self.paste(s),
            Action::Backspace => self.backspace(),
            Action::NextField | Action::Down => self.next(),
            Action::PrevField | Action::Up => self.prev(),
            Action::ChangeNext => self.change(true),
            Action::ChangePrev => self.change(false),
            _ => return false,
        }
        true
    }

    /// Types a character into a text field, or acts on a choice: space toggles.
    pub fn input(&mut self, c: char) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let label = f.label.clone();
        match &mut f.value {
            Value::Text { text, max } => {
                if c.is_control() {
                    return;
                }
                if text.chars().count() >= *max {
                    let max = *max;
                    self.error = Some(format!(
                        "{label}: at most {max} characters; the rest was not typed"
                    ));
                    return;
                }
                text.push(c);
            }
            Value::Secret { text, max } => {
                if c.is_control() || text.chars() >= *max {
                    return;
                }
                text.push(c);
            }
            Value::Toggle(b) if c == ' ' || c == 'y' || c == 'n' => {
                *b = if c == ' ' { !*b } else { c == 'y' }
            }
            Value::Set { chosen, cursor, .. } if c == ' ' => {
                if let Some(x) = chosen.get_mut(*cursor) {
                    *x = !*x;
                }
            }
            _ => return,
        }
        self.touched = true;
    }

    /// Pasted text goes into a text field as text, never as commands.
    pub fn paste(&mut self, s: &str) {
        for c in s.chars() {
            let c = if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            };
            self.input(c);
        }
    }

    pub fn backspace(&mut self) {
        match self.focused().map(|f| &mut f.value) {
            Some(Value::Text { text, .. }) => {
                text.pop();
            }
            Some(Value::Secret { text, .. }) => text.pop(),
            _ => return,
        }
        self.touched = true;
    }

    /// Takes a passphrase out of the form, leaving the field empty.
    pub fn take_secret(&mut self, label: &str) -> Secret {
        match self
            .fields
            .iter_mut()
            .find(|f| f.label == label)
            .map(|f| &mut f.value)
        {
            Some(Value::Secret { text, .. }) => std::mem::take(text),
            _ => Secret::default(),
        }
    }

    /// Left/Right: change a choice, flip a toggle, move within a set.
    pub fn change(&mut self, forward: bool) {
        let Some(f) = self.focused() else { return };
        match &mut f.value {
            Value::Choice { options, index } => {
                let n = options.len().max(1);
                *index = if forward {
                    (*index + 1) % n
                } else {
                    (*index + n - 1) % n
                };
            }
            Value::Toggle(b) => *b = !*b,
            Value::Set {
                options, cursor, ..
            } => {
                let n = options.len().max(1);
                *cursor = if forward {
                    (*cursor + 1) % n
                } else {
                    (*cursor + n - 1) % n
                };
            }
            Value::Text { .. } | Value::Secret { .. } => return,
        }
        self.touched = true;
    }

    pub fn text(&self, label: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| match &f.value {
                Value::Text { text, .. } => text.clone(),
                _ => f.words(),
            })
            .unwrap_or_default()
    }
    pub fn index(&self, label: &str) -> usize {
        match self
            .fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| &f.value)
        {
            Some(Value::Choice { index, .. }) => *index,
            _ => 0,
        }
    }
    pub fn flag(&self, label: &str) -> bool {
        matches!(
            self.fields
                .iter()
                .find(|f| f.label == label)
                .map(|f| &f.value),
            Some(Value::Toggle(true))
        )
    }
    pub fn chosen(&self, label: &str) -> Vec<bool> {
        match self
            .fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| &f.value)
        {
            Some(Value::Set { chosen, .. }) => chosen.clone(),
            _ => Vec::new(),
        }
    }
    /// Does the focused field take typed characters?
    pub fn focused_is_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text { .. } | Value::Secret { .. })
        )
    }
}
