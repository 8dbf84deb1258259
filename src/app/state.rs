//! The widget's one reducer: which screen is shown, the answers so far, language and display settings.
//!
//! Every change of UI state goes through [`Action`] and [`State::reduce`], so the
//! journey (skipping, going back without losing answers, the emergency gate) is
//! decided in one place and components only render and dispatch. Saved progress
//! comes back through [`State::resume`], which applies the same gate: a stored
//! screen is only resumed if the answers could have reached it.

use crate::content::{self, Content, Kind, Lang, Question};
use crate::diary::{self, Entry, Import, ImportError};
use crate::engine::{self, Answers, Value};
use std::rc::Rc;
use yew::prelude::*;

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

/// A moment as the browser sees it: UTC milliseconds and the local UTC offset
/// in minutes east. The reducer never reads the clock; actions bring the time.
pub type Now = (i64, i32);

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    /// The emergency number, already validated (digits only).
    pub phone: AttrValue,
    pub screen: Screen,
    pub answers: Answers,
    pub large_text: bool,
    /// Set when Next was pressed on the emergency step with questions unanswered;
    /// from then on the unanswered ones are marked until answered.
    pub show_missing: bool,
    /// Counts refused Next presses so the error summary takes focus each time.
    pub missing_tries: u32,
    /// The emergency question after which the emergency alert is shown: the one
    /// whose answer most recently raised it, so it appears where the person is.
    pub alert_after: Option<String>,
    /// The host asked to start on the emergency step (`?skip_intro=1`); starting
    /// again goes there too.
    pub skip_intro: bool,
    /// "Delete my answers" was pressed and waits for its confirmation.
    pub confirm_delete: bool,
    /// Set by a confirmed deletion until the next change: the saved copy is
    /// removed rather than written again.
    pub forget: bool,
    /// A message about saved answers, shown until dismissed.
    pub notice: Option<Notice>,
    /// A new version of the widget has taken over (the service worker said so).
    pub updated: bool,
    /// The cramp diary, oldest first.
    pub diary: Rc<Vec<Entry>>,
    /// Questions whose answer was filled in from the diary (and not changed since).
    pub from_diary: Vec<String>,
    /// The diary entry being edited.
    pub editing: Option<String>,
    /// The diary entry whose deletion waits for confirmation.
    pub confirm_entry_delete: Option<String>,
    /// Where the diary's "back" goes.
    pub before_diary: Screen,
    /// The time of the last action that brought one (for the diary's summary).
    pub now: Now,
}

/// Messages about the saved answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// What was saved could not be read (not JSON, another format version) and was cleared.
    Unreadable,
    /// Some saved answers no longer fit the questionnaire and were left out.
    Partial,
    /// The person deleted their answers and diary.
    Deleted,
    /// The saved diary could not be read at all; a copy was kept aside.
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
    ImportRefused(ImportError),
}

/// What a saved copy holds, already checked against the questionnaire.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub answers: Answers,
    pub screen: Option<Screen>,
    pub lang: Option<Lang>,
    pub large_text: bool,
    pub from_diary: Vec<String>,
}

pub enum Action {
    SetLang(Lang),
    ToggleLargeText,
    Start,
    Next,
    Back,
    /// From the review: change the answers of this step.
    Edit(usize),
    /// From the emergency alert: go straight to the result and its summary.
    ShowResult,
    Restart,
    /// An input was checked or unchecked.
    Choose {
        question: String,
        option: String,
        checked: bool,
    },
    /// "Delete my answers": ask for confirmation.
    AskDelete,
    CancelDelete,
    /// Confirmed: forget everything and start again (language and text size stay).
    DeleteAnswers,
    DismissNotice,
    /// The service worker reports that a new version has taken over.
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
    /// Ask to delete (Some) or keep (None) an entry.
    AskDeleteEntry(Option<String>),
    DeleteEntry(String, Now),
    /// An import file was read and merged (see `diary::import_json`).
    Imported(Import, Now),
    ImportRefused(ImportError),
}

