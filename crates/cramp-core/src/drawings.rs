//! The simple line drawings as SVG markup: the saddle area, the guided
//! self-tests, the three stretches of seed 000 Table 3, the level icons and
//! small glyphs. Pure text, so the widget and the prerendered page show the
//! very same drawing (and the wasm carries a string, not a tree of calls).
//!
//! Drawings follow the text colour (classes styled in styles/app.css), so they
//! work in dark mode and when printed. Highlighted parts are hatched or drawn
//! thicker as well as coloured, so colour is never the only cue. Each drawing
//! is an image named for screen readers by its label (a `ui.toml` text).

use crate::content::{Content, Drawing, Lang, Level};
use crate::markup;
use crate::markup::Markup;

/// The `ui.toml` key of a drawing's label.
pub fn label_key(d: Drawing) -> &'static str {
    match d {
        Drawing::Saddle => "saddle_drawing_label",
        Drawing::Tiptoe => "drawing_tiptoe_label",
        Drawing::Heels => "drawing_heels_label",
        Drawing::BigToe => "drawing_big_toe_label",
        Drawing::StandingCalf => "stretch_standing_calf_label",
        Drawing::StandingHamstring => "stretch_standing_hamstring_label",
        Drawing::SeatedStretch => "stretch_seated_label",
    }
}

/// The drawing as an `<svg role="img">` named by `label`.
pub fn svg(d: Drawing, label: &str, extra: &[(&str, &str)]) -> Markup {
    let t = Markup::trusted_static;
    let (view, body) = match d {
        Drawing::Saddle => ("0 0 420 230", saddle(extra)),
        Drawing::Tiptoe => ("0 0 200 200", t(TIPTOE)),
        Drawing::Heels => ("0 0 200 200", t(HEELS)),
        Drawing::BigToe => ("0 0 200 150", t(BIG_TOE)),
        Drawing::StandingCalf => ("0 0 240 200", ground(STANDING_CALF)),
        Drawing::StandingHamstring => ("0 0 240 200", ground(STANDING_HAMSTRING)),
        Drawing::SeatedStretch => ("0 66 240 134", ground(SEATED)),
    };
    markup!(
        "<svg class=\"figure-svg {}\" viewBox=\"{}\" role=\"img\" aria-label=\"{}\" focusable=\"false\">{}</svg>",
        d.id(),
        view,
        label,
        body
    )
}

/// The drawing in `lang`, its label taken from the content.
pub fn svg_in(c: &Content, d: Drawing, lang: Lang) -> Markup {
    let extra: Vec<(&str, &str)> = match d {
        Drawing::Saddle => vec![
            ("front", c.ui("saddle_front", lang)),
            ("back", c.ui("saddle_back", lang)),
        ],
        _ => Vec::new(),
    };
    svg(d, c.ui(label_key(d), lang), &extra)
}

/// The drawing in a `<figure class="{class} {id}">`; the saddle has its caption.
pub fn figure_in(c: &Content, d: Drawing, lang: Lang, class: &str) -> Markup {
    let caption = if d == Drawing::Saddle {
        markup!("<figcaption>{}</figcaption>", c.ui("saddle_caption", lang))
    } else {
        Markup::default()
    };
    markup!(
        "<figure class=\"{} {}\">{}{}</figure>",
        class,
        d.id(),
        svg_in(c, d, lang),
        caption
    )
}

fn ground(body: &'static str) -> Markup {
    markup!("<line x1=\"5\" y1=\"192\" x2=\"235\" y2=\"192\" class=\"fig-line ground\" stroke-width=\"3\"/>{}", Markup::trusted_static(body))
}

