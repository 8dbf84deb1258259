//! The validated questionnaire: steps, questions, rules, patterns and texts in both languages.
//!
//! These types are the contract between the question files (parsed and checked by
//! `load.rs`, at build time) and everything that uses them (the engine, the
//! widget, `assess`). They hold no behaviour beyond small look-ups, and this file
//! depends on nothing but `serde` so the build script can include it too.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Text that is either loaded (owned, native) or compiled in (`'static`, see `codegen.rs`).
pub type Str = Cow<'static, str>;
/// A list that is either loaded (owned, native) or compiled in (`'static`).
pub type List<T> = Cow<'static, [T]>;

/// Typed ids: the build script writes one constant per id of the question
/// files (`content::ids`), so Rust code names questions, options, rules,
/// patterns, departments and steps by constants the compiler checks, never by
/// string literals. Renaming an id in a question file breaks the build where
/// Rust relied on it.
macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub &'static str);

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.0
            }
        }

        impl PartialEq<$name> for Str {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    )*};
}
id_type!(
    /// A question id (`content::ids::q`).
    QuestionId,
    /// An option id of one question (`content::ids::opt::<question>`).
    OptionId,
    /// A rule id (`content::ids::rule`).
    RuleId,
    /// A pattern id (`content::ids::pattern`).
    PatternId,
    /// A department id (`content::ids::dept`).
    DepartmentId,
    /// A step id (`content::ids::step`).
    StepId
);

/// A language the product speaks. Chinese first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag used in `lang` attributes and `?lang=`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A piece of text in every language. Loading refuses a `Text` with a language missing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: Str,
    pub en: Str,
}

impl Text {
    /// The words in `lang`. In the release wasm the fields hold markers and the
    /// words come from that language's file (`texts.rs`): read texts only through here.
    pub fn get(&self, lang: Lang) -> &str {
        super::texts::resolve(
            match lang {
                Lang::Zh => &self.zh,
                Lang::En => &self.en,
            },
            lang as usize,
        )
    }
}

/// The triage levels, ordered from least to most urgent so that `max` is "most urgent".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    SelfCare,
    Soon,
    Urgent,
    Emergency,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::SelfCare,
        Level::Soon,
        Level::Urgent,
        Level::Emergency,
    ];

    /// The stable id used in question files, `assess` output and `data-level`.
    pub fn id(self) -> &'static str {
        match self {
            Level::SelfCare => "self_care",
            Level::Soon => "soon",
            Level::Urgent => "urgent",
            Level::Emergency => "emergency",
        }
    }

    pub fn from_id(id: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// How a question is answered, which fixes its answer values and the operators rules may use on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One option id.
    Single,
    /// Any number of option ids.
    Multi,
    /// `true` or `false`.
    YesNo,
    /// `"yes"`, `"no"` or `"not_sure"`; "not sure" counts as yes for advice.
    YesNoUnsure,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::YesNo => "yes_no",
            Kind::YesNoUnsure => "yes_no_unsure",
        }
    }
}

/// The fixed answer values of yes/no/not-sure questions.
pub const YES_NO_UNSURE: [&str; 3] = ["yes", "no", NOT_SURE];

/// "Not sure": a `yes_no_unsure` answer, and the option id every required
/// follow-up of another kind offers (`Content::required_follow_ups`).
pub const NOT_SURE: &str = "not_sure";

/// A drawing the widget can show with a question or an option (`questions/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drawing {
    /// The saddle area, front and back (the cauda equina question).
    Saddle,
    /// Walking on tiptoe, holding on to a wall (the guided self-test).
    Tiptoe,
    /// Walking on the heels, holding on to a wall.
    Heels,
    /// Lifting the big toe against a finger.
    BigToe,
    /// Seed 000 Table 3: standing calf stretch at a wall.
    StandingCalf,
    /// Seed 000 Table 3: standing hamstring stretch, a heel on a chair.
    StandingHamstring,
    /// Seed 000 Table 3: seated hamstring and calf stretch.
    SeatedStretch,
}

impl Drawing {
    pub const ALL: [Drawing; 7] = [
        Drawing::Saddle,
        Drawing::Tiptoe,
        Drawing::Heels,
        Drawing::BigToe,
        Drawing::StandingCalf,
        Drawing::StandingHamstring,
        Drawing::SeatedStretch,
    ];

