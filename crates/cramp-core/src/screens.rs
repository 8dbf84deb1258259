//! The widget's screens as HTML, from the journey's state: the top bar, the
//! notices, the introduction, a step's heading and buttons, the review, the
//! result's first screen, the diary, the footer. Pure, natively tested.
//!
//! Every control names what it does with `data-action` (and `data-arg`: an
//! entry id, a step id, a language): the widget listens once, on its root,
//! and turns the hook into a `journey::Action` (`Action::from_hook`). The
//! widget inserts these texts as they are; Yew keeps each part's nodes as long
//! as its text does not change, so what a person is working with stays put.

use crate::content::{Content, Lang, Level};
use crate::diary::{self, Duration, Entry, FormError, Leg, When};
use crate::drawings::{self, escape};
use crate::journey::{self, Notice, Screen, Speech, State};
use crate::view::{self, Words};
use std::fmt::Write;

/// The words of the state's language and emergency number.
pub fn words(s: &State) -> Words<'_> {
    Words::One(s.lang(), &s.ui.host.phone)
}

/// A button of the page: its look, its hook, an optional argument, its label (already HTML).
pub fn button(look: &str, hook: &str, arg: Option<&str>, label: &str) -> String {
    let arg = arg.map_or(String::new(), |a| format!(" data-arg=\"{}\"", escape(a)));
    format!("<button type=\"button\" class=\"button {look}\" data-action=\"{hook}\"{arg}>{label}</button>")
}

fn nav(buttons: &[String]) -> String {
    format!("<div class=\"nav-buttons\">{}</div>", buttons.concat())
}

/// The top bar: the product's name, who presents it, language, larger text, the diary.
/// `station` and `logo` are the host's (validated; text and attribute only).
pub fn top_bar(c: &Content, s: &State, station: Option<&str>, logo: Option<&str>) -> String {
    let w = words(s);
    let lang = s.lang();
    // Each language's button is named in that language.
    let lang_button = |l: Lang, name: &str| {
        format!(
            "<button type=\"button\" class=\"chip{}\" data-action=\"lang\" data-arg=\"{tag}\" data-lang=\"{tag}\" lang=\"{tag}\" aria-pressed=\"{}\">{}</button>",
            if l == lang { " current" } else { "" },
            l == lang,
            escape(name),
            tag = l.tag()
        )
    };
    let mut presenter = String::new();
    if station.is_some() || logo.is_some() {
        presenter.push_str("<p class=\"presenter\">");
        if let Some(logo) = logo {
            let _ = write!(
                presenter,
                "<img class=\"presenter-logo\" src=\"{}\" alt=\"{}\" referrerpolicy=\"no-referrer\">",
                escape(logo),
                escape(station.unwrap_or_default())
            );
        }
        if let Some(station) = station {
            let _ = write!(
                presenter,
                "<span>{}</span>",
                w.ui_with(c, "presented_by", &[("station", station)])
            );
        }
        presenter.push_str("</p>");
    }
    let large = s.prefs.large_text;
    let in_diary = s.journey.screen == Screen::Diary;
    format!(
        "<div class=\"topbar no-print\"><div class=\"names\"><p class=\"app-name\">{}</p>{presenter}</div>\
<div class=\"tools\"><div class=\"lang-switch\" role=\"group\" aria-label=\"{}\">{}{}</div>\
<button type=\"button\" class=\"chip{}\" aria-pressed=\"{large}\" data-action=\"larger-text\">{}</button>\
<button type=\"button\" class=\"chip{}\"{} data-action=\"open-diary\">{}</button></div></div>",
        w.ui(c, "app_name"),
        w.ui(c, "language_label"),
        lang_button(Lang::Zh, c.ui("lang_zh", Lang::Zh)),
        lang_button(Lang::En, c.ui("lang_en", Lang::En)),
        if large { " current" } else { "" },
        w.ui(c, "larger_text"),
        if in_diary { " current" } else { "" },
        if in_diary { " aria-current=\"page\"" } else { "" },
        w.ui(c, "diary_open"),
    )
}

