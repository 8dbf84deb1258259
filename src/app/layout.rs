//! The frame around every screen: the top bar (presenter, language, larger text) and the progress indicator.

use super::text::Ctx;
use crate::content::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub ctx: Ctx,
    pub large_text: bool,
    pub on_lang: Callback<Lang>,
    pub on_large_text: Callback<()>,
    /// The diary is open (its button shows as current).
    pub in_diary: bool,
    pub on_diary: Callback<()>,
    /// The host's name (validated plain text), shown as "presented by …".
    #[prop_or_default]
    pub station: Option<AttrValue>,
    /// The host's logo (a validated `https:` URL or same-origin path).
    #[prop_or_default]
    pub logo: Option<AttrValue>,
}

#[function_component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let ctx = &props.ctx;
    let lang_button = |lang: Lang, label: String| {
        let on_lang = props.on_lang.clone();
        let current = ctx.lang == lang;
        html! {
            <button
                type="button"
                class={classes!("chip", current.then_some("current"))}
                data-lang={lang.tag()}
                lang={lang.tag()}
                aria-pressed={current.to_string()}
                onclick={Callback::from(move |_: MouseEvent| on_lang.emit(lang))}
            >
                {label}
            </button>
        }
    };
    let on_large = props.on_large_text.reform(|_: MouseEvent| ());
    // Text and attributes only: Yew escapes both, so a station name is never markup.
    let presenter = (props.station.is_some() || props.logo.is_some()).then(|| {
        let station = props.station.clone().unwrap_or_default();
        html! {
            <p class="presenter">
                if let Some(logo) = props.logo.clone() {
                    <img class="presenter-logo" src={logo} alt={station.clone()}
                        referrerpolicy="no-referrer" />
                }
                if props.station.is_some() {
                    <span>{ctx.ui_with("presented_by", &[("station", &station)])}</span>
                }
            </p>
        }
    });
    html! {
        <div class="topbar no-print">
            <div class="names">
                <p class="app-name">{ctx.ui("app_name")}</p>
                { presenter.unwrap_or_default() }
            </div>
            <div class="tools">
                <div class="lang-switch" role="group" aria-label={ctx.ui("language_label")}>
                    { lang_button(Lang::Zh, ctx.ui("lang_zh")) }
                    { lang_button(Lang::En, ctx.ui("lang_en")) }
                </div>
                <button
                    type="button"
                    class={classes!("chip", props.large_text.then_some("current"))}
                    aria-pressed={props.large_text.to_string()}
                    data-action="larger-text"
                    onclick={on_large}
                >
                    {ctx.ui("larger_text")}
                </button>
                <button
                    type="button"
                    class={classes!("chip", props.in_diary.then_some("current"))}
                    aria-current={props.in_diary.then_some("page")}
                    data-action="open-diary"
                    onclick={props.on_diary.reform(|_: MouseEvent| ())}
                >
                    {ctx.ui("diary_open")}
                </button>
            </div>
        </div>
    }
}

/// "Step 2 of 8" in words, with a bar drawn for sighted users (hidden from screen readers,
/// which get the words).
pub fn progress(ctx: &Ctx, (position, total): (usize, usize)) -> Html {
    let pct = (position * 100).checked_div(total).unwrap_or(0);
    let pos = position.to_string();
    let total = total.to_string();
    html! {
        <div class="progress" data-progress={format!("{pos}/{total}")}>
            <p class="progress-text">
                {ctx.ui_with("progress", &[("n", &pos), ("total", &total)])}
            </p>
            // An SVG attribute, not a style: the page's CSP allows no inline styles.
            <svg class="progress-bar" aria-hidden="true" focusable="false">
                <rect class="progress-fill" x="0" y="0" height="100%" width={format!("{pct}%")} />
            </svg>
        </div>
    }
}

/// A navigation button: its look (`primary`, `secondary` or `quiet`), its
/// `data-action` hook, its label and what it does.
pub fn nav_button(
    look: &'static str,
    action: &'static str,
    label: String,
    on: &Callback<()>,
) -> Html {
    html! {
        <button type="button" class={classes!("button", look)} data-action={action}
            onclick={on.reform(|_: MouseEvent| ())}>
            {label}
        </button>
    }
}
