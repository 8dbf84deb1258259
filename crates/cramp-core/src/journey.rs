//! The journey as a pure reducer: `reduce(&Content, State, Action) -> (State, Vec<Effect>)`.
//!
//! Which screen comes next, the emergency gate, the alerts, what is saved and
//! how it is resumed are decided here, natively testable; the widget only
//! dispatches [`Action`]s and performs the [`Effect`]s (storage, focus,
//! downloads, printing, speech). The reducer never reads the clock or the
//! browser: actions bring the time ([`Now`]) and what was stored.
//!
//! State has four parts with different lifetimes: the person's [`Journey`]
//! and [`Prefs`] (saved as progress), the [`DiaryState`] (saved on its own), and
//! transient [`Ui`] (never saved).
//!
//! **Invariant (the gate):** after every action, a questionnaire step after
//! the first, or the review, is shown only when every emergency question is
//! answered; the result only then, or when an emergency answer was given
//! ([`settle`] enforces it; `tests/journey.rs` drives random action sequences).

use crate::codec::{self, CodecError, Decoded, Progress};
use crate::content::{Content, Kind, Lang, Level, Question, Rule};
use crate::diary::{self, Entry};
use crate::engine::{self, Answers, Assessment, Value};
use crate::json::{Json, ParseError};
use std::rc::Rc;

/// What "read aloud" says for a screen (the `Speak` effect's text).
pub mod script;

/// A moment as the browser sees it: UTC milliseconds and the local UTC offset
/// in minutes east.
pub type Now = (i64, i32);

/// What the person is looking at.
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
    /// The page's `data-step` name of the screen (also the saved form).
    pub fn id(self, c: &Content) -> &str {
        match self {
            Screen::Intro => "intro",
            Screen::Review => "review",
            Screen::Result => "result",
            Screen::Diary => "diary",
            Screen::Step(i) => c.steps.get(i).map_or("intro", |s| &*s.id),
        }
    }

    pub fn from_id(c: &Content, id: &str) -> Option<Screen> {
        match id {
            "intro" => Some(Screen::Intro),
            "review" => Some(Screen::Review),
            "result" => Some(Screen::Result),
            "diary" => Some(Screen::Diary),
            _ => c.steps.iter().position(|s| s.id == id).map(Screen::Step),
        }
    }
}

/// The person's journey: where they are and what they answered (saved).
#[derive(Clone, Debug, PartialEq)]
pub struct Journey {
    pub screen: Screen,
    pub answers: Answers,
    /// Questions whose answer was filled in from the diary (and not changed since).
    pub from_diary: Vec<String>,
}

/// The person's own settings (saved).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefs {
    /// The language the person chose; it wins over the host's and the browser's.
    pub lang: Option<Lang>,
    pub large_text: bool,
}

/// The cramp diary (saved on its own).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiaryState {
    /// Oldest first.
    pub entries: Rc<Vec<Entry>>,
}

/// Where the page was set up: the host's settings and the browser's language (never saved).
#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    /// The host's language (`?lang=`, an embed's `data-lang`), if valid.
    pub lang: Option<Lang>,
    /// The browser's language, the last resort.
    pub browser_lang: Lang,
    /// The emergency number, digits only.
    pub phone: String,
    /// Start on the emergency step instead of the introduction.
    pub skip_intro: bool,
}

impl Default for Host {
    fn default() -> Host {
        Host {
            lang: None,
            browser_lang: Lang::Zh,
            phone: DEFAULT_PHONE.to_string(),
            skip_intro: false,
        }
    }
}

/// Mainland China's medical emergency number.
pub const DEFAULT_PHONE: &str = "120";

/// Whether reading aloud works here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speech {
    #[default]
    Idle,
    Speaking,
    /// This device has no on-device voice for the language.
    NoVoice,
}

/// Transient interface state: never saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ui {
    pub host: Host,
    /// Set when Next was refused on a step (an emergency question or a
    /// required follow-up left open); the unanswered questions are marked
    /// until answered or the screen changes.
    pub show_missing: bool,
    /// The follow-ups that appeared on this step after the last answer, for
    /// the polite announcement (cleared when the screen changes).
    pub revealed: Vec<String>,
    /// The emergency question after which the red alert shows: the one whose
    /// answer most recently raised it, so it appears where the person is.
    pub alert_after: Option<String>,
    /// "Delete all my data" waits for its confirmation.
    pub confirm_delete: bool,
    pub notice: Option<Notice>,
    /// A new version of the widget has taken over.
    pub updated: bool,
    /// The diary entry being edited.
    pub editing: Option<String>,
    /// The diary entry whose deletion waits for confirmation.
    pub confirm_entry_delete: Option<String>,
    /// Where the diary's "back" goes.
    pub before_diary: Option<Screen>,
    /// The time the last action brought (for the diary's summary).
    pub now: Now,
    pub speech: Speech,
    /// Why the diary's form was not saved.
    pub form_error: Option<diary::FormError>,
    /// Counts saved forms: a new count is a fresh, empty log form.
    pub form_gen: u32,
    /// The older month whose entries the diary lists (older entries are
    /// listed on demand, a month at a time).
    pub diary_month: Option<diary::Month>,
    /// The year unfolded in the list of older months: that of the month
    /// opened last (it stays unfolded when the month is closed, so focus can
    /// go back to the month's button).
    pub diary_year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub journey: Journey,
    pub prefs: Prefs,
    pub diary: DiaryState,
    pub ui: Ui,
}