/// The status messages (inside the page's one `role="status"` region).
pub fn notices(c: &Content, s: &State) -> String {
    let w = words(s);
    let item = |name: &str, text: String, hook: &str| {
        format!(
            "<div class=\"notice app-notice\" data-notice=\"{name}\"><p>{text}</p>{}</div>",
            button("quiet", hook, None, &w.ui(c, "notice_dismiss"))
        )
    };
    let mut out = String::new();
    if let Some(n) = &s.ui.notice {
        let (name, text) = match n {
            Notice::ProgressUnreadable => ("saved-unreadable", w.ui(c, "saved_unreadable")),
            Notice::ProgressPartial => ("saved-partial", w.ui(c, "saved_partial")),
            Notice::Deleted => ("deleted", w.ui(c, "deleted_notice")),
            Notice::DiaryUnreadable => ("diary-unreadable", w.ui(c, "diary_unreadable")),
            Notice::DiaryPartial(n) => (
                "diary-partial",
                w.ui_with(c, "diary_partial", &[("n", &n.to_string())]),
            ),
            Notice::Logged => ("logged", w.ui(c, "diary_logged")),
            Notice::Imported {
                added,
                duplicates,
                dropped,
            } => {
                let (added, same, n) = (
                    added.to_string(),
                    duplicates.to_string(),
                    dropped.to_string(),
                );
                let args = [("added", &*added), ("same", &*same), ("n", &*n)];
                let mut text = w.ui_with(c, "diary_imported", &args);
                if *dropped > 0 {
                    text = format!("{text} {}", w.ui_with(c, "diary_imported_dropped", &args));
                }
                ("imported", text)
            }
            Notice::ImportRefused(kind) => (
                "import-refused",
                match kind {
                    crate::codec::ErrorKind::NewerVersion => w.ui(c, "import_newer"),
                    crate::codec::ErrorKind::TooLarge => w.ui(c, "import_too_large"),
                    crate::codec::ErrorKind::NotJson => w.ui(c, "import_not_json"),
                    _ => w.ui(c, "import_not_export"),
                },
            ),
        };
        out.push_str(&item(name, text, "dismiss-notice"));
    }
    if s.ui.updated {
        out.push_str(&item(
            "updated",
            w.ui(c, "updated_notice"),
            "dismiss-updated",
        ));
    }
    out
}

/// The polite announcement of a new screen (the heading also takes focus).
pub fn announcement(c: &Content, s: &State) -> String {
    let lang = s.lang();
    match s.journey.screen {
        Screen::Intro => String::new(),
        // A follow-up just appeared below the answer that revealed it.
        Screen::Step(_) if !s.ui.revealed.is_empty() => {
            let texts: Vec<&str> =
                s.ui.revealed
                    .iter()
                    .filter_map(|q| c.question(q))
                    .map(|q| q.text.get(lang))
                    .collect();
            c.ui("follow_up_shown", lang)
                .replace("{questions}", &texts.join(" "))
        }
        Screen::Step(i) => {
            let words = journey::progress(c, &s.journey.answers, s.journey.screen)
                .map(|(n, total)| {
                    c.ui("progress", lang)
                        .replace("{n}", &n.to_string())
                        .replace("{total}", &total.to_string())
                })
                .unwrap_or_default();
            format!("{words} {}", c.steps[i].title.get(lang))
        }
        Screen::Review => c.ui("review_title", lang).to_string(),
        Screen::Diary => c.ui("diary_title", lang).to_string(),
        Screen::Result => c
            .level_text(s.assessment(c).level)
            .map(|l| l.title.get(lang).to_string())
            .unwrap_or_default(),
    }
}

