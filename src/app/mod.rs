//! The Yew widget (browser only): mounting it, and the `App` component that wires the reducer to the screens.
//!
//! Code map: `state` (the one reducer and the journey's rules), `text` (all
//! visible wording, language choice), `layout` (top bar, progress), `intro`,
//! `step` + `question` (the questionnaire), `alerts` (emergency advice),
//! `review`, `result` + `summary` (result and printed summary), `drawings`.
//! **Invariant:** components hold no visible text; it all comes from
//! `questions/` (see `text.rs`).

mod alerts;
pub mod drawings;
mod intro;
mod layout;
mod question;
mod result;
mod review;
pub mod state;
mod step;
mod summary;
pub mod text;

use crate::content::{embedded, Lang};
use state::{emergency_answers, missing_emergency, progress, Action, Screen, State};
use text::{choose_lang, valid_phone, Ctx, DEFAULT_PHONE};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub lang: Lang,
    /// The emergency number; the caller validates it (see [`text::valid_phone`]).
    #[prop_or(AttrValue::Static(DEFAULT_PHONE))]
    pub phone: AttrValue,
}

/// Mounts the widget into `<… id="app">` (the body if there is none), choosing the
/// language from `?lang=` or the browser, and the emergency number from the mount
/// element's `data-emergency-number` (default 120).
pub fn start() {
    console_error_panic_hook::set_once();
    let document = gloo::utils::document();
    let root: Element = match document.get_element_by_id("app") {
        Some(el) => el,
        None => gloo::utils::body().into(),
    };
    let window = gloo::utils::window();
    let param = window
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"));
    let lang = choose_lang(param.as_deref(), browser_language(&window).as_deref());
    let phone = root
        .get_attribute("data-emergency-number")
        .and_then(|p| valid_phone(&p))
        .map_or(AttrValue::Static(DEFAULT_PHONE), AttrValue::from);
    mount(root, AppProps { lang, phone });
}

/// `navigator.language`, read through `Reflect` so the widget does not enable
/// web-sys's `Navigator` (which also binds `sendBeacon`; see tests/privacy.rs).
fn browser_language(window: &web_sys::Window) -> Option<String> {
    let navigator = js_sys::Reflect::get(window, &"navigator".into()).ok()?;
    js_sys::Reflect::get(&navigator, &"language".into())
        .ok()?
        .as_string()
}

/// Renders the widget into `root` (used by `start` and by the render tests).
pub fn mount(root: Element, props: AppProps) -> AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// Moves keyboard and screen-reader focus to the element with this id, if present.
fn focus(id: &str) {
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(props.lang, props.phone.clone()));
    let content = embedded();
    let ctx = Ctx {
        lang: state.lang,
        phone: state.phone.clone(),
    };

    // The page's language and title follow the chosen language, for screen
    // readers' pronunciation and for the tab and print header.
    use_effect_with(ctx.clone(), |ctx| {
        let document = gloo::utils::document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", ctx.lang.tag());
        }
        document.set_title(&ctx.ui("app_title"));
    });

    // Each new screen starts at its heading: focus moves there (WCAG 2.4.3), but
    // not on first load, where the page itself has just been announced.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(state.screen, move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            focus("screen-heading");
        });
    }
    // A refused Next on the emergency step takes focus to the list of what is missing.
    use_effect_with(state.missing_tries, |tries| {
        if *tries > 0 {
            focus("error-summary");
        }
    });

    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(make()))
    };
    let on_next = dispatch(|| Action::Next);
    let on_back = dispatch(|| Action::Back);
    let on_restart = dispatch(|| Action::Restart);
    let on_result = dispatch(|| Action::ShowResult);
    let on_start = dispatch(|| Action::Start);
    let on_large_text = dispatch(|| Action::ToggleLargeText);
    let on_print = Callback::from(|_: ()| {
        let _ = gloo::utils::window().print();
    });
    let on_lang = {
        let state = state.clone();
        Callback::from(move |lang: Lang| state.dispatch(Action::SetLang(lang)))
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |i: usize| state.dispatch(Action::Edit(i)))
    };
    let on_choose = {
        let state = state.clone();
        Callback::from(move |(question, option, checked): (String, String, bool)| {
            state.dispatch(Action::Choose {
                question,
                option,
                checked,
            })
        })
    };

    let progress = progress(content, &state.answers, state.screen);
    let progress_words = progress.map(|(n, total)| {
        ctx.ui_with(
            "progress",
            &[("n", &n.to_string()), ("total", &total.to_string())],
        )
    });
    let emergency = !emergency_answers(content, &state.answers).is_empty();
    let remind = emergency && matches!(state.screen, Screen::Step(1..) | Screen::Review);
    // Announced politely on every screen change; the heading gets focus as well.
    let announcement = match state.screen {
        Screen::Intro => String::new(),
        Screen::Step(i) => format!(
            "{} {}",
            progress_words.clone().unwrap_or_default(),
            ctx.t(&content.steps[i].title)
        ),
        Screen::Review => ctx.ui("review_title"),
        Screen::Result => {
            let level = crate::engine::evaluate(content, &state.answers).level;
            content
                .level_text(level)
                .map(|l| ctx.t(&l.title))
                .unwrap_or_default()
        }
    };

    let screen = match state.screen {
        Screen::Intro => html! { <intro::Intro ctx={ctx.clone()} on_start={on_start} /> },
        Screen::Step(i) => {
            let missing = if i == 0 && state.show_missing {
                missing_emergency(content, &state.answers)
            } else {
                Vec::new()
            };
            html! {
                // A new step is a new form: the key stops Yew reusing the last one's inputs.
                <step::StepView
                    key={content.steps[i].id.clone()}
                    ctx={ctx.clone()}
                    step={&content.steps[i]}
                    answers={state.answers.clone()}
                    progress={progress.unwrap_or((1, 1))}
                    missing={missing}
                    alert_after={state.alert_after.clone()}
                    on_choose={on_choose}
                    on_next={on_next}
                    on_back={on_back}
                    on_result={on_result.clone()}
                />
            }
        }
        Screen::Review => html! {
            <review::Review
                ctx={ctx.clone()}
                answers={state.answers.clone()}
                progress={progress.unwrap_or((1, 1))}
                on_edit={on_edit}
                on_next={on_next}
                on_back={on_back}
                on_restart={on_restart}
            />
        },
        Screen::Result => html! {
            <result::ResultView
                ctx={ctx.clone()}
                answers={state.answers.clone()}
                on_back={on_back}
                on_restart={on_restart}
                on_print={on_print}
            />
        },
    };

    html! {
        <div class={classes!("cc-app", state.large_text.then_some("large-text"))}>
            <layout::TopBar
                ctx={ctx.clone()}
                large_text={state.large_text}
                on_lang={on_lang}
                on_large_text={on_large_text}
            />
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</p>
            if remind {
                { alerts::emergency_reminder(&ctx, &on_result) }
            }
            { screen }
            <footer class="privacy no-print">
                <p>{ctx.ui("privacy_footer")}</p>
            </footer>
        </div>
    }
}
