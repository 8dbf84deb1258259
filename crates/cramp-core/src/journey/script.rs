//! What "read aloud" says: the current screen's words, in reading order. Pure.
//!
//! On a questionnaire step: the heading, then each question shown with its
//! options ("yes, no, not sure"); on the result its essentials: the level,
//! what to do and by when, where, and the call to the emergency number when it
//! applies; elsewhere the heading and the lead text. Sentences are joined
//! with the language's own full stop so the voice pauses between them.

use super::{Screen, State};
use crate::content::{Content, Kind, Lang, Level, Text};

/// The text to read aloud for the screen `state` shows.
pub fn read_aloud(c: &Content, state: &State) -> String {
    let lang = state.lang();
    let phone = &state.ui.host.phone;
    let fill = |s: &str| crate::markup::fill(s, &[(crate::markup::PHONE, phone)]);
    let t = |text: &Text| fill(text.get(lang));
    let ui = |key: &str| fill(c.ui(key, lang));
    let mut parts: Vec<String> = Vec::new();
    let answers = &state.journey.answers;
    match state.journey.screen {
        Screen::Intro => {
            parts.push(ui("intro_title"));
            parts.push(ui("intro_what"));
            parts.push(ui("intro_emergency"));
        }
        Screen::Step(i) => {
            let Some(step) = c.steps.get(i) else {
                return String::new();
            };
            parts.push(t(&step.title));
            if let Some(intro) = &step.intro {
                parts.push(t(intro));
            }
            let shown = answers.shown(c);
            for q in step.questions.iter().filter(|q| shown.contains(&&*q.id)) {
                parts.push(t(&q.text));
                let options: Vec<String> = match q.kind {
                    Kind::Single | Kind::Multi => q.options.iter().map(|o| t(&o.label)).collect(),
                    Kind::YesNo => vec![ui("answer_yes"), ui("answer_no")],
                    Kind::YesNoUnsure => {
                        vec![ui("answer_yes"), ui("answer_no"), ui("answer_not_sure")]
                    }
                };
                parts.push(options.join(list_separator(lang)));
            }
        }
        Screen::Review => {
            parts.push(ui("review_title"));
            parts.push(ui("review_intro"));
        }
        Screen::Result => {
            let a = state.assessment(c);
            if let Some(l) = c.level_text(a.level) {
                parts.push(t(&l.title));
                parts.push(format!("{}{}", ui("by_when"), t(&l.by_when)));
                parts.push(t(&l.action));
            }
            let depts: Vec<String> = a
                .departments
                .iter()
                .filter_map(|d| c.department(d))
                .map(|d| t(&d.name))
                .collect();
            if !depts.is_empty() {
                parts.push(format!(
                    "{}{}",
                    ui("departments_title"),
                    depts.join(list_separator(lang))
                ));
            }
            if a.level >= Level::Urgent {
                parts.push(ui("call_button"));
            }
        }
        Screen::Diary => {
            parts.push(ui("diary_title"));
            parts.push(ui("diary_intro"));
        }
    }
    let stop = match lang {
        Lang::Zh => "。",
        Lang::En => ". ",
    };
    // A sentence that already ends (a question mark, a colon before a list)
    // keeps its own mark; the others get a full stop.
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        out.push_str(p);
        if p.ends_with(['。', '.', '？', '?', '！', '!', '：', ':']) {
            if lang == Lang::En {
                out.push(' ');
            }
        } else {
            out.push_str(stop);
        }
    }
    out.trim_end().to_string()
}

fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    }
}