/// Messages about saved and imported data and what just happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Saved progress could not be read and was set aside.
    ProgressUnreadable,
    /// Some saved answers no longer fit the questionnaire and were left out.
    ProgressPartial,
    /// The person deleted their answers and diary.
    Deleted,
    /// The saved diary could not be read at all; it was set aside.
    DiaryUnreadable,
    /// This many damaged diary entries were left out; the others were kept.
    DiaryPartial(usize),
    /// A cramp was logged.
    Logged,
    /// An import added this many entries, skipped this many already there and
    /// left out this many damaged ones.
    Imported {
        added: usize,
        duplicates: usize,
        dropped: usize,
    },
    /// An import was refused; nothing changed.
    ImportRefused(codec::ErrorKind),
}

/// A stored text as the shell found it: the raw text (kept aside if it cannot
/// be read) and the shell's parse of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Raw {
    pub text: String,
    pub parsed: Result<Json, ParseError>,
}

/// The answers a person gave on the prerendered first screens before the
/// widget started, and where they were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prerendered {
    /// `(question, value)` of every checked input.
    pub checked: Vec<(String, String)>,
    /// They had moved on to the emergency questions.
    pub on_emergency_step: bool,
    /// The language they chose there.
    pub lang: Option<Lang>,
    /// Larger text, if they switched it there.
    pub large_text: Option<bool>,
    /// They pressed Next before the widget could act on it.
    pub next: bool,
}

/// Everything the shell reads once at start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boot {
    pub progress: Option<Raw>,
    /// Progress saved by version 1, under its old key.
    pub progress_v1: Option<Raw>,
    pub diary: Option<Raw>,
    /// `diary` read straight from its text when it is exactly as this widget
    /// writes it (`codec::read_own_diary`: no parse, no tree; the shell then
    /// leaves `diary.parsed` unparsed). Start-up with years of entries.
    pub diary_own: Option<Vec<Entry>>,
    pub diary_v1: Option<Raw>,
    pub prerendered: Option<Prerendered>,
}

/// Which downloadable file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Everything, to carry to another device or back in later.
    Json,
    /// The FHIR R4 QuestionnaireResponse, for clinic systems.
    FhirResponse,
}

pub enum Action {
    /// Start: what was stored, what the prerendered page holds, and the time.
    Boot(Box<Boot>, Now),
    SetLang(Lang),
    ToggleLargeText,
    Start,
    Next,
    Back,
    /// From the review: change the answers of this step.
    Edit(usize),
    /// From the review: go back to answer this question (by id).
    Answer(String),
    /// From the emergency alert: go straight to the result and its summary.
    ShowResult,
    Restart,
    /// An input was checked or unchecked.
    Choose {
        question: String,
        option: String,
        checked: bool,
    },
    AskDelete,
    CancelDelete,
    /// Confirmed: forget answers and diary and start again (language and text size stay).
    DeleteAll,
    DismissNotice,
    /// A new version of the widget has taken over.
    Updated,
    DismissUpdated,
    OpenDiary,
    CloseDiary,
    /// A new diary entry (already valid), logged at `Now`.
    Log(Entry, Now),
    /// Open (Some) or close (None) an entry's edit form.
    EditEntry(Option<String>),
    /// An edited entry replaces the one with its id.
    SaveEntry(Entry, Now),
    /// The log form (or the edit form of the entry being edited) was sent.
    SubmitEntry(diary::Form, Now),
    /// Ask to delete (Some) or keep (None) an entry.
    AskDeleteEntry(Option<String>),
    /// List an older month's entries (Some), or close that list (None).
    OpenMonth(Option<diary::Month>),
    DeleteEntry(String, Now),
    /// An import file: its size in bytes and the shell's parse of it.
    Import(usize, Result<Json, ParseError>, Now),
    /// A file that could not even be read (too large, unreadable).
    ImportRefused(CodecError),
    /// Make a file for download.
    Export(Export, Now, &'static str),
    Print,
    /// Read the current screen aloud.
    ReadAloud,
    /// The shell found no on-device voice for the language.
    NoVoice,
    /// Reading aloud finished or was stopped.
    SpeechEnded,
}

/// Where focus goes (the shell maps these to elements).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The current screen's heading.
    Heading,
    /// The list of unanswered emergency questions.
    ErrorSummary,
    /// A question (by id): its first answer.
    Question(String),
    DeleteQuestion,
    DeleteButton,
    /// A diary entry's edit form (its time field).
    EntryForm(String),
    EntryDeleteQuestion,
    Entry(String),
    /// The diary's list of entries (after the focused entry was deleted).
    DiaryEntries,
    /// The heading of the older month listed.
    DiaryMonth,
    /// The button that lists this older month.
    MonthButton(diary::Month),
}

/// What the shell must do after an action.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Write `text` under `key` in this browser's storage.
    Store {
        key: &'static str,
        text: String,
    },
    Remove(&'static str),
    Focus(Focus),
    /// Scroll to the top of the widget (a new screen).
    ScrollTop,
    /// Bring this question (by id) into view without moving focus: a
    /// follow-up that just appeared below the answer that revealed it.
    Reveal(String),
    /// Offer a file made on the device.
    Download {
        name: String,
        mime: &'static str,
        text: String,
    },
    Print,
    /// Read `text` aloud with an on-device voice for `lang`.
    Speak {
        text: String,
        lang: Lang,
    },
    StopSpeaking,
}

