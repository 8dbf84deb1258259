//! The content book's pieces: fixed phrases in both languages, texts, links
//! and anchors, conditions, and the cards of a rule, a question and a step.
//! `super::content_book` puts them together.

use super::*;

/// A fixed phrase of the book in both languages, inline.
pub(super) fn bi(zh: &str, en: &str) -> String {
    format!(
        r#"<span lang="zh-CN">{}</span> <span lang="en">{}</span>"#,
        escape(zh),
        escape(en)
    )
}

/// A content text in both languages, inline, separated by a slash.
pub(super) fn text_inline(t: &Text) -> String {
    format!(
        r#"<span lang="zh-CN">{}</span> / <span lang="en">{}</span>"#,
        escape(&t.zh),
        escape(&t.en)
    )
}

/// A content text in both languages, as two paragraphs.
pub(super) fn text_block(t: &Text, class: &str) -> String {
    format!(
        r#"<p class="{class} zh" lang="zh-CN">{}</p><p class="{class} en" lang="en">{}</p>"#,
        escape(&t.zh),
        escape(&t.en)
    )
}

/// A stable id as code.
pub(super) fn code(id: &str) -> String {
    format!("<code>{}</code>", escape(id))
}

/// An anchor-safe fragment for an id (ids are plain, but never trust that here).
pub(super) fn anchor(prefix: &str, id: &str) -> String {
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

pub(super) fn link(prefix: &str, id: &str) -> String {
    format!(
        r##"<a href="#{}"><code>{}</code></a>"##,
        anchor(prefix, id),
        escape(id)
    )
}

pub(super) fn level_name(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::Emergency => ("急诊（现在）", "Emergency (now)"),
        Level::Urgent => ("今天就医（24 小时内）", "Urgent (today)"),
        Level::Soon => ("预约门诊（1 到 2 周内）", "Soon (1 to 2 weeks)"),
        Level::SelfCare => ("居家护理", "Self-care"),
    }
}

/// The level as a badge: words and its id, never colour alone.
pub(super) fn level_badge(level: Level) -> String {
    let (zh, en) = level_name(level);
    format!(
        r#"<span class="level level-{id}">{} <code>{id}</code></span>"#,
        bi(zh, en),
        id = level.id()
    )
}

pub(super) fn kind_name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Single => ("单选", "single choice"),
        Kind::Multi => ("多选", "several choices"),
        Kind::YesNo => ("是 / 否", "yes / no"),
        Kind::YesNoUnsure => ("是 / 否 / 不确定", "yes / no / not sure"),
    }
}

/// The label of answer value `v` of question `q`, in both languages: an option's
/// label, or the widget's own words for yes, no and not sure.
pub(super) fn value_label(content: &Content, q: &Question, v: &str) -> Text {
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
pub(super) fn value_html(content: &Content, q: &Question, v: &str) -> String {
    format!("{} {}", text_inline(&value_label(content, q, v)), code(v))
}

/// A question named in a condition: its id (linked) and its text in both languages.
pub(super) fn question_ref(content: &Content, id: &str) -> String {
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
pub(super) fn condition_html(content: &Content, c: &Condition) -> String {
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

pub(super) fn join_values(content: &Content, q: &Question, vs: &[crate::content::Str]) -> String {
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
pub(super) fn condition_list(content: &Content, cs: &[Condition]) -> String {
    let items: String = cs
        .iter()
        .map(|c| format!("<li>{}</li>", condition_html(content, c)))
        .collect();
    format!("<ul class=\"conds\">{items}</ul>")
}

/// The departments a rule sends the person to, as the engine gathers them: the
/// rule's own, then those of its patterns, without repeats.
pub(super) fn rule_departments<'a>(content: &'a Content, rule: &'a Rule) -> Vec<&'a str> {
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

pub(super) fn department_html(content: &Content, id: &str) -> String {
    match content.department(id) {
        Some(d) => format!("{} {}", text_inline(&d.name), link("dept", id)),
        None => code(id),
    }
}

pub(super) fn pattern_html(content: &Content, id: &str) -> String {
    match content.pattern(id) {
        Some(p) => format!("{} {}", text_inline(&p.name), link("pattern", id)),
        None => code(id),
    }
}

/// Does `rule` fire on this one answer alone (ignoring whether it is shown)?
pub(super) fn fires_alone(content: &Content, rule: &Rule, q: &str, v: &str) -> bool {
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
pub(super) fn uses(rule: &Rule, q: &str, v: &str) -> bool {
    rule.all
        .iter()
        .chain(rule.any.iter())
        .any(|c| c.q == q && c.values().contains(&v))
}

/// One rule as "when … then …", with its reason, source and file.
pub(super) fn rule_card(content: &Content, rule: &Rule) -> String {
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
pub(super) fn question_card(content: &Content, q: &Question) -> String {
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
pub(super) fn step_section(
    content: &Content,
    step: &crate::content::Step,
    number: usize,
) -> String {
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
