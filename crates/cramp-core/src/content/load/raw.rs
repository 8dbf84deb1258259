//! The raw shapes of the question files, exactly as a clinician writes them
//! (serde, unknown fields refused). `super::sections` turns them into `Content`.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) step: Option<RawStep>,
    #[serde(default)]
    pub(super) question: Vec<RawQuestion>,
    #[serde(default)]
    pub(super) rule: Vec<RawRule>,
    #[serde(default)]
    pub(super) pattern: Vec<RawPattern>,
    #[serde(default)]
    pub(super) department: Vec<RawDepartment>,
    #[serde(default)]
    pub(super) level: Vec<RawLevel>,
    #[serde(default)]
    pub(super) self_care: Vec<RawAdvice>,
    #[serde(default)]
    pub(super) stretch: Vec<RawAdvice>,
    #[serde(default)]
    pub(super) safety_net: Vec<RawAdvice>,
    #[serde(default)]
    pub(super) ui: BTreeMap<String, RawText>,
    #[serde(default)]
    pub(super) test_to_ask: Vec<RawTestToAsk>,
    /// The glossary (`questions/glossary.toml`): one name per concept. The
    /// loader checks each term's shape; `tests/wording.rs` checks the texts
    /// against it. Nothing of it is compiled in.
    #[serde(default)]
    pub(super) term: Vec<RawTerm>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub(super) zh: Option<String>,
    pub(super) en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub(super) id: String,
    pub(super) title: RawText,
    pub(super) intro: Option<RawText>,
    #[serde(default)]
    pub(super) show_if: Vec<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) id: String,
    pub(super) zh: Option<String>,
    pub(super) en: Option<String>,
    pub(super) drawing: Option<String>,
    /// This option satisfies every condition the named option of the same
    /// question satisfies ("not sure" when weakness came on counts as "in the
    /// last few days"). The loader writes it into the conditions.
    pub(super) counts_as: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawInformational {
    All(bool),
    Some(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) text: RawText,
    pub(super) help: Option<RawText>,
    #[serde(default)]
    pub(super) options: Vec<RawOption>,
    pub(super) exclusive: Option<String>,
    #[serde(default)]
    pub(super) show_if: Vec<RawCondition>,
    pub(super) informational: Option<RawInformational>,
    pub(super) feeds: Option<String>,
    pub(super) drawing: Option<String>,
    pub(super) tell_doctor: Option<RawText>,
}

/// A condition is a table with `q` and one operator key; kept loose so that an
/// unknown operator gets its own clear error rather than a generic parse error.
pub(super) type RawCondition = BTreeMap<String, toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: String,
    pub(super) level: String,
    #[serde(default)]
    pub(super) patterns: Vec<String>,
    #[serde(default)]
    pub(super) departments: Vec<String>,
    #[serde(default)]
    pub(super) all: Vec<RawCondition>,
    #[serde(default)]
    pub(super) any: Vec<RawCondition>,
    pub(super) source: Option<String>,
    pub(super) reason: RawText,
    pub(super) alert: Option<bool>,
    pub(super) notice: Option<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPattern {
    pub(super) id: String,
    pub(super) name: RawText,
    pub(super) about: RawText,
    #[serde(default)]
    pub(super) departments: Vec<String>,
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) alone: bool,
    #[serde(default)]
    pub(super) not_if: Vec<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDepartment {
    pub(super) id: String,
    pub(super) name: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLevel {
    pub(super) id: String,
    pub(super) title: RawText,
    pub(super) action: RawText,
    pub(super) by_when: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAdvice {
    pub(super) id: String,
    pub(super) title: RawText,
    pub(super) text: RawText,
    pub(super) source: Option<String>,
    #[serde(default)]
    pub(super) first_if: Vec<RawCondition>,
    pub(super) caution: Option<RawText>,
    #[serde(default)]
    pub(super) caution_if: Vec<RawCondition>,
    pub(super) drawing: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTerm {
    pub(super) concept: String,
    pub(super) lang: String,
    #[serde(rename = "use")]
    pub(super) preferred: String,
    pub(super) avoid: Vec<String>,
    pub(super) why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTestToAsk {
    pub(super) id: String,
    pub(super) patterns: Vec<String>,
    pub(super) text: RawText,
    pub(super) source: Option<String>,
}
