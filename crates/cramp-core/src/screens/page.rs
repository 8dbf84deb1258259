//! The whole page as the shell shows it: its parts in order, each a
//! [`Node`] (markup, or an element the shell makes so that Yew keeps its
//! nodes by their key: a step's form and its questions, the diary's forms and
//! entries). Every layout and every rule of what is shown is here, natively
//! tested as strings (`Node::to_markup`); the shell maps the nodes to Yew's
//! and performs effects, nothing else.

use super::*;
use crate::content::Level;
use crate::diary;
use crate::journey::Now;
use crate::markup::Node;

/// What the page needs beyond the state: the host's presenter, whether this
/// browser can keep anything, the clock and today's date as the browser writes it.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub station: Option<&'a str>,
    pub logo: Option<&'a str>,
    pub cannot_save: bool,
    pub now: Now,
    pub today: &'a str,
    pub branded: bool,
}

/// The classes of the widget's root element.
pub fn root_class(s: &State, x: &Context) -> String {
    let mut class = String::from("cc-app");
    if s.prefs.large_text {
        class.push_str(" large-text");
    }
    if x.branded {
        class.push_str(" branded");
    }
    class
}

/// Whether the emergency reminder shows: on the screens after the emergency
/// step while an emergency stands, unless this step shows the alert itself.
pub fn shows_reminder(c: &Content, s: &State) -> bool {
    let here = |q: &str| matches!(s.journey.screen, Screen::Step(i) if c.steps[i].questions.iter().any(|x| x.id == q));
    journey::emergency_given(c, &s.journey.answers)
        && matches!(s.journey.screen, Screen::Step(1..) | Screen::Review)
        && !s.ui.alert_after.as_deref().is_some_and(here)
}

/// The page inside the widget's root: top bar, announcement, notices, the
/// reminder, the screen, the footer.
pub fn page(c: &Content, s: &State, x: &Context) -> Vec<Node> {
    let mut out = vec![
        Node::Html(top_bar(c, s, x.station, x.logo)),
        Node::el(
            "p",
            &[
                ("class", "visually-hidden"),
                ("aria-live", "polite"),
                ("aria-atomic", "true"),
            ],
            vec![Node::Text(announcement(c, s))],
        ),
        Node::el(
            "div",
            &[("class", "notices no-print"), ("role", "status")],
            vec![Node::Html(notices(c, s))],
        ),
    ];
    if shows_reminder(c, s) {
        out.push(Node::Html(emergency_reminder(c, s)));
    }
    out.push(screen(c, s, x));
    out.push(Node::Html(footer(c, s, x.cannot_save)));
    out
}

/// The current screen.
pub fn screen(c: &Content, s: &State, x: &Context) -> Node {
    match s.journey.screen {
        Screen::Intro => Node::Html(intro(c, s)),
        Screen::Step(i) => step(c, s, i),
        Screen::Review => Node::Html(review(c, s)),
        Screen::Result => result(c, s, x),
        Screen::Diary => diary(c, s, x),
    }
}

/// A questionnaire step: every question always in the page, those that do not
/// apply `hidden`; their markup is the same as the prerendered page's and
/// never changes while a person answers (the shell sets the inputs).
pub fn step(c: &Content, s: &State, i: usize) -> Node {
    let step = &c.steps[i];
    let w = words(s);
    let missing = if s.ui.show_missing {
        journey::missing_on_step(c, &s.journey.answers, i)
    } else {
        Vec::new()
    };
    let shown = s.journey.answers.shown(c);
    let questions = step
        .questions
        .iter()
        .map(|q| {
            let mut attrs = vec![("class", "q-block")];
            if !shown.contains(&&*q.id) {
                attrs.push(("hidden", ""));
            }
            Node::el(
                "div",
                &attrs,
                vec![
                    Node::Html(view::question(c, w, q, missing.contains(&&*q.id))),
                    Node::Html(after_question(c, s, &q.id)),
                ],
            )
            .keyed(&*q.id)
        })
        .collect();
    // A new step is a new form: the key stops Yew reusing the last one's inputs.
    Node::el(
        "section",
        &[
            ("class", "screen step"),
            ("data-step", &step.id),
            ("aria-labelledby", hooks::id::HEADING),
        ],
        vec![
            Node::Html(step_head(c, s, i, &missing)),
            Node::el(
                "form",
                &[("class", "step-form"), ("novalidate", "")],
                vec![Node::List(questions), Node::Html(step_nav(c, s))],
            ),
        ],
    )
    .keyed(&*step.id)
}

/// The title of the self-care section: "later" when the level sends a person
/// to a doctor first.
pub fn self_care_title(level: Level) -> &'static str {
    if level >= Level::Urgent {
        view::ui_key("self_care_later")
    } else {
        view::ui_key("self_care_title")
    }
}

/// The result: its first screen, the folded sections, "get help at once if…",
/// and the printed summary for the doctor.
pub fn result(c: &Content, s: &State, x: &Context) -> Node {
    let w = words(s);
    let a = s.assessment(c);
    let visible = s.journey.answers.visible(c);
    // Through the diary's state, which counts the years still on the shelf too.
    let diary = (!s.diary.is_empty()).then(|| s.diary.summarize(x.now.0, x.now.1));
    let section = |id: &str, title: &str, body: Markup| part(id, w.ui(c, title), body);
    Node::el(
        "section",
        &[
            ("class", "screen result"),
            ("data-step", "result"),
            ("data-level", a.level.id()),
            ("aria-labelledby", hooks::id::HEADING),
        ],
        vec![
            Node::Html(result_first(c, s, &a)),
            Node::Html(markup!(
                "<div class=\"no-print\">{}{}</div>",
                section(
                    "why",
                    view::ui_key("reasons_title"),
                    view::reasons(c, w, &visible, &a, &s.journey.from_diary)
                ),
                section(
                    "patterns",
                    view::ui_key("patterns_title"),
                    view::patterns(c, w, &a)
                )
            )),
            Node::Html(section(
                "tell-doctor",
                view::ui_key("tell_doctor_title"),
                view::tell_doctor(c, w, &visible, &a),
            )),
            Node::Html(section(
                "self-care",
                self_care_title(a.level),
                view::self_care(c, w, &visible),
            )),
            Node::Html(view::safety_net(c, w)),
            Node::Html(result_nav(c, s)),
            Node::Html(view::summary(
                c,
                w,
                &s.journey.answers,
                &a,
                x.today,
                diary.as_ref(),
            )),
        ],
    )
}

