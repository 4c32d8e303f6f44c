//! A generic keyboard form: text fields, one-of choices, yes/no toggles and sets.

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// A set of options, with a cursor over them.
    Set {
        options: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: Value,
    /// Shown under the form when this field is focused.
    pub hint: &'static str,
}

impl Field {
    pub fn text(label: &'static str, initial: &str, max: usize, hint: &'static str) -> Self {
        Field {
            label,
            value: Value::Text {
                text: initial.to_string(),
                max,
            },
            hint,
        }
    }
    pub fn choice(
        label: &'static str,
        options: Vec<String>,
        index: usize,
        hint: &'static str,
    ) -> Self {
        Field {
            label,
            value: Value::Choice { options, index },
            hint,
        }
    }
    pub fn toggle(label: &'static str, on: bool, hint: &'static str) -> Self {
        Field {
            label,
            value: Value::Toggle(on),
            hint,
        }
    }
    pub fn set(
        label: &'static str,
        options: Vec<String>,
        chosen: Vec<bool>,
        hint: &'static str,
    ) -> Self {
        Field {
            label,
            value: Value::Set {
                options,
                chosen,
                cursor: 0,
            },
            hint,
        }
    }

    /// The value in words, for the screen and plain output.
    pub fn words(&self) -> String {
        match &self.value {
            Value::Text { text, .. } => text.clone(),
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
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

    /// Types a character into a text field, or acts on a choice: space toggles.
    pub fn input(&mut self, c: char) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let label = f.label;
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
        if let Some(Field {
            value: Value::Text { text, .. },
            ..
        }) = self.focused()
        {
            text.pop();
            self.touched = true;
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
            Value::Text { .. } => return,
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
            Some(Value::Text { .. })
        )
    }
}