    /// The id used in question files.
    pub fn id(self) -> &'static str {
        match self {
            Drawing::Saddle => "saddle",
            Drawing::Tiptoe => "tiptoe",
            Drawing::Heels => "heels",
            Drawing::BigToe => "big_toe",
            Drawing::StandingCalf => "standing_calf",
            Drawing::StandingHamstring => "standing_hamstring",
            Drawing::SeatedStretch => "seated_stretch",
        }
    }

    pub fn from_id(id: &str) -> Option<Drawing> {
        Drawing::ALL.into_iter().find(|d| d.id() == id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: Str,
    pub label: Text,
    /// A drawing shown with this option.
    pub drawing: Option<Drawing>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: Str,
    pub kind: Kind,
    pub text: Text,
    pub help: Option<Text>,
    /// The options of `single` and `multi` questions (empty for the yes/no kinds).
    pub options: List<Choice>,
    /// An option that, when chosen in a `multi` question, excludes the others ("none").
    pub exclusive: Option<Str>,
    /// Shown only when at least one of these holds (empty: always shown).
    pub show_if: List<Condition>,
    /// Answer values that on purpose lead to no rule (they are shown to the doctor only).
    pub informational: List<Str>,
    /// A later `multi` question whose answer also counts every option chosen
    /// here (same option ids): the guided self-test feeds `weakness`.
    pub feeds: Option<Str>,
    /// A drawing shown with the question.
    pub drawing: Option<Drawing>,
    /// The options chosen here are listed for the doctor under this heading
    /// ("what to tell the doctor" and the printed summary).
    pub tell_doctor: Option<Text>,
}

impl Question {
    /// The answer values this question accepts, as option ids.
    pub fn values(&self) -> Vec<&str> {
        match self.kind {
            Kind::Single | Kind::Multi => self.options.iter().map(|o| o.id.as_ref()).collect(),
            Kind::YesNo => vec!["yes", "no"],
            Kind::YesNoUnsure => YES_NO_UNSURE.to_vec(),
        }
    }

    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }
}

/// What the person is looking at. Its names are the page's `data-step`
/// vocabulary, which is also the saved form (`codec`'s progress): the fixed
/// screens' names of [`Screen::FIXED`] and the ids of the steps. The journey
/// (`journey::Screen`) and the codec both read this one table, and the loader
/// refuses a step whose id is a fixed screen's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Intro,
    /// A questionnaire step, by index into `content.steps`.
    Step(usize),
    Review,
    Result,
    /// The cramp diary (from any screen; "back" returns there).
    Diary,
}

impl Screen {
    /// The screens that are not steps, with their names.
    pub const FIXED: [(Screen, &'static str); 4] = [
        (Screen::Intro, "intro"),
        (Screen::Review, "review"),
        (Screen::Result, "result"),
        (Screen::Diary, "diary"),
    ];

    /// The page's `data-step` name of the screen (also the saved form); a
    /// step that is not there names the introduction.
    pub fn id(self, c: &Content) -> &str {
        match self {
            Screen::Step(i) => c.steps.get(i).map_or(Screen::FIXED[0].1, |s| &*s.id),
            fixed => Screen::FIXED
                .iter()
                .find(|(s, _)| *s == fixed)
                .map_or(Screen::FIXED[0].1, |&(_, name)| name),
        }
    }

    /// The screen a `data-step` name (or a saved one) stands for, if any.
    pub fn from_id(c: &Content, id: &str) -> Option<Screen> {
        Screen::FIXED
            .iter()
            .find(|(_, name)| *name == id)
            .map(|&(s, _)| s)
            .or_else(|| c.steps.iter().position(|s| s.id == id).map(Screen::Step))
    }
}

/// One screen of the questionnaire, on one topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: Str,
    pub title: Text,
    pub intro: Option<Text>,
    /// Shown only when at least one of these holds (empty: always shown).
    pub show_if: List<Condition>,
    pub questions: List<Question>,
    /// The question file the step came from, for error messages and clinicians.
    pub file: Str,
}

/// The small fixed set of operators rules and `show_if` may use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// A `single` question's answer is one of these option ids.
    In(List<Str>),
    /// A `multi` question's answer includes at least one of these option ids.
    Has(List<Str>),
    /// A yes/no question is answered yes; a yes/no/not-sure question yes or not sure.
    IsTrue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub q: Str,
    pub op: Op,
}

impl Condition {
    /// The option ids this condition can be satisfied by.
    pub fn values(&self) -> Vec<&str> {
        match &self.op {
            Op::In(v) | Op::Has(v) => v.iter().map(|s| &**s).collect(),
            Op::IsTrue => vec!["yes", "not_sure"],
        }
    }
}

