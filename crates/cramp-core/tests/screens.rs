//! Every screen rendered natively, as the shell shows it (`screens::page`),
//! with the prerendered page and the crash message:
//!
//! - text is shown literally: `<b>&"'` put into every kind of text (ui.toml,
//!   questions, options, reasons, levels, advice, a person's diary note, the
//!   host's station and emergency number) through the real loader is found
//!   escaped on every screen, and never as markup (issue 23);
//! - one vocabulary: every `data-action` is a `hooks::Hook` (and every hook is
//!   written by some screen), every diary form field a `hooks::Field` (and
//!   every field is written), every focus target's id is in the page that
//!   moves focus to it.

mod common;

use cramp_core::content::load::load_sources;
use cramp_core::content::{Content, Lang, Level};
use cramp_core::diary::{self, FormError};
use cramp_core::engine::Answers;
use cramp_core::hooks::{Field, Hook};
use cramp_core::journey::{self, Focus, Host, Notice, Screen, Speech, State};
use cramp_core::screens::{self, page};
use std::collections::BTreeSet;
use std::rc::Rc;

const MARK: &str = "<b>&\"'";
const SHOWN: &str = "&lt;b&gt;&amp;&quot;&#39;";
/// 2026-12-06 23:30 in China.
const NOW: journey::Now = (1_796_571_000_000, 480);

/// A state on `screen` with `answers`, in `lang`, the host's number `phone`.
fn state(lang: Lang, phone: &str, screen: Screen, answers: Answers) -> State {
    let mut s = State::new(Host {
        lang: Some(lang),
        browser_lang: lang,
        phone: phone.to_string(),
        skip_intro: false,
    });
    s.journey.screen = screen;
    s.journey.answers = answers;
    s.ui.now = NOW;
    s
}

/// One answer set at each level (the first rule of each fires), and none.
fn answers_at_each_level(c: &Content) -> Vec<Answers> {
    let mut out = vec![Answers::default()];
    for level in [Level::Emergency, Level::Urgent, Level::Soon] {
        let rule = c.rules.iter().find(|r| r.level == level);
        if let Some(r) = rule {
            out.push(common::answers_firing(c, &r.id));
        }
    }
    out
}

/// Diary entries: two recent ones (one with a note) and one a year ago.
fn entries(note: &str) -> Rc<Vec<diary::Entry>> {
    let day = 86_400_000;
    let mut recent = common::entry("a1", NOW.0 - 2 * day, 480);
    recent.activity = Some(note.to_string());
    let older = common::entry("a0", NOW.0 - 300 * day, 480);
    let last = common::entry("a2", NOW.0 - day, 480);
    Rc::new(vec![older, recent, last])
}