impl Action {
    /// The action a control of the page stands for: its `data-action` hook
    /// and `data-arg` (an entry id, a step id), at `now`. `None` for controls
    /// that are not actions (a `tel:` link, the reload link) and for unknown hooks.
    pub fn from_hook(
        c: &Content,
        hook: &str,
        arg: Option<&str>,
        now: Now,
        version: &'static str,
    ) -> Option<Action> {
        let arg = arg.map(String::from);
        use crate::hooks::Hook as H;
        Some(match H::parse(hook)? {
            H::Start => Action::Start,
            H::Next => Action::Next,
            H::Back => Action::Back,
            H::Restart => Action::Restart,
            H::Result => Action::ShowResult,
            H::Print => Action::Print,
            H::ReadAloud => Action::ReadAloud,
            H::LargerText => Action::ToggleLargeText,
            H::OpenDiary => Action::OpenDiary,
            H::CloseDiary => Action::CloseDiary,
            H::DeleteAnswers => Action::AskDelete,
            H::ConfirmDelete => Action::DeleteAll,
            H::CancelDelete => Action::CancelDelete,
            H::DismissNotice => Action::DismissNotice,
            H::DismissUpdated => Action::DismissUpdated,
            H::Edit => Action::Edit(
                c.steps
                    .iter()
                    .position(|s| Some(&*s.id) == arg.as_deref())?,
            ),
            H::Answer => Action::Answer(c.question(arg.as_deref()?)?.id.to_string()),
            H::EditEntry => Action::EditEntry(Some(arg?)),
            H::CancelEdit => Action::EditEntry(None),
            H::DeleteEntry => Action::AskDeleteEntry(Some(arg?)),
            H::KeepEntry => Action::AskDeleteEntry(None),
            H::ConfirmDeleteEntry => Action::DeleteEntry(arg?, now),
            H::OpenMonth => Action::OpenMonth(Some(diary::Month::from_id(arg.as_deref()?)?)),
            H::CloseMonth => Action::OpenMonth(None),
            H::ExportJson => Action::Export(Export::Json, now, version),
            H::ExportFhir => Action::Export(Export::FhirResponse, now, version),
            H::Lang => Action::SetLang(arg.as_deref().and_then(crate::settings::lang)?),
            _ => return None,
        })
    }
}

impl State {
    /// A new journey on the introduction (or the emergency step when the host asks to skip it).
    pub fn new(host: Host) -> State {
        let screen = if host.skip_intro {
            Screen::Step(0)
        } else {
            Screen::Intro
        };
        State {
            journey: Journey {
                screen,
                answers: Answers::default(),
                from_diary: Vec::new(),
            },
            prefs: Prefs::default(),
            diary: DiaryState::default(),
            ui: Ui {
                host,
                ..Ui::default()
            },
        }
    }

    /// The language shown: the person's choice, else the host's, else the browser's.
    pub fn lang(&self) -> Lang {
        self.prefs
            .lang
            .or(self.ui.host.lang)
            .unwrap_or(self.ui.host.browser_lang)
    }

    /// What the saved progress holds.
    pub fn progress(&self, c: &Content) -> Progress {
        Progress {
            lang: self.prefs.lang,
            large_text: self.prefs.large_text,
            screen: Some(self.journey.screen.id(c).to_string()),
            answers: self.journey.answers.clone(),
            from_diary: self.journey.from_diary.clone(),
        }
    }

    /// The triage of the answers as they stand (only shown questions count).
    pub fn assessment(&self, c: &Content) -> Assessment {
        engine::evaluate(c, &self.journey.answers)
    }

    fn first_screen(&self) -> Screen {
        if self.ui.host.skip_intro {
            Screen::Step(0)
        } else {
            Screen::Intro
        }
    }

    fn saved_parts(&self) -> (&Journey, &Prefs) {
        (&self.journey, &self.prefs)
    }
}

