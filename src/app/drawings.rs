//! The core's drawings (`cramp_core::drawings`, SVG markup) as Yew nodes.
//!
//! Inline SVG keeps them in the binary (nothing fetched); the markup is the
//! core's constant text with a translated label, so it can be inserted as is.

use crate::content::Level;
use cramp_core::drawings;
use yew::{AttrValue, Html};

fn raw(markup: impl Into<AttrValue>) -> Html {
    Html::from_html_unchecked(markup.into())
}

pub fn level_icon(level: Level) -> Html {
    raw(drawings::level_icon(level))
}

pub fn phone_icon() -> Html {
    raw(drawings::PHONE_ICON)
}

pub fn speaker_icon() -> Html {
    raw(drawings::SPEAKER_ICON)
}
