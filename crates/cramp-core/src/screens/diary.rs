//! The diary's screen: the form to log or edit a cramp, the listed entries,
//! the weekly findings and chart, older entries by month, the handoff.

use super::{button, nav, words};
use crate::content::{Content, Lang};
use crate::diary::{self, Duration, Entry, FormError, Leg, When};
use crate::hooks::{self, Field, Hook};
use crate::journey::State;
use crate::markup;
use crate::markup::Markup;
use crate::view::{self, Words};

fn leg_label(c: &Content, w: Words, leg: Leg) -> Markup {
    w.ui(
        c,
        match leg {
            Leg::Left => "diary_leg_left",
            Leg::Right => "diary_leg_right",
            Leg::Both => "diary_leg_both",
        },
    )
}

fn duration_label(c: &Content, w: Words, d: Duration) -> Markup {
    c.question(&diary::DURATION_QUESTION)
        .map(|q| w.value(c, q, d.id()))
        .unwrap_or_default()
}

/// One group of radio chips: `(id, value, label, checked)`.
fn chips(name: Field, items: &[(String, String, Markup, bool)]) -> Markup {
    let mut out = markup!("<div class=\"options chips\">");
    for (id, value, label, checked) in items {
        out += markup!(
            "<label class=\"option{}\" for=\"{id}\"><input type=\"radio\" name=\"{}\" id=\"{id}\" value=\"{}\"{}><span class=\"option-label\">{}</span></label>",
            if *checked { " chosen" } else { "" },
            name,
            value,
            if *checked { " checked" } else { "" },
            label;
            id = id
        );
    }
    out += markup!("</div>");
    out
}

/// The fields of the form to log a cramp (`initial` none) or edit one: the
/// inputs start at the common answers (or the entry's) and are the page's own
/// after that; the form is read as a whole when sent (`diary::Form`, the
/// fields named by [`Field`]). Logging takes two taps: the leg, then "Log
/// it"; the time is preselected by the hour.
pub fn entry_fields(c: &Content, s: &State, initial: Option<&Entry>) -> Markup {
    let w = words(s);
    let prefix = hooks::id::form_prefix(initial.map(|e| &*e.id));
    let id = |field: &str| format!("{prefix}-{field}");
    let mut out = Markup::default();
    match initial {
        Some(e) => {
            out += markup!(
                "<label class=\"field\" for=\"{id}\"><span class=\"label\">{}</span><input type=\"datetime-local\" name=\"{}\" id=\"{id}\" value=\"{}\"></label>",
                w.ui(c, "diary_when"),
                Field::At,
                diary::local_input_value(e.at_ms, e.offset_min);
                id = id(Field::At.as_str())
            );
        }
        None => {
            let (ms, off) = s.ui.now;
            let night = diary::default_when(ms, off) == When::LastNight;
            out += markup!(
                "<fieldset class=\"question\" data-field=\"{}\"><legend>{}</legend>{}</fieldset>",
                Field::When,
                w.ui(c, "diary_when"),
                chips(
                    Field::When,
                    &[
                        (id("now"), "now".into(), w.ui(c, "diary_now"), !night),
                        (
                            id("night"),
                            "night".into(),
                            w.ui(c, "diary_last_night"),
                            night
                        ),
                    ]
                )
            );
        }
    }
    let legs: Vec<_> = Leg::ALL
        .iter()
        .map(|l| {
            (
                id(&format!("leg-{}", l.id())),
                l.id().to_string(),
                leg_label(c, w, *l),
                initial.is_some_and(|e| e.leg == *l),
            )
        })
        .collect();
    let chosen = initial.map_or(Duration::Under10Min, |e| e.duration);
    let durations: Vec<_> = Duration::ALL
        .iter()
        .map(|d| {
            (
                id(&format!("dur-{}", d.id())),
                d.id().to_string(),
                duration_label(c, w, *d),
                *d == chosen,
            )
        })
        .collect();
    let severity = initial.map_or(5, |e| e.severity);
    let severities: Vec<_> = (0..=diary::MAX_SEVERITY)
        .map(|n| {
            (
                id(&format!("sev-{n}")),
                n.to_string(),
                Markup::text(&n.to_string()),
                n == severity,
            )
        })
        .collect();
    let check = |name: Field, label: Markup, on: bool| {
        markup!(
            "<label class=\"option{}\" for=\"{id}\"><input type=\"checkbox\" name=\"{}\" id=\"{id}\" value=\"yes\"{}><span class=\"option-label\">{}</span></label>",
            if on { " chosen" } else { "" },
            name,
            if on { " checked" } else { "" },
            label;
            id = id(name.as_str())
        )
    };
    out += markup!(
        "<fieldset class=\"question\" data-field=\"{}\"><legend>{}</legend>{}</fieldset>\
    <fieldset class=\"question\" data-field=\"{}\"><legend>{}</legend>{}</fieldset>\
    <fieldset class=\"question\" data-field=\"{}\"><legend>{}</legend><p class=\"help\">{}</p>{}</fieldset>\
    <details class=\"more\"{}><summary>{}</summary><div class=\"options\">{}{}</div>\
    <label class=\"field\" for=\"{activity}\"><span class=\"label\">{}</span><input type=\"text\" name=\"{}\" id=\"{activity}\" maxlength=\"200\" value=\"{}\"></label></details>",
        Field::Leg,
        w.ui(c, "diary_which_leg"),
        chips(Field::Leg, &legs),
        Field::Duration,
        w.ui(c, "diary_how_long"),
        chips(Field::Duration, &durations),
        Field::Severity,
        w.ui(c, "diary_how_bad"),
        w.ui(c, "diary_how_bad_help"),
        chips(Field::Severity, &severities),
        if initial.is_some() { " open" } else { "" },
        w.ui(c, "diary_more"),
        check(Field::Woke, w.ui(c, "diary_woke"), initial.is_some_and(|e| e.woke)),
        check(Field::Numb, w.ui(c, "diary_numb"), initial.is_some_and(|e| e.numb_after)),
        w.ui(c, "diary_activity"),
        Field::Activity,
        initial.and_then(|e| e.activity.as_deref()).unwrap_or_default();
        activity = id(Field::Activity.as_str())
    );
    out
}

