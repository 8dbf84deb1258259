//! HTML of the parts of the screens that do not react to input: the result's
//! sections (why, patterns, what to tell the doctor, home care and the
//! stretches, "get help at once if…"), the printed summary, the answer lists,
//! the diary's findings and weekly chart, and the introduction's text.
//!
//! Pure text in, text out, natively tested, and the same markup for the widget
//! (one language, inserted as is) and for the prerendered page (both
//! languages, each text in a `<span lang>`): [`Words`] chooses. Everything
//! that comes from the question files or a person is escaped. The widget keeps
//! to Yew only what a person operates (inputs, buttons), so the wasm carries
//! string formatting here instead of a tree of DOM calls per element.

use crate::content::{Advice, Content, Kind, Lang, Question, Step, TestToAsk, Text};
use crate::diary::{Summary, Week, HIGH_MORE_THAN};
use crate::drawings;
use crate::engine::{Answers, Assessment, Value};
use crate::hooks::{self, Hook};
use crate::markup;
use crate::markup::Markup;

pub use crate::markup::PHONE;

/// A ui key handed on before it is looked up (a section's title, a choice
/// between two keys): written `ui_key("…")` so that tests/ui_keys.rs finds it.
pub const fn ui_key(key: &'static str) -> &'static str {
    key
}

/// Both languages' markup, each in its `<span lang>` (the prerendered page).
pub fn bilingual(zh: Markup, en: Markup) -> Markup {
    markup!(
        "<span class=\"l\" lang=\"zh-CN\">{}</span><span class=\"l\" lang=\"en\">{}</span>",
        zh,
        en
    )
}

/// Where the words come from: one language, or both (the prerendered page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words<'a> {
    One(Lang, &'a str),
    Both(&'a str),
}

impl Words<'_> {
    fn phone(&self) -> &str {
        match self {
            Words::One(_, p) | Words::Both(p) => p,
        }
    }

    /// Escaped text of each language, `{phone}` and `args` filled, joined as the mode wants.
    fn pick(&self, zh: &str, en: &str, args: &[(&str, &str)]) -> Markup {
        let phone = Markup::text(self.phone());
        let args: Vec<(&str, Markup)> = args.iter().map(|(k, v)| (*k, Markup::text(v))).collect();
        let mut all: Vec<(&str, &Markup)> = vec![(PHONE, &phone)];
        all.extend(args.iter().map(|(k, v)| (*k, v)));
        let fill = |s: &str| Markup::fill(s, &all);
        match self {
            Words::One(Lang::Zh, _) => fill(zh),
            Words::One(Lang::En, _) => fill(en),
            Words::Both(_) => bilingual(fill(zh), fill(en)),
        }
    }

    /// An interface text (a `questions/ui.toml` key).
    pub fn ui(&self, c: &Content, key: &str) -> Markup {
        self.pick(c.ui(key, Lang::Zh), c.ui(key, Lang::En), &[])
    }

    /// An interface text with `{name}` placeholders filled.
    pub fn ui_with(&self, c: &Content, key: &str, args: &[(&str, &str)]) -> Markup {
        self.pick(c.ui(key, Lang::Zh), c.ui(key, Lang::En), args)
    }

    /// A content text.
    pub fn t(&self, t: &Text) -> Markup {
        self.pick(t.get(Lang::Zh), t.get(Lang::En), &[])
    }

    /// The label of one answer value of `q`.
    pub fn value(&self, c: &Content, q: &Question, v: &str) -> Markup {
        match q.kind {
            Kind::Single | Kind::Multi => q.option(v).map(|o| self.t(&o.label)).unwrap_or_default(),
            Kind::YesNo | Kind::YesNoUnsure => self.ui(
                c,
                match v {
                    "yes" => "answer_yes",
                    "no" => "answer_no",
                    _ => "answer_not_sure",
                },
            ),
        }
    }

    /// The labels of an answer, one per chosen value.
    pub fn answer(&self, c: &Content, q: &Question, value: Option<&Value>) -> Vec<Markup> {
        match value {
            None => Vec::new(),
            Some(Value::One(v)) => vec![self.value(c, q, v)],
            Some(Value::Bool(b)) => vec![self.value(c, q, if *b { "yes" } else { "no" })],
            Some(Value::Many(vs)) => vs.iter().map(|v| self.value(c, q, v)).collect(),
        }
    }

    /// A drawing in this mode's language(s).
    pub fn figure(&self, c: &Content, d: crate::content::Drawing, class: &str) -> Markup {
        match self {
            Words::One(lang, _) => drawings::figure_in(c, d, *lang, class),
            Words::Both(_) => markup!(
                "<div class=\"l\" lang=\"zh-CN\">{}</div><div class=\"l\" lang=\"en\">{}</div>",
                drawings::figure_in(c, d, Lang::Zh, class),
                drawings::figure_in(c, d, Lang::En, class)
            ),
        }
    }
}

/// The large `tel:` link to the emergency number.
pub fn call_link(c: &Content, w: Words) -> Markup {
    markup!(
        "<a class=\"call-link\" href=\"tel:{}\" data-action=\"{hook}\">{}<span>{}</span></a>",
        w.phone(),
        drawings::phone_icon(),
        w.ui(c, "call_button"); hook = Hook::Call)
}

/// The introduction's text (the widget and the page add their own Start).
pub fn intro_text(c: &Content, w: Words) -> Markup {
    markup!(
        "<p class=\"lead\">{}</p><ul class=\"plain-list intro-points\"><li>{}</li><li>{}</li><li>{}</li></ul>\
<div class=\"notice\"><h2>{}</h2><p>{}</p></div><div class=\"notice danger\"><p>{}</p>{}</div>",
        w.ui(c, "intro_what"),
        w.ui(c, "intro_how"),
        w.ui(c, "intro_time"),
        w.ui(c, "intro_privacy"),
        w.ui(c, "intro_not_title"),
        w.ui(c, "intro_not"),
        w.ui(c, "intro_emergency"),
        call_link(c, w),
    )
}

/// One question as a native fieldset: legend, help, drawings, and radios or
/// checkboxes whose `value` is the option id (`yes`, `no`, `not_sure` for the
/// yes/no kinds: a contract with the automated checks). Nothing is checked
/// here: the widget sets the inputs' state after rendering, so this markup
/// never changes while a person answers and the inputs keep their focus.
/// `missing`: marked as needing an answer (an emergency question left blank).
pub fn question(c: &Content, w: Words, q: &Question, missing: bool) -> Markup {
    question_in(c, w, q, missing, None)
}

/// A question as the plain prerendered page needs it to show `advice` right
/// after it without `:has()`: each `<input>` stands just before its `<label>`
/// (the label's `for` still names it, so a tap on the words still chooses it;
/// an empty `pre-radio` keeps its place in the label) and `advice` follows
/// the options in the same box (`pre-options`). So inputs and advice are
/// siblings: `input[value=yes]:checked ~ .pre-alert` shows the advice in
/// every engine, and `input:checked + .option` marks the chosen answer as the
/// widget does. CSS (`.pre-options`, a grid) lays each radio over its label
/// exactly where the widget draws it.
pub fn plain_question(c: &Content, w: Words, q: &Question, advice: &Markup) -> Markup {
    question_in(c, w, q, false, Some(advice))
}

fn question_in(
    c: &Content,
    w: Words,
    q: &Question,
    missing: bool,
    plain: Option<&Markup>,
) -> Markup {
    let id = &q.id;
    let mut described = Vec::new();
    if q.help.is_some() {
        described.push(format!("help-{id}"));
    }
    if missing {
        described.push(format!("err-{id}"));
    }
    let described = if described.is_empty() {
        Markup::default()
    } else {
        markup!(" aria-describedby=\"{}\"", described.join(" "))
    };
    let mut out = markup!(
        "<fieldset class=\"question{}\" id=\"{}\" data-question=\"{}\"><legend>{}</legend>",
        if missing { " missing" } else { "" },
        hooks::id::question(id),
        id,
        w.t(&q.text)
    );
    if let Some(help) = &q.help {
        out += markup!("<p class=\"help\" id=\"help-{}\">{}</p>", id, w.t(help));
    }
    if let Some(d) = q.drawing {
        out += w.figure(c, d, "drawing");
    }
    if missing {
        out += markup!(
            "<p class=\"field-error\" id=\"err-{}\">{}</p>",
            id,
            w.ui(c, "error_answer_this")
        );
    }
    out += match plain {
        None => markup!("<div class=\"options\">"),
        Some(_) => markup!("<div class=\"options pre-options\">"),
    };
    let kind = if q.kind == Kind::Multi {
        "checkbox"
    } else {
        "radio"
    };
    for v in q.values() {
        let drawing = q.option(v).and_then(|o| o.drawing);
        let input_id = hooks::id::answer(id, v);
        let label = markup!(
            "<label class=\"option{}\" for=\"{}\">",
            if drawing.is_some() {
                " with-drawing"
            } else {
                ""
            },
            input_id
        );
        let input = markup!(
            "<input type=\"{}\" name=\"{}\" id=\"{}\" value=\"{}\"{}>",
            kind,
            id,
            input_id,
            v,
            described
        );
        let body = markup!(
            "<span class=\"option-label\">{}</span>{}</label>",
            w.value(c, q, v),
            drawing.map(|d| w.figure(c, d, "option-drawing"))
        );
        out += match plain {
            None => markup!("{}{}{}", label, input, body),
            Some(_) => markup!(
                "{}{}<span class=\"pre-radio\" aria-hidden=\"true\"></span>{}",
                input,
                label,
                body
            ),
        };
    }
    if let Some(advice) = plain {
        out += advice;
    }
    out += markup!("</div></fieldset>");
    out
}

/// The options chosen in a `multi` question, without its exclusive "none".
pub fn chosen_options(c: &Content, answers: &Answers, question: &str) -> Vec<String> {
    let exclusive = c.question(question).and_then(|q| q.exclusive.clone());
    match answers.get(question) {
        Some(Value::Many(v)) => v
            .iter()
            .filter(|x| Some(x.as_str()) != exclusive.as_deref())
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// The `tell_doctor` lists of the question files: (heading, what was chosen).
pub fn told_lists(c: &Content, w: Words, answers: &Answers) -> Vec<(Markup, Vec<Markup>)> {
    c.questions()
        .filter_map(|q| {
            let label = q.tell_doctor.as_ref()?;
            let chosen = chosen_options(c, answers, &q.id)
                .iter()
                .map(|v| w.value(c, q, v))
                .collect();
            Some((w.t(label), chosen))
        })
        .collect()
}

/// The tests to ask about, for the patterns of `a`.
fn shown_tests<'c>(c: &'c Content, a: &'c Assessment) -> impl Iterator<Item = &'c TestToAsk> {
    c.tests_to_ask.iter().filter(|t| {
        t.patterns
            .iter()
            .any(|p| a.patterns.iter().any(|x| *x == **p))
    })
}

/// The tests to ask about, for the patterns of `a`, each followed by the seeds
/// it comes from ("(source 000)").
pub fn tests_to_ask(c: &Content, w: Words, a: &Assessment) -> Vec<Markup> {
    shown_tests(c, a)
        .map(|t| {
            let seeds: Vec<&str> = t.cites.iter().map(|s| &**s).collect();
            let cite = w.ui_with(c, "tests_to_ask_cite", &[("seeds", &seeds.join(", "))]);
            markup!("{} <span class=\"cite\">{cite}</span>", w.t(&t.text); cite = cite)
        })
        .collect()
}

fn list(items: impl IntoIterator<Item = Markup>) -> Markup {
    items
        .into_iter()
        .map(|i| markup!("<li>{i}</li>"; i = i))
        .collect()
}

/// Why: each fired rule's reason, with the answers that led to it.
pub fn reasons(
    c: &Content,
    w: Words,
    given: &Answers,
    a: &Assessment,
    from_diary: &[String],
) -> Markup {
    if a.reasons.is_empty() {
        return markup!("<p>{}</p>", w.ui(c, "reasons_none"));
    }
    let mut out = markup!("<ol class=\"reasons\">");
    for r in &a.reasons {
        let Some(rule) = c.rule(&r.rule) else {
            continue;
        };
        out += markup!(
            "<li data-reason=\"{}\" class=\"reason level-{}\"><p>{}</p>",
            &r.rule,
            rule.level.id(),
            w.t(&rule.reason)
        );
        if r.answers.iter().any(|q| from_diary.contains(q)) {
            out += markup!(
                "<p class=\"from-diary\" data-from-diary=\"reason\">{}</p>",
                w.ui(c, "from_diary_reason")
            );
        }
        out += markup!(
            "<p class=\"label\">{}</p><ul class=\"reason-answers\">",
            w.ui(c, "reason_answers")
        );
        for qid in &r.answers {
            let Some(q) = c.question(qid) else { continue };
            let labels: Markup = w
                .answer(c, q, given.get(qid))
                .into_iter()
                .map(|l| markup!("<strong class=\"a\">{l}</strong>"; l = l))
                .collect();
            out += markup!(
                "<li><span class=\"q\">{}</span>{labels}</li>",
        w.t(&q.text);
        labels = labels);
        }
        out += markup!("</ul></li>");
    }
    out += markup!("</ol>");
    out
}

/// What the answers are consistent with (never a diagnosis).
pub fn patterns(c: &Content, w: Words, a: &Assessment) -> Markup {
    if a.patterns.is_empty() {
        return markup!("<p>{}</p>", w.ui(c, "patterns_none"));
    }
    let mut out = markup!("<p>{}</p><ul class=\"cards\">", w.ui(c, "patterns_intro"));
    for p in a.patterns.iter().filter_map(|p| c.pattern(p)) {
        out += markup!(
            "<li data-pattern=\"{}\"><p class=\"item-title\">{}</p><p>{}</p>",
            &p.id,
            w.t(&p.name),
            w.t(&p.about)
        );
        if !p.departments.is_empty() {
            let depts: Markup = p
                .departments
                .iter()
                .filter_map(|d| c.department(d))
                .map(|d| markup!("<span class=\"dept\">{}</span>", w.t(&d.name)))
                .collect();
            out += markup!(
                "<p class=\"who\"><span class=\"label\">{}</span>{depts}</p>",
        w.ui(c, "pattern_who");
        depts = depts);
        }
        out += markup!("</li>");
    }
    out += markup!("</ul>");
    out
}

/// What to tell the doctor: the lists the files mark, the tests to ask about, and never to stop a medicine.
pub fn tell_doctor(c: &Content, w: Words, answers: &Answers, a: &Assessment) -> Markup {
    let mut out = markup!("<p>{}</p>", w.ui(c, "tell_doctor_intro"));
    for (label, chosen) in told_lists(c, w, answers) {
        if !chosen.is_empty() {
            out += markup!(
                "<p class=\"label\">{label}</p><ul>{}</ul>",
        list(chosen);
        label = label);
        }
    }
    let tests = tests_to_ask(c, w, a);
    if !tests.is_empty() {
        out += markup!(
            "<p class=\"label\">{}</p><ul class=\"tests-to-ask\" data-tests=\"\">{}</ul>",
            w.ui(c, "tests_to_ask_title"),
            list(tests)
        );
    }
    out += markup!(
        "<p>{}</p><p class=\"important\">{}</p>",
        w.ui(c, "tell_doctor_all_medicines"),
        w.ui(c, "do_not_stop_medicine")
    );
    out
}

/// The stretches in the order to show them: those whose `first_if` holds first.
pub fn stretches_in_order<'c>(list: &'c [Advice], answers: &Answers) -> Vec<&'c Advice> {
    let first = |a: &Advice| a.first_if.iter().any(|c| answers.holds(c));
    let mut out: Vec<&Advice> = list.iter().filter(|a| first(a)).collect();
    out.extend(list.iter().filter(|a| !first(a)));
    out
}

fn caution(w: Words, a: &Advice, answers: &Answers) -> Markup {
    match &a.caution {
        Some(t) if a.caution_if.is_empty() || a.caution_if.iter().any(|x| answers.holds(x)) => {
            markup!("<p class=\"caution\" data-caution=\"\">{}</p>", w.t(t))
        }
        _ => Markup::default(),
    }
}

/// Home care, then the three stretches of seed 000 Table 3 with their drawings.
pub fn self_care(c: &Content, w: Words, answers: &Answers) -> Markup {
    let mut out = markup!("<ul class=\"cards\">");
    for a in c.self_care.iter() {
        out += markup!(
            "<li data-advice=\"{}\"><p class=\"item-title\">{}</p><p>{}</p>{}</li>",
            &a.id,
            w.t(&a.title),
            w.t(&a.text),
            caution(w, a, answers)
        );
    }
    out += markup!(
        "</ul><h3>{}</h3><p>{}</p><ol class=\"stretches\">",
        w.ui(c, "stretches_title"),
        w.ui(c, "stretches_intro")
    );
    for s in stretches_in_order(&c.stretches, answers) {
        let drawing = s
            .drawing
            .map(|d| w.figure(c, d, "stretch-drawing"))
            .unwrap_or_default();
        out += markup!(
            "<li data-stretch=\"{}\"><figure class=\"drawing\">{drawing}<figcaption class=\"item-title\">{}</figcaption></figure>{}<p>{}</p></li>",
        &s.id,
        w.t(&s.title),
        caution(w, s, answers),
        w.t(&s.text);
        drawing = drawing);
    }
    out += markup!("</ol>");
    out
}

/// "Get help at once if…": shown with every result.
pub fn safety_net(c: &Content, w: Words) -> Markup {
    let items: Markup = c
        .safety_net
        .iter()
        .map(|a| {
            markup!(
                "<li data-advice=\"{}\"><p class=\"item-title\">{}</p><p>{}</p></li>",
                &a.id,
                w.t(&a.title),
                w.t(&a.text)
            )
        })
        .collect();
    markup!(
        "<section class=\"result-part safety-net\" aria-labelledby=\"safety-net\" data-safety-net=\"\">\
<h2 id=\"safety-net\">{}</h2><ul class=\"cards\">{items}</ul>{}</section>",
        w.ui(c, "safety_net_title"),
        call_link(c, w);
        items = items)
}

/// The shown questions of a step and their answers ("not answered" when blank).
pub fn answer_list(c: &Content, w: Words, step: &Step, answers: &Answers) -> Markup {
    let shown = answers.shown(c);
    let visible = answers.visible(c);
    let mut out = markup!("<dl class=\"answers\">");
    for q in step.questions.iter().filter(|q| shown.contains(&&*q.id)) {
        let labels = w.answer(c, q, visible.get(&q.id));
        out += markup!(
            "<div class=\"answer-row\" data-answer=\"{}\"><dt>{}</dt>",
            &q.id,
            w.t(&q.text)
        );
        if labels.is_empty() {
            out += markup!(
                "<dd class=\"not-answered\">{}</dd>",
                w.ui(c, "not_answered")
            );
        }
        for l in labels {
            out += markup!( "<dd>{l}</dd>"; l = l);
        }
        out += markup!("</div>");
    }
    out += markup!("</dl>");
    out
}

/// What the diary shows about frequency, in words.
pub fn findings(c: &Content, w: Words, s: &Summary) -> Markup {
    let this_week = s.weeks.last().map_or(0, |w| w.count).to_string();
    let last_week = s
        .weeks
        .iter()
        .rev()
        .nth(1)
        .map_or(0, |w| w.count)
        .to_string();
    let mut out = markup!(
        "<div class=\"diary-findings\" data-high=\"{}\" data-rising=\"{}\"><p>{}</p>",
        s.high,
        s.rising,
        w.ui_with(
            c,
            "diary_counts",
            &[("this", &this_week), ("last", &last_week)]
        )
    );
    if s.high {
        out += markup!(
            "<p class=\"finding warn\" data-finding=\"high\">{}</p>",
            w.ui(c, "diary_high")
        );
    }
    if s.rising {
        out += markup!(
            "<p class=\"finding warn\" data-finding=\"rising\">{}</p>",
            w.ui(c, "diary_rising")
        );
    }
    if !s.trend_known {
        out += markup!(
            "<p class=\"finding\" data-finding=\"trend-unknown\">{}</p>",
            w.ui(c, "diary_trend_unknown")
        );
    }
    out += markup!("</div>");
    out
}

/// `YYYY-MM-DD` of a week's Monday.
pub fn long_date(week: &Week) -> String {
    let (y, m, d) = week.start_date();
    format!("{y}-{m:02}-{d:02}")
}

/// Cramps per week as an SVG bar chart with the 3-a-week line, and the same
/// figures as a table (the chart's text alternative, also printed). Colours
/// come from the stylesheet, so dark mode and print work.
pub fn weekly_chart(c: &Content, w: Words, s: &Summary) -> Markup {
    const WIDTH: u32 = 360;
    const HEIGHT: u32 = 180;
    const LEFT: u32 = 28;
    const BOTTOM: u32 = 28;
    const TOP: u32 = 10;
    let n = s.weeks.len().max(1) as u32;
    let top_count = s
        .weeks
        .iter()
        .map(|w| w.count)
        .max()
        .unwrap_or(0)
        .max(HIGH_MORE_THAN + 2);
    let plot_h = HEIGHT - BOTTOM - TOP;
    let y_of = |count: u32| HEIGHT - BOTTOM - count * plot_h / top_count;
    let slot = (WIDTH - LEFT) / n;
    let line_y = y_of(HIGH_MORE_THAN);
    let mut bars = Markup::default();
    for (i, week) in s.weeks.iter().enumerate() {
        let x = LEFT + i as u32 * slot;
        let y = y_of(week.count);
        let over = if week.count > HIGH_MORE_THAN {
            " over"
        } else {
            ""
        };
        bars += markup!(
            "<g class=\"week{over}\"><rect class=\"bar\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\"></rect>",
        x + 3,
        slot - 6,
        HEIGHT - BOTTOM - y;
        over = over,
        y = y);
        if week.count > 0 {
            bars += markup!(
                "<text class=\"bar-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2,
                y - 2,
                week.count
            );
        }
        if i % 2 == 1 || n <= 6 {
            let (_, m, d) = week.start_date();
            bars += markup!(
                "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{m}/{d}</text>",
        x + slot / 2,
        HEIGHT - 10;
        m = m,
        d = d);
        }
        bars += markup!("</g>");
    }
    let this_week = s.weeks.last().map_or(0, |w| w.count).to_string();
    let peak = s
        .weeks
        .iter()
        .map(|w| w.count)
        .max()
        .unwrap_or(0)
        .to_string();
    let weeks = s.weeks.len().to_string();
    let args = [("count", &*weeks), ("this", &*this_week), ("peak", &*peak)];
    let rows: Markup = s
        .weeks
        .iter()
        .rev()
        .map(|week| {
            let over = if week.count > HIGH_MORE_THAN {
                markup!(" class=\"over\"")
            } else {
                Markup::default()
            };
            markup!(
                "<tr{over}><th scope=\"row\">{}</th><td>{}</td></tr>",
        long_date(week),
        week.count;
        over = over)
        })
        .collect();
    markup!(
        "<div class=\"weekly\"><figure class=\"chart\"><svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" focusable=\"false\">\
<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>\
<line class=\"axis\" x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{axis}\" y2=\"{axis}\"></line>{bars}\
<line class=\"limit\" x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{line_y}\" y2=\"{line_y}\"></line>\
<text class=\"limit-label\" x=\"2\" y=\"{}\">{HIGH_MORE_THAN}</text></svg><figcaption>{}</figcaption></figure>\
<table class=\"summary-table weeks-table\" data-table=\"weeks\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table></div>",
        w.ui(c, "chart_title"),
        w.ui_with(c, "chart_description", &args),
        line_y + 4,
        w.ui(c, "chart_caption"),
        w.ui(c, "chart_table_caption"),
        w.ui(c, "chart_week_of"),
        w.ui(c, "chart_count");
        axis = HEIGHT - BOTTOM,
        WIDTH = WIDTH,
        HEIGHT = HEIGHT,
        LEFT = LEFT,
        bars = bars,
        line_y = line_y,
        HIGH_MORE_THAN = HIGH_MORE_THAN,
        rows = rows)
}

/// The one-page summary for the doctor: hidden on screen, printed first. It
/// repeats the result compactly and lists every answer, so the doctor sees what
/// the person said, not only what the self-check concluded. `date` is today as
/// the browser writes it; `diary` the diary's summary when there are entries.
pub fn summary(
    c: &Content,
    w: Words,
    answers: &Answers,
    a: &Assessment,
    date: &str,
    diary: Option<&Summary>,
) -> Markup {
    let visible = answers.visible(c);
    let level = c.level_text(a.level);
    let spans = |items: Vec<Markup>| -> Markup {
        items
            .into_iter()
            .map(|x| markup!("<span class=\"dept\">{x}</span>"; x = x))
            .collect()
    };
    let row = |title: Markup, body: Markup| markup!("<tr><th scope=\"row\">{title}</th><td>{body}</td></tr>"; title = title, body = body);
    let mut rows = row(w.ui(c, "summary_date"), Markup::text(date));
    rows += &row(
        w.ui(c, "summary_level"),
        markup!(
            "<strong>{}</strong><span class=\"summary-when\"><span class=\"label\">{}</span><span>{}</span></span>",
            level.map(|l| w.t(&l.title)).unwrap_or_default(),
            w.ui(c, "by_when"),
            level.map(|l| w.t(&l.by_when)).unwrap_or_default()
        ),
    );
    rows += &row(
        w.ui(c, "departments_title"),
        spans(
            a.departments
                .iter()
                .filter_map(|d| c.department(d))
                .map(|d| w.t(&d.name))
                .collect(),
        ),
    );
    rows += &row(
        w.ui(c, "patterns_title"),
        if a.patterns.is_empty() {
            w.ui(c, "patterns_none")
        } else {
            spans(
                a.patterns
                    .iter()
                    .filter_map(|p| c.pattern(p))
                    .map(|p| w.t(&p.name))
                    .collect(),
            )
        },
    );
    for (label, chosen) in told_lists(c, w, &visible) {
        rows += &row(
            label,
            if chosen.is_empty() {
                w.ui(c, "summary_none_chosen")
            } else {
                spans(chosen)
            },
        );
    }
    let tests = tests_to_ask(c, w, a);
    if !tests.is_empty() {
        rows += &row(w.ui(c, "tests_to_ask_title"), spans(tests));
    }
    let reasons = if a.reasons.is_empty() {
        markup!("<p>{}</p>", w.ui(c, "reasons_none"))
    } else {
        markup!(
            "<ol class=\"summary-reasons\">{}</ol>",
            list(
                a.reasons
                    .iter()
                    .filter_map(|r| c.rule(&r.rule))
                    .map(|r| w.t(&r.reason))
            )
        )
    };
    let steps: Markup = crate::journey::shown_steps(c, answers)
        .into_iter()
        .map(|i| {
            markup!(
                "<div class=\"summary-step\"><h4>{}</h4>{}</div>",
                w.t(&c.steps[i].title),
                answer_list(c, w, &c.steps[i], answers)
            )
        })
        .collect();
    let diary = diary
        .map(|s| {
            markup!(
                "<h3>{}</h3>{}{}",
                w.ui(c, "diary_title"),
                findings(c, w, s),
                weekly_chart(c, w, s)
            )
        })
        .unwrap_or_default();
    markup!(
        "<div class=\"print-summary\" data-summary=\"doctor\"><h2>{}</h2><p class=\"summary-note\">{}</p>\
<table class=\"summary-table\"><tbody>{rows}</tbody></table><h3>{}</h3>{reasons}<h3>{}</h3>\
<div class=\"summary-answers\">{steps}</div>{diary}<p class=\"summary-note\">{}</p></div>",
        w.ui(c, "summary_title"),
        w.ui(c, "summary_for_doctor"),
        w.ui(c, "reasons_title"),
        w.ui(c, "summary_answers"),
        w.ui(c, "not_diagnosis");
        rows = rows,
        reasons = reasons,
        steps = steps,
        diary = diary)
}
