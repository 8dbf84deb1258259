//! The content book: everything `questions/` says, in both languages, as one printable HTML page for clinical sign-off.
//!
//! [`content_book`] is a pure function of the loaded [`Content`] (the same
//! loader and validation as the widget; load it with `load::load_dir` so the
//! sources and file names are present: the copy compiled into the widget leaves
//! them out). `src/bin/content-book.rs` writes the page into `dist/` with its
//! stylesheet [`STYLESHEET`] beside it: the page has no inline style or script,
//! so the build's strict Content-Security-Policy serves it as it is.
//!
//! Every text is escaped here, once, by [`esc`]; Chinese text carries
//! `lang="zh-CN"` and English `lang="en"` so screen readers and hyphenation
//! read each in its language. The wording of the book itself (headings, "when",
//! "then") is the clinicians' document's own, not the widget's, so it lives here
//! rather than in `ui.toml`.

use crate::content::{Condition, Content, Kind, Level, Op, Question, Rule, Text};
use crate::drawings::escape;
use crate::engine::{rule_answers, Answers, Value};
use std::fmt::Write;

/// The book's stylesheet (screen and print), written next to the page.
pub const STYLESHEET: &str = include_str!("book.css");
/// The stylesheet's file name, as the page links it.
pub const STYLESHEET_FILE: &str = "content-book.css";
/// The page's file name in `dist/`.
pub const PAGE_FILE: &str = "content-book.html";

/// Levels from the most urgent down: the order of the book.
const LEVELS_DOWN: [Level; 4] = [
    Level::Emergency,
    Level::Urgent,
    Level::Soon,
    Level::SelfCare,
];

/// A fixed phrase of the book in both languages, inline.
fn bi(zh: &str, en: &str) -> String {
    format!(
        r#"<span lang="zh-CN">{}</span> <span lang="en">{}</span>"#,
        escape(zh),
        escape(en)
    )
}

/// A content text in both languages, inline, separated by a slash.
fn text_inline(t: &Text) -> String {
    format!(
        r#"<span lang="zh-CN">{}</span> / <span lang="en">{}</span>"#,
        escape(&t.zh),
        escape(&t.en)
    )
}

/// A content text in both languages, as two paragraphs.
fn text_block(t: &Text, class: &str) -> String {
    format!(
        r#"<p class="{class} zh" lang="zh-CN">{}</p><p class="{class} en" lang="en">{}</p>"#,
        escape(&t.zh),
        escape(&t.en)
    )
}

/// A stable id as code.
fn code(id: &str) -> String {
    format!("<code>{}</code>", escape(id))
}

/// An anchor-safe fragment for an id (ids are plain, but never trust that here).
fn anchor(prefix: &str, id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{clean}")
}

fn link(prefix: &str, id: &str) -> String {
    format!(
        r##"<a href="#{}"><code>{}</code></a>"##,
        anchor(prefix, id),
        escape(id)
    )
}

fn level_name(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::Emergency => ("急诊（现在）", "Emergency (now)"),
        Level::Urgent => ("今天就医（24 小时内）", "Urgent (today)"),
        Level::Soon => ("预约门诊（1 到 2 周内）", "Soon (1 to 2 weeks)"),
        Level::SelfCare => ("居家护理", "Self-care"),
    }
}

/// The level as a badge: words and its id, never colour alone.
fn level_badge(level: Level) -> String {
    let (zh, en) = level_name(level);
    format!(
        r#"<span class="level level-{id}">{} <code>{id}</code></span>"#,
        bi(zh, en),
        id = level.id()
    )
}

fn kind_name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Single => ("单选", "single choice"),
        Kind::Multi => ("多选", "several choices"),
        Kind::YesNo => ("是 / 否", "yes / no"),
        Kind::YesNoUnsure => ("是 / 否 / 不确定", "yes / no / not sure"),
    }
}

