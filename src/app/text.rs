//! Visible wording: interface keys from `questions/ui.toml`, content texts, and their placeholders.
//!
//! Components never hold visible text themselves: they ask [`Ctx::ui`] for a key
//! or [`Ctx::t`] for a content text. Both fill `{phone}` with the emergency
//! number. `tests/ui_keys.rs` finds the keys by scanning for `ui("`, so keys are
//! always written out in full at the call site, never built at run time.

use crate::content::{self, Kind, Lang, Question, Text};
use crate::engine::Value;

/// What every view needs to word things: the language and the emergency number.
#[derive(Clone, Debug, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub phone: String,
}

impl Ctx {
    pub fn new(lang: Lang, phone: &str) -> Ctx {
        Ctx {
            lang,
            phone: phone.to_string(),
        }
    }

    /// Interface text by key, with `{phone}` filled.
    pub fn ui(&self, key: &'static str) -> String {
        self.fill(content::embedded().ui(key, self.lang))
    }

    /// Interface text by key with `{name}` placeholders filled from `args`.
    pub fn ui_with(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        let mut s = self.ui(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A content text in the current language, with `{phone}` filled.
    pub fn t(&self, text: &Text) -> String {
        self.fill(text.get(self.lang))
    }

    fn fill(&self, s: &str) -> String {
        s.replace("{phone}", &self.phone)
    }

    /// The core's views in this language (`cramp_core::view`).
    pub fn words(&self) -> cramp_core::view::Words<'_> {
        cramp_core::view::Words::One(self.lang, &self.phone)
    }

    /// The `tel:` address of the emergency number.
    pub fn tel(&self) -> String {
        format!("tel:{}", self.phone)
    }

    /// The label of one answer value of `q` (an option, or yes / no / not sure).
    pub fn value_label(&self, q: &Question, value: &str) -> String {
        match q.kind {
            Kind::Single | Kind::Multi => q
                .option(value)
                .map(|o| self.t(&o.label))
                .unwrap_or_default(),
            Kind::YesNo | Kind::YesNoUnsure => match value {
                "yes" => self.ui("answer_yes"),
                "no" => self.ui("answer_no"),
                _ => self.ui("answer_not_sure"),
            },
        }
    }

    /// The labels of an answer, one per chosen value; empty when unanswered.
    pub fn answer_labels(&self, q: &Question, value: Option<&Value>) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(Value::One(v)) => vec![self.value_label(q, v)],
            Some(Value::Bool(b)) => vec![self.value_label(q, if *b { "yes" } else { "no" })],
            Some(Value::Many(vs)) => vs.iter().map(|v| self.value_label(q, v)).collect(),
        }
    }
}

/// The browser's language as one of ours: English for a browser set to English,
/// else Chinese (the product's first language).
pub fn browser_lang(navigator: Option<&str>) -> Lang {
    match navigator.map(|n| n.trim().to_ascii_lowercase()) {
        Some(n) if n.starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}