/// The reducer. Never panics; unknown ids in actions are ignored.
pub fn reduce(c: &Content, state: State, action: Action) -> (State, Vec<Effect>) {
    let before = state.clone();
    let mut s = state;
    let mut fx = Vec::new();
    match action {
        Action::Boot(boot, now) => boot_from(c, &mut s, *boot, now, &mut fx),
        Action::SetLang(lang) => s.prefs.lang = Some(lang),
        Action::ToggleLargeText => s.prefs.large_text = !s.prefs.large_text,
        Action::Start => s.journey.screen = Screen::Step(0),
        Action::Next => next(c, &mut s, &mut fx),
        Action::Back => {
            s.journey.screen = match s.journey.screen {
                Screen::Intro => Screen::Intro,
                Screen::Step(i) => {
                    prev_step(c, &s.journey.answers, i).map_or(Screen::Intro, Screen::Step)
                }
                Screen::Review => prev_step(c, &s.journey.answers, c.steps.len())
                    .map_or(Screen::Intro, Screen::Step),
                // Back from a result reached straight from the alert goes to
                // the emergency questions still open, never past them.
                Screen::Result if !gate_passed(c, &s.journey.answers) => Screen::Step(0),
                Screen::Result => Screen::Review,
                Screen::Diary => s.ui.before_diary.take().unwrap_or(s.first_screen()),
            }
        }
        Action::Edit(i) if i < c.steps.len() => s.journey.screen = Screen::Step(i),
        Action::Edit(_) => {}
        Action::Answer(q) => {
            if let Some(i) = step_of(c, &q) {
                s.journey.screen = Screen::Step(i);
                fx.push(Effect::Focus(Focus::Question(q)));
            }
        }
        Action::ShowResult => s.journey.screen = Screen::Result,
        Action::Restart => {
            s.journey.answers = Answers::default();
            s.journey.from_diary.clear();
            s.journey.screen = s.first_screen();
            s.ui.show_missing = false;
            s.ui.alert_after = None;
            fill_from_diary(&mut s);
        }
        Action::Choose {
            question,
            option,
            checked,
        } => {
            if let Some(q) = c.question(&question) {
                let shown_before = s.journey.answers.shown(c);
                choose(&mut s.journey.answers, q, &option, checked);
                // A follow-up that appears on this step: into view, announced.
                if let Screen::Step(i) = s.journey.screen {
                    let new: Vec<String> = s
                        .journey
                        .answers
                        .shown(c)
                        .into_iter()
                        .filter(|x| !shown_before.contains(x) && step_of(c, x) == Some(i))
                        .map(String::from)
                        .collect();
                    if let Some(first) = new.first() {
                        fx.push(Effect::Reveal(first.clone()));
                        s.ui.revealed = new;
                    }
                }
                // The person's own answer now, not the diary's.
                s.journey.from_diary.retain(|x| *x != question);
                s.ui.alert_after =
                    alert_position(c, &s.journey.answers, &question, s.ui.alert_after.take());
            }
        }
        Action::AskDelete => {
            s.ui.confirm_delete = true;
            fx.push(Effect::Focus(Focus::DeleteQuestion));
        }
        Action::CancelDelete => {
            s.ui.confirm_delete = false;
            fx.push(Effect::Focus(Focus::DeleteButton));
        }
        Action::DeleteAll => {
            let prefs = s.prefs.clone();
            let ui = Ui {
                host: s.ui.host.clone(),
                updated: s.ui.updated,
                now: s.ui.now,
                notice: Some(Notice::Deleted),
                ..Ui::default()
            };
            s = State::new(s.ui.host.clone());
            s.prefs = prefs;
            s.ui = ui;
            for key in [
                codec::PROGRESS_KEY,
                codec::PROGRESS_KEY_V1,
                codec::PROGRESS_ASIDE_KEY,
                codec::DIARY_KEY,
                codec::DIARY_KEY_V1,
                codec::DIARY_ASIDE_KEY,
            ] {
                fx.push(Effect::Remove(key));
            }
            fx.push(Effect::Focus(Focus::Heading));
            // The preferences stay, and are all that is saved now.
            let mut out = settle(c, s, &before, fx, false);
            if out.0.prefs != Prefs::default() {
                out.1.push(Effect::Store {
                    key: codec::PROGRESS_KEY,
                    text: codec::encode_progress(&Progress {
                        lang: out.0.prefs.lang,
                        large_text: out.0.prefs.large_text,
                        ..Progress::default()
                    }),
                });
            }
            return out;
        }
        Action::DismissNotice => {
            s.ui.notice = None;
            fx.push(Effect::Focus(Focus::Heading));
        }
        Action::Updated => s.ui.updated = true,
        Action::DismissUpdated => {
            s.ui.updated = false;
            fx.push(Effect::Focus(Focus::Heading));
        }
        Action::OpenDiary => {
            if s.journey.screen != Screen::Diary {
                s.ui.before_diary = Some(s.journey.screen);
                s.journey.screen = Screen::Diary;
            }
        }
        Action::CloseDiary => {
            if s.journey.screen == Screen::Diary {
                s.journey.screen = s.ui.before_diary.take().unwrap_or(s.first_screen());
            }
        }
        Action::Log(entry, now) => {
            s.ui.now = now;
            if entry.is_valid() {
                let mut list = (*s.diary.entries).clone();
                list.retain(|e| e.id != entry.id);
                list.push(entry);
                diary::sort(&mut list);
                s.diary.entries = Rc::new(list);
                s.ui.notice = Some(Notice::Logged);
                fill_from_diary(&mut s);
            }
        }
        Action::EditEntry(id) => {
            s.ui.form_error = None;
            let closing = s.ui.editing.clone();
            s.ui.confirm_entry_delete = None;
            s.ui.editing = id.clone();
            match (id, closing) {
                (Some(id), _) => fx.push(Effect::Focus(Focus::EntryForm(id))),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::Entry(was))),
                (None, None) => {}
            }
        }
        Action::SaveEntry(entry, now) => {
            s.ui.now = now;
            if entry.is_valid() && s.diary.entries.iter().any(|e| e.id == entry.id) {
                let id = entry.id.clone();
                let mut list: Vec<Entry> = s
                    .diary
                    .entries
                    .iter()
                    .filter(|e| e.id != entry.id)
                    .cloned()
                    .collect();
                list.push(entry);
                diary::sort(&mut list);
                s.diary.entries = Rc::new(list);
                s.ui.editing = None;
                // An entry moved to an older day is listed in its month.
                let day = entry_day(&s.diary.entries, &id);
                let (ms, off) = now;
                if let Some(day) = day.filter(|d| *d < diary::recent_from(ms, off)) {
                    let month = diary::Month::of_day(day);
                    s.ui.diary_month = Some(month);
                    s.ui.diary_year = Some(month.year);
                }
                fill_from_diary(&mut s);
                fx.push(Effect::Focus(Focus::Entry(id)));
            }
        }
        Action::SubmitEntry(form, now) => {
            s.ui.now = now;
            let editing =
                s.ui.editing
                    .as_ref()
                    .and_then(|id| s.diary.entries.iter().find(|e| e.id == *id))
                    .cloned();
            match diary::entry_from_form(&form, now, editing.as_ref(), &s.diary.entries) {
                Ok(entry) => {
                    s.ui.form_error = None;
                    s.ui.form_gen = s.ui.form_gen.wrapping_add(1);
                    let action = if editing.is_some() {
                        Action::SaveEntry(entry, now)
                    } else {
                        Action::Log(entry, now)
                    };
                    return reduce(c, s, action);
                }
                Err(e) => s.ui.form_error = Some(e),
            }
        }
        Action::AskDeleteEntry(id) => {
            let was = s.ui.confirm_entry_delete.take();
            s.ui.confirm_entry_delete = id.clone();
            match (id, was) {
                (Some(_), _) => fx.push(Effect::Focus(Focus::EntryDeleteQuestion)),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::Entry(was))),
                (None, None) => {}
            }
        }
        Action::OpenMonth(month) => {
            s.ui.editing = None;
            s.ui.confirm_entry_delete = None;
            s.ui.form_error = None;
            let was = s.ui.diary_month.take();
            s.ui.diary_month = month;
            if let Some(m) = month {
                s.ui.diary_year = Some(m.year);
            }
            match (month, was) {
                (Some(_), _) => fx.push(Effect::Focus(Focus::DiaryMonth)),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::MonthButton(was))),
                (None, None) => {}
            }
        }
        Action::DeleteEntry(id, now) => {
            s.ui.now = now;
            s.diary.entries = Rc::new(
                s.diary
                    .entries
                    .iter()
                    .filter(|e| e.id != id)
                    .cloned()
                    .collect(),
            );
            s.ui.confirm_entry_delete = None;
            s.ui.editing = None;
            fx.push(Effect::Focus(Focus::DiaryEntries));
        }
        Action::Import(bytes, parsed, now) => {
            s.ui.now = now;
            match codec::decode_export(c, bytes, parsed) {
                Ok(file) => {
                    let import = codec::merge_import(file, &s.diary.entries, &s.journey.answers);
                    s.diary.entries = Rc::new(import.entries);
                    if let Some(answers) = import.answers {
                        s.journey.answers = answers;
                    }
                    s.ui.notice = Some(Notice::Imported {
                        added: import.added,
                        duplicates: import.duplicates,
                        dropped: import.dropped,
                    });
                    fill_from_diary(&mut s);
                }
                Err(e) => s.ui.notice = Some(Notice::ImportRefused(e.kind)),
            }
        }
        Action::ImportRefused(e) => s.ui.notice = Some(Notice::ImportRefused(e.kind)),
        Action::Export(kind, now, app_version) => {
            s.ui.now = now;
            fx.push(export(c, &s, kind, now, app_version));
        }
        Action::Print => fx.push(Effect::Print),
        Action::ReadAloud => {
            if s.ui.speech == Speech::Speaking {
                s.ui.speech = Speech::Idle;
                fx.push(Effect::StopSpeaking);
            } else {
                s.ui.speech = Speech::Speaking;
                fx.push(Effect::Speak {
                    text: script::read_aloud(c, &s),
                    lang: s.lang(),
                });
            }
        }
        Action::NoVoice => s.ui.speech = Speech::NoVoice,
        Action::SpeechEnded => {
            if s.ui.speech == Speech::Speaking {
                s.ui.speech = Speech::Idle;
            }
        }
    }
    settle(c, s, &before, fx, true)
}