/// The footer: where the answers are kept, and "delete all my data" with its
/// confirmation (native buttons in the page, not `window.confirm`).
pub fn footer(c: &Content, s: &State, cannot_save: bool) -> String {
    let w = words(s);
    let control = if s.ui.confirm_delete {
        format!(
            "<div class=\"delete-confirm\" role=\"group\" aria-labelledby=\"delete-question\">\
<p id=\"delete-question\" class=\"delete-question\" tabindex=\"-1\">{}</p>{}</div>",
            w.ui(c, "delete_confirm_question"),
            nav(&[
                button(
                    "danger",
                    "confirm-delete",
                    None,
                    &w.ui(c, "delete_confirm_yes")
                ),
                button(
                    "quiet",
                    "cancel-delete",
                    None,
                    &w.ui(c, "delete_confirm_no")
                ),
            ])
        )
    } else {
        format!(
            "<button type=\"button\" id=\"delete-answers\" class=\"button quiet\" data-action=\"delete-answers\">{}</button>",
            w.ui(c, "delete_answers")
        )
    };
    let cannot = if cannot_save {
        format!(
            "<p class=\"cannot-save\">{}</p>",
            w.ui(c, "storage_unavailable")
        )
    } else {
        String::new()
    };
    format!(
        "<footer class=\"privacy no-print\"><p>{}</p>{cannot}{control}</footer>",
        w.ui(c, "privacy_footer")
    )
}

/// The emergency advice raised at once (`role="alert"`), with the call link and a way to the result.
pub fn emergency_alert(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<div class=\"emergency-alert\" role=\"alert\" data-alert=\"emergency\"><p class=\"alert-title\">{}</p><p>{}</p>{}<p class=\"alert-more\">{}</p>{}</div>",
        w.ui(c, "emergency_alert_title"),
        w.ui(c, "emergency_alert_text"),
        view::call_link(c, w),
        w.ui(c, "emergency_alert_continue"),
        button("secondary", "result", None, &w.ui(c, "emergency_alert_result"))
    )
}

/// The amber same-day notice of an urgent alert rule.
pub fn same_day_notice(c: &Content, s: &State, rule: &crate::content::Rule) -> String {
    let w = words(s);
    format!(
        "<div class=\"same-day-notice\" role=\"alert\" data-alert=\"same-day\" data-rule=\"{}\"><p class=\"alert-title\">{}</p>{}{}</div>",
        escape(&rule.id),
        w.ui(c, "same_day_title"),
        rule.notice.as_ref().map(|t| format!("<p>{}</p>", w.t(t))).unwrap_or_default(),
        view::call_link(c, w)
    )
}

/// On the screens after the one that raised it, while an emergency stands.
pub fn emergency_reminder(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<div class=\"emergency-reminder\" data-reminder=\"emergency\"><p>{}</p>{}{}</div>",
        w.ui(c, "emergency_reminder"),
        view::call_link(c, w),
        button(
            "secondary",
            "result",
            None,
            &w.ui(c, "emergency_alert_result")
        )
    )
}

/// "Step 2 of 8" in words, with a bar (an SVG attribute, not a style: the CSP allows none).
pub fn progress(c: &Content, s: &State) -> String {
    let Some((n, total)) = journey::progress(c, &s.journey.answers, s.journey.screen) else {
        return String::new();
    };
    let pct = (n * 100).checked_div(total).unwrap_or(0);
    let (n, total) = (n.to_string(), total.to_string());
    format!(
        "<div class=\"progress\" data-progress=\"{n}/{total}\"><p class=\"progress-text\">{}</p>\
<svg class=\"progress-bar\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"progress-fill\" x=\"0\" y=\"0\" height=\"100%\" width=\"{pct}%\"></rect></svg></div>",
        words(s).ui_with(c, "progress", &[("n", &n), ("total", &total)])
    )
}

