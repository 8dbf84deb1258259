//! The core's HTML (`view`, `prerender`): escaped, in the right language(s),
//! the same markup for the widget and the prerendered page, and carrying the
//! stable hooks the browser tests and hosts rely on.

mod common;

use common::j;
use cramp_core::content::{embedded, Content, Lang, Level};
use cramp_core::diary::{summarize, Duration, Entry, Leg};
use cramp_core::engine::{evaluate, parse_answers, Answers};
use cramp_core::prerender::first_screens;
use cramp_core::view::{self, Words};
use serde_json::json;

fn c() -> &'static Content {
    embedded()
}

fn answers(v: serde_json::Value) -> Answers {
    let (a, ignored) = parse_answers(c(), &j(&v));
    assert!(ignored.is_empty(), "{ignored:?}");
    a
}

/// No tag of the text is left open or closed twice (a cheap well-formedness check).
fn balanced(html: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let voids = ["input", "br", "img", "meta", "link", "hr"];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if voids.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if closing {
            if stack.pop().as_deref() != Some(name.as_str()) {
                return false;
            }
        } else {
            stack.push(name);
        }
    }
    stack.is_empty()
}

#[test]
fn every_question_has_its_hooks_and_one_input_per_answer() {
    for q in c().questions() {
        for lang in Lang::ALL {
            let html = view::question(c(), Words::One(lang, "120"), q, false);
            assert!(balanced(&html), "{}: {html}", q.id);
            assert!(html.contains(&format!("data-question=\"{}\"", q.id)));
            for v in q.values() {
                assert_eq!(
                    html.matches(&format!("value=\"{v}\"")).count(),
                    1,
                    "{} {v}",
                    q.id
                );
                assert!(
                    html.contains(&format!("for=\"in-{}-{v}\"", q.id)),
                    "labelled"
                );
            }
            assert!(
                !html.contains("checked"),
                "state is set by the widget, never in the markup"
            );
            assert!(
                html.contains(&*q.text.get(lang).replace('"', "&quot;").replace('<', "&lt;"))
                    || html.contains(q.text.get(lang))
            );
        }
        let missing = view::question(c(), Words::One(Lang::En, "120"), q, true);
        assert!(missing.contains("class=\"question missing\""));
        assert!(missing.contains(&format!(
            "aria-describedby=\"{}err-{}\"",
            if q.help.is_some() {
                format!("help-{} ", q.id)
            } else {
                String::new()
            },
            q.id
        )));
    }
}

#[test]
fn text_from_the_files_and_from_people_is_escaped() {
    let mut content = c().clone();
    let hostile = "<script>alert(\"x\")</script> & <b>";
    {
        let q = &mut content.steps.to_mut()[1].questions.to_mut()[0];
        q.text.en = hostile.to_string().into();
        q.text.zh = hostile.to_string().into();
    }
    let q = &content.steps[1].questions[0];
    for w in [Words::One(Lang::En, "120"), Words::Both("120")] {
        let html = view::question(&content, w, q, false);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"));
    }
    // The host's emergency number never becomes markup either (a person's diary
    // note: tests/screens.rs, which renders every screen).
    let html = view::intro_text(c(), Words::One(Lang::Zh, "120\"><b>"));
    assert!(
        !html.contains("\"><b>"),
        "the phone number is escaped: {html}"
    );
}

#[test]
fn one_language_or_both() {
    let one = view::intro_text(c(), Words::One(Lang::En, "120"));
    assert!(!one.contains("lang=\"zh-CN\""));
    assert!(one.contains(c().ui("intro_what", Lang::En)));
    let both = view::intro_text(c(), Words::Both("120"));
    assert!(both.contains(&format!(
        "<span class=\"l\" lang=\"zh-CN\">{}</span>",
        c().ui("intro_what", Lang::Zh)
    )));
    assert!(both.contains(&format!(
        "<span class=\"l\" lang=\"en\">{}</span>",
        c().ui("intro_what", Lang::En)
    )));
    assert!(one.contains("href=\"tel:120\""));
}