/// After every action: enforce the gate and skip steps that no longer apply,
/// stop reading aloud and move focus when the screen changed, and save what changed.
fn settle(
    c: &Content,
    mut s: State,
    before: &State,
    mut fx: Vec<Effect>,
    save: bool,
) -> (State, Vec<Effect>) {
    let a = &s.journey.answers;
    let gate = gate_passed(c, a);
    // A required follow-up left open (saved by an older version, imported):
    // the review and a result that is not an emergency wait until it is answered.
    let open = missing_follow_ups(c, a)
        .first()
        .and_then(|q| step_of(c, q))
        .map(Screen::Step);
    let screen = s.journey.screen;
    s.journey.screen = match screen {
        Screen::Step(i) if i > 0 && !gate => Screen::Step(0),
        Screen::Step(i) if i >= c.steps.len() => Screen::Review,
        Screen::Step(i) if !step_shown(c, a, i) => {
            next_step(c, a, i).map_or(Screen::Review, Screen::Step)
        }
        Screen::Review if !gate => Screen::Step(0),
        Screen::Result if !gate && !emergency_given(c, a) => Screen::Step(0),
        Screen::Review => open.unwrap_or(screen),
        Screen::Result if !emergency_given(c, a) => open.unwrap_or(screen),
        other => other,
    };
    let held = matches!(screen, Screen::Review | Screen::Result) && Some(s.journey.screen) == open;
    if held {
        s.ui.show_missing = true;
    } else if s.journey.screen != before.journey.screen
        || !matches!(s.journey.screen, Screen::Step(_))
    {
        s.ui.show_missing = false;
    }
    if s.journey.screen != before.journey.screen {
        s.ui.revealed.clear();
    }
    if s.ui.alert_after.is_some() && !emergency_given(c, a) {
        s.ui.alert_after = None;
    }
    if s.journey.screen != Screen::Diary {
        s.ui.editing = None;
        s.ui.confirm_entry_delete = None;
        s.ui.diary_month = None;
        s.ui.diary_year = None;
    }
    if s.journey.screen != before.journey.screen {
        if s.ui.speech == Speech::Speaking {
            fx.push(Effect::StopSpeaking);
        }
        if s.ui.speech != Speech::Idle {
            s.ui.speech = Speech::Idle;
        }
        s.ui.confirm_delete = false;
        // A question asked for (from the review) is focused instead: that brings it into view.
        let asked = fx
            .iter()
            .any(|e| matches!(e, Effect::Focus(Focus::Question(_))));
        if !asked {
            fx.push(Effect::ScrollTop);
            fx.push(Effect::Focus(Focus::Heading));
        }
    }
    if save && s.saved_parts() != before.saved_parts() {
        fx.push(Effect::Store {
            key: codec::PROGRESS_KEY,
            text: codec::encode_progress(&s.progress(c)),
        });
    }
    if save && s.diary != before.diary {
        fx.push(Effect::Store {
            key: codec::DIARY_KEY,
            text: codec::encode_diary(&s.diary.entries),
        });
    }
    (s, fx)
}

