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
use crate::drawings;
use crate::hooks::{self, Hook};
use crate::journey::{self, Focus, Notice, Screen, Speech, State};
use crate::markup;
use crate::markup::Markup;
use crate::view::{self, Words};

mod diary;
pub mod page;
pub use diary::*;

/// The element id a focus target names (the shell's focus effect finds it).
pub fn focus_id(f: &Focus) -> String {
    use hooks::{id, Field};
    match f {
        Focus::Heading => id::HEADING.into(),
        Focus::ErrorSummary => id::ERROR_SUMMARY.into(),
        Focus::Question(q) => id::question(q),
        Focus::DeleteQuestion => id::DELETE_QUESTION.into(),
        Focus::DeleteButton => id::DELETE_BUTTON.into(),
        Focus::EntryForm(e) => format!("{}-{}", id::form_prefix(Some(e)), Field::At.as_str()),
        Focus::EntryDeleteQuestion => id::ENTRY_DELETE_QUESTION.into(),
        Focus::Entry(e) => id::entry(e),
        Focus::DiaryEntries => id::DIARY_ENTRIES.into(),
        Focus::DiaryMonth => id::DIARY_MONTH.into(),
        Focus::MonthButton(m) => id::month_button(&m.id()),
        Focus::YearButton(y) => id::year_button(*y),
    }
}

/// The words of the state's language and emergency number.
pub fn words(s: &State) -> Words<'_> {
    Words::One(s.lang(), &s.ui.host.phone)
}

/// A button of the page: its look, its hook, an optional argument, its label (already HTML).
pub fn button(look: &str, hook: Hook, arg: Option<&str>, label: Markup) -> Markup {
    let arg = arg.map_or(Markup::default(), |a| markup!(" data-arg=\"{}\"", a));
    markup!("<button type=\"button\" class=\"button {look}\" data-action=\"{hook}\"{arg}>{label}</button>"; look = look, hook = hook, arg = arg, label = label)
}

pub(crate) fn nav(buttons: &[Markup]) -> Markup {
    markup!(
        "<div class=\"nav-buttons\">{}</div>",
        buttons.iter().cloned().collect::<Markup>()
    )
}

/// The top bar: the product's name, who presents it, language, larger text, the diary.
/// `station` and `logo` are the host's (validated; text and attribute only).
pub fn top_bar(c: &Content, s: &State, station: Option<&str>, logo: Option<&str>) -> Markup {
    let w = words(s);
    let mut presenter = Markup::default();
    if station.is_some() || logo.is_some() {
        presenter += markup!("<p class=\"presenter\">");
        if let Some(logo) = logo {
            presenter += markup!(
                "<img class=\"presenter-logo\" src=\"{}\" alt=\"{}\" referrerpolicy=\"no-referrer\">",
                logo,
                station.unwrap_or_default()
            );
        }
        if let Some(station) = station {
            presenter += markup!(
                "<span>{}</span>",
                w.ui_with(c, "presented_by", &[("station", station)])
            );
        }
        presenter += markup!("</p>");
    }
    let bar = TopBar {
        lang: Some(s.lang()),
        large: s.prefs.large_text,
        in_diary: s.journey.screen == Screen::Diary,
        presenter,
    };
    top_bar_with(c, w, &bar)
}

/// What the top bar shows: `lang` the language chosen (`None`: the
/// prerendered page, where `scripts/boot.js` chooses it).
pub struct TopBar {
    pub lang: Option<Lang>,
    pub large: bool,
    pub in_diary: bool,
    pub presenter: Markup,
}