impl State {
    pub fn new(lang: Lang, phone: AttrValue) -> State {
        State {
            lang,
            phone,
            screen: Screen::Intro,
            answers: Answers::default(),
            large_text: false,
            show_missing: false,
            missing_tries: 0,
            alert_after: None,
            skip_intro: false,
            confirm_delete: false,
            forget: false,
            notice: None,
            updated: false,
            diary: Rc::default(),
            from_diary: Vec::new(),
            editing: None,
            confirm_entry_delete: None,
            before_diary: Screen::Intro,
            now: (0, 0),
        }
    }

    /// Starts with a diary read from storage, at `now`: the frequency answers
    /// are filled from it when it shows cramps more than 3 a week or a rise.
    pub fn with_diary(mut self, entries: Vec<Entry>, now: Now) -> State {
        self.diary = Rc::new(entries);
        self.fill_from_diary(now);
        self
    }

    /// Raises the frequency answers to what the diary shows (never lowers
    /// them) and remembers which ones came from it.
    fn fill_from_diary(&mut self, now: Now) {
        self.now = now;
        let summary = diary::summarize(&self.diary, now.0, now.1);
        for q in summary.fill(&mut self.answers) {
            if !self.from_diary.iter().any(|x| x == q) {
                self.from_diary.push(q.to_string());
            }
        }
    }

    /// Starts on the emergency step instead of the introduction.
    pub fn skipping_intro(mut self, skip: bool) -> State {
        self.skip_intro = skip;
        self.screen = self.first_screen();
        self
    }

    fn first_screen(&self) -> Screen {
        if self.skip_intro {
            Screen::Step(0)
        } else {
            Screen::Intro
        }
    }

    /// Continues from a saved copy. The screen is resumed only if the answers
    /// could have reached it: past the emergency step only with every emergency
    /// question answered (the result also straight after an emergency answer),
    /// and never on a step that does not apply. Otherwise the journey resumes on
    /// the emergency step, or at the start when nothing was answered.
    pub fn resume(mut self, saved: Saved) -> State {
        let c = self.content();
        self.answers = saved.answers;
        if let Some(lang) = saved.lang {
            self.lang = lang;
        }
        self.large_text = saved.large_text;
        self.from_diary = saved.from_diary;
        let gate_passed = missing_emergency(c, &self.answers).is_empty();
        let emergency = !emergency_answers(c, &self.answers).is_empty();
        let fallback = if self.answers.0.is_empty() {
            self.first_screen()
        } else {
            Screen::Step(0)
        };
        self.screen = match saved.screen.unwrap_or(fallback) {
            s @ (Screen::Intro | Screen::Step(0) | Screen::Diary) => s,
            Screen::Step(i) if gate_passed && step_shown(c, &self.answers, i) => Screen::Step(i),
            Screen::Review if gate_passed => Screen::Review,
            Screen::Result if gate_passed || emergency => Screen::Result,
            _ => fallback,
        };
        self.alert_after = emergency_answers(c, &self.answers).into_iter().next();
        self
    }