/// Next: the emergency questions are never skipped silently.
fn next(c: &Content, s: &mut State, fx: &mut Vec<Effect>) {
    match s.journey.screen {
        Screen::Intro => s.journey.screen = Screen::Step(0),
        Screen::Step(i) => {
            let missing = missing_on_step(c, &s.journey.answers, i);
            if let Some(first) = missing.first() {
                s.ui.show_missing = true;
                // The emergency questions: the list of what is open. A follow-up:
                // the question itself, named by its error message.
                fx.push(Effect::Focus(if gate_passed(c, &s.journey.answers) {
                    Focus::Question(first.to_string())
                } else {
                    Focus::ErrorSummary
                }));
            } else {
                s.journey.screen =
                    next_step(c, &s.journey.answers, i).map_or(Screen::Review, Screen::Step);
            }
        }
        Screen::Review => s.journey.screen = Screen::Result,
        Screen::Result | Screen::Diary => {}
    }
}

/// Start: resume what was saved (upgrading version 1), load the diary, take
/// over the answers given on the prerendered page, fill from the diary.
fn boot_from(c: &Content, s: &mut State, boot: Boot, now: Now, fx: &mut Vec<Effect>) {
    s.ui.now = now;
    // Saved progress: the current key, else version 1's (then moved).
    let (progress, old_key) = match (boot.progress, boot.progress_v1) {
        (Some(p), _) => (Some(p), None),
        (None, Some(p)) => (Some(p), Some(codec::PROGRESS_KEY_V1)),
        (None, None) => (None, None),
    };
    if let Some(raw) = progress {
        match codec::decode_progress(c, raw.parsed) {
            Ok(Decoded {
                value,
                dropped,
                upgraded_from,
            }) => {
                resume(c, s, value);
                if dropped > 0 {
                    s.ui.notice = Some(Notice::ProgressPartial);
                }
                // Rewritten in the current version and without what was dropped.
                if dropped > 0 || upgraded_from.is_some() || old_key.is_some() {
                    fx.push(Effect::Store {
                        key: codec::PROGRESS_KEY,
                        text: codec::encode_progress(&s.progress(c)),
                    });
                }
            }
            Err(_) => {
                fx.push(Effect::Store {
                    key: codec::PROGRESS_ASIDE_KEY,
                    text: raw.text,
                });
                fx.push(Effect::Remove(codec::PROGRESS_KEY));
                s.ui.notice = Some(Notice::ProgressUnreadable);
            }
        }
        if let Some(old) = old_key {
            fx.push(Effect::Remove(old));
        }
    }
    // The diary: the current key, else version 1's.
    let (diary_raw, old_key) = match (boot.diary, boot.diary_v1) {
        (Some(d), _) => (Some(d), None),
        (None, Some(d)) => (Some(d), Some(codec::DIARY_KEY_V1)),
        (None, None) => (None, None),
    };
    if let (Some(entries), Some(_), None) = (boot.diary_own, &diary_raw, old_key) {
        // Written by this version, every entry intact and in order: nothing to change.
        s.diary.entries = Rc::new(entries);
    } else if let Some(raw) = diary_raw {
        match codec::decode_diary(raw.parsed) {
            Ok(Decoded {
                value,
                dropped,
                upgraded_from,
            }) => {
                if dropped > 0 {
                    // The damaged text is kept aside as it was, the intact entries go on.
                    fx.push(Effect::Store {
                        key: codec::DIARY_ASIDE_KEY,
                        text: raw.text,
                    });
                    s.ui.notice = s.ui.notice.take().or(Some(Notice::DiaryPartial(dropped)));
                }
                s.diary.entries = Rc::new(value);
                if dropped > 0 || upgraded_from.is_some() || old_key.is_some() {
                    fx.push(Effect::Store {
                        key: codec::DIARY_KEY,
                        text: codec::encode_diary(&s.diary.entries),
                    });
                }
            }
            Err(_) => {
                fx.push(Effect::Store {
                    key: codec::DIARY_ASIDE_KEY,
                    text: raw.text,
                });
                fx.push(Effect::Remove(codec::DIARY_KEY));
                s.ui.notice = s.ui.notice.take().or(Some(Notice::DiaryUnreadable));
            }
        }
        if let Some(old) = old_key {
            fx.push(Effect::Remove(old));
        }
    }
    // Answers given on the prerendered page before the widget started win:
    // they are what the person sees, and the journey goes on from there.
    if let Some(pre) = boot.prerendered {
        if let Some(lang) = pre.lang {
            s.prefs.lang = Some(lang);
        }
        if let Some(large) = pre.large_text {
            s.prefs.large_text = large;
        }
        let taken = !pre.checked.is_empty() || pre.on_emergency_step || pre.next;
        for (q, v) in &pre.checked {
            if let Some(question) = c
                .steps
                .first()
                .and_then(|st| st.questions.iter().find(|x| x.id == *q))
            {
                choose(&mut s.journey.answers, question, v, true);
            }
        }
        if taken {
            s.journey.screen = Screen::Step(0);
            s.ui.alert_after = emergency_answers(c, &s.journey.answers).into_iter().last();
        }
        fill_from_diary_on_resume(s);
        // Next pressed while the page was loading: go on (or show what is missing).
        if pre.next {
            next(c, s, fx);
        }
        return;
    }
    fill_from_diary_on_resume(s);
}

/// Continues from saved progress. The screen is resumed only if the answers
/// could have reached it (see [`settle`]); otherwise on the emergency step, or
/// at the start when nothing was answered.
fn resume(c: &Content, s: &mut State, p: Progress) {
    s.journey.answers = p.answers;
    s.journey.from_diary = p.from_diary;
    s.prefs = Prefs {
        lang: p.lang,
        large_text: p.large_text,
    };
    let fallback = if s.journey.answers.0.is_empty() {
        s.first_screen()
    } else {
        Screen::Step(0)
    };
    s.journey.screen = p
        .screen
        .and_then(|id| Screen::from_id(c, &id))
        .unwrap_or(fallback);
    if s.journey.screen == Screen::Diary {
        s.ui.before_diary = Some(fallback);
    }
    s.ui.alert_after = emergency_answers(c, &s.journey.answers).into_iter().next();
}