/// Why the form was not saved (`role="alert"`), and its buttons.
pub fn entry_form_end(c: &Content, s: &State, editing: bool, error: Option<FormError>) -> Markup {
    let w = words(s);
    let mut out = Markup::default();
    if let Some(e) = error {
        let text = match e {
            FormError::Leg => w.ui(c, "diary_error_leg"),
            FormError::Time => w.ui(c, "diary_error_time"),
            FormError::Future => w.ui(c, "diary_error_future"),
        };
        out += markup!( "<p class=\"field-error\" role=\"alert\">{text}</p>"; text = text);
    }
    let submit = markup!(
        "<button type=\"submit\" class=\"button primary\" data-action=\"{}\">{}</button>",
        if editing {
            Hook::SaveEntry
        } else {
            Hook::LogCramp
        },
        if editing {
            w.ui(c, "diary_save")
        } else {
            w.ui(c, "diary_log")
        }
    );
    let cancel = if editing {
        button("quiet", Hook::CancelEdit, None, w.ui(c, "diary_cancel"))
    } else {
        Markup::default()
    };
    out += markup!( "<div class=\"nav-buttons\">{submit}{cancel}</div>"; submit = submit, cancel = cancel);
    out
}

/// The diary's top: heading, what it is for, and the heading of the log form.
pub fn diary_head(c: &Content, s: &State) -> Markup {
    let w = words(s);
    markup!(
        "<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1><p>{}</p>",
        w.ui(c, "diary_title"),
        w.ui(c, "diary_intro")
    )
}