    fn content(&self) -> &'static Content {
        content::embedded()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let c = self.content();
        let mut s = (*self).clone();
        // Any change after a deletion is new progress, saved again.
        s.forget = false;
        match action {
            Action::SetLang(lang) => s.lang = lang,
            Action::ToggleLargeText => s.large_text = !s.large_text,
            Action::Start => s.screen = Screen::Step(0),
            Action::Next => match s.screen {
                Screen::Intro => s.screen = Screen::Step(0),
                Screen::Step(i) => {
                    // The emergency questions are never skipped silently.
                    if i == 0 && !missing_emergency(c, &s.answers).is_empty() {
                        s.show_missing = true;
                        s.missing_tries += 1;
                    } else {
                        s.screen = next_step(c, &s.answers, i).map_or(Screen::Review, Screen::Step);
                    }
                }
                Screen::Review => s.screen = Screen::Result,
                Screen::Result | Screen::Diary => {}
            },
            Action::Back => {
                s.screen = match s.screen {
                    Screen::Intro => Screen::Intro,
                    Screen::Step(i) => {
                        prev_step(c, &s.answers, i).map_or(Screen::Intro, Screen::Step)
                    }
                    Screen::Review => {
                        prev_step(c, &s.answers, c.steps.len()).map_or(Screen::Intro, Screen::Step)
                    }
                    Screen::Result => Screen::Review,
                    Screen::Diary => s.before_diary,
                }
            }
            Action::Edit(i) if i < c.steps.len() => s.screen = Screen::Step(i),
            Action::Edit(_) => {}
            Action::ShowResult => s.screen = Screen::Result,
            Action::Restart => {
                s = s.fresh();
                s.fill_from_diary(self.now);
            }
            Action::AskDelete => s.confirm_delete = true,
            Action::CancelDelete => s.confirm_delete = false,
            Action::DeleteAnswers => {
                s = s.fresh();
                s.diary = Rc::default();
                s.forget = true;
                s.notice = Some(Notice::Deleted);
            }
            Action::DismissNotice => s.notice = None,
            Action::Updated => s.updated = true,
            Action::DismissUpdated => s.updated = false,
            Action::OpenDiary if s.screen != Screen::Diary => {
                s.before_diary = s.screen;
                s.screen = Screen::Diary;
            }
            Action::OpenDiary => {}
            Action::CloseDiary => s.screen = s.before_diary,
            Action::Log(entry, now) => {
                let mut list = (*s.diary).clone();
                list.push(entry);
                diary::sort(&mut list);
                s.diary = Rc::new(list);
                s.notice = Some(Notice::Logged);
                s.fill_from_diary(now);
            }
            Action::EditEntry(id) => {
                s.editing = id;
                s.confirm_entry_delete = None;
            }
            Action::SaveEntry(entry, now) => {
                let mut list: Vec<Entry> = s
                    .diary
                    .iter()
                    .filter(|e| e.id != entry.id)
                    .cloned()
                    .collect();
                list.push(entry);
                diary::sort(&mut list);
                s.diary = Rc::new(list);
                s.editing = None;
                s.fill_from_diary(now);
            }
            Action::AskDeleteEntry(id) => s.confirm_entry_delete = id,
            Action::DeleteEntry(id, now) => {
                s.diary = Rc::new(s.diary.iter().filter(|e| e.id != id).cloned().collect());
                s.confirm_entry_delete = None;
                s.editing = None;
                s.now = now;
            }
            Action::Imported(import, now) => {
                s.diary = Rc::new(import.entries);
                if let Some(answers) = import.answers {
                    s.answers = answers;
                }
                s.notice = Some(Notice::Imported {
                    added: import.added,
                    duplicates: import.duplicates,
                    dropped: import.dropped,
                });
                s.fill_from_diary(now);
            }
            Action::ImportRefused(why) => s.notice = Some(Notice::ImportRefused(why)),
            Action::Choose {
                question,
                option,
                checked,
            } => {
                if let Some(q) = c.question(&question) {
                    choose(&mut s.answers, q, &option, checked);
                    // The person's own answer now, not the diary's.
                    s.from_diary.retain(|x| *x != question);
                    s.alert_after = alert_position(c, &s.answers, &question, s.alert_after.take());
                }
            }
        }
        Rc::new(s)
    }
}

impl State {
    /// A new start keeping the language, text size and host settings.
    fn fresh(&self) -> State {
        let mut fresh = State::new(self.lang, self.phone.clone()).skipping_intro(self.skip_intro);
        fresh.large_text = self.large_text;
        fresh.updated = self.updated;
        fresh.diary = self.diary.clone();
        fresh
    }
}

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
                .filter(|q| answers.get(&q.id).is_none())
                .map(|q| q.id.as_ref())
                .collect()
        })
        .unwrap_or_default()
}

/// The emergency questions whose current answer is an emergency sign, in order.
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

/// Where the emergency alert goes after `changed` was answered.
fn alert_position(
    c: &Content,
    answers: &Answers,
    changed: &str,
    before: Option<String>,
) -> Option<String> {
    let signs = emergency_answers(c, answers);
    if signs.iter().any(|q| q == changed) {
        Some(changed.to_string())
    } else if before.as_ref().is_some_and(|b| signs.contains(b)) {
        before
    } else {
        signs.into_iter().next()
    }
}

/// Is step `i` shown? The first step always is; others if any of their questions is.
pub fn step_shown(c: &Content, answers: &Answers, i: usize) -> bool {
    i == 0
        || c.steps
            .get(i)
            .is_some_and(|s| s.questions.iter().any(|q| answers.is_shown(c, &q.id)))
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
