//! The prerendered emergency screen (`prerender`), as a tree: each emergency
//! question's own advice follows it, in a place where a CSS sibling selector
//! shows it (every engine, no `:has()`), and its answers are the widget's.
//!
//! styles/app.css shows the advice with
//! `.pre-options > input[value=yes|not_sure]:checked ~ .pre-alert` and lays
//! the options out in grid rows 1 to 12: these tests hold the markup to both.

use cramp_core::content::{embedded, Content, Lang, Level};
use cramp_core::engine;
use cramp_core::prerender::first_screens;
use cramp_core::view::{self, Words};

fn c() -> &'static Content {
    embedded()
}

/// An element of the page: name, attributes, children (text is left out).
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<El>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split(' ').any(|x| x == class))
    }

    /// Every element under this one, in document order.
    fn all(&self) -> Vec<&El> {
        let mut out = Vec::new();
        for k in &self.kids {
            out.push(k);
            out.extend(k.all());
        }
        out
    }

    fn find(&self, pred: impl Fn(&El) -> bool) -> Option<&El> {
        self.all().into_iter().find(|e| pred(e))
    }
}

/// Parses the (well-formed, double-quoted) markup the core writes.
fn parse(html: &str) -> El {
    const VOIDS: [&str; 6] = ["input", "br", "img", "meta", "link", "hr"];
    let mut stack = vec![El {
        name: "#root".into(),
        attrs: Vec::new(),
        kids: Vec::new(),
    }];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("a tag is closed");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let el = stack.pop().expect("an open element");
            assert_eq!(el.name, name.trim(), "closed in order");
            stack.last_mut().expect("a parent").kids.push(el);
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut a = tag[name.len()..].trim_end_matches('/');
        loop {
            a = a.trim_start();
            if a.is_empty() {
                break;
            }
            let key_end = a.find(['=', ' ']).unwrap_or(a.len());
            let key = a[..key_end].to_string();
            a = &a[key_end..];
            if let Some(v) = a.strip_prefix("=\"") {
                let close = v.find('"').expect("a closed value");
                attrs.push((key, v[..close].to_string()));
                a = &v[close + 1..];
            } else {
                attrs.push((key, String::new()));
            }
        }
        let el = El {
            name: name.clone(),
            attrs,
            kids: Vec::new(),
        };
        if VOIDS.contains(&name.as_str()) || tag.ends_with('/') {
            stack.last_mut().expect("a parent").kids.push(el);
        } else {
            stack.push(el);
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    stack.pop().expect("the root")
}

fn page() -> El {
    parse(&first_screens(c(), "120"))
}

/// The prerendered emergency questions' options boxes, by question id.
fn options_boxes(page: &El) -> Vec<(String, El)> {
    let screen = page
        .find(|e| e.attr("id") == Some("cc-emergency"))
        .expect("the emergency screen");
    screen
        .all()
        .into_iter()
        .filter(|e| e.name == "fieldset")
        .map(|f| {
            let q = f.attr("data-question").expect("data-question").to_string();
            let options = f
                .kids
                .iter()
                .find(|k| k.has_class("options"))
                .unwrap_or_else(|| panic!("{q}: an options box in its fieldset"))
                .clone();
            (q, options)
        })
        .collect()
}

#[test]
fn every_emergency_question_is_prerendered_with_its_radios_before_their_labels() {
    let page = page();
    let boxes = options_boxes(&page);
    let ids: Vec<&str> = c().steps[0].questions.iter().map(|q| &*q.id).collect();
    assert_eq!(
        boxes.iter().map(|(q, _)| q.as_str()).collect::<Vec<_>>(),
        ids,
        "each question of the emergency step, in order"
    );
    for (q, options) in &boxes {
        assert!(
            options.has_class("pre-options"),
            "{q}: the plain page's form"
        );
        let inputs: Vec<usize> = (0..options.kids.len())
            .filter(|&i| options.kids[i].name == "input")
            .collect();
        assert!(!inputs.is_empty(), "{q}: answers");
        // styles/app.css places rows 1 to 12.
        assert!(inputs.len() <= 12, "{q}: {} options", inputs.len());
        for (n, &i) in inputs.iter().enumerate() {
            assert_eq!(
                i,
                2 * n,
                "{q}: input, label, input, label…, then the advice"
            );
            let input = &options.kids[i];
            let label = &options.kids[i + 1];
            assert!(
                matches!(input.attr("type"), Some("radio" | "checkbox")),
                "{q}"
            );
            assert_eq!(input.attr("name"), Some(q.as_str()));
            assert_eq!(label.name, "label", "{q}: its label just after it");
            assert!(label.has_class("option"));
            assert_eq!(
                label.attr("for"),
                input.attr("id"),
                "{q}: the label names it"
            );
            let first = label.kids.first().expect("the label's content");
            assert!(
                first.has_class("pre-radio") && first.attr("aria-hidden") == Some("true"),
                "{q}: the radio's place in the label, unheard"
            );
            assert!(first.kids.is_empty());
        }
        let last = inputs.last().copied().unwrap_or(0) + 1;
        for rest in &options.kids[last + 1..] {
            assert!(
                rest.has_class("pre-alert"),
                "{q}: only advice after the answers"
            );
        }
    }
}

#[test]
fn each_emergency_signs_own_advice_follows_it_where_a_sibling_selector_shows_it() {
    let page = page();
    let boxes = options_boxes(&page);
    let signs = engine::emergency_signs(c());
    assert!(!signs.is_empty());
    // The CSS shows a question's advice on these answers only.
    let revealed = ["yes", "not_sure"];
    let amber: Vec<_> = c()
        .rules
        .iter()
        .filter(|r| r.level == Level::Urgent && r.alert)
        .filter(|r| r.all.is_empty() && r.any.len() == 1)
        .collect();
    for (q, options) in &boxes {
        let on: Vec<&str> = signs
            .iter()
            .filter(|(sq, _)| sq == q)
            .map(|(_, v)| v.as_str())
            .collect();
        let alerts: Vec<&El> = options
            .kids
            .iter()
            .filter(|k| k.attr("data-alert") == Some("emergency"))
            .collect();
        let notices: Vec<&El> = options
            .kids
            .iter()
            .filter(|k| k.attr("data-alert") == Some("same-day"))
            .collect();
        let amber_here: Vec<_> = amber.iter().filter(|r| r.any[0].q == *q).collect();
        if on.is_empty() {
            assert!(
                alerts.is_empty(),
                "{q}: no emergency advice on a question that raises none"
            );
        } else {
            assert_eq!(alerts.len(), 1, "{q}: its own advice, once");
            let v: Vec<&str> = options
                .kids
                .iter()
                .filter(|k| k.name == "input")
                .filter_map(|k| k.attr("value"))
                .collect();
            for value in &on {
                assert!(
                    revealed.contains(value) && v.contains(value),
                    "{q}={value} raises the emergency, and CSS shows the advice on yes and not_sure only"
                );
            }
        }
        assert_eq!(notices.len(), amber_here.len(), "{q}: its same-day notice");
        for (n, r) in notices.iter().zip(&amber_here) {
            assert_eq!(n.attr("data-rule"), Some(&*r.id));
        }
        for advice in alerts.iter().chain(&notices) {
            // After every input of the question (`~`), in the same box, display:none until shown.
            assert!(advice.has_class("pre-alert"), "{q}");
            assert_eq!(
                advice.attr("role"),
                Some("alert"),
                "{q}: announced when it appears"
            );
            assert!(
                advice
                    .find(|e| e.name == "a" && e.attr("href") == Some("tel:120"))
                    .is_some(),
                "{q}: the call link"
            );
        }
    }
    // Every emergency sign of the first step has its advice there; none stands elsewhere.
    let on_page = page
        .all()
        .into_iter()
        .filter(|e| e.attr("data-alert").is_some())
        .count();
    let in_boxes: usize = boxes
        .iter()
        .map(|(_, o)| {
            o.kids
                .iter()
                .filter(|k| k.attr("data-alert").is_some())
                .count()
        })
        .sum();
    assert_eq!(on_page, in_boxes, "no advice away from its question");
    for (q, _) in &signs {
        if c().steps[0].questions.iter().any(|x| x.id == *q) {
            assert!(boxes.iter().any(|(b, o)| b == q
                && o.kids
                    .iter()
                    .any(|k| k.attr("data-alert") == Some("emergency"))));
        }
    }
    assert!(page.find(|e| e.has_class("pre-advice-all")).is_none());
}

#[test]
fn the_prerendered_answers_are_the_widgets_own() {
    let page = page();
    for (q, options) in options_boxes(&page) {
        let question = c().question(&q).expect("a question");
        let widget = parse(&view::question(c(), Words::Both("120"), question, false));
        let widget_options = widget
            .find(|e| e.has_class("options"))
            .expect("the widget's options");
        let labels: Vec<&El> = options.kids.iter().filter(|k| k.name == "label").collect();
        assert_eq!(labels.len(), widget_options.kids.len(), "{q}");
        for (pre, own) in labels.iter().zip(&widget_options.kids) {
            assert_eq!(pre.attrs, own.attrs, "{q}: the same label");
            let own_input = &own.kids[0];
            assert_eq!(own_input.name, "input");
            let pre_input = options
                .kids
                .iter()
                .find(|k| k.name == "input" && k.attr("id") == own_input.attr("id"))
                .expect("the same input");
            assert_eq!(pre_input.attrs, own_input.attrs, "{q}: the same input");
            assert_eq!(
                format!("{:?}", &pre.kids[1..]),
                format!("{:?}", &own.kids[1..]),
                "{q}: the same words and drawing"
            );
        }
    }
}

#[test]
fn the_failure_message_names_no_place_on_the_page() {
    // It stands at the top of the introduction or of the emergency screen: nothing is above it.
    for lang in [Lang::Zh, Lang::En] {
        let text = c().ui("fallback_text", lang);
        for word in ["上面", "下面", "上方", "下方", "above", "below"] {
            assert!(!text.contains(word), "{lang:?}: {word} in {text}");
        }
    }
}