/// One diary entry as listed (not being edited).
pub fn entry_item(c: &Content, s: &State, e: &Entry) -> Markup {
    let w = words(s);
    let mut details = vec![
        leg_label(c, w, e.leg),
        duration_label(c, w, e.duration),
        w.ui_with(c, "diary_severity_value", &[("n", &e.severity.to_string())]),
    ];
    if e.woke {
        details.push(w.ui(c, "diary_woke"));
    }
    if e.numb_after {
        details.push(w.ui(c, "diary_numb"));
    }
    let activity = e
        .activity
        .as_ref()
        .map(|a| markup!("<p class=\"entry-activity\">{}</p>", a))
        .unwrap_or_default();
    let controls = if s.ui.confirm_entry_delete.as_deref() == Some(&*e.id) {
        markup!(
            "<div class=\"delete-confirm\" role=\"group\"><p class=\"delete-question\" id=\"entry-delete-question\" tabindex=\"-1\">{}</p>{}</div>",
            w.ui(c, "diary_delete_question"),
            nav(&[
                button("danger", Hook::ConfirmDeleteEntry, Some(&e.id), w.ui(c, "diary_delete_yes")),
                button("quiet", Hook::KeepEntry, None, w.ui(c, "diary_delete_no")),
            ])
        )
    } else {
        nav(&[
            button(
                "secondary",
                Hook::EditEntry,
                Some(&e.id),
                w.ui(c, "diary_edit"),
            ),
            button(
                "quiet",
                Hook::DeleteEntry,
                Some(&e.id),
                w.ui(c, "diary_delete"),
            ),
        ])
    };
    markup!(
        "<p class=\"entry-time\"><strong>{}</strong></p><p class=\"entry-details\">{}</p>{activity}{controls}",
        diary::local_input_value(e.at_ms, e.offset_min).replace('T', " "),
        Markup::join(&details, " · ");
        activity = activity,
        controls = controls)
}

/// The weekly findings and chart, the handoff files and import, and the way back.
pub fn diary_weeks(c: &Content, s: &State, summary: &diary::Summary) -> Markup {
    let w = words(s);
    markup!(
        "<section class=\"diary-part\" aria-labelledby=\"diary-weeks\"><h2 id=\"diary-weeks\">{}</h2>{}{}</section>",
        w.ui(c, "diary_weeks_title"),
        view::findings(c, w, summary),
        view::weekly_chart(c, w, summary)
    )
}

pub fn diary_handoff(c: &Content, s: &State) -> Markup {
    let w = words(s);
    let tag = s.lang().tag();
    markup!(
        "<section class=\"diary-part no-print\" aria-labelledby=\"diary-handoff\"><h2 id=\"diary-handoff\">{}</h2><p>{}</p>{}\
<label class=\"import\" for=\"diary-import\"><span class=\"label\">{}</span><input id=\"diary-import\" type=\"file\" accept=\".json,application/json\" data-action=\"{hook}\"></label></section>{}",
        w.ui(c, "diary_handoff_title"),
        w.ui(c, "diary_handoff_text"),
        nav(&[
            button("secondary", Hook::ExportJson, None, w.ui(c, "diary_export")),
            button("secondary", Hook::ExportFhir, None, w.ui(c, "diary_export_fhir")),
            // The Questionnaire is written at build time (the same for everyone): a plain download.
            markup!(
                "<a class=\"button quiet\" data-action=\"{hook}\" href=\"fhir/questionnaire.{tag}.json\" download=\"cramp-check-questionnaire.{tag}.json\">{}</a>",
                w.ui(c, "diary_export_questionnaire");
                tag = tag, hook = Hook::ExportQuestionnaire),
        ]),
        w.ui(c, "diary_import"),
        nav(&[button("primary", Hook::CloseDiary, None, w.ui(c, "diary_back"))]); hook = Hook::Import)
}

/// The name of month `m` (1 to 12) in `lang`, as raw text for a placeholder.
fn month_name(c: &Content, lang: Lang, m: u32) -> &str {
    match m {
        1 => c.ui("month_1", lang),
        2 => c.ui("month_2", lang),
        3 => c.ui("month_3", lang),
        4 => c.ui("month_4", lang),
        5 => c.ui("month_5", lang),
        6 => c.ui("month_6", lang),
        7 => c.ui("month_7", lang),
        8 => c.ui("month_8", lang),
        9 => c.ui("month_9", lang),
        10 => c.ui("month_10", lang),
        11 => c.ui("month_11", lang),
        12 => c.ui("month_12", lang),
        _ => "",
    }
}

