//! One vocabulary for what the markup and its readers share: the
//! `data-action` hooks of the controls (written by `screens`, read by
//! `journey::Action::from_hook`, the shell and, through `boot`, `scripts/boot.js`), the ids
//! that focus moves to (written by the markup, found by the shell's focus
//! effect) and the names of the diary form's fields (written by
//! `screens::diary`, read by the shell into `diary::Form`). Renaming one here
//! renames it everywhere; the native test `hooks` renders every screen and
//! checks that each hook, focus target and field it holds is one of these.

macro_rules! hooks {
    ($($(#[$doc:meta])* $v:ident = $s:literal,)*) => {
        /// What a control does, as its `data-action` attribute names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Hook {
            $($(#[$doc])* $v,)*
        }

        impl Hook {
            /// Every hook.
            pub const ALL: &'static [Hook] = &[$(Hook::$v,)*];

            /// The `data-action` value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Hook::$v => $s,)*
                }
            }

            /// The hook a `data-action` value names.
            pub fn parse(s: &str) -> Option<Hook> {
                match s {
                    $($s => Some(Hook::$v),)*
                    _ => None,
                }
            }
        }
    };
}

hooks! {
    Start = "start",
    Next = "next",
    Back = "back",
    Restart = "restart",
    /// From the emergency alert or reminder to the result.
    Result = "result",
    Print = "print",
    ReadAloud = "read-aloud",
    LargerText = "larger-text",
    OpenDiary = "open-diary",
    CloseDiary = "close-diary",
    DeleteAnswers = "delete-answers",
    ConfirmDelete = "confirm-delete",
    CancelDelete = "cancel-delete",
    DismissNotice = "dismiss-notice",
    DismissUpdated = "dismiss-updated",
    /// Change a step's answers from the review (`data-arg`: the step id).
    Edit = "edit",
    /// Answer an open question from the review (`data-arg`: the question id).
    Answer = "answer",
    EditEntry = "edit-entry",
    CancelEdit = "cancel-edit",
    DeleteEntry = "delete-entry",
    KeepEntry = "keep-entry",
    ConfirmDeleteEntry = "confirm-delete-entry",
    OpenMonth = "open-month",
    CloseMonth = "close-month",
    /// Unfold an older year's months (`data-arg`: the year).
    OpenYear = "open-year",
    ExportJson = "export-json",
    ExportFhir = "export-fhir",
    /// Choose the language (`data-arg`: its tag).
    Lang = "lang",
    /// An error link: focus the input `data-arg` names (no fragment followed).
    Focus = "focus",
    /// The `tel:` link (a link: the browser follows it).
    Call = "call",
    /// The Questionnaire's download (a link).
    ExportQuestionnaire = "export-questionnaire",
    /// The import file input (a change, not a click).
    Import = "import",
    /// The edit form's submit button (the form is sent).
    SaveEntry = "save-entry",
    /// The log form's submit button (the form is sent).
    LogCramp = "log-cramp",
    /// The crash message's reload link (`scripts/boot.js`).
    Reload = "reload",
}

impl crate::markup::Render for Hook {
    fn render(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl crate::markup::Render for Field {
    fn render(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Hook {
    /// Controls the shell leaves to the browser: links it follows and the
    /// file input (a change, not a click). Submit buttons act through their form.
    pub fn is_native(self) -> bool {
        matches!(
            self,
            Hook::Call | Hook::ExportQuestionnaire | Hook::Import | Hook::Reload
        )
    }
}

/// The ids focus moves to (`screens::focus_id` names each target's).
pub mod id {
    pub const HEADING: &str = "screen-heading";
    pub const ERROR_SUMMARY: &str = "error-summary";
    pub const DELETE_QUESTION: &str = "delete-question";
    pub const DELETE_BUTTON: &str = "delete-answers";
    pub const ENTRY_DELETE_QUESTION: &str = "entry-delete-question";
    pub const DIARY_ENTRIES: &str = "diary-entries";
    pub const DIARY_MONTH: &str = "diary-month";
    pub const DIARY_IMPORT: &str = "diary-import";

    /// A question's fieldset.
    pub fn question(q: &str) -> String {
        format!("q-{q}")
    }

    /// An answer's input of a question.
    pub fn answer(q: &str, value: &str) -> String {
        format!("in-{q}-{value}")
    }

    /// The prefix of a diary form's field ids: the log form's, or an entry's edit form's.
    pub fn form_prefix(entry: Option<&str>) -> String {
        entry.map_or("new".to_string(), |e| format!("e{e}"))
    }

    /// A listed diary entry.
    pub fn entry(e: &str) -> String {
        format!("entry-{e}")
    }

    /// An older month's button.
    pub fn month_button(m: &str) -> String {
        format!("month-{m}")
    }

    /// An older year's button (it unfolds the year's months).
    pub fn year_button(year: i32) -> String {
        format!("year-{year:04}")
    }
}

/// The fields of the diary's log and edit forms, by their `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// "Now" or "last night" (the log form).
    When,
    /// The date and time (the edit form).
    At,
    Leg,
    Duration,
    Severity,
    Woke,
    Numb,
    Activity,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::When,
        Field::At,
        Field::Leg,
        Field::Duration,
        Field::Severity,
        Field::Woke,
        Field::Numb,
        Field::Activity,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Field::When => "when",
            Field::At => "at",
            Field::Leg => "leg",
            Field::Duration => "duration",
            Field::Severity => "severity",
            Field::Woke => "woke",
            Field::Numb => "numb",
            Field::Activity => "activity",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.as_str() == s)
    }
}

/// The diary form as sent, from a reader of its fields by name (the shell's
/// `FormData`): the one place that knows which field is which.
pub fn read_form(
    get: impl Fn(&str) -> Option<String>,
    parse_at: impl Fn(&str) -> Option<(i64, i32)>,
) -> crate::diary::Form {
    let at_text = get(Field::At.as_str());
    crate::diary::Form {
        when: get(Field::When.as_str()),
        at: at_text.as_deref().and_then(parse_at),
        at_text,
        leg: get(Field::Leg.as_str()),
        duration: get(Field::Duration.as_str()),
        severity: get(Field::Severity.as_str()),
        woke: get(Field::Woke.as_str()).is_some(),
        numb: get(Field::Numb.as_str()).is_some(),
        activity: get(Field::Activity.as_str()).unwrap_or_default(),
    }
}