/// "Read aloud" / "Stop reading", and what happened when there is no voice.
pub fn read_aloud(c: &Content, s: &State) -> String {
    let w = words(s);
    let speaking = s.ui.speech == Speech::Speaking;
    let none = if s.ui.speech == Speech::NoVoice {
        format!(
            "<p class=\"read-aloud-none\" role=\"status\" data-speech=\"no-voice\">{}</p>",
            w.ui(c, "read_aloud_no_voice")
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"read-aloud no-print\"><button type=\"button\" class=\"button quiet read-aloud-button\" data-action=\"read-aloud\" aria-pressed=\"{speaking}\">{}<span>{}</span></button>{none}</div>",
        drawings::SPEAKER_ICON,
        if speaking {
            w.ui(c, "read_aloud_stop")
        } else {
            w.ui(c, "read_aloud")
        }
    )
}

/// The introduction.
pub fn intro(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<section class=\"screen intro\" data-step=\"intro\" aria-labelledby=\"screen-heading\">\
<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}{}</section>",
        w.ui(c, "intro_title"),
        view::intro_text(c, w),
        nav(&[button("primary", "start", None, &w.ui(c, "start"))])
    )
}

/// A step's top: progress, heading, read aloud, its introduction, and on a
/// refused Next the linked list of what is missing.
pub fn step_head(c: &Content, s: &State, i: usize, missing: &[&str]) -> String {
    let w = words(s);
    let step = &c.steps[i];
    let mut out = format!(
        "{}<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}",
        progress(c, s),
        w.t(&step.title),
        read_aloud(c, s)
    );
    if let Some(intro) = &step.intro {
        let _ = write!(out, "<p class=\"lead\">{}</p>", w.t(intro));
    }
    if !missing.is_empty() {
        let items: String = missing
            .iter()
            .filter_map(|id| {
                let q = c.question(id)?;
                let first = q.values().first().map(|v| format!("in-{id}-{v}"))?;
                Some(format!(
                    "<li><a href=\"#q-{id}\" data-action=\"focus\" data-arg=\"{first}\">{}</a></li>",
                    w.t(&q.text)
                ))
            })
            .collect();
        let _ = write!(
            out,
            "<div class=\"error-summary\" id=\"error-summary\" tabindex=\"-1\"><p class=\"error-title\">{}</p><ul>{items}</ul></div>",
            w.ui(c, "error_summary_title")
        );
    }
    out
}

/// What follows a question on its step: the note that the diary filled it in,
/// the emergency alert it raised, the same-day notice.
pub fn after_question(c: &Content, s: &State, q: &str) -> String {
    let w = words(s);
    let mut out = String::new();
    if s.journey.from_diary.iter().any(|x| x == q) {
        let _ = write!(
            out,
            "<p class=\"from-diary\" data-from-diary=\"{}\">{}</p>",
            escape(q),
            w.ui(c, "from_diary_note")
        );
    }
    if s.ui.alert_after.as_deref() == Some(q) {
        out.push_str(&emergency_alert(c, s));
    }
    for (rule, after) in journey::amber_notices(c, &s.journey.answers) {
        if after == q {
            out.push_str(&same_day_notice(c, s, rule));
        }
    }
    out
}

/// A step's buttons: Next (submits the step's form) and Back.
pub fn step_nav(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<div class=\"nav-buttons\"><button type=\"submit\" class=\"button primary\" data-action=\"next\">{}</button>{}</div>",
        w.ui(c, "next"),
        button("secondary", "back", None, &w.ui(c, "back"))
    )
}