#[test]
fn the_prerendered_page_is_the_widgets_markup_in_both_languages() {
    let page = first_screens(c(), "120");
    assert!(balanced(&page), "well formed");
    assert!(page.contains("id=\"cc-intro\"") && page.contains("id=\"cc-emergency\""));
    assert!(
        page.contains("href=\"#cc-emergency\" data-action=\"start\""),
        "Start works without scripts"
    );
    // The very same markup as the widget's, for the intro text and every
    // emergency question's heading; its answers and the advice after each
    // emergency sign are checked as a tree in tests/prerender.rs.
    assert!(page.contains(view::intro_text(c(), Words::Both("120")).as_str()));
    for q in c().steps[0].questions.iter() {
        let own = view::question(c(), Words::Both("120"), q, false);
        let head = own
            .split("<div class=\"options\">")
            .next()
            .expect("the head");
        assert!(
            page.contains(&format!("{head}<div class=\"options pre-options\">")),
            "{}",
            q.id
        );
    }
    assert!(page.contains("data-fallback"));
    assert!(!page.contains("<script") && !page.contains(" style="));
    // No inline event handler (` onclick=` and the like) anywhere.
    let handler = page.match_indices(" on").any(|(i, _)| {
        let rest = &page[i + 3..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    });
    assert!(!handler, "an inline event handler");
}

#[test]
fn the_result_sections_name_their_hooks_and_fold_nothing_reassuring_into_urgent_advice() {
    let a = answers(
        json!({"duration": "over_10_min_not_easing", "location": ["calf"], "timing": ["night_in_bed"], "eased_by_stretching": true, "medicines": ["statin"]}),
    );
    let assessment = evaluate(c(), &a);
    assert_eq!(assessment.level, Level::Urgent);
    let w = Words::One(Lang::En, "120");
    let visible = a.visible(c());
    let why = view::reasons(c(), w, &visible, &assessment, &[]);
    for r in &assessment.reasons {
        assert!(why.contains(&format!("data-reason=\"{}\"", r.rule)));
    }
    assert!(!why.contains("data-reason=\"typical_nlc\""));
    let patterns = view::patterns(c(), w, &assessment);
    for p in &assessment.patterns {
        assert!(patterns.contains(&format!("data-pattern=\"{p}\"")));
    }
    let tell = view::tell_doctor(c(), w, &visible, &assessment);
    assert!(tell.contains(
        c().questions()
            .find(|q| q.id == "medicines")
            .unwrap()
            .option("statin")
            .unwrap()
            .label
            .en
            .as_ref()
    ));
    for html in [
        why,
        patterns,
        tell,
        view::self_care(c(), w, &visible),
        view::safety_net(c(), w),
    ] {
        assert!(balanced(&html), "{html}");
    }
}

#[test]
fn for_people_65_and_over_the_seated_stretch_comes_first() {
    let w = Words::One(Lang::En, "120");
    let older = view::self_care(c(), w, &answers(json!({"age_band": "65_plus"})));
    let younger = view::self_care(c(), w, &answers(json!({"age_band": "50_to_64"})));
    let first = |html: &str| {
        html.split("data-stretch=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let seated = c()
        .stretches
        .iter()
        .find(|s| !s.first_if.is_empty())
        .expect("a stretch shown first for some")
        .id
        .to_string();
    assert_eq!(first(&older), seated);
    assert_ne!(first(&younger), seated);
}

#[test]
fn the_summary_and_the_chart_carry_the_diary() {
    let e = |id: &str, day: i64| Entry {
        id: id.into(),
        at_ms: 1_795_000_000_000 - day * 86_400_000,
        offset_min: 480,
        leg: Leg::Left,
        duration: Duration::Seconds,
        severity: 4,
        woke: true,
        numb_after: false,
        activity: Some("<i>walking</i>".into()),
    };
    // In diary order, oldest first, as the journey keeps them.
    let entries: Vec<Entry> = (0..6).rev().map(|d| e(&format!("x{d}"), d)).collect();
    let s = summarize(&entries, 1_795_000_000_000, 480);
    let w = Words::One(Lang::Zh, "120");
    let chart = view::weekly_chart(c(), w, &s);
    assert!(balanced(&chart));
    assert!(chart.contains("data-table=\"weeks\"") && chart.contains("role=\"img\""));
    assert_eq!(chart.matches("<tr").count(), s.weeks.len() + 1);
    let a = answers(json!({"ces_bowel": "no"}));
    let summary = view::summary(c(), w, &a, &evaluate(c(), &a), "2026年11月18日", Some(&s));
    assert!(balanced(&summary));
    assert!(summary.contains("data-summary=\"doctor\""));
    assert!(summary.contains("2026年11月18日"));
    assert!(summary.contains("data-table=\"weeks\""));
    assert!(!summary.contains("<i>"), "free text never becomes markup");
}

#[test]
fn each_test_to_ask_cites_its_seeds_on_the_screen_and_the_printed_summary() {
    use cramp_core::engine::Assessment;
    for lang in [Lang::Zh, Lang::En] {
        let w = Words::One(lang, "120");
        for t in c().tests_to_ask.iter() {
            assert!(!t.cites.is_empty(), "{} cites no seed", t.id);
            let a = Assessment {
                level: Level::Soon,
                patterns: vec![t.patterns[0].to_string()],
                departments: vec![],
                reasons: vec![],
            };
            let seeds = t.cites.iter().map(|s| &**s).collect::<Vec<_>>().join(", ");
            let cite = c().ui("tests_to_ask_cite", lang).replace("{seeds}", &seeds);
            let shown = view::tell_doctor(c(), w, &Answers::default(), &a);
            let printed = view::summary(c(), w, &Answers::default(), &a, "1 Dec 2026", None);
            for (where_, html) in [("screen", &shown), ("summary", &printed)] {
                // As the markup holds it: escaped (an apostrophe becomes `&#39;`).
                let text = &cramp_core::markup::escape(t.text.get(lang));
                let at = html
                    .find(text.as_str())
                    .unwrap_or_else(|| panic!("{lang:?} {where_}: {} not shown", t.id));
                assert!(
                    html[at + text.len()..]
                        .trim_start()
                        .starts_with(&format!("<span class=\"cite\">{cite}</span>")),
                    "{lang:?} {where_}: {} is not followed by {cite}",
                    t.id
                );
            }
        }
    }
}

/// A result section's title is text, whatever ui.toml holds: `<b>&"'` in it is
/// shown literally, never as markup (issue 23: the shell passed ui texts here
/// unescaped).
#[test]
fn a_result_sections_title_is_escaped() {
    let html = cramp_core::screens::part(
        "why",
        cramp_core::markup::Markup::text("<b>&\"'"),
        cramp_core::markup::Markup::trusted_static("<p>body</p>"),
    );
    assert!(
        html.contains(">&lt;b&gt;&amp;&quot;&#39;</h2>"),
        "the title is not escaped: {html}"
    );
    assert!(!html.contains("<b>"), "{html}");
    assert!(
        html.contains("<p>body</p>"),
        "the body is markup already: {html}"
    );
}