/// The diary: log a cramp, the weekly chart and table, the entries of the
/// last 12 weeks with edit and delete, older entries by month (a month's list
/// on demand), and the handoff (export, FHIR, import). Which entries and months
/// are shown is `diary`'s (`recent`, `older_months`, `month_entries`: binary
/// searches, so the view costs the same with years of entries). The forms are
/// the page's own until sent, then read as a whole (`hooks::read_form`).
pub fn diary(c: &Content, s: &State, x: &Context) -> Node {
    let w = words(s);
    let (ms, off) = x.now;
    let all = &s.diary.entries;
    let summary = s.diary.summarize(ms, off);
    let from = diary::recent_from(ms, off);
    let recent = diary::recent(all, from);
    let months = s.diary.older_months(from);
    let month = s.ui.diary_month;
    let month_list = month.map(|m| diary::month_entries(all, m, from));
    let editing = s.ui.editing.as_deref();
    let item = |e: &diary::Entry| {
        if editing == Some(&*e.id) {
            Node::el(
                "li",
                &[("class", "entry editing")],
                vec![Node::el(
                    "form",
                    &[
                        ("class", "entry-form"),
                        ("data-form", "edit"),
                        ("novalidate", ""),
                    ],
                    vec![
                        Node::Html(entry_fields(c, s, Some(e))),
                        Node::Html(entry_form_end(c, s, true, s.ui.form_error)),
                    ],
                )
                .keyed(format!("edit-{}", s.ui.form_gen))],
            )
            .keyed(&*e.id)
        } else {
            Node::el(
                "li",
                &[
                    ("id", &hooks::id::entry(&e.id)),
                    ("tabindex", "-1"),
                    ("class", "entry"),
                    ("data-entry", &e.id),
                ],
                vec![Node::Html(entry_item(c, s, e))],
            )
            .keyed(&*e.id)
        }
    };
    let list = |kind: &str, entries: &[&diary::Entry]| {
        Node::el(
            "ol",
            &[("class", "entries"), ("data-list", kind)],
            vec![Node::List(entries.iter().rev().map(|e| item(e)).collect())],
        )
    };
    // An error belongs to the form being sent: the edit form while one is open.
    let log_end = entry_form_end(c, s, false, s.ui.form_error.filter(|_| editing.is_none()));
    let mut entries = vec![Node::Html(markup!(
        "<h2 id=\"{}\" tabindex=\"-1\">{}</h2>",
        hooks::id::DIARY_ENTRIES,
        w.ui(c, "diary_entries_title")
    ))];
    if s.diary.is_empty() {
        entries.push(Node::Html(markup!("<p>{}</p>", w.ui(c, "diary_empty"))));
    } else {
        entries.push(Node::Html(diary_recent_note(
            c,
            s,
            recent.is_empty(),
            !months.is_empty(),
        )));
        if !recent.is_empty() {
            entries.push(list("recent", &recent));
        }
    }
    let mut children = vec![
        Node::Html(diary_head(c, s)),
        Node::el(
            "section",
            &[("class", "diary-part"), ("aria-labelledby", "diary-log")],
            vec![
                Node::Html(markup!(
                    "<h2 id=\"diary-log\">{}</h2>",
                    w.ui(c, "diary_log_title")
                )),
                Node::el(
                    "form",
                    &[
                        ("class", "entry-form"),
                        ("data-form", "log"),
                        ("novalidate", ""),
                    ],
                    vec![Node::Html(entry_fields(c, s, None)), Node::Html(log_end)],
                )
                .keyed(format!("log-{}", s.ui.form_gen)),
            ],
        ),
        Node::Html(diary_weeks(c, s, &summary)),
        Node::el(
            "section",
            &[
                ("class", "diary-part"),
                ("aria-labelledby", hooks::id::DIARY_ENTRIES),
            ],
            entries,
        ),
    ];
    if !months.is_empty() || month.is_some() {
        let mut older = vec![Node::Html(diary_months(c, s, &months))];
        if let (Some(m), Some(list_of)) = (month, month_list.as_ref()) {
            let mut inner = vec![Node::Html(diary_month_head(c, s, m, list_of.is_empty()))];
            if !list_of.is_empty() {
                inner.push(list("month", list_of));
            }
            inner.push(Node::Html(diary_month_end(c, s)));
            older.push(Node::el("div", &[("class", "month-entries")], inner).keyed(m.id()));
        }
        children.push(Node::el(
            "section",
            &[
                ("class", "diary-part diary-older"),
                ("aria-labelledby", "diary-older"),
            ],
            older,
        ));
    }
    children.push(Node::Html(diary_handoff(c, s)));
    Node::el(
        "section",
        &[
            ("class", "screen diary"),
            ("data-step", "diary"),
            ("aria-labelledby", hooks::id::HEADING),
        ],
        children,
    )
}
