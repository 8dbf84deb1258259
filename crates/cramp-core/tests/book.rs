//! The content book: every step, question, option, help text, rule and pattern of
//! `questions/` is in it, in both languages and escaped; the emergency rules come first.

mod common;

use cramp_core::book::content_book;
use cramp_core::content::load::load_dir;
use cramp_core::content::{Content, Level, Text};
use cramp_core::engine::rule_answers;
use cramp_core::markup::escape as esc;
use std::path::Path;

fn loaded() -> Content {
    common::at_root();
    load_dir(Path::new("questions")).unwrap_or_else(|errors| panic!("{}", common::shown(&errors)))
}

/// The part of `html` from the element marked `marker` to the end of that card or table.
fn part<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("the book has no {marker}"));
    let len = html[start..]
        .find(end)
        .unwrap_or_else(|| panic!("{marker} has no {end}"));
    &html[start..start + len]
}

/// Both languages of `t`, each escaped, inside an element in its own language.
fn assert_both(html: &str, t: &Text, what: &str) {
    for (lang, s) in [("zh-CN", &t.zh), ("en", &t.en)] {
        let tagged = format!("lang=\"{lang}\">{}<", esc(s));
        assert!(html.contains(&tagged), "{what}: no {lang} text {s:?}");
    }
}