/// The saddle area, front and back, hatched. `extra`: the words "front" and "back".
fn saddle(extra: &[(&str, &str)]) -> Markup {
    // One outline of the lower body, drawn twice: the back view adds the buttock line.
    const OUTLINE: &str = "M62 20 C60 45 42 62 40 92 L50 190 L94 190 L100 126 L106 190 L150 190 L160 92 C158 62 140 45 138 20 Z";
    let word = |k: &str| extra.iter().find(|(x, _)| *x == k).map_or("", |(_, v)| *v);
    let outline = Markup::trusted_static(OUTLINE);
    markup!(
        "<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" class=\"hatch-line\" stroke-width=\"4\"/></pattern></defs>\
<g class=\"fig-line\" fill=\"none\" stroke-width=\"4\" stroke-linejoin=\"round\"><path d=\"{outline}\"/>\
<path d=\"M72 96 Q100 88 128 96 Q121 140 111 168 L100 124 L89 168 Q79 140 72 96 Z\" class=\"fig-area\"/></g>\
<g transform=\"translate(220 0)\" class=\"fig-line\" fill=\"none\" stroke-width=\"4\" stroke-linejoin=\"round\"><path d=\"{outline}\"/>\
<path d=\"M100 40 L100 118 M56 116 Q78 132 98 122 M102 122 Q122 132 144 116\"/>\
<path d=\"M66 92 Q100 80 134 92 Q124 140 111 168 L100 126 L89 168 Q76 140 66 92 Z\" class=\"fig-area\"/></g>\
<text x=\"100\" y=\"222\" text-anchor=\"middle\" class=\"fig-text\">{}</text>\
<text x=\"320\" y=\"222\" text-anchor=\"middle\" class=\"fig-text\">{}</text>",
        word("front"),
        word("back");
        outline = outline)
}

/// Walking on tiptoe with one hand on a wall: heels raised high.
const TIPTOE: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<rect x=\"170\" y=\"10\" width=\"12\" height=\"180\" class=\"fig-solid\"/>\
<line x1=\"5\" y1=\"190\" x2=\"195\" y2=\"190\" class=\"fig-line ground\" stroke-width=\"3\"/>\
<g class=\"fig-line\" stroke-width=\"7\"><circle cx=\"100\" cy=\"30\" r=\"13\"/>\
<path d=\"M100 44 L100 110\"/><path d=\"M100 60 L168 70\"/><path d=\"M100 60 L70 96\"/>\
<path d=\"M100 110 L84 150 L80 176\"/><path d=\"M100 110 L116 150 L120 176\"/></g>\
<path d=\"M80 176 L72 188 M120 176 L128 188\" class=\"fig-accent\" stroke-width=\"8\"/></g>";

/// Walking on the heels with one hand on a wall: toes and forefoot lifted.
const HEELS: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<rect x=\"170\" y=\"10\" width=\"12\" height=\"180\" class=\"fig-solid\"/>\
<line x1=\"5\" y1=\"190\" x2=\"195\" y2=\"190\" class=\"fig-line ground\" stroke-width=\"3\"/>\
<g class=\"fig-line\" stroke-width=\"7\"><circle cx=\"100\" cy=\"36\" r=\"13\"/>\
<path d=\"M100 50 L100 116\"/><path d=\"M100 66 L168 76\"/><path d=\"M100 66 L70 102\"/>\
<path d=\"M100 116 L86 154 L84 186\"/><path d=\"M100 116 L114 154 L116 186\"/></g>\
<path d=\"M84 186 L64 170 M116 186 L136 170\" class=\"fig-accent\" stroke-width=\"8\"/></g>";

/// Lifting the big toe against a finger pressing it down.
const BIG_TOE: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<line x1=\"5\" y1=\"130\" x2=\"195\" y2=\"130\" class=\"fig-line ground\" stroke-width=\"3\"/>\
<path d=\"M30 20 L34 110 Q36 128 60 128 L150 128 Q176 126 170 110 Q160 96 120 100 L60 100 L56 20\" class=\"fig-line\" stroke-width=\"6\"/>\
<path d=\"M150 112 Q168 92 182 96\" class=\"fig-accent\" stroke-width=\"9\"/>\
<path d=\"M196 60 L184 92 M176 58 L186 90\" class=\"fig-line\" stroke-width=\"6\"/></g>";

/// Standing calf stretch: hands on a wall, back leg straight, front knee bent.
const STANDING_CALF: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<rect x=\"205\" y=\"10\" width=\"12\" height=\"182\" class=\"fig-solid\"/>\
<g class=\"fig-line\" stroke-width=\"7\"><circle cx=\"160\" cy=\"40\" r=\"13\"/>\
<path d=\"M114 116 L150 58\"/><path d=\"M150 58 L204 64\"/><path d=\"M114 116 L150 150 L160 190\"/>\
<path d=\"M114 116 L92 153\"/><path d=\"M160 190 L178 190 M70 190 L88 190\"/></g>\
<path d=\"M92 153 L70 190\" class=\"fig-accent\" stroke-width=\"9\"/></g>";