/// Every screen in every state that changes its markup, as (name, state).
fn states(c: &Content, phone: &str, note: &str) -> Vec<(String, State)> {
    let mut out = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let st = |screen, answers| state(lang, phone, screen, answers);
        let levels = answers_at_each_level(c);
        out.push((
            format!("{lang:?} intro"),
            st(Screen::Intro, Answers::default()),
        ));
        for (n, answers) in levels.iter().enumerate() {
            for i in 0..c.steps.len() {
                let mut s = st(Screen::Step(i), answers.clone());
                s.ui.show_missing = true;
                s.ui.alert_after = c.steps[0].questions.first().map(|q| q.id.to_string());
                s.ui.revealed = c.steps[i]
                    .questions
                    .iter()
                    .map(|q| q.id.to_string())
                    .collect();
                out.push((format!("{lang:?} step {i} answers {n}"), s));
            }
            let mut s = st(Screen::Review, answers.clone());
            s.ui.confirm_delete = true;
            out.push((format!("{lang:?} review {n}"), s));
            let mut s = st(Screen::Result, answers.clone());
            s.diary.entries = entries(note);
            s.journey.from_diary = c.questions().map(|q| q.id.to_string()).collect();
            out.push((format!("{lang:?} result {n}"), s));
        }
        let notices = [
            Notice::ProgressUnreadable,
            Notice::ProgressPartial,
            Notice::Deleted,
            Notice::DiaryUnreadable,
            Notice::DiaryPartial(2),
            Notice::Logged,
            Notice::Imported {
                added: 1,
                duplicates: 2,
                dropped: 3,
            },
            Notice::ImportRefused(cramp_core::codec::ErrorKind::TooLarge),
            Notice::ImportRefused(cramp_core::codec::ErrorKind::NotJson),
        ];
        for (n, notice) in notices.into_iter().enumerate() {
            let mut s = st(Screen::Intro, Answers::default());
            s.ui.notice = Some(notice);
            s.ui.updated = true;
            s.ui.speech = Speech::NoVoice;
            out.push((format!("{lang:?} notice {n}"), s));
        }
        // The diary: empty, with entries, one being edited with an error, one
        // being deleted, an older month open.
        out.push((
            format!("{lang:?} diary empty"),
            st(Screen::Diary, Answers::default()),
        ));
        let mut s = st(Screen::Diary, Answers::default());
        s.diary.entries = entries(note);
        s.ui.form_error = Some(FormError::Leg);
        s.prefs.large_text = true;
        out.push((format!("{lang:?} diary"), s.clone()));
        s.ui.editing = Some("a1".into());
        s.ui.form_error = Some(FormError::Future);
        out.push((format!("{lang:?} diary editing"), s.clone()));
        s.ui.editing = None;
        s.ui.confirm_entry_delete = Some("a1".into());
        s.ui.form_error = Some(FormError::Time);
        let month = diary::Month::from_id(
            &diary::older_months(&s.diary.entries, diary::recent_from(NOW.0, NOW.1))[0]
                .month
                .id(),
        );
        s.ui.diary_month = month;
        s.ui.diary_year = month.map(|m| m.year);
        out.push((format!("{lang:?} diary month"), s.clone()));
        s.ui.confirm_entry_delete = None;
        s.ui.editing = Some("a0".into());
        out.push((format!("{lang:?} diary month editing"), s));
    }
    out
}

/// A screen as the shell shows it, written out.
fn render(c: &Content, s: &State, station: Option<&str>) -> String {
    let context = page::Context {
        station,
        logo: station.map(|_| "https://example.org/logo.png"),
        cannot_save: true,
        now: NOW,
        today: "2026-12-06",
        branded: false,
    };
    page::page(c, s, &context)
        .iter()
        .map(|n| n.to_markup().into_string())
        .collect()
}

/// `text` (TOML) with `MARK` at the start of every non-empty `zh = "…"` and `en = "…"`.
fn mark_texts(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = ["zh = \"", "en = \""]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, p.len())))
            .min();
        let Some((i, len)) = next else { break };
        let at = i + len;
        let word = i == 0 || !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if word && !rest[at..].starts_with('"') {
            out.push_str("<b>&\\\"'");
        }
        rest = &rest[at..];
    }
    out.push_str(rest);
    out
}

/// The real question files with `MARK` at the start of every text in both languages.
fn marked_content() -> Content {
    common::at_root();
    let files: Vec<(String, String)> = common::real_files()
        .into_iter()
        .map(|(path, text)| (path, mark_texts(&text)))
        .collect();
    load_sources(&files).unwrap_or_else(|e| panic!("{}", common::shown(&e)))
}

