//! The simple line drawings: the saddle area, the three stretches of seed 000 Table 3, and level icons.
//!
//! Inline SVG keeps them in the binary (nothing fetched) and lets them follow the
//! text colour (`currentColor`), so they work in dark mode and when printed.
//! Highlighted areas are hatched as well as coloured, so colour is never the only cue.
//! Each drawing is named for screen readers by a ui key.

use super::text::Ctx;
use crate::content::{Drawing, Level};
use yew::prelude::*;

/// The drawing that goes with a question, if any (declared in the question files).
pub fn for_question(ctx: &Ctx, drawing: Option<Drawing>) -> Option<Html> {
    (drawing == Some(Drawing::Saddle)).then(|| saddle_area(ctx))
}

/// The saddle area, front and back, hatched.
pub fn saddle_area(ctx: &Ctx) -> Html {
    // One outline of the lower body, drawn twice: the back view adds the buttock line.
    let outline = "M62 20 C60 45 42 62 40 92 L50 190 L94 190 L100 126 L106 190 L150 190 \
                   L160 92 C158 62 140 45 138 20 Z";
    let front_area = "M72 96 Q100 88 128 96 Q121 140 111 168 L100 124 L89 168 Q79 140 72 96 Z";
    let back_area = "M66 92 Q100 80 134 92 Q124 140 111 168 L100 126 L89 168 Q76 140 66 92 Z";
    html! {
        <figure class="drawing saddle">
            <svg viewBox="0 0 420 230" role="img" aria-label={ctx.ui("saddle_drawing_label")}>
                <defs>
                    <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse"
                        patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="8" class="hatch-line" stroke-width="4" />
                    </pattern>
                </defs>
                <g class="fig-line" fill="none" stroke-width="4" stroke-linejoin="round">
                    <path d={outline} />
                    <path d={front_area} class="fig-area" />
                </g>
                <g transform="translate(220 0)" class="fig-line" fill="none" stroke-width="4"
                    stroke-linejoin="round">
                    <path d={outline} />
                    <path d="M100 40 L100 118 M56 116 Q78 132 98 122 M102 122 Q122 132 144 116" />
                    <path d={back_area} class="fig-area" />
                </g>
                <text x="100" y="222" text-anchor="middle" class="fig-text">
                    {ctx.ui("saddle_front")}
                </text>
                <text x="320" y="222" text-anchor="middle" class="fig-text">
                    {ctx.ui("saddle_back")}
                </text>
            </svg>
            <figcaption>{ctx.ui("saddle_caption")}</figcaption>
        </figure>
    }
}

/// The drawing of one stretch of Table 3 (its `drawing` in `advice.toml`).
pub fn stretch(ctx: &Ctx, drawing: Option<Drawing>) -> Option<Html> {
    // The seated figure is low: its own view box spares empty space above it.
    let (label, view, body) = match drawing? {
        Drawing::StandingCalf => (
            ctx.ui("stretch_standing_calf_label"),
            "0 0 240 200",
            standing_calf(),
        ),
        Drawing::StandingHamstring => (
            ctx.ui("stretch_standing_hamstring_label"),
            "0 0 240 200",
            standing_hamstring(),
        ),
        Drawing::SeatedStretch => (ctx.ui("stretch_seated_label"), "0 66 240 134", seated()),
        _ => return None,
    };
    Some(html! {
        <svg class="stretch-svg" viewBox={view} role="img" aria-label={label}>
            <line x1="5" y1="192" x2="235" y2="192" class="fig-line ground" stroke-width="3" />
            { body }
        </svg>
    })
}