/// The label of answer value `v` of question `q`, in both languages: an option's
/// label, or the widget's own words for yes, no and not sure.
fn value_label(content: &Content, q: &Question, v: &str) -> Text {
    if let Some(o) = q.option(v) {
        return o.label.clone();
    }
    let key = match v {
        "yes" => "answer_yes",
        "no" => "answer_no",
        "not_sure" => "answer_not_sure",
        _ => "",
    };
    content.ui_text(key).cloned().unwrap_or_else(|| Text {
        zh: v.to_string().into(),
        en: v.to_string().into(),
    })
}

/// "「label」 / “label” (`id`)" for one answer value.
fn value_html(content: &Content, q: &Question, v: &str) -> String {
    format!("{} {}", text_inline(&value_label(content, q, v)), code(v))
}

/// A question named in a condition: its id (linked) and its text in both languages.
fn question_ref(content: &Content, id: &str) -> String {
    match content.question(id) {
        Some(q) => format!(
            r#"{} <span class="qtext">{}</span>"#,
            link("q", id),
            text_inline(&q.text)
        ),
        None => code(id),
    }
}

/// One condition, in words: the question, then which answers make it hold.
fn condition_html(content: &Content, c: &Condition) -> String {
    let q = content.question(&c.q);
    let what = match (&c.op, q) {
        (Op::In(vs), Some(q)) => format!(
            "{}: {}",
            bi("答案是其中之一", "the answer is one of"),
            join_values(content, q, vs)
        ),
        (Op::Has(vs), Some(q)) => format!(
            "{}: {}",
            bi("选了其中任何一项", "the answers include any of"),
            join_values(content, q, vs)
        ),
        (Op::IsTrue, Some(q)) if q.kind == Kind::YesNoUnsure => format!(
            "{} {}",
            bi("答", "answered"),
            [
                value_html(content, q, "yes"),
                value_html(content, q, "not_sure")
            ]
            .join(&format!(" {} ", bi("或", "or")))
        ),
        (Op::IsTrue, Some(q)) => {
            format!("{} {}", bi("答", "answered"), value_html(content, q, "yes"))
        }
        (Op::In(vs) | Op::Has(vs), None) => {
            vs.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ")
        }
        (Op::IsTrue, None) => code("yes"),
    };
    format!(
        r#"<span class="cond">{} — {}</span>"#,
        question_ref(content, &c.q),
        what
    )
}