#[test]
fn every_text_is_shown_literally_on_every_screen() {
    let c = &marked_content();
    // Every kind of text did get the mark: ui, question, option, reason, level.
    assert!(c.ui("app_name", Lang::Zh).starts_with(MARK));
    assert!(c.ui("call_button", Lang::En).starts_with(MARK));
    let q = c.steps[0].questions.first().unwrap();
    assert!(q.text.zh.starts_with(MARK) && q.text.en.starts_with(MARK));
    assert!(c
        .questions()
        .any(|q| q.options.iter().any(|o| o.label.en.starts_with(MARK))));
    assert!(c.rules.iter().all(|r| r.reason.zh.starts_with(MARK)));
    let check = |name: &str, html: &str| {
        assert!(html.contains(SHOWN), "{name}: the text is not shown");
        // No markup was passed as text: every escaped `<` is the mark's.
        assert_eq!(
            html.matches("&lt;").count(),
            html.matches(SHOWN).count(),
            "{name}: markup escaped as text"
        );
        // Text escaped twice, or markup passed as text (an attribute written as `=&quot;`).
        for raw in ["<b>", "<b ", "&\"'", "&amp;lt;", "&amp;amp;", "=&quot;"] {
            assert!(
                !html.contains(raw),
                "{name}: {raw:?} in the markup: {}",
                &html[html.find(raw).unwrap().saturating_sub(200)..]
                    [..300.min(html.len() - html.find(raw).unwrap().saturating_sub(200))]
            );
        }
    };
    let mut levels = BTreeSet::new();
    for (name, s) in states(c, MARK, MARK) {
        let html = render(c, &s, Some(MARK));
        check(&name, &html);
        if s.journey.screen == Screen::Result {
            levels.insert(s.assessment(c).level);
            // The person's diary note, the station and the number are shown too.
        }
        assert!(
            html.matches(SHOWN).count() >= 3,
            "{name}: the station and the texts"
        );
        assert!(
            html.matches("href=\"tel:").count()
                == html.matches(&format!("href=\"tel:{SHOWN}\"")).count(),
            "{name}: the host's number"
        );
        // What is read aloud is plain text, with the number as it is.
        let spoken = journey::script::read_aloud(c, &s);
        assert!(!spoken.contains("&lt;"), "{name}: {spoken}");
    }
    assert_eq!(levels.len(), 4, "every level's result: {levels:?}");
    let diary = states(c, "120", MARK)
        .into_iter()
        .find(|(n, _)| n.ends_with("diary"))
        .unwrap()
        .1;
    let html = render(c, &diary, None);
    assert!(
        html.contains(&format!("<p class=\"entry-activity\">{SHOWN}</p>")),
        "the person's note"
    );
    check(
        "prerendered",
        &cramp_core::prerender::first_screens(c, MARK),
    );
    check("crash", &cramp_core::prerender::crash_template(c));
}