/// Standing calf stretch: hands on a wall, back leg straight, front knee bent.
fn standing_calf() -> Html {
    html! {
        <g fill="none" stroke-linecap="round" stroke-linejoin="round">
            <rect x="205" y="10" width="12" height="182" class="fig-solid" />
            <g class="fig-line" stroke-width="7">
                <circle cx="160" cy="40" r="13" />
                <path d="M114 116 L150 58" />
                <path d="M150 58 L204 64" />
                <path d="M114 116 L150 150 L160 190" />
                <path d="M114 116 L92 153" />
                <path d="M160 190 L178 190 M70 190 L88 190" />
            </g>
            // The stretched calf.
            <path d="M92 153 L70 190" class="fig-accent" stroke-width="9" />
        </g>
    }
}

/// Standing hamstring stretch: one heel on a chair set against the wall, leaning forward.
fn standing_hamstring() -> Html {
    html! {
        <g fill="none" stroke-linecap="round" stroke-linejoin="round">
            <rect x="222" y="10" width="12" height="182" class="fig-solid" />
            <g class="fig-line" stroke-width="5">
                <path d="M150 132 L212 132 M212 132 L212 70 M156 132 L156 190 M208 132 L208 190" />
            </g>
            <g class="fig-line" stroke-width="7">
                <circle cx="124" cy="48" r="13" />
                <path d="M76 116 L112 64" />
                <path d="M112 64 L132 106" />
                <path d="M76 116 L72 190 L90 190" />
                <path d="M176 126 L182 110" />
            </g>
            // The stretched back of the raised leg.
            <path d="M76 116 L176 126" class="fig-accent" stroke-width="9" />
        </g>
    }
}

/// Seated hamstring and calf stretch: legs straight, reaching for the toes with a towel.
fn seated() -> Html {
    html! {
        <g fill="none" stroke-linecap="round" stroke-linejoin="round">
            <g class="fig-line" stroke-width="7">
                <circle cx="130" cy="92" r="13" />
                <path d="M66 176 L118 110" />
                <path d="M118 110 L184 150" />
                <path d="M190 180 L198 152" />
            </g>
            <path d="M184 150 Q212 146 200 170" class="fig-line" stroke-width="3" />
            // The stretched backs of the legs.
            <path d="M66 180 L190 180" class="fig-accent" stroke-width="9" />
        </g>
    }
}

/// The icon of a level: its shape, not only its colour, tells levels apart.
pub fn level_icon(level: Level) -> Html {
    let shape = match level {
        Level::Emergency => html! {
            <>
                <path d="M24 4 L46 43 L2 43 Z" class="icon-fill" />
                <path d="M24 17 L24 30" class="icon-mark" stroke-width="5" stroke-linecap="round" />
                <circle cx="24" cy="37" r="3" class="icon-dot" />
            </>
        },
        Level::Urgent => html! {
            <>
                <circle cx="24" cy="24" r="20" class="icon-fill" />
                <path d="M24 11 L24 25 L33 31" class="icon-mark" stroke-width="4"
                    stroke-linecap="round" fill="none" />
            </>
        },
        Level::Soon => html! {
            <>
                <rect x="5" y="9" width="38" height="34" rx="4" class="icon-fill" />
                <path d="M5 18 L43 18 M15 4 L15 13 M33 4 L33 13" class="icon-mark-dark"
                    stroke-width="4" stroke-linecap="round" />
                <path d="M14 30 L20 36 L34 24" class="icon-mark" stroke-width="4"
                    stroke-linecap="round" fill="none" />
            </>
        },
        Level::SelfCare => html! {
            <>
                <path d="M24 5 L44 22 L39 22 L39 43 L9 43 L9 22 L4 22 Z" class="icon-fill" />
                <rect x="20" y="29" width="8" height="14" class="icon-dot" />
            </>
        },
    };
    html! {
        <svg class="level-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            { shape }
        </svg>
    }
}

/// A telephone glyph for the call links (decorative: the link text says "call").
pub fn phone_icon() -> Html {
    html! {
        <svg class="inline-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1 11.4 11.4 0 0 0 .57 3.6 1 1 0 0 1-.25 1z"
                fill="currentColor" />
        </svg>
    }
}