/// Standing hamstring stretch: one heel on a chair set against the wall, leaning forward.
const STANDING_HAMSTRING: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<rect x=\"222\" y=\"10\" width=\"12\" height=\"182\" class=\"fig-solid\"/>\
<g class=\"fig-line\" stroke-width=\"5\"><path d=\"M150 132 L212 132 M212 132 L212 70 M156 132 L156 190 M208 132 L208 190\"/></g>\
<g class=\"fig-line\" stroke-width=\"7\"><circle cx=\"124\" cy=\"48\" r=\"13\"/>\
<path d=\"M76 116 L112 64\"/><path d=\"M112 64 L132 106\"/><path d=\"M76 116 L72 190 L90 190\"/><path d=\"M176 126 L182 110\"/></g>\
<path d=\"M76 116 L176 126\" class=\"fig-accent\" stroke-width=\"9\"/></g>";

/// Seated hamstring and calf stretch: legs straight, reaching for the toes with a towel.
const SEATED: &str = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
<g class=\"fig-line\" stroke-width=\"7\"><circle cx=\"130\" cy=\"92\" r=\"13\"/>\
<path d=\"M66 176 L118 110\"/><path d=\"M118 110 L184 150\"/><path d=\"M190 180 L198 152\"/></g>\
<path d=\"M184 150 Q212 146 200 170\" class=\"fig-line\" stroke-width=\"3\"/>\
<path d=\"M66 180 L190 180\" class=\"fig-accent\" stroke-width=\"9\"/></g>";

/// The icon of a level: its shape, not only its colour, tells levels apart (decorative).
pub fn level_icon(level: Level) -> Markup {
    Markup::trusted_static(match level {
        Level::Emergency => "<svg class=\"level-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M24 4 L46 43 L2 43 Z\" class=\"icon-fill\"/><path d=\"M24 17 L24 30\" class=\"icon-mark\" stroke-width=\"5\" stroke-linecap=\"round\"/><circle cx=\"24\" cy=\"37\" r=\"3\" class=\"icon-dot\"/></svg>",
        Level::Urgent => "<svg class=\"level-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" focusable=\"false\"><circle cx=\"24\" cy=\"24\" r=\"20\" class=\"icon-fill\"/><path d=\"M24 11 L24 25 L33 31\" class=\"icon-mark\" stroke-width=\"4\" stroke-linecap=\"round\" fill=\"none\"/></svg>",
        Level::Soon => "<svg class=\"level-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" focusable=\"false\"><rect x=\"5\" y=\"9\" width=\"38\" height=\"34\" rx=\"4\" class=\"icon-fill\"/><path d=\"M5 18 L43 18 M15 4 L15 13 M33 4 L33 13\" class=\"icon-mark-dark\" stroke-width=\"4\" stroke-linecap=\"round\"/><path d=\"M14 30 L20 36 L34 24\" class=\"icon-mark\" stroke-width=\"4\" stroke-linecap=\"round\" fill=\"none\"/></svg>",
        Level::SelfCare => "<svg class=\"level-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M24 5 L44 22 L39 22 L39 43 L9 43 L9 22 L4 22 Z\" class=\"icon-fill\"/><rect x=\"20\" y=\"29\" width=\"8\" height=\"14\" class=\"icon-dot\"/></svg>",
    })
}

/// A telephone glyph for the call links (decorative: the link text says "call").
pub fn phone_icon() -> Markup {
    Markup::trusted_static(PHONE_ICON)
}

const PHONE_ICON: &str = "<svg class=\"inline-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1 11.4 11.4 0 0 0 .57 3.6 1 1 0 0 1-.25 1z\" fill=\"currentColor\"/></svg>";

/// A speaker glyph for "read aloud" (decorative).
pub fn speaker_icon() -> Markup {
    Markup::trusted_static(SPEAKER_ICON)
}

const SPEAKER_ICON: &str = "<svg class=\"inline-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M3 9h4l5-4v14l-5-4H3z\" fill=\"currentColor\"/><path d=\"M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\"/></svg>";
