//! The journey's state and its vocabulary: [`State`] and its parts, the
//! [`Action`]s that change it (and the page's hooks they are read from), the
//! [`Effect`]s the shell performs.

use super::*;

/// A moment as the browser sees it: UTC milliseconds and the local UTC offset
/// in minutes east.
pub type Now = (i64, i32);

/// What the person is looking at (the content's table of screens, so that the
/// journey and the codec share one vocabulary).
pub use crate::content::Screen;

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

/// The cramp diary (saved on its own, by year: see `diary_store`).
pub use crate::diary_store::DiaryState;

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
pub use crate::diary_store::Raw;

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
    /// The years with a key of their own in storage (`diary_store::year_of_key`).
    pub diary_keys: Vec<i32>,
    /// Those `diary_store::boot_years` names, read.
    pub diary_years: Vec<crate::diary_store::YearText>,
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
    /// Unfold a year of the older months (its month buttons are drawn only
    /// then: a diary of decades draws one button a year), or fold it again.
    OpenYear(i32),
    DeleteEntry(String, Now),
    /// An import file: its size in bytes and the shell's parse of it.
    Import(usize, Result<Json, ParseError>, Now),
    /// A file that could not even be read (too large, unreadable).
    ImportRefused(CodecError),
    /// Make a file for download.
    Export(Export, Now, &'static str),
    /// Years of the diary read from storage (see `diary_store::years_needed`),
    /// then the action that needed them.
    WithDiaryYears(Vec<crate::diary_store::YearText>, Box<Action>),
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
    /// A year's button in the list of older months (it unfolded or folded).
    YearButton(i32),
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
    /// [`Effect::Store`] under a key made at run time (a diary year's).
    StoreAt {
        key: String,
        text: String,
    },
    RemoveAt(String),
    /// Remove every key that starts with this (all the diary's years and what was set aside).
    RemovePrefix(&'static str),
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
            H::OpenYear => Action::OpenYear(arg?.parse().ok()?),
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

    pub(super) fn first_screen(&self) -> Screen {
        if self.ui.host.skip_intro {
            Screen::Step(0)
        } else {
            Screen::Intro
        }
    }

    pub(super) fn saved_parts(&self) -> (&Journey, &Prefs) {
        (&self.journey, &self.prefs)
    }
}