/// The review of the answers before the result, step by step, each with a way back to change it.
pub fn review(c: &Content, s: &State) -> String {
    let w = words(s);
    let answers = &s.journey.answers;
    let mut out = format!(
        "<section class=\"screen review\" data-step=\"review\" aria-labelledby=\"screen-heading\">{}<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1><p class=\"lead\">{}</p>",
        progress(c, s),
        w.ui(c, "review_title"),
        w.ui(c, "review_intro")
    );
    let open = journey::unanswered_for_review(c, answers);
    if !open.is_empty() {
        let items: String = open
            .iter()
            .filter_map(|id| c.question(id))
            .map(|q| {
                format!(
                    "<li><a href=\"#q-{id}\" data-action=\"answer\" data-arg=\"{id}\">{}</a></li>",
                    w.t(&q.text),
                    id = escape(&q.id)
                )
            })
            .collect();
        let _ = write!(
            out,
            "<section class=\"review-unanswered\" data-unanswered=\"{}\" aria-labelledby=\"review-unanswered\"><h2 id=\"review-unanswered\">{}</h2><p>{}</p><ul>{items}</ul></section>",
            open.len(),
            w.ui(c, "review_unanswered_title"),
            w.ui(c, "review_unanswered_intro")
        );
    }
    for i in journey::shown_steps(c, answers) {
        let step = &c.steps[i];
        let id = escape(&step.id);
        let _ = write!(
            out,
            "<section class=\"review-step\" aria-labelledby=\"review-{id}\"><h2 id=\"review-{id}\">{}</h2>{}\
<button type=\"button\" class=\"button link-button\" data-action=\"edit\" data-arg=\"{id}\" data-edit-step=\"{id}\" aria-describedby=\"review-{id}\">{}</button></section>",
            w.t(&step.title),
            view::answer_list(c, w, step, answers),
            w.ui(c, "change_answers")
        );
    }
    out.push_str(&nav(&[
        button("primary", "next", None, &w.ui(c, "see_result")),
        button("secondary", "back", None, &w.ui(c, "back")),
        button("quiet", "restart", None, &w.ui(c, "restart")),
    ]));
    out.push_str("</section>");
    out
}

/// The result's first screen: the level banner (heading), what to do and by
/// when, the call link for urgent and emergency, where, read aloud.
pub fn result_first(c: &Content, s: &State, a: &crate::engine::Assessment) -> String {
    let w = words(s);
    let level = a.level;
    let text = c.level_text(level);
    let departments: String = a
        .departments
        .iter()
        .filter_map(|d| c.department(d))
        .map(|d| {
            format!(
                "<li data-department=\"{}\">{}</li>",
                escape(&d.id),
                w.t(&d.name)
            )
        })
        .collect();
    let departments = if departments.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"where\"><h2 class=\"where-title\">{}</h2><ul class=\"departments\">{departments}</ul></div>",
            w.ui(c, "departments_title")
        )
    };
    let call = if level >= Level::Urgent {
        view::call_link(c, w)
    } else {
        String::new()
    };
    format!(
        "<div class=\"no-print result-first\"><div class=\"banner level-{id}\">{icon}<div>\
<h1 id=\"screen-heading\" class=\"banner-title\" tabindex=\"-1\">{}</h1><p class=\"banner-when\"><span class=\"label\">{}</span><strong>{}</strong></p></div></div>\
<p class=\"result-action\" data-part=\"what-to-do\">{}</p>{call}{departments}{}<p class=\"not-diagnosis\">{}</p></div>",
        text.map(|l| w.t(&l.title)).unwrap_or_default(),
        w.ui(c, "by_when"),
        text.map(|l| w.t(&l.by_when)).unwrap_or_default(),
        text.map(|l| w.t(&l.action)).unwrap_or_default(),
        read_aloud(c, s),
        w.ui(c, "not_diagnosis"),
        id = level.id(),
        icon = drawings::level_icon(level),
    )
}

/// A folded section of the result, opened for printing.
pub fn part(id: &str, title: &str, body: &str) -> String {
    format!(
        "<details class=\"result-part\" data-part=\"{}\"><summary><h2 class=\"summary-heading\" id=\"part-{}\">{}</h2></summary><div class=\"part-body\">{body}</div></details>",
        escape(id),
        escape(id),
        escape(title)
    )
}

/// The result's buttons.
pub fn result_nav(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<p class=\"not-diagnosis\">{}</p><div class=\"nav-buttons no-print\">{}{}{}</div>",
        w.ui(c, "not_diagnosis_end"),
        button("primary", "print", None, &w.ui(c, "print")),
        button("secondary", "back", None, &w.ui(c, "back_to_review")),
        button("quiet", "restart", None, &w.ui(c, "restart"))
    )
}

// ---------------------------------------------------------------- the diary