/// The top bar, for the widget and the prerendered page (`bar.lang` `None`:
/// its language buttons are boot.js's, the diary waits for the widget).
pub fn top_bar_with(c: &Content, w: Words, bar: &TopBar) -> Markup {
    let pre = bar.lang.is_none();
    // Each language's button is named in that language.
    let lang_button = |l: Lang, name: &str| {
        let current = bar.lang == Some(l);
        let hook = if pre {
            Markup::default()
        } else {
            markup!(" data-action=\"{}\" data-arg=\"{}\"", Hook::Lang, l.tag())
        };
        markup!(
            "<button type=\"button\" class=\"chip{}\"{} data-lang=\"{tag}\" lang=\"{tag}\" aria-pressed=\"{}\">{}</button>",
            if current { " current" } else { "" },
            hook,
            current,
            name;
            tag = l.tag()
        )
    };
    let label = match w {
        Words::One(..) => w.ui(c, "language_label"),
        Words::Both(_) => Markup::text(&format!(
            "{} / {}",
            c.ui("language_label", Lang::Zh),
            c.ui("language_label", Lang::En)
        )),
    };
    markup!(
        "<div class=\"topbar no-print\"><div class=\"names\"><p class=\"app-name\">{}</p>{}</div>\
<div class=\"tools\"><div class=\"lang-switch\" role=\"group\" aria-label=\"{}\">{}{}</div>\
<button type=\"button\" class=\"chip{}\" aria-pressed=\"{}\" data-action=\"{}\">{}</button>\
<button type=\"button\" class=\"chip{}\"{} data-action=\"{}\">{}</button></div></div>",
        w.ui(c, "app_name"),
        bar.presenter,
        label,
        lang_button(Lang::Zh, c.ui("lang_zh", Lang::Zh)),
        lang_button(Lang::En, c.ui("lang_en", Lang::En)),
        if bar.large { " current" } else { "" },
        bar.large,
        Hook::LargerText,
        w.ui(c, "larger_text"),
        if bar.in_diary {
            " current"
        } else if pre {
            " needs-widget"
        } else {
            ""
        },
        if bar.in_diary {
            markup!(" aria-current=\"page\"")
        } else {
            Markup::default()
        },
        Hook::OpenDiary,
        w.ui(c, "diary_open"),
    )
}