/// Above the recent entries (the last [`diary::SUMMARY_WEEKS`] weeks): that
/// there are none in those weeks, and, when older entries exist, that they are
/// listed by month below. Empty when neither applies.
pub fn diary_recent_note(c: &Content, s: &State, recent_empty: bool, has_older: bool) -> Markup {
    let w = words(s);
    let mut out = Markup::default();
    if has_older {
        out += markup!("<p>{}</p>", w.ui(c, "diary_recent_note"));
    }
    if recent_empty {
        out += markup!(
            "<p data-empty=\"recent\">{}</p>",
            w.ui(c, "diary_recent_empty")
        );
    }
    out
}

/// The older entries, on demand: each year with entries, newest first, as a
/// button that unfolds it (`open-year`; the year of the month opened last is
/// unfolded), and the unfolded year's months as buttons with their counts
/// (only that year's, so decades of entries stay a short list). `months` as [`diary::older_months`] gives them.
pub fn diary_months(c: &Content, s: &State, months: &[diary::MonthCount]) -> Markup {
    let w = words(s);
    let lang = s.lang();
    let open = s.ui.diary_month;
    let mut years = Markup::default();
    let mut i = 0;
    while i < months.len() {
        let year = months[i].month.year;
        let end = months[i..]
            .iter()
            .position(|m| m.month.year != year)
            .map_or(months.len(), |n| i + n);
        let group = &months[i..end];
        let total: usize = group.iter().map(|m| m.count).sum();
        // Only the unfolded year's months are drawn: decades of entries stay a short list.
        let unfolded = s.ui.diary_year == Some(year);
        let mut buttons = Markup::default();
        for m in group.iter().filter(|_| unfolded) {
            let current = open == Some(m.month);
            let id = m.month.id();
            buttons += markup!(
                "<li><button type=\"button\" class=\"button quiet month{}\" id=\"month-{id}\" data-action=\"{hook}\" data-arg=\"{id}\" aria-expanded=\"{current}\">{}</button></li>",
        if current { " current" } else { "" },
        w.ui_with(
                    c,
                    "diary_month_button",
                    &[
                        ("month", month_name(c, lang, m.month.month)),
                        ("n", &m.count.to_string())
                    ]
                );
        id = id,
        current = current, hook = Hook::OpenMonth);
        }
        let months = if unfolded {
            markup!("<ul class=\"months\">{buttons}</ul>"; buttons = buttons)
        } else {
            Markup::default()
        };
        years += markup!(
            "<li class=\"year\" data-year=\"{year}\"><button type=\"button\" class=\"button quiet year-button\" id=\"{yid}\" data-action=\"{hook}\" data-arg=\"{year}\" aria-expanded=\"{unfolded}\">{}</button>{months}</li>",
            w.ui_with(
                c,
                "diary_year",
                &[("year", &year.to_string()), ("n", &total.to_string())]
            );
            year = year,
            yid = crate::hooks::id::year_button(year),
            hook = Hook::OpenYear,
            unfolded = unfolded,
            months = months
        );
        i = end;
    }
    markup!(
        "<h2 id=\"diary-older\">{}</h2><p>{}</p><ul class=\"years\">{years}</ul>",
        w.ui(c, "diary_older_title"),
        w.ui(c, "diary_older_help");
        years = years)
}

/// The heading of the older month listed, and a note when it has no entries left.
pub fn diary_month_head(c: &Content, s: &State, month: diary::Month, empty: bool) -> Markup {
    let w = words(s);
    let mut out = markup!(
        "<h3 id=\"diary-month\" tabindex=\"-1\" data-month=\"{}\">{}</h3>",
        month.id(),
        w.ui_with(
            c,
            "diary_month_title",
            &[
                ("year", &month.year.to_string()),
                ("month", month_name(c, s.lang(), month.month))
            ]
        )
    );
    if empty {
        out += markup!("<p>{}</p>", w.ui(c, "diary_month_empty"));
    }
    out
}

/// The button that closes the older month's list.
pub fn diary_month_end(c: &Content, s: &State) -> Markup {
    let w = words(s);
    nav(&[button(
        "secondary",
        Hook::CloseMonth,
        None,
        w.ui(c, "diary_month_close"),
    )])
}