fn join_values(content: &Content, q: &Question, vs: &[crate::content::Str]) -> String {
    vs.iter()
        .map(|v| {
            format!(
                r#"<span class="value">{}</span>"#,
                value_html(content, q, v)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Conditions as a list, one per line.
fn condition_list(content: &Content, cs: &[Condition]) -> String {
    let items: String = cs
        .iter()
        .map(|c| format!("<li>{}</li>", condition_html(content, c)))
        .collect();
    format!("<ul class=\"conds\">{items}</ul>")
}

/// The departments a rule sends the person to, as the engine gathers them: the
/// rule's own, then those of its patterns, without repeats.
fn rule_departments<'a>(content: &'a Content, rule: &'a Rule) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    let mut push = |d: &'a str| {
        if !out.contains(&d) {
            out.push(d);
        }
    };
    for d in rule.departments.iter() {
        push(d);
    }
    for p in rule.patterns.iter() {
        if let Some(p) = content.pattern(p) {
            for d in p.departments.iter() {
                push(d);
            }
        }
    }
    out
}

fn department_html(content: &Content, id: &str) -> String {
    match content.department(id) {
        Some(d) => format!("{} {}", text_inline(&d.name), link("dept", id)),
        None => code(id),
    }
}

fn pattern_html(content: &Content, id: &str) -> String {
    match content.pattern(id) {
        Some(p) => format!("{} {}", text_inline(&p.name), link("pattern", id)),
        None => code(id),
    }
}

/// Does `rule` fire on this one answer alone (ignoring whether it is shown)?
fn fires_alone(content: &Content, rule: &Rule, q: &str, v: &str) -> bool {
    let Some(question) = content.question(q) else {
        return false;
    };
    let value = match question.kind {
        Kind::YesNo => Value::Bool(v == "yes"),
        Kind::Single | Kind::YesNoUnsure => Value::One(v.to_string()),
        Kind::Multi => Value::Many(vec![v.to_string()]),
    };
    let mut answers = Answers::default();
    answers.set(q, value);
    let all = rule.all.iter().all(|c| answers.holds(c));
    let any = rule.any.is_empty() || rule.any.iter().any(|c| answers.holds(c));
    all && any && !(rule.all.is_empty() && rule.any.is_empty())
}

/// Can `rule` fire with answer `v` to `q` among its answers (one of its conditions holds on it)?
fn uses(rule: &Rule, q: &str, v: &str) -> bool {
    rule.all
        .iter()
        .chain(rule.any.iter())
        .any(|c| c.q == q && c.values().contains(&v))
}

/// One rule as "when … then …", with its reason, source and file.
fn rule_card(content: &Content, rule: &Rule) -> String {
    let mut when = String::new();
    if !rule.all.is_empty() {
        let _ = write!(
            when,
            r#"<p class="when-head">{}</p>{}"#,
            bi("以下每一条都成立：", "every one of these holds:"),
            condition_list(content, &rule.all)
        );
    }
    if !rule.any.is_empty() {
        let head = if rule.all.is_empty() {
            bi("以下至少一条成立：", "at least one of these holds:")
        } else {
            bi("并且以下至少一条成立：", "and at least one of these holds:")
        };
        let _ = write!(
            when,
            r#"<p class="when-head">{head}</p>{}"#,
            condition_list(content, &rule.any)
        );
    }
    let patterns = if rule.patterns.is_empty() {
        bi("（无）", "(none)")
    } else {
        rule.patterns
            .iter()
            .map(|p| pattern_html(content, p))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let departments = rule_departments(content, rule);
    let departments = if departments.is_empty() {
        bi("（无）", "(none)")
    } else {
        departments
            .iter()
            .map(|d| department_html(content, d))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Raised at once: the red emergency alert, or the amber same-day notice and its text.
    let alert = match (rule.alert, &rule.notice) {
        (false, _) => String::new(),
        (true, None) => format!(
            "<p class=\"alert-mark\">{}</p>",
            bi(
                "立即提示：成立的那一刻就在当前这一步显示急诊提示和拨打急救电话的按钮。",
                "Alert at once: the emergency advice and call button show on the step where it comes true."
            )
        ),
        (true, Some(t)) => format!(
            "<p class=\"alert-mark\">{}</p>{}",
            bi(
                "立即提示：成立的那一刻就显示黄色的“今天就看医生”提示：",
                "Alert at once: the amber “see a doctor today” notice shows at once:"
            ),
            text_block(t, "notice")
        ),
    };
    format!(
        r#"<article class="rule card" id="{anchor}" data-rule="{id_attr}">
<h4>{rule_word} {id} {badge}</h4>
<dl>
<dt>{when_word}</dt><dd>{when}</dd>
<dt>{then_word}</dt><dd><p>{level_word}: {badge}</p>{alert}<p>{patterns_word}: {patterns}</p><p>{departments_word}: {departments}</p></dd>
<dt>{reason_word}</dt><dd>{reason}</dd>
<dt>{source_word}</dt><dd class="source">{source}</dd>
<dt>{file_word}</dt><dd>{file}</dd>
</dl>
</article>
"#,
        anchor = anchor("rule", &rule.id),
        id_attr = escape(&rule.id),
        rule_word = bi("规则", "Rule"),
        id = code(&rule.id),
        badge = level_badge(rule.level),
        when_word = bi("当", "When"),
        then_word = bi("则", "Then"),
        level_word = bi("级别", "level"),
        patterns_word = bi("符合的情况", "consistent with (patterns)"),
        departments_word = bi("科室", "departments"),
        reason_word = bi("给用户看的理由", "Reason shown to the person"),
        reason = text_block(&rule.reason, "reason"),
        source_word = bi("来源", "Source"),
        source = escape(&rule.source),
        file_word = bi("文件", "File"),
        file = code(&rule.file),
    )
}

/// One question: its texts, help, `show_if`, and every answer with the rules it can fire.
fn question_card(content: &Content, q: &Question) -> String {
    let mut out = String::new();
    let (kzh, ken) = kind_name(q.kind);
    let _ = write!(
        out,
        r#"<article class="question card" id="{}" data-question="{}">
<h4>{} {} <span class="kind">{}</span></h4>
{}"#,
        anchor("q", &q.id),
        escape(&q.id),
        bi("问题", "Question"),
        code(&q.id),
        bi(kzh, ken),
        text_block(&q.text, "question-text")
    );
    if let Some(help) = &q.help {
        let _ = write!(
            out,
            r#"<div class="help"><p class="label">{}</p>{}</div>"#,
            bi("说明", "Help text"),
            text_block(help, "help-text")
        );
    }
    if !q.show_if.is_empty() {
        let _ = write!(
            out,
            r#"<div class="show-if"><p class="label">{}</p>{}</div>"#,
            bi(
                "只在以下至少一条成立时才问：",
                "Asked only when at least one of these holds:"
            ),
            condition_list(content, &q.show_if)
        );
    }
    let _ = write!(
        out,
        r#"<table class="options"><caption>{} {}</caption>
<thead><tr><th scope="col">{}</th><th scope="col" lang="zh-CN">中文</th><th scope="col" lang="en">English</th><th scope="col">{}</th></tr></thead><tbody>"#,
        bi("答案", "Answers to"),
        code(&q.id),
        bi("编号", "Id"),
        bi("用于规则", "Used by rules"),
    );
    for v in q.values() {
        let label = value_label(content, q, v);
        let rules: Vec<String> = content
            .rules
            .iter()
            .filter(|r| uses(r, &q.id, v))
            .map(|r| link("rule", &r.id))
            .collect();
        let mut notes = Vec::new();
        if q.exclusive.as_deref() == Some(v) {
            notes.push(bi("选它会清除其他选项", "clears the other choices"));
        }
        if q.informational.iter().any(|i| i == v) {
            notes.push(bi(
                "仅供医生参考，不触发规则",
                "informational: for the doctor, no rule",
            ));
        }
        if q.kind == Kind::YesNoUnsure && v == "not_sure" {
            notes.push(bi("在规则里算作“是”", "counts as yes in every rule"));
        }
        if rules.is_empty() && notes.is_empty() {
            notes.push(bi("不触发规则", "no rule"));
        }
        let used = rules
            .into_iter()
            .chain(notes)
            .collect::<Vec<_>>()
            .join("; ");
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td lang="zh-CN">{}</td><td lang="en">{}</td><td>{}</td></tr>"#,
            code(v),
            escape(&label.zh),
            escape(&label.en),
            used
        );
    }
    out.push_str("</tbody></table>\n</article>\n");
    out
}

/// One step: title, intro, `show_if`, file, and its questions.
fn step_section(content: &Content, step: &crate::content::Step, number: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<section class="step" id="{}" data-step="{}">
<h3>{} {number} · {} {}</h3>
<p class="meta">{} {}</p>"#,
        anchor("step", &step.id),
        escape(&step.id),
        bi("第", "Step"),
        text_inline(&step.title),
        code(&step.id),
        bi("文件", "File"),
        code(&step.file),
    );
    if let Some(intro) = &step.intro {
        let _ = write!(
            out,
            r#"<div class="intro"><p class="label">{}</p>{}</div>"#,
            bi("开头说明", "Introduction"),
            text_block(intro, "intro-text")
        );
    }
    if !step.show_if.is_empty() {
        let _ = write!(
            out,
            r#"<div class="show-if"><p class="label">{}</p>{}</div>"#,
            bi(
                "只在以下至少一条成立时才显示这一步：",
                "This step is shown only when at least one of these holds:"
            ),
            condition_list(content, &step.show_if)
        );
    }
    for q in step.questions.iter() {
        out.push_str(&question_card(content, q));
    }
    out.push_str("</section>\n");
    out
}

fn section_start(out: &mut String, id: &str, n: usize, zh: &str, en: &str) {
    let _ = writeln!(
        out,
        "<section class=\"part\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{n}. {}</h2>",
        bi(zh, en)
    );
}

/// The sections of the book, in order: (anchor, Chinese, English).
const SECTIONS: [(&str, &str, &str); 8] = [
    ("how-to-read", "如何阅读本册", "How to read this book"),
    (
        "red-flags",
        "急症和警示规则（第一步：危险信号）",
        "Emergency and alert rules (step 1: the red flags)",
    ),
    (
        "steps",
        "其余各步的问题、选项和说明",
        "The other steps: questions, options and help texts",
    ),
    (
        "rules",
        "其余规则（门诊、居家护理）",
        "The other rules (soon, self-care)",
    ),
    (
        "answers-by-level",
        "哪些回答会导致哪个级别",
        "Which answers can lead to each level",
    ),
    ("patterns", "符合的情况和科室", "Patterns and departments"),
    (
        "levels",
        "每个级别告诉用户的话",
        "What each level tells the person",
    ),
    (
        "advice",
        "居家护理、拉伸和“出现以下情况请马上就医”",
        "Self-care, stretches and “get help at once if”",
    ),
];

/// The whole book as one HTML page (UTF-8), from the loaded content.
pub fn content_book(content: &Content) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let files: Vec<&str> = {
        let mut f: Vec<&str> = content
            .steps
            .iter()
            .map(|s| &*s.file)
            .chain(content.rules.iter().map(|r| &*r.file))
            .collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    let question_count = content.questions().count();
    let _ = writeln!(
        out,
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>夜间腿抽筋自查 · 内容审核本 · Night-time leg cramp self-check: content book</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
</head>
<body>
<header class="cover">
<h1><span lang="zh-CN">夜间腿抽筋自查：内容审核本</span> <span lang="en">Night-time leg cramp self-check: content book for clinical sign-off</span></h1>
<p>{made}</p>
<p>{counts}</p>
<p class="files">{files_word}: {files}</p>
<table class="signoff"><caption>{signoff}</caption>
<thead><tr><th scope="col">{name}</th><th scope="col">{role}</th><th scope="col">{date}</th><th scope="col">{signature}</th></tr></thead>
<tbody><tr><td></td><td></td><td></td><td></td></tr><tr><td></td><td></td><td></td><td></td></tr></tbody></table>
</header>
<nav aria-label="目录 Contents"><h2 class="toc-title">{toc}</h2><ol>"#,
        css = STYLESHEET_FILE,
        made = bi(
            "由 make content-book 从 questions/ 文件生成，使用与自查工具相同的读取和校验程序。请勿手工修改本页：修改 questions/ 里的文件后重新生成。",
            "Generated by make content-book from the files in questions/, with the same loader and checks as the self-check. Do not edit this page: edit the files in questions/ and generate it again."
        ),
        counts = bi(
            &format!(
                "共 {} 步、{} 个问题、{} 条规则、{} 种情况、{} 个科室。",
                content.steps.len(),
                question_count,
                content.rules.len(),
                content.patterns.len(),
                content.departments.len()
            ),
            &format!(
                "{} steps, {} questions, {} rules, {} patterns, {} departments.",
                content.steps.len(),
                question_count,
                content.rules.len(),
                content.patterns.len(),
                content.departments.len()
            )
        ),
        files_word = bi("问题和规则所在的文件", "Files of the steps and rules"),
        files = files.iter().map(|f| code(f)).collect::<Vec<_>>().join(", "),
        signoff = bi("审核签字", "Clinical sign-off"),
        name = bi("姓名", "Name"),
        role = bi("职务", "Role"),
        date = bi("日期", "Date"),
        signature = bi("签字", "Signature"),
        toc = bi("目录", "Contents"),
    );
    for (id, zh, en) in SECTIONS.iter() {
        let _ = writeln!(out, r##"<li><a href="#{id}">{}</a></li>"##, bi(zh, en));
    }
    out.push_str("</ol></nav>\n<main>\n");

    // 1. How to read.
    section_start(&mut out, SECTIONS[0].0, 1, SECTIONS[0].1, SECTIONS[0].2);
    out.push_str(&how_to_read());
    out.push_str("</section>\n");

    // 2. The red flags: the first step, then every emergency and urgent rule.
    section_start(&mut out, SECTIONS[1].0, 2, SECTIONS[1].1, SECTIONS[1].2);
    let _ = writeln!(
        out,
        "<p>{}</p>",
        bi(
            "第一步总是最先问，每个问题都必须回答。第一步上的急诊规则只要一个回答就会触发，并立刻在屏幕上显示急诊提示和拨打急救电话的按钮。后面几步的急诊规则（标着“立即提示”）要几个回答合在一起才触发，在成立的那一步立刻显示同样的提示。",
            "Step 1 is always asked first and every question on it must be answered. An emergency rule of step 1 fires on one answer alone and at once shows the emergency advice and a call button. An emergency rule on later steps (marked “alert at once”) needs several answers together, and shows the same advice at once on the step where it comes true."
        )
    );
    if let Some(first) = content.steps.first() {
        out.push_str(&step_section(content, first, 1));
    }
    for level in [Level::Emergency, Level::Urgent] {
        let (zh, en) = level_name(level);
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{}</h3>",
            anchor("rules", level.id()),
            bi(&format!("{zh}的规则"), &format!("Rules for {en}"))
        );
        for r in content.rules.iter().filter(|r| r.level == level) {
            out.push_str(&rule_card(content, r));
        }
    }
    out.push_str("</section>\n");

    // 3. The other steps.
    section_start(&mut out, SECTIONS[2].0, 3, SECTIONS[2].1, SECTIONS[2].2);
    let _ = writeln!(
        out,
        "<p>{}</p>",
        bi(
            "按用户看到的顺序排列。第 1 步见第 2 部分。",
            "In the order the person sees them. Step 1 is in part 2."
        )
    );
    for (i, step) in content.steps.iter().enumerate().skip(1) {
        out.push_str(&step_section(content, step, i + 1));
    }
    out.push_str("</section>\n");

    // 4. The other rules.
    section_start(&mut out, SECTIONS[3].0, 4, SECTIONS[3].1, SECTIONS[3].2);
    for level in [Level::Soon, Level::SelfCare] {
        let (zh, en) = level_name(level);
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{}</h3>",
            anchor("rules", level.id()),
            bi(&format!("{zh}的规则"), &format!("Rules for {en}"))
        );
        for r in content.rules.iter().filter(|r| r.level == level) {
            out.push_str(&rule_card(content, r));
        }
    }
    out.push_str("</section>\n");

    // 5. Which answers can lead to each level.
    section_start(&mut out, SECTIONS[4].0, 5, SECTIONS[4].1, SECTIONS[4].2);
    out.push_str(&answers_by_level(content));
    out.push_str("</section>\n");

    // 6. Patterns and departments.
    section_start(&mut out, SECTIONS[5].0, 6, SECTIONS[5].1, SECTIONS[5].2);
    out.push_str(&patterns_and_departments(content));
    out.push_str("</section>\n");

    // 7. Level texts.
    section_start(&mut out, SECTIONS[6].0, 7, SECTIONS[6].1, SECTIONS[6].2);
    let _ = writeln!(
        out,
        "<p>{}</p>",
        bi(
            "{phone} 会换成急救电话号码（默认 120，嵌入网站可以另设）。",
            "{phone} is replaced by the emergency number (120 unless the host site sets another)."
        )
    );
    for level in LEVELS_DOWN {
        if let Some(t) = content.level_text(level) {
            let _ = writeln!(
                out,
                r#"<article class="card level-text" id="{}"><h3>{}</h3>
<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl></article>"#,
                anchor("level", level.id()),
                level_badge(level),
                bi("标题", "Title"),
                text_block(&t.title, "title"),
                bi("怎么做", "What to do"),
                text_block(&t.action, "action"),
                bi("时限", "By when"),
                text_block(&t.by_when, "by-when"),
            );
        }
    }
    out.push_str("</section>\n");

    // 8. Advice.
    section_start(&mut out, SECTIONS[7].0, 8, SECTIONS[7].1, SECTIONS[7].2);
    for (zh, en, items) in [
        (
            "居家护理（每个结果都显示）",
            "Self-care (shown with every result)",
            &content.self_care,
        ),
        (
            "三个拉伸动作（种子 000 表 3）",
            "The three stretches (seed 000 Table 3)",
            &content.stretches,
        ),
        (
            "出现以下情况请马上就医（每个结果都显示）",
            "Get help at once if… (shown with every result)",
            &content.safety_net,
        ),
    ] {
        let _ = writeln!(out, "<h3>{}</h3>", bi(zh, en));
        for a in items.iter() {
            let _ = writeln!(
                out,
                r#"<article class="card advice" id="{}"><h4>{} {}</h4>{}<p class="source">{}: {}</p></article>"#,
                anchor("advice", &a.id),
                text_inline(&a.title),
                code(&a.id),
                text_block(&a.text, "advice-text"),
                bi("来源", "Source"),
                escape(&a.source),
            );
        }
    }
    out.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

fn how_to_read() -> String {
    let items: [(&str, &str); 9] = [
        (
            "每个问题、选项和规则都有一个固定的编号（如 frequency），和代码、测试、导出的数据里用的一样。中文在前，英文在后。",
            "Every question, option and rule has a stable id (such as frequency), the same as in the code, the tests and exported data. Chinese first, then English.",
        ),
        (
            "四个级别，从最急到最不急：急诊（现在）、今天就医（24 小时内）、预约门诊（1 到 2 周内）、居家护理。结果取所有触发规则里最急的级别；没有规则触发时是居家护理。",
            "Four levels, most urgent first: emergency (now), urgent (today), soon (1 to 2 weeks), self-care. The result is the most urgent level of all the rules that fire; self-care when none fires.",
        ),
        (
            "一条规则写成“当……则……”。“每一条都成立”的条件必须全部满足；“至少一条成立”的条件满足一条即可。两种都有时，两部分都要满足。",
            "A rule reads “when … then …”. Conditions under “every one of these holds” must all hold; of those under “at least one of these holds”, one is enough. When a rule has both, both parts must hold.",
        ),
        (
            "条件只有三种：单选题的答案是其中之一；多选题选了其中任何一项；是非题答“是”。问“是 / 否 / 不确定”的问题，“不确定”一律算作“是”。没有“不是”这样的否定条件，所以多报一个危险信号，级别只会升高，不会降低。",
            "There are only three kinds of condition: a single-choice answer is one of some options; a multiple-choice answer includes any of some options; a yes/no question is answered yes. On yes / no / not sure questions, “not sure” always counts as yes. There is no “not”, so reporting one more warning sign can only raise the level, never lower it.",
        ),
        (
            "第一步的急诊规则只要一个回答就会触发；第一步总是最先问，不能跳过。后面几步的急诊组合规则必须标明“立即提示”，在成立的那一步立刻提示。",
            "Every emergency rule of step 1 fires on one answer alone; step 1 is always asked first and cannot be skipped. Emergency combinations on later steps must be marked “alert at once”, and alert on the step where they come true.",
        ),
        (
            "结果是今天就医或急诊时，居家护理类规则（如“符合常见的夜间抽筋”）不显示，以免让人放松警惕。",
            "When the result is urgent or emergency, self-care rules (such as “consistent with common night cramps”) are left out, so nothing falsely reassures.",
        ),
        (
            "“只在……时才问”的问题，没有显示时它的答案不算数。",
            "A question “asked only when …” counts only when it is shown.",
        ),
        (
            "“符合的情况”只说回答与哪种情况相符，不是诊断。“给用户看的理由”原样显示在结果页上。",
            "“Consistent with” names what the answers fit, never a diagnosis. The “reason shown to the person” appears on the result screen as written.",
        ),
        (
            "请核对每条规则的条件、级别、科室、理由和来源。要修改时，请写明规则编号，由维护者修改 questions/ 里的文件并重新生成本册。",
            "Please check each rule’s conditions, level, departments, reason and source. For a change, quote the rule id; the maintainers edit the files in questions/ and generate this book again.",
        ),
    ];
    let mut out = String::from("<ol class=\"how\">\n");
    for (zh, en) in items {
        let _ = writeln!(
            out,
            r#"<li><p lang="zh-CN">{}</p><p lang="en">{}</p></li>"#,
            escape(zh),
            escape(en)
        );
    }
    out.push_str("</ol>\n");
    out
}

/// For each level, every answer some rule of that level can fire on, with the
/// rules and whether the answer is enough on its own.
fn answers_by_level(content: &Content) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>{}</p><p>{}</p>",
        bi(
            "每个级别列出能触发该级别规则的回答。“单独即可”指只有这一个回答，规则就会触发；否则还需要规则里的其他条件。结果取所有触发规则里最急的级别，所以列在某一级别下的回答，和其他回答一起时，结果可能更急。",
            "For each level, the answers that can fire a rule of that level. “Alone” means that answer on its own fires the rule; otherwise the rule’s other conditions must hold too. The result is the most urgent of all fired rules, so an answer listed under one level can end in a more urgent result together with other answers."
        ),
        bi(
            "没有任何规则触发时，结果也是居家护理。",
            "Self-care is also the result when no rule fires at all."
        )
    );
    for level in LEVELS_DOWN {
        let _ = writeln!(
            out,
            r#"<table class="by-level" id="{}" data-level="{}"><caption>{}</caption>
<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            anchor("answers", level.id()),
            level.id(),
            level_badge(level),
            bi("问题", "Question"),
            bi("回答", "Answer"),
            bi("规则", "Rules"),
            bi("单独即可？", "Alone?"),
        );
        let pairs = rule_answers(content, |l| l == level);
        if pairs.is_empty() {
            let _ = writeln!(
                out,
                r#"<tr><td colspan="4">{}</td></tr>"#,
                bi("没有规则。", "No rule.")
            );
        }
        for (q, v) in &pairs {
            let Some(question) = content.question(q) else {
                continue;
            };
            let rules: Vec<&Rule> = content
                .rules
                .iter()
                .filter(|r| r.level == level && uses(r, q, v))
                .collect();
            let alone = rules.iter().any(|r| fires_alone(content, r, q, v));
            let _ = writeln!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                question_ref(content, q),
                value_html(content, question, v),
                rules
                    .iter()
                    .map(|r| link("rule", &r.id))
                    .collect::<Vec<_>>()
                    .join(", "),
                if alone {
                    bi("是", "alone")
                } else {
                    bi("需与其他回答同时", "with other answers")
                }
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out
}

fn patterns_and_departments(content: &Content) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<h3>{}</h3>", bi("符合的情况", "Patterns"));
    for p in content.patterns.iter() {
        let rules: Vec<String> = content
            .rules
            .iter()
            .filter(|r| r.patterns.contains(&p.id))
            .map(|r| link("rule", &r.id))
            .collect();
        let _ = writeln!(
            out,
            r#"<article class="card pattern" id="{}" data-pattern="{}"><h4>{} {}</h4>{}
<p>{}: {}</p><p>{}: {}</p><p class="source">{}: {}</p></article>"#,
            anchor("pattern", &p.id),
            escape(&p.id),
            text_inline(&p.name),
            code(&p.id),
            text_block(&p.about, "about"),
            bi("科室", "Departments"),
            p.departments
                .iter()
                .map(|d| department_html(content, d))
                .collect::<Vec<_>>()
                .join("; "),
            bi("由这些规则得出", "From rules"),
            if rules.is_empty() {
                bi("（无）", "(none)")
            } else {
                rules.join(", ")
            },
            bi("来源", "Source"),
            escape(&p.source),
        );
    }
    let _ = writeln!(
        out,
        r#"<table class="departments"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col" lang="zh-CN">中文</th><th scope="col" lang="en">English</th></tr></thead><tbody>"#,
        bi("科室", "Departments"),
        bi("编号", "Id"),
    );
    for d in content.departments.iter() {
        let _ = writeln!(
            out,
            r#"<tr id="{}"><td>{}</td><td lang="zh-CN">{}</td><td lang="en">{}</td></tr>"#,
            anchor("dept", &d.id),
            code(&d.id),
            escape(&d.name.zh),
            escape(&d.name.en)
        );
    }
    out.push_str("</tbody></table>\n");
    out
}