fn leg_label(c: &Content, w: Words, leg: Leg) -> String {
    w.ui(
        c,
        match leg {
            Leg::Left => "diary_leg_left",
            Leg::Right => "diary_leg_right",
            Leg::Both => "diary_leg_both",
        },
    )
}

fn duration_label(c: &Content, w: Words, d: Duration) -> String {
    c.question(&diary::DURATION_QUESTION)
        .map(|q| w.value(c, q, d.id()))
        .unwrap_or_default()
}

/// One group of radio chips: `(id, value, label, checked)`.
fn chips(name: &str, items: &[(String, String, String, bool)]) -> String {
    let mut out = String::from("<div class=\"options chips\">");
    for (id, value, label, checked) in items {
        let _ = write!(
            out,
            "<label class=\"option{}\" for=\"{id}\"><input type=\"radio\" name=\"{name}\" id=\"{id}\" value=\"{value}\"{}><span class=\"option-label\">{label}</span></label>",
            if *checked { " chosen" } else { "" },
            if *checked { " checked" } else { "" }
        );
    }
    out.push_str("</div>");
    out
}

/// The fields of the form to log a cramp (`initial` none) or edit one: the
/// inputs start at the common answers (or the entry's) and are the page's own
/// after that; the form is read as a whole when sent (`diary::Form`). Logging
/// takes two taps: the leg, then "Log it"; the time is preselected by the hour.
pub fn entry_fields(c: &Content, s: &State, initial: Option<&Entry>) -> String {
    let w = words(s);
    let prefix = initial.map_or("new".to_string(), |e| format!("e{}", escape(&e.id)));
    let mut out = String::new();
    match initial {
        Some(e) => {
            let _ = write!(
                out,
                "<label class=\"field\" for=\"{prefix}-at\"><span class=\"label\">{}</span><input type=\"datetime-local\" name=\"at\" id=\"{prefix}-at\" value=\"{}\"></label>",
                w.ui(c, "diary_when"),
                diary::local_input_value(e.at_ms, e.offset_min)
            );
        }
        None => {
            let (ms, off) = s.ui.now;
            let night = diary::default_when(ms, off) == When::LastNight;
            let _ = write!(
                out,
                "<fieldset class=\"question\" data-field=\"when\"><legend>{}</legend>{}</fieldset>",
                w.ui(c, "diary_when"),
                chips(
                    "when",
                    &[
                        (
                            format!("{prefix}-now"),
                            "now".into(),
                            w.ui(c, "diary_now"),
                            !night
                        ),
                        (
                            format!("{prefix}-night"),
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
                format!("{prefix}-leg-{}", l.id()),
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
                format!("{prefix}-dur-{}", d.id()),
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
                format!("{prefix}-sev-{n}"),
                n.to_string(),
                n.to_string(),
                n == severity,
            )
        })
        .collect();
    let check = |id: &str, name: &str, label: String, on: bool| {
        format!(
            "<label class=\"option{}\" for=\"{prefix}-{id}\"><input type=\"checkbox\" name=\"{name}\" id=\"{prefix}-{id}\" value=\"yes\"{}><span class=\"option-label\">{label}</span></label>",
            if on { " chosen" } else { "" },
            if on { " checked" } else { "" }
        )
    };
    let _ = write!(
        out,
        "<fieldset class=\"question\" data-field=\"leg\"><legend>{}</legend>{}</fieldset>\
<fieldset class=\"question\" data-field=\"duration\"><legend>{}</legend>{}</fieldset>\
<fieldset class=\"question\" data-field=\"severity\"><legend>{}</legend><p class=\"help\">{}</p>{}</fieldset>\
<details class=\"more\"{}><summary>{}</summary><div class=\"options\">{}{}</div>\
<label class=\"field\" for=\"{prefix}-activity\"><span class=\"label\">{}</span><input type=\"text\" name=\"activity\" id=\"{prefix}-activity\" maxlength=\"200\" value=\"{}\"></label></details>",
        w.ui(c, "diary_which_leg"),
        chips("leg", &legs),
        w.ui(c, "diary_how_long"),
        chips("duration", &durations),
        w.ui(c, "diary_how_bad"),
        w.ui(c, "diary_how_bad_help"),
        chips("severity", &severities),
        if initial.is_some() { " open" } else { "" },
        w.ui(c, "diary_more"),
        check("woke", "woke", w.ui(c, "diary_woke"), initial.is_some_and(|e| e.woke)),
        check("numb", "numb", w.ui(c, "diary_numb"), initial.is_some_and(|e| e.numb_after)),
        w.ui(c, "diary_activity"),
        escape(initial.and_then(|e| e.activity.as_deref()).unwrap_or_default()),
    );
    out
}

/// Why the form was not saved (`role="alert"`), and its buttons.
pub fn entry_form_end(c: &Content, s: &State, editing: bool, error: Option<FormError>) -> String {
    let w = words(s);
    let mut out = String::new();
    if let Some(e) = error {
        let text = match e {
            FormError::Leg => w.ui(c, "diary_error_leg"),
            FormError::Time => w.ui(c, "diary_error_time"),
            FormError::Future => w.ui(c, "diary_error_future"),
        };
        let _ = write!(out, "<p class=\"field-error\" role=\"alert\">{text}</p>");
    }
    let submit = format!(
        "<button type=\"submit\" class=\"button primary\" data-action=\"{}\">{}</button>",
        if editing { "save-entry" } else { "log-cramp" },
        if editing {
            w.ui(c, "diary_save")
        } else {
            w.ui(c, "diary_log")
        }
    );
    let cancel = if editing {
        button("quiet", "cancel-edit", None, &w.ui(c, "diary_cancel"))
    } else {
        String::new()
    };
    let _ = write!(out, "<div class=\"nav-buttons\">{submit}{cancel}</div>");
    out
}

/// The diary's top: heading, what it is for, and the heading of the log form.
pub fn diary_head(c: &Content, s: &State) -> String {
    let w = words(s);
    format!(
        "<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1><p>{}</p>",
        w.ui(c, "diary_title"),
        w.ui(c, "diary_intro")
    )
}

/// One diary entry as listed (not being edited).
pub fn entry_item(c: &Content, s: &State, e: &Entry) -> String {
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
        .map(|a| format!("<p class=\"entry-activity\">{}</p>", escape(a)))
        .unwrap_or_default();
    let controls = if s.ui.confirm_entry_delete.as_deref() == Some(&*e.id) {
        format!(
            "<div class=\"delete-confirm\" role=\"group\"><p class=\"delete-question\" id=\"entry-delete-question\" tabindex=\"-1\">{}</p>{}</div>",
            w.ui(c, "diary_delete_question"),
            nav(&[
                button("danger", "confirm-delete-entry", Some(&e.id), &w.ui(c, "diary_delete_yes")),
                button("quiet", "keep-entry", None, &w.ui(c, "diary_delete_no")),
            ])
        )
    } else {
        nav(&[
            button(
                "secondary",
                "edit-entry",
                Some(&e.id),
                &w.ui(c, "diary_edit"),
            ),
            button(
                "quiet",
                "delete-entry",
                Some(&e.id),
                &w.ui(c, "diary_delete"),
            ),
        ])
    };
    format!(
        "<p class=\"entry-time\"><strong>{}</strong></p><p class=\"entry-details\">{}</p>{activity}{controls}",
        diary::local_input_value(e.at_ms, e.offset_min).replace('T', " "),
        details.join(" · ")
    )
}

/// The weekly findings and chart, the handoff files and import, and the way back.
pub fn diary_weeks(c: &Content, s: &State, summary: &diary::Summary) -> String {
    let w = words(s);
    format!(
        "<section class=\"diary-part\" aria-labelledby=\"diary-weeks\"><h2 id=\"diary-weeks\">{}</h2>{}{}</section>",
        w.ui(c, "diary_weeks_title"),
        view::findings(c, w, summary),
        view::weekly_chart(c, w, summary)
    )
}

pub fn diary_handoff(c: &Content, s: &State) -> String {
    let w = words(s);
    let tag = s.lang().tag();
    format!(
        "<section class=\"diary-part no-print\" aria-labelledby=\"diary-handoff\"><h2 id=\"diary-handoff\">{}</h2><p>{}</p>{}\
<label class=\"import\" for=\"diary-import\"><span class=\"label\">{}</span><input id=\"diary-import\" type=\"file\" accept=\".json,application/json\" data-action=\"import\"></label></section>{}",
        w.ui(c, "diary_handoff_title"),
        w.ui(c, "diary_handoff_text"),
        nav(&[
            button("secondary", "export-json", None, &w.ui(c, "diary_export")),
            button("secondary", "export-fhir", None, &w.ui(c, "diary_export_fhir")),
            // The Questionnaire is written at build time (the same for everyone): a plain download.
            format!(
                "<a class=\"button quiet\" data-action=\"export-questionnaire\" href=\"fhir/questionnaire.{tag}.json\" download=\"cramp-check-questionnaire.{tag}.json\">{}</a>",
                w.ui(c, "diary_export_questionnaire")
            ),
        ]),
        w.ui(c, "diary_import"),
        nav(&[button("primary", "close-diary", None, &w.ui(c, "diary_back"))])
    )
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
pub fn diary_recent_note(c: &Content, s: &State, recent_empty: bool, has_older: bool) -> String {
    let w = words(s);
    let mut out = String::new();
    if has_older {
        let _ = write!(out, "<p>{}</p>", w.ui(c, "diary_recent_note"));
    }
    if recent_empty {
        let _ = write!(
            out,
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
pub fn diary_months(c: &Content, s: &State, months: &[diary::MonthCount]) -> String {
    let w = words(s);
    let lang = s.lang();
    let open = s.ui.diary_month;
    let mut years = String::new();
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
        let mut buttons = String::new();
        for m in group.iter().filter(|_| unfolded) {
            let current = open == Some(m.month);
            let id = m.month.id();
            let _ = write!(
                buttons,
                "<li><button type=\"button\" class=\"button quiet month{}\" id=\"month-{id}\" data-action=\"open-month\" data-arg=\"{id}\" aria-expanded=\"{current}\">{}</button></li>",
                if current { " current" } else { "" },
                w.ui_with(
                    c,
                    "diary_month_button",
                    &[
                        ("month", month_name(c, lang, m.month.month)),
                        ("n", &m.count.to_string())
                    ]
                )
            );
        }
        let _ = write!(
            years,
            "<li class=\"year\" data-year=\"{year}\"><button type=\"button\" class=\"button quiet year-button\" id=\"year-{year:04}\" data-action=\"open-year\" data-arg=\"{year}\" aria-expanded=\"{unfolded}\">{}</button>{}</li>",
            w.ui_with(
                c,
                "diary_year",
                &[("year", &year.to_string()), ("n", &total.to_string())]
            ),
            if unfolded {
                format!("<ul class=\"months\">{buttons}</ul>")
            } else {
                String::new()
            }
        );
        i = end;
    }
    format!(
        "<h2 id=\"diary-older\">{}</h2><p>{}</p><ul class=\"years\">{years}</ul>",
        w.ui(c, "diary_older_title"),
        w.ui(c, "diary_older_help")
    )
}

/// The heading of the older month listed, and a note when it has no entries left.
pub fn diary_month_head(c: &Content, s: &State, month: diary::Month, empty: bool) -> String {
    let w = words(s);
    let mut out = format!(
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
        let _ = write!(out, "<p>{}</p>", w.ui(c, "diary_month_empty"));
    }
    out
}

/// The button that closes the older month's list.
pub fn diary_month_end(c: &Content, s: &State) -> String {
    let w = words(s);
    nav(&[button(
        "secondary",
        "close-month",
        None,
        &w.ui(c, "diary_month_close"),
    )])
}