/// Raises the frequency answers to what the diary shows (never lowers them)
/// and remembers which ones came from it. Done when the diary changes.
fn fill_from_diary(s: &mut State) {
    fill(s, false);
}

/// The same on opening the page, except that an answer the person gave
/// themselves after the diary filled it stands: it was their choice then, and
/// reopening the page must not change it behind their back.
fn fill_from_diary_on_resume(s: &mut State) {
    fill(s, true);
}

fn fill(s: &mut State, keep_own: bool) {
    let (ms, off) = s.ui.now;
    let summary = diary::summarize(&s.diary.entries, ms, off);
    let mut raised = s.journey.answers.clone();
    for q in summary.fill(&mut raised) {
        let own =
            s.journey.answers.get(q).is_some() && !s.journey.from_diary.iter().any(|x| x == q);
        if keep_own && own {
            continue;
        }
        if let Some(v) = raised.get(q) {
            s.journey.answers.set(q, v.clone());
        }
        if !s.journey.from_diary.iter().any(|x| x == q) {
            s.journey.from_diary.push(q.to_string());
        }
    }
}

/// The local day of the entry with this id, if there is one.
fn entry_day(entries: &[Entry], id: &str) -> Option<i64> {
    entries.iter().find(|e| e.id == id).map(Entry::local_day)
}

fn export(c: &Content, s: &State, kind: Export, (ms, off): Now, app_version: &str) -> Effect {
    let date: String = diary::iso(ms, off).chars().take(10).collect();
    match kind {
        Export::Json => Effect::Download {
            name: format!("cramp-check-{date}.json"),
            mime: "application/json",
            text: codec::encode_export(&s.progress(c), &s.diary.entries, ms, off, app_version),
        },
        Export::FhirResponse => {
            let a = s.assessment(c);
            let r = crate::fhir::questionnaire_response(
                c,
                &s.journey.answers,
                &s.diary.entries,
                &a,
                ms,
                off,
                s.lang(),
            );
            Effect::Download {
                name: format!("cramp-check-fhir-{date}.json"),
                mime: "application/fhir+json",
                text: r.write_pretty(),
            }
        }
    }
}

// ---------------------------------------------------------------- the journey's rules

/// Records one input change, normalised to the question's kind.
pub fn choose(answers: &mut Answers, q: &Question, option: &str, checked: bool) {
    if !q.values().contains(&option) {
        return;
    }
    match q.kind {
        Kind::Single | Kind::YesNoUnsure if checked => {
            answers.set(&q.id, Value::One(option.to_string()))
        }
        Kind::YesNo if checked => answers.set(&q.id, Value::Bool(option == "yes")),
        Kind::Multi => {
            let mut chosen = match answers.get(&q.id) {
                Some(Value::Many(v)) => v.clone(),
                _ => Vec::new(),
            };
            let exclusive = q.exclusive.as_deref();
            if checked {
                // "None" and real options exclude each other.
                if Some(option) == exclusive {
                    chosen.clear();
                } else if let Some(x) = exclusive {
                    chosen.retain(|c| c != x);
                }
                if !chosen.iter().any(|c| c == option) {
                    chosen.push(option.to_string());
                }
            } else {
                chosen.retain(|c| c != option);
            }
            // Keep the file's order so the review and summary read naturally.
            let chosen: Vec<String> = q
                .options
                .iter()
                .filter(|o| chosen.iter().any(|c| *c == o.id))
                .map(|o| o.id.to_string())
                .collect();
            if chosen.is_empty() {
                answers.remove(&q.id);
            } else {
                answers.set(&q.id, Value::Many(chosen));
            }
        }
        // Radios are never unchecked by the person, only by choosing another.
        _ => {}
    }
}

/// Is this option currently chosen?
pub fn is_chosen(value: Option<&Value>, option: &str) -> bool {
    match value {
        Some(Value::One(v)) => v == option,
        Some(Value::Many(v)) => v.iter().any(|x| x == option),
        Some(Value::Bool(b)) => (option == "yes" && *b) || (option == "no" && !*b),
        None => false,
    }
}

/// The emergency questions still unanswered, in order.
pub fn missing_emergency<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    c.steps
        .first()
        .map(|s| {
            s.questions
                .iter()
                .filter(|q| q.show_if.is_empty() && answers.get(&q.id).is_none())
                .map(|q| q.id.as_ref())
                .collect()
        })
        .unwrap_or_default()
}

/// The required follow-ups (`Content::required_follow_ups`) that are shown and
/// unanswered, in flow order: Next does not go on past them, and neither the
/// review nor a result that is not an emergency is shown while one is open.
pub fn missing_follow_ups<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    answers
        .shown(c)
        .into_iter()
        .filter(|q| c.is_required_follow_up(q) && answers.get(q).is_none())
        .collect()
}

/// What Next on step `i` waits for, in order: on the emergency step every
/// question without a `show_if`, and on any step the required follow-ups shown there.
pub fn missing_on_step<'c>(c: &'c Content, answers: &Answers, i: usize) -> Vec<&'c str> {
    let emergency = if i == 0 {
        missing_emergency(c, answers)
    } else {
        Vec::new()
    };
    let follow_ups = missing_follow_ups(c, answers);
    c.steps
        .get(i)
        .map(|s| {
            s.questions
                .iter()
                .map(|q| &*q.id)
                .filter(|q| emergency.contains(q) || follow_ups.contains(q))
                .collect()
        })
        .unwrap_or_default()
}