#[test]
fn every_step_question_option_and_help_text_is_in_the_book_in_both_languages() {
    let content = loaded();
    let book = content_book(&content);
    for step in content.steps.iter() {
        let card = part(&book, &format!("data-step=\"{}\"", step.id), "</section>");
        assert_both(card, &step.title, &format!("step {}", step.id));
        if let Some(intro) = &step.intro {
            assert_both(card, intro, &format!("step {} intro", step.id));
        }
        assert!(card.contains(&format!("<code>{}</code>", esc(&step.file))));
        for q in step.questions.iter() {
            let card = part(&book, &format!("data-question=\"{}\"", q.id), "</article>");
            assert_both(card, &q.text, &format!("question {}", q.id));
            if let Some(help) = &q.help {
                assert_both(card, help, &format!("question {} help", q.id));
            }
            for v in q.values() {
                assert!(
                    card.contains(&format!("<td><code>{}</code></td>", esc(v))),
                    "question {}: answer {v} missing",
                    q.id
                );
            }
            for o in q.options.iter() {
                for (lang, s) in [("zh-CN", &o.label.zh), ("en", &o.label.en)] {
                    assert!(
                        card.contains(&format!("<td lang=\"{lang}\">{}</td>", esc(s))),
                        "question {} option {}: no {lang} label",
                        q.id,
                        o.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_rule_is_in_the_book_as_when_then_with_reason_source_and_file() {
    let content = loaded();
    let book = content_book(&content);
    for rule in content.rules.iter() {
        assert_eq!(
            book.matches(&format!("data-rule=\"{}\"", rule.id)).count(),
            1,
            "rule {} must have exactly one card",
            rule.id
        );
        let card = part(&book, &format!("data-rule=\"{}\"", rule.id), "</article>");
        assert_both(card, &rule.reason, &format!("rule {} reason", rule.id));
        assert!(
            !rule.source.is_empty(),
            "rule {}: loaded without its source",
            rule.id
        );
        assert!(
            card.contains(&esc(&rule.source)),
            "rule {}: source",
            rule.id
        );
        assert!(
            card.contains(&format!("<code>{}</code>", esc(&rule.file))),
            "rule {}: file",
            rule.id
        );
        assert!(
            card.contains(&format!("level-{}", rule.level.id())),
            "rule {}: level",
            rule.id
        );
        for word in ["When", "Then"] {
            assert!(
                card.contains(&format!("lang=\"en\">{word}<")),
                "rule {}: no {word}",
                rule.id
            );
        }
        for c in rule.all.iter().chain(rule.any.iter()) {
            assert!(
                card.contains(&format!("href=\"#q-{}\"", c.q)),
                "rule {}: condition on {}",
                rule.id,
                c.q
            );
            for v in c.values() {
                if content
                    .question(&c.q)
                    .is_some_and(|q| q.values().contains(&v))
                {
                    assert!(
                        card.contains(&format!("<code>{v}</code>")),
                        "rule {}: value {v}",
                        rule.id
                    );
                }
            }
        }
        for p in rule.patterns.iter() {
            assert!(
                card.contains(&format!("href=\"#pattern-{p}\"")),
                "rule {}: pattern {p}",
                rule.id
            );
        }
        for d in rule.departments.iter() {
            assert!(
                card.contains(&format!("href=\"#dept-{d}\"")),
                "rule {}: department {d}",
                rule.id
            );
        }
    }
}

#[test]
fn patterns_departments_levels_and_advice_are_in_the_book() {
    let content = loaded();
    let book = content_book(&content);
    for p in content.patterns.iter() {
        let card = part(&book, &format!("data-pattern=\"{}\"", p.id), "</article>");
        assert_both(card, &p.name, &format!("pattern {}", p.id));
        assert_both(card, &p.about, &format!("pattern {} about", p.id));
        assert!(card.contains(&esc(&p.source)));
    }
    for d in content.departments.iter() {
        assert!(
            book.contains(&format!("id=\"dept-{}\"", d.id)),
            "department {}",
            d.id
        );
        assert!(book.contains(&format!("<td lang=\"en\">{}</td>", esc(&d.name.en))));
    }
    for l in content.levels.iter() {
        let card = part(
            &book,
            &format!("id=\"level-{}\"", l.level.id()),
            "</article>",
        );
        for t in [&l.title, &l.action, &l.by_when] {
            assert_both(card, t, &format!("level {}", l.level.id()));
        }
    }
    for a in content
        .self_care
        .iter()
        .chain(content.stretches.iter())
        .chain(content.safety_net.iter())
    {
        let card = part(&book, &format!("id=\"advice-{}\"", a.id), "</article>");
        assert_both(card, &a.text, &format!("advice {}", a.id));
        assert!(card.contains(&esc(&a.source)), "advice {}: source", a.id);
    }
}

#[test]
fn rules_come_most_urgent_first_and_emergency_rules_before_any_other() {
    let content = loaded();
    let book = content_book(&content);
    let at = |id: &str| book.find(&format!("data-rule=\"{id}\"")).unwrap();
    let last_emergency = content
        .rules
        .iter()
        .filter(|r| r.level == Level::Emergency)
        .map(|r| at(&r.id))
        .max()
        .expect("there are emergency rules");
    // The red-flag part (step 1 and the emergency rules) comes before every other step.
    let first_other_step = content
        .steps
        .iter()
        .skip(1)
        .map(|s| book.find(&format!("data-step=\"{}\"", s.id)).unwrap())
        .min()
        .unwrap();
    assert!(
        last_emergency < first_other_step,
        "emergency rules after the other steps"
    );
    let mut previous = (Level::Emergency, 0);
    for level in [
        Level::Emergency,
        Level::Urgent,
        Level::Soon,
        Level::SelfCare,
    ] {
        for r in content.rules.iter().filter(|r| r.level == level) {
            let pos = at(&r.id);
            assert!(
                level == previous.0 || pos > previous.1,
                "rule {} ({}) comes before a more urgent rule",
                r.id,
                level.id()
            );
        }
        if let Some(max) = content
            .rules
            .iter()
            .filter(|r| r.level == level)
            .map(|r| at(&r.id))
            .max()
        {
            previous = (level, max);
        }
        if level != Level::Emergency {
            for r in content.rules.iter().filter(|r| r.level == level) {
                assert!(
                    at(&r.id) > last_emergency,
                    "rule {} before an emergency rule",
                    r.id
                );
            }
        }
    }
}

#[test]
fn the_table_lists_every_answer_that_can_lead_to_each_level() {
    let content = loaded();
    let book = content_book(&content);
    for level in Level::ALL {
        let table = part(&book, &format!("data-level=\"{}\"", level.id()), "</table>");
        let pairs = rule_answers(&content, |l| l == level);
        for (q, v) in &pairs {
            let row = table
                .split("<tr>")
                .find(|row| {
                    row.contains(&format!("href=\"#q-{q}\""))
                        && row.contains(&format!("<code>{v}</code>"))
                })
                .unwrap_or_else(|| panic!("{}: no row for {q} = {v}", level.id()));
            assert!(
                row.contains("href=\"#rule-"),
                "{}: {q} = {v} names no rule",
                level.id()
            );
        }
        let rows = table.matches("<tr>").count() - 1; // the header row
        assert_eq!(rows, pairs.len().max(1), "{}: rows", level.id());
    }
    // Each emergency sign of step 1 fires its rule alone; only the later
    // combinations (alert rules that use other steps) need other answers.
    let emergency = part(&book, "data-level=\"emergency\"", "</table>");
    let first: Vec<&str> = content.steps[0].questions.iter().map(|q| &*q.id).collect();
    for row in emergency.split("<tr>").skip(2) {
        if first
            .iter()
            .any(|q| row.contains(&format!("href=\"#q-{q}\"")))
        {
            assert!(
                !row.contains("with other answers"),
                "a step-1 sign needs another answer: {row}"
            );
        }
    }
}

#[test]
fn text_from_the_files_is_escaped() {
    let mut content = loaded();
    let hostile = "<script>alert(\"x\")</script> & 'quoted' <b>bold</b>";
    {
        let steps = content.steps.to_mut();
        let q = &mut steps[1].questions.to_mut()[0];
        q.text.en = hostile.to_string().into();
        q.text.zh = format!("中文 {hostile}").into();
        q.help = Some(Text {
            zh: hostile.to_string().into(),
            en: hostile.to_string().into(),
        });
        let rules = content.rules.to_mut();
        rules[0].reason.en = hostile.to_string().into();
        rules[0].source = hostile.to_string().into();
    }
    let book = content_book(&content);
    for raw in ["<script", "<b>", "alert(\"x\")", "'quoted'"] {
        assert!(!book.contains(raw), "unescaped {raw:?} in the book");
    }
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;b&gt;bold&lt;/b&gt;";
    assert!(
        book.matches(escaped).count() >= 5,
        "the hostile text is not shown escaped"
    );
}

#[test]
fn the_book_is_one_self_contained_page_under_a_strict_csp() {
    let content = loaded();
    let book = content_book(&content);
    assert!(book.starts_with("<!doctype html>\n<html lang=\"zh-CN\">"));
    for banned in [
        "<script", "<style", " style=", " on", "http://", "https://", "<img", "<iframe",
    ] {
        if banned == " on" {
            // No inline event handler: no attribute starting with `on` (checked loosely).
            assert!(
                !book.contains(" onclick=") && !book.contains(" onload="),
                "inline handler"
            );
            continue;
        }
        assert!(!book.contains(banned), "the book has {banned:?}");
    }
    assert_eq!(
        book.matches("<link ").count(),
        2,
        "the stylesheet and an empty icon, nothing else linked"
    );
    assert!(book.contains("<link rel=\"icon\" href=\"data:,\">"));
    assert!(
        book.contains("content=\"default-src 'none'; style-src 'self';"),
        "its own CSP, also without headers"
    );
    assert!(book.contains("<link rel=\"stylesheet\" href=\"content-book.css\">"));
    // Every element with text in English says so.
    assert!(book.matches("lang=\"en\"").count() > 500);
}