/// The status messages (inside the page's one `role="status"` region).
pub fn notices(c: &Content, s: &State) -> Markup {
    let w = words(s);
    let item = |name: &str, text: Markup, hook: Hook| {
        markup!(
            "<div class=\"notice app-notice\" data-notice=\"{name}\"><p>{text}</p>{}</div>",
        button("quiet", hook, None, w.ui(c, "notice_dismiss"));
        name = name,
        text = text)
    };
    let mut out = Markup::default();
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
                    text = markup!("{text} {}", w.ui_with(c, "diary_imported_dropped", &args); text = text);
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
        out += &(item(name, text, Hook::DismissNotice));
    }
    if s.ui.updated {
        out += &(item("updated", w.ui(c, "updated_notice"), Hook::DismissUpdated));
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
pub fn footer(c: &Content, s: &State, cannot_save: bool) -> Markup {
    let w = words(s);
    let control = if s.ui.confirm_delete {
        markup!(
            "<div class=\"delete-confirm\" role=\"group\" aria-labelledby=\"delete-question\">\
<p id=\"delete-question\" class=\"delete-question\" tabindex=\"-1\">{}</p>{}</div>",
            w.ui(c, "delete_confirm_question"),
            nav(&[
                button(
                    "danger",
                    Hook::ConfirmDelete,
                    None,
                    w.ui(c, "delete_confirm_yes")
                ),
                button(
                    "quiet",
                    Hook::CancelDelete,
                    None,
                    w.ui(c, "delete_confirm_no")
                ),
            ])
        )
    } else {
        markup!(
            "<button type=\"button\" id=\"delete-answers\" class=\"button quiet\" data-action=\"{hook}\">{}</button>",
            w.ui(c, "delete_answers"); hook = Hook::DeleteAnswers)
    };
    let cannot = if cannot_save {
        markup!(
            "<p class=\"cannot-save\">{}</p>",
            w.ui(c, "storage_unavailable")
        )
    } else {
        Markup::default()
    };
    markup!(
        "<footer class=\"privacy no-print\"><p>{}</p>{cannot}{control}</footer>",
        w.ui(c, "privacy_footer");
        cannot = cannot,
        control = control)
}

/// The emergency advice raised at once (`role="alert"`), with the call link and a way to the result.
pub fn emergency_alert(c: &Content, s: &State) -> Markup {
    let w = words(s);
    let more = markup!(
        "<p class=\"alert-more\">{}</p>{}",
        w.ui(c, "emergency_alert_continue"),
        button(
            "secondary",
            Hook::Result,
            None,
            w.ui(c, "emergency_alert_result")
        )
    );
    emergency_alert_with(c, w, "emergency-alert", more)
}

/// The emergency alert's box (`class`), its words and call link, then `more`
/// (the widget's way to the result; the prerendered page has none).
pub fn emergency_alert_with(c: &Content, w: Words, class: &str, more: Markup) -> Markup {
    markup!(
        "<div class=\"{}\" role=\"alert\" data-alert=\"emergency\"><p class=\"alert-title\">{}</p><p>{}</p>{}{}</div>",
        class,
        w.ui(c, "emergency_alert_title"),
        w.ui(c, "emergency_alert_text"),
        view::call_link(c, w),
        more
    )
}

/// The amber same-day notice of an urgent alert rule.
pub fn same_day_notice(c: &Content, s: &State, rule: &crate::content::Rule) -> Markup {
    same_day_notice_with(c, words(s), "same-day-notice", rule)
}

/// The same-day notice's box (`class`), for the widget and the prerendered page.
pub fn same_day_notice_with(
    c: &Content,
    w: Words,
    class: &str,
    rule: &crate::content::Rule,
) -> Markup {
    markup!(
        "<div class=\"{}\" role=\"alert\" data-alert=\"same-day\" data-rule=\"{}\"><p class=\"alert-title\">{}</p>{}{}</div>",
        class,
        &rule.id,
        w.ui(c, "same_day_title"),
        rule.notice.as_ref().map(|t| markup!("<p>{}</p>", w.t(t))),
        view::call_link(c, w)
    )
}

/// On the screens after the one that raised it, while an emergency stands.
pub fn emergency_reminder(c: &Content, s: &State) -> Markup {
    let w = words(s);
    markup!(
        "<div class=\"emergency-reminder\" data-reminder=\"emergency\"><p>{}</p>{}{}</div>",
        w.ui(c, "emergency_reminder"),
        view::call_link(c, w),
        button(
            "secondary",
            Hook::Result,
            None,
            w.ui(c, "emergency_alert_result")
        )
    )
}

/// "Step 2 of 8" in words, with a bar (an SVG attribute, not a style: the CSP allows none).
pub fn progress(c: &Content, s: &State) -> Markup {
    match journey::progress(c, &s.journey.answers, s.journey.screen) {
        Some((n, total)) => progress_with(c, words(s), n, total),
        None => Markup::default(),
    }
}

/// Step `n` of `total`, for the widget and the prerendered page.
pub fn progress_with(c: &Content, w: Words, n: usize, total: usize) -> Markup {
    let pct = (n * 100).checked_div(total).unwrap_or(0);
    let (n, total) = (n.to_string(), total.to_string());
    markup!(
        "<div class=\"progress\" data-progress=\"{n}/{total}\"><p class=\"progress-text\">{}</p>\
    <svg class=\"progress-bar\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"progress-fill\" x=\"0\" y=\"0\" height=\"100%\" width=\"{}%\"></rect></svg></div>",
        w.ui_with(c, "progress", &[("n", &n), ("total", &total)]),
        pct;
        n = n,
        total = total
    )
}

/// "Read aloud" / "Stop reading", and what happened when there is no voice.
pub fn read_aloud(c: &Content, s: &State) -> Markup {
    let w = words(s);
    let speaking = s.ui.speech == Speech::Speaking;
    let none = if s.ui.speech == Speech::NoVoice {
        markup!(
            "<p class=\"read-aloud-none\" role=\"status\" data-speech=\"no-voice\">{}</p>",
            w.ui(c, "read_aloud_no_voice")
        )
    } else {
        Markup::default()
    };
    markup!(
        "<div class=\"read-aloud no-print\"><button type=\"button\" class=\"button quiet read-aloud-button\" data-action=\"{hook}\" aria-pressed=\"{speaking}\">{}<span>{}</span></button>{none}</div>",
        drawings::speaker_icon(),
        if speaking {
            w.ui(c, "read_aloud_stop")
        } else {
            w.ui(c, "read_aloud")
        };
        speaking = speaking,
        none = none, hook = Hook::ReadAloud)
}

/// The introduction.
pub fn intro(c: &Content, s: &State) -> Markup {
    let w = words(s);
    markup!(
        "<section class=\"screen intro\" data-step=\"intro\" aria-labelledby=\"screen-heading\">\
<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}{}</section>",
        w.ui(c, "intro_title"),
        view::intro_text(c, w),
        nav(&[button("primary", Hook::Start, None, w.ui(c, "start"))])
    )
}

/// A step's top: progress, heading, read aloud, its introduction, and on a
/// refused Next the linked list of what is missing.
pub fn step_head(c: &Content, s: &State, i: usize, missing: &[&str]) -> Markup {
    let w = words(s);
    let step = &c.steps[i];
    let mut out = markup!(
        "{}<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}",
        progress(c, s),
        w.t(&step.title),
        read_aloud(c, s)
    );
    if let Some(intro) = &step.intro {
        out += markup!("<p class=\"lead\">{}</p>", w.t(intro));
    }
    if !missing.is_empty() {
        let items: Markup = missing
            .iter()
            .filter_map(|id| {
                let q = c.question(id)?;
                let first = q.values().first().map(|v| markup!("in-{id}-{v}"; id = id, v = v))?;
                Some(markup!(
                    "<li><a href=\"#q-{id}\" data-action=\"{hook}\" data-arg=\"{first}\">{}</a></li>",
        w.t(&q.text);
        id = id,
        first = first, hook = Hook::Focus))
            })
            .collect();
        out += markup!(
            "<div class=\"error-summary\" id=\"error-summary\" tabindex=\"-1\"><p class=\"error-title\">{}</p><ul>{items}</ul></div>",
        w.ui(c, "error_summary_title");
        items = items);
    }
    out
}

/// What follows a question on its step: the note that the diary filled it in,
/// the emergency alert it raised, the same-day notice.
pub fn after_question(c: &Content, s: &State, q: &str) -> Markup {
    let w = words(s);
    let mut out = Markup::default();
    if s.journey.from_diary.iter().any(|x| x == q) {
        out += markup!(
            "<p class=\"from-diary\" data-from-diary=\"{}\">{}</p>",
            q,
            w.ui(c, "from_diary_note")
        );
    }
    if s.ui.alert_after.as_deref() == Some(q) {
        out += &(emergency_alert(c, s));
    }
    for (rule, after) in journey::amber_notices(c, &s.journey.answers) {
        if after == q {
            out += &(same_day_notice(c, s, rule));
        }
    }
    out
}

/// A step's buttons: Next (submits the step's form) and Back.
pub fn step_nav(c: &Content, s: &State) -> Markup {
    let w = words(s);
    markup!(
        "<div class=\"nav-buttons\"><button type=\"submit\" class=\"button primary\" data-action=\"{hook}\">{}</button>{}</div>",
        w.ui(c, "next"),
        button("secondary", Hook::Back, None, w.ui(c, "back")); hook = Hook::Next)
}

/// The review of the answers before the result, step by step, each with a way back to change it.
pub fn review(c: &Content, s: &State) -> Markup {
    let w = words(s);
    let answers = &s.journey.answers;
    let mut out = markup!(
        "<section class=\"screen review\" data-step=\"review\" aria-labelledby=\"screen-heading\">{}<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1><p class=\"lead\">{}</p>",
        progress(c, s),
        w.ui(c, "review_title"),
        w.ui(c, "review_intro")
    );
    let open = journey::unanswered_for_review(c, answers);
    if !open.is_empty() {
        let items: Markup = open
            .iter()
            .filter_map(|id| c.question(id))
            .map(|q| {
                markup!(
                    "<li><a href=\"#q-{id}\" data-action=\"{hook}\" data-arg=\"{id}\">{}</a></li>",
        w.t(&q.text);
        id = &q.id, hook = Hook::Answer)
            })
            .collect();
        out += markup!(
            "<section class=\"review-unanswered\" data-unanswered=\"{}\" aria-labelledby=\"review-unanswered\"><h2 id=\"review-unanswered\">{}</h2><p>{}</p><ul>{items}</ul></section>",
        open.len(),
        w.ui(c, "review_unanswered_title"),
        w.ui(c, "review_unanswered_intro");
        items = items);
    }
    for i in journey::shown_steps(c, answers) {
        let step = &c.steps[i];
        let id = &step.id;
        out += markup!(
            "<section class=\"review-step\" aria-labelledby=\"review-{id}\"><h2 id=\"review-{id}\">{}</h2>{}\
<button type=\"button\" class=\"button link-button\" data-action=\"{hook}\" data-arg=\"{id}\" data-edit-step=\"{id}\" aria-describedby=\"review-{id}\">{}</button></section>",
        w.t(&step.title),
        view::answer_list(c, w, step, answers),
        w.ui(c, "change_answers");
        id = id, hook = Hook::Edit);
    }
    out += &(nav(&[
        button("primary", Hook::Next, None, w.ui(c, "see_result")),
        button("secondary", Hook::Back, None, w.ui(c, "back")),
        button("quiet", Hook::Restart, None, w.ui(c, "restart")),
    ]));
    out += markup!("</section>");
    out
}

/// The result's first screen: the level banner (heading), what to do and by
/// when, the call link for urgent and emergency, where, read aloud.
pub fn result_first(c: &Content, s: &State, a: &crate::engine::Assessment) -> Markup {
    let w = words(s);
    let level = a.level;
    let text = c.level_text(level);
    let departments: Markup = a
        .departments
        .iter()
        .filter_map(|d| c.department(d))
        .map(|d| markup!("<li data-department=\"{}\">{}</li>", &d.id, w.t(&d.name)))
        .collect();
    let departments = if departments.is_empty() {
        Markup::default()
    } else {
        markup!(
            "<div class=\"where\"><h2 class=\"where-title\">{}</h2><ul class=\"departments\">{departments}</ul></div>",
        w.ui(c, "departments_title");
        departments = departments)
    };
    let call = if level >= Level::Urgent {
        view::call_link(c, w)
    } else {
        Markup::default()
    };
    markup!(
        "<div class=\"no-print result-first\"><div class=\"banner level-{id}\">{icon}<div>\
<h1 id=\"screen-heading\" class=\"banner-title\" tabindex=\"-1\">{}</h1><p class=\"banner-when\"><span class=\"label\">{}</span><strong>{}</strong></p></div></div>\
<p class=\"result-action\" data-part=\"what-to-do\">{}</p>{call}{departments}{}<p class=\"not-diagnosis\">{}</p></div>",
        text.map(|l| w.t(&l.title)).unwrap_or_default(),
        w.ui(c, "by_when"),
        text.map(|l| w.t(&l.by_when)).unwrap_or_default(),
        text.map(|l| w.t(&l.action)).unwrap_or_default(),
        read_aloud(c, s),
        w.ui(c, "not_diagnosis");
        id = level.id(),
        icon = drawings::level_icon(level),
        call = call,
        departments = departments)
}

/// A folded section of the result, opened for printing.
pub fn part(id: &str, title: Markup, body: Markup) -> Markup {
    markup!(
        "<details class=\"result-part\" data-part=\"{}\"><summary><h2 class=\"summary-heading\" id=\"part-{}\">{}</h2></summary><div class=\"part-body\">{}</div></details>",
        id,
        id,
        title,
        body
    )
}

/// The result's buttons.
pub fn result_nav(c: &Content, s: &State) -> Markup {
    let w = words(s);
    markup!(
        "<p class=\"not-diagnosis\">{}</p><div class=\"nav-buttons no-print\">{}{}{}</div>",
        w.ui(c, "not_diagnosis_end"),
        button("primary", Hook::Print, None, w.ui(c, "print")),
        button("secondary", Hook::Back, None, w.ui(c, "back_to_review")),
        button("quiet", Hook::Restart, None, w.ui(c, "restart"))
    )
}