/// Which answers lead to which level, pattern, department and reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: Str,
    pub level: Level,
    pub patterns: List<Str>,
    pub departments: List<Str>,
    /// Every one of these must hold.
    pub all: List<Condition>,
    /// At least one of these must hold (ignored when empty).
    pub any: List<Condition>,
    pub source: Str,
    pub reason: Text,
    pub file: Str,
    /// Raise the alert the moment the rule holds, on the step where it does:
    /// the red emergency alert (always, for `emergency` rules) or, for an
    /// `urgent` rule, the amber same-day notice with [`Rule::notice`].
    pub alert: bool,
    /// The amber notice of an `urgent` alert rule.
    pub notice: Option<Text>,
}

/// A test the doctor may order, shown when a result has one of its patterns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestToAsk {
    pub id: Str,
    /// Shown when the result is consistent with any of these patterns.
    pub patterns: List<Str>,
    pub text: Text,
    /// The seeds its `source` cites ("000" … "004"), in order: shown with it.
    pub cites: List<Str>,
    pub source: Str,
}

/// Something the answers are "consistent with": never a diagnosis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub id: Str,
    pub name: Text,
    pub about: Text,
    pub departments: List<Str>,
    pub source: Str,
    /// Shown only when no other pattern is (`typical_nlc`: clinical brief,
    /// Decisions after the second release). The loader allows it only on
    /// patterns that `self_care` rules alone name, so leaving it out never
    /// changes the level.
    pub alone: bool,
    /// Not shown when one of these holds (`peroneal` is one-sided, seed 002:
    /// not shown for weakness or numbness of both legs). Only the pattern is
    /// left out, never a rule's level.
    pub not_if: List<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: Str,
    pub name: Text,
}

/// What each triage level tells the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelText {
    pub level: Level,
    pub title: Text,
    pub action: Text,
    pub by_when: Text,
}

/// A titled block of result text (self-care advice, a stretch, a "get help at once if" item).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub id: Str,
    pub title: Text,
    pub text: Text,
    pub source: Str,
    /// Shown before the others of its list when one of these holds (the
    /// seated stretch first for people 65 and over).
    pub first_if: List<Condition>,
    /// A caution shown with the text when one of `caution_if` holds (always, when empty).
    pub caution: Option<Text>,
    pub caution_if: List<Condition>,
    /// A drawing shown with it (the stretches).
    pub drawing: Option<Drawing>,
}

/// One piece of interface wording and its stable key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiText {
    pub key: Str,
    pub text: Text,
}

/// Everything the question files say, validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub steps: List<Step>,
    pub rules: List<Rule>,
    pub patterns: List<Pattern>,
    pub departments: List<Department>,
    pub levels: List<LevelText>,
    /// Self-care advice shown with every result.
    pub self_care: List<Advice>,
    /// The stretches of seed 000 Table 3, in order.
    pub stretches: List<Advice>,
    /// "Get help at once if…" items shown with every result.
    pub safety_net: List<Advice>,
    /// Interface wording, sorted by its stable key.
    pub ui: List<UiText>,
    /// Tests to ask the doctor about, by pattern.
    pub tests_to_ask: List<TestToAsk>,
    /// The follow-ups that must be answered once shown, in flow order: the
    /// questions with a `show_if` that an `urgent` or `emergency` rule reads.
    /// Derived by the loader from the rules (never listed by hand); each offers
    /// "not sure", which counts toward the higher level.
    pub required_follow_ups: List<Str>,
}

impl Content {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.steps.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn pattern(&self, id: &str) -> Option<&Pattern> {
        self.patterns.iter().find(|p| p.id == id)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// Must this question be answered once it is shown? (See [`Content::required_follow_ups`].)
    pub fn is_required_follow_up(&self, id: &str) -> bool {
        self.required_follow_ups.iter().any(|q| q == id)
    }

    pub fn level_text(&self, level: Level) -> Option<&LevelText> {
        self.levels.iter().find(|l| l.level == level)
    }

    /// Interface text by key, or the key itself when ui.toml has none. The
    /// loader checks each text it reads (both languages, not empty), not which
    /// keys the code uses: `tests/ui_keys.rs`
    /// (`every_key_used_exists_in_both_languages`) finds every key the widget
    /// and the core use in ui.toml.
    pub fn ui<'a>(&'a self, key: &'a str, lang: Lang) -> &'a str {
        self.ui_text(key).map(|t| t.get(lang)).unwrap_or(key)
    }

    /// Interface text in both languages by key (the list is sorted by key).
    pub fn ui_text(&self, key: &str) -> Option<&Text> {
        self.ui
            .binary_search_by(|u| (*u.key).cmp(key))
            .ok()
            .map(|i| &self.ui[i].text)
    }
}