/// The step a question is on.
pub fn step_of(c: &Content, q: &str) -> Option<usize> {
    c.steps
        .iter()
        .position(|s| s.questions.iter().any(|x| x.id == q))
}

/// For the review: the questions shown and unanswered that some rule reads,
/// other than the required follow-ups (Next has asked for those), in flow
/// order. The person may go on without them.
pub fn unanswered_for_review<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    let read = |q: &str| {
        c.rules
            .iter()
            .any(|r| r.all.iter().chain(r.any.iter()).any(|cd| cd.q == q))
    };
    answers
        .shown(c)
        .into_iter()
        .filter(|q| read(q) && !c.is_required_follow_up(q) && answers.get(q).is_none())
        .collect()
}

/// Every emergency question is answered: the gate to the rest of the journey.
pub fn gate_passed(c: &Content, answers: &Answers) -> bool {
    missing_emergency(c, answers).is_empty()
}

/// The answers as they stand give `emergency` (a screen sign or a later combination).
pub fn emergency_given(c: &Content, answers: &Answers) -> bool {
    engine::evaluate(c, answers).level == Level::Emergency
}

/// The emergency-step questions whose current answer is an emergency sign, in order.
pub fn emergency_answers(c: &Content, answers: &Answers) -> Vec<String> {
    let signs = engine::emergency_signs(c);
    c.steps
        .first()
        .map(|s| {
            s.questions
                .iter()
                .filter(|q| {
                    signs
                        .iter()
                        .any(|(sq, v)| sq == &q.id && is_chosen(answers.get(&q.id), v))
                })
                .map(|q| q.id.to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The questions of the fired emergency rules that hold now, in flow order.
fn emergency_questions_holding(c: &Content, answers: &Answers) -> Vec<String> {
    let a = engine::evaluate(c, answers);
    let visible = answers.visible(c);
    let rules: Vec<&Rule> = engine::alerts(c, &a)
        .into_iter()
        .filter(|r| r.level == Level::Emergency)
        .collect();
    // In flow order: the shown questions, those a fired rule holds on.
    answers
        .shown(c)
        .into_iter()
        .filter(|q| {
            rules.iter().any(|r| {
                r.all
                    .iter()
                    .chain(r.any.iter())
                    .any(|cond| *cond.q == **q && visible.holds(cond))
            })
        })
        .map(String::from)
        .collect()
}

/// Where the red alert goes after `changed` was answered: right after it when
/// it raised or keeps the alert, else where it was, else the first sign.
fn alert_position(
    c: &Content,
    answers: &Answers,
    changed: &str,
    before: Option<String>,
) -> Option<String> {
    let holding = emergency_questions_holding(c, answers);
    if holding.iter().any(|q| q == changed) {
        Some(changed.to_string())
    } else if before.as_ref().is_some_and(|b| holding.contains(b)) {
        before
    } else {
        holding.into_iter().next()
    }
}

/// The amber same-day notices standing (urgent alert rules that fired) and,
/// for each, the question after which it shows: the last of its conditions
/// that holds, in flow order. One notice per step: when several stand on the
/// same step (a swollen calf, then a clot risk asked right after it), the one
/// shown last, where the person is, says it all.
pub fn amber_notices<'c>(c: &'c Content, answers: &Answers) -> Vec<(&'c Rule, String)> {
    let a = engine::evaluate(c, answers);
    let visible = answers.visible(c);
    let order = answers.shown(c);
    let position = |q: &str| order.iter().position(|o| *o == q);
    let step_of = |q: &str| {
        c.steps
            .iter()
            .position(|s| s.questions.iter().any(|x| x.id == q))
    };
    let all: Vec<(&Rule, String)> = engine::alerts(c, &a)
        .into_iter()
        .filter(|r| r.level == Level::Urgent)
        .filter_map(|r| {
            let q = r
                .all
                .iter()
                .chain(r.any.iter())
                .filter(|cd| visible.holds(cd))
                .max_by_key(|cd| position(&cd.q))?;
            Some((r, q.q.to_string()))
        })
        .collect();
    all.iter()
        .filter(|(_, q)| {
            !all.iter()
                .any(|(_, other)| step_of(other) == step_of(q) && position(other) > position(q))
        })
        .cloned()
        .collect()
}

/// Is step `i` shown? The first step always is; others if any of their questions is.
pub fn step_shown(c: &Content, answers: &Answers, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let Some(step) = c.steps.get(i) else {
        return false;
    };
    let shown = answers.shown(c);
    step.questions.iter().any(|q| shown.contains(&&*q.id))
}

fn next_step(c: &Content, answers: &Answers, i: usize) -> Option<usize> {
    (i + 1..c.steps.len()).find(|&j| step_shown(c, answers, j))
}

fn prev_step(c: &Content, answers: &Answers, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| step_shown(c, answers, j))
}

/// The shown steps, in order.
pub fn shown_steps(c: &Content, answers: &Answers) -> Vec<usize> {
    (0..c.steps.len())
        .filter(|&i| step_shown(c, answers, i))
        .collect()
}

/// (position, total) of the current screen for the progress indicator, 1-based;
/// the review counts as the last step. `None` outside the questionnaire.
pub fn progress(c: &Content, answers: &Answers, screen: Screen) -> Option<(usize, usize)> {
    let shown = shown_steps(c, answers);
    let total = shown.len() + 1;
    match screen {
        Screen::Step(i) => Some((shown.iter().filter(|&&j| j < i).count() + 1, total)),
        Screen::Review => Some((total, total)),
        Screen::Intro | Screen::Result | Screen::Diary => None,
    }
}