/// `(attribute, value)` of every `attr="…"` in `html`.
fn attributes<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn every_hook_focus_target_and_field_is_of_the_one_vocabulary() {
    common::at_root();
    let c = cramp_core::content::embedded();
    let mut hooks = BTreeSet::new();
    let mut fields = BTreeSet::new();
    let mut pages = Vec::new();
    for (name, s) in states(c, "120", "walked") {
        pages.push((name, render(c, &s, Some("Radio")), s));
    }
    let mut extra = vec![
        cramp_core::prerender::first_screens(c, "120").into_string(),
        cramp_core::prerender::crash_template(c).into_string(),
    ];
    // The Questionnaire's download and the import are in the diary's handoff.
    extra.extend(pages.iter().map(|(_, h, _)| h.clone()));
    for html in &extra {
        for a in attributes(html, "data-action") {
            let hook = Hook::parse(a).unwrap_or_else(|| panic!("data-action {a:?} is no Hook"));
            assert_eq!(hook.as_str(), a);
            hooks.insert(a.to_string());
        }
        // Inside a diary form, every field's name is a Field.
        for form in html.split("<form class=\"entry-form\"").skip(1) {
            let form = &form[..form.find("</form>").unwrap()];
            for n in attributes(form, "name") {
                let f = Field::parse(n).unwrap_or_else(|| panic!("field {n:?} is no Field"));
                fields.insert(f.as_str());
            }
        }
    }
    for (name, html, s) in &pages {
        // Every action a control names is one the reducer knows (or one the browser does).
        for a in attributes(html, "data-action") {
            let hook = Hook::parse(a).unwrap();
            let arg = html
                .split(&format!("data-action=\"{a}\""))
                .nth(1)
                .and_then(|r| r.split('>').next())
                .and_then(|t| attributes(t, "data-arg").first().copied());
            let action = journey::Action::from_hook(c, a, arg, NOW, "test");
            assert!(
                action.is_some()
                    || hook.is_native()
                    || matches!(hook, Hook::Focus | Hook::SaveEntry | Hook::LogCramp),
                "{name}: {a:?} ({arg:?}) is no action"
            );
        }
        // Focus goes to an element of the page.
        let mut targets = vec![Focus::Heading];
        match s.journey.screen {
            Screen::Step(i) => {
                targets.extend(
                    c.steps[i]
                        .questions
                        .iter()
                        .map(|q| Focus::Question(q.id.to_string())),
                );
                targets.push(Focus::ErrorSummary);
            }
            Screen::Diary if !s.diary.entries.is_empty() => {
                targets.push(Focus::DiaryEntries);
                if let Some(e) = &s.ui.editing {
                    targets.push(Focus::EntryForm(e.clone()));
                } else if s.ui.confirm_entry_delete.is_some() {
                    targets.push(Focus::EntryDeleteQuestion);
                    targets.push(Focus::DiaryMonth);
                    targets.push(Focus::MonthButton(s.ui.diary_month.unwrap()));
                } else {
                    targets.push(Focus::Entry("a1".into()));
                }
            }
            Screen::Review => targets.push(Focus::DeleteQuestion),
            _ => {}
        }
        if !s.ui.confirm_delete {
            targets.push(Focus::DeleteButton);
        }
        for f in targets {
            if f == Focus::ErrorSummary && !html.contains("error-summary") {
                continue;
            }
            let id = screens::focus_id(&f);
            assert!(
                html.contains(&format!(" id=\"{id}\"")),
                "{name}: focus target {f:?} (#{id}) is not in the page"
            );
        }
    }
    let all: BTreeSet<String> = Hook::ALL.iter().map(|h| h.as_str().to_string()).collect();
    let unused: Vec<_> = all.difference(&hooks).collect();
    assert!(unused.is_empty(), "hooks no screen writes: {unused:?}");
    let all_fields: BTreeSet<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(fields, all_fields, "the diary forms' fields");
}

/// Every `.rs` file under `dir`, as (path, text).
fn sources(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(sources(&p.display().to_string()));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn markup_is_made_only_by_its_escaping_constructors() {
    common::at_root();
    let mut files = sources("crates/cramp-core/src");
    files.extend(sources("src"));
    let mut found = Vec::new();
    for (path, text) in &files {
        for (n, line) in text.lines().enumerate() {
            let at = format!("{path}:{}", n + 1);
            // The macro's own constructor, used by the macro only.
            if line.contains("from_template(") && !path.ends_with("src/markup.rs") {
                found.push(format!("{at}: Markup::from_template outside markup!"));
            }
            // The opt-out, for the drawings' markup written in the source.
            if line.contains("trusted_static")
                && !path.ends_with("src/markup.rs")
                && !path.ends_with("src/drawings.rs")
            {
                found.push(format!("{at}: trusted_static outside the drawings"));
            }
            // Yew's unchecked insertion, only in the shell's raw(&Markup).
            if line.contains("from_html_unchecked") && !path.ends_with("src/app/mod.rs") {
                found.push(format!("{at}: from_html_unchecked outside raw()"));
            }
        }
    }
    let shell = std::fs::read_to_string("src/app/mod.rs").unwrap();
    assert_eq!(shell.matches("from_html_unchecked").count(), 1);
    assert!(shell.contains("fn raw(markup: &Markup) -> Html"));
    assert!(found.is_empty(), "{found:#?}");
}
