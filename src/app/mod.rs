//! The Yew widget (browser only): mounting it, and the `App` component that wires the reducer to the screens.
//!
//! Code map: `state` (the one reducer and the journey's rules), `text` (all
//! visible wording, language choice), `layout` (top bar, progress), `intro`,
//! `step` + `question` (the questionnaire), `alerts` (emergency advice),
//! `review`, `result` + `summary` (result and printed summary), `diary` +
//! `chart` (the cramp diary, its weekly chart and the handoff files), `drawings`,
//! `notices` (status messages), `privacy` (footer, deleting the answers),
//! `storage` (saved progress), `crash` (the panic message), `embed` (height
//! messages to a host frame).
//! **Invariant:** components hold no visible text; it all comes from
//! `questions/` (see `text.rs`).

mod alerts;
mod chart;
pub mod crash;
pub mod diary;
pub mod drawings;
pub mod embed;
mod intro;
mod layout;
mod notices;
mod privacy;
mod question;
mod result;
mod review;
pub mod state;
mod step;
pub mod storage;
mod summary;
pub mod text;

use crate::content::{embedded, Lang};
use crate::settings::HostSettings;
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
    /// What the host page set (already validated); `lang` and `phone` above are
    /// the resolved values and take precedence over the ones in here.
    #[prop_or_default]
    pub host: HostSettings,
    /// The `localStorage` key progress is saved under; `None` saves nothing
    /// (the render tests mount many widgets in one page).
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
}

/// Mounts the widget into `<… id="app">` (the body if there is none) with the
/// host's URL settings (`settings::HostSettings`): the language from `?lang=`,
/// else the browser's; the emergency number from `?phone=`, else the mount
/// element's `data-emergency-number`, else 120. Saved progress is restored,
/// a panic shows a message instead of a blank page, and in a frame whose host
/// gave `?parent_origin=`, the height is reported to it.
pub fn start() {
    let document = gloo::utils::document();
    let root: Element = match document.get_element_by_id("app") {
        Some(el) => el,
        None => gloo::utils::body().into(),
    };
    let window = gloo::utils::window();
    let params = window
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    let host = HostSettings::from_lookup(|name| params.as_ref().and_then(|p| p.get(name)));
    let lang = host
        .lang
        .unwrap_or_else(|| choose_lang(None, browser_language(&window).as_deref()));
    let phone = host
        .phone
        .clone()
        .or_else(|| {
            root.get_attribute("data-emergency-number")
                .and_then(|p| valid_phone(&p))
        })
        .map_or(AttrValue::Static(DEFAULT_PHONE), AttrValue::from);
    crash::install(root.clone(), lang, phone.to_string());
    if let Some(origin) = host.parent_origin.clone() {
        embed::report_height(origin);
    }
    mount(
        root,
        AppProps {
            lang,
            phone,
            host,
            storage_key: Some(AttrValue::Static(storage::STORAGE_KEY)),
        },
    );
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
    // Saved progress is read here, in the shell, once: `State` itself never
    // touches the browser.
    let state = use_reducer(|| {
        let fresh =
            State::new(props.lang, props.phone.clone()).skipping_intro(props.host.skip_intro);
        match &props.storage_key {
            Some(key) => {
                let state = storage::restore(key, fresh);
                let (entries, problem) = storage::load_diary();
                let mut state = state.with_diary(entries, diary::now());
                state.notice = state.notice.or(problem);
                state
            }
            None => fresh,
        }
    });
    let cannot_save = use_memo(props.storage_key.clone(), |key| {
        key.is_some() && !storage::available()
    });
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
        crash::set_lang(ctx.lang);
    });

    // Every change of what survives a reload is saved at once (not the first
    // render: opening the page is not progress). A confirmed deletion removes
    // the saved copy instead.
    {
        let first = use_mut_ref(|| true);
        let key = props.storage_key.clone();
        let saved_part = (
            state.answers.clone(),
            state.screen,
            state.lang,
            state.large_text,
            state.forget,
            state.from_diary.clone(),
        );
        let state = state.clone();
        use_effect_with(saved_part, move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Some(key) = key {
                storage::save(&key, &state);
            }
        });
    }
    // The diary is saved on its own, whenever it changes.
    {
        let first = use_mut_ref(|| true);
        let saving = props.storage_key.is_some();
        let state = state.clone();
        use_effect_with((state.diary.clone(), state.forget), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) || !saving {
                return;
            }
            storage::save_diary(&state);
        });
    }

    // The host's colour reaches the page only as two custom properties of the
    // root element, from a validated colour (`settings::Brand`). They are set
    // through the CSSOM, which the page's CSP allows, where a `style="…"`
    // attribute written as markup would be refused.
    let root_ref = use_node_ref();
    {
        let root_ref = root_ref.clone();
        use_effect_with(props.host.brand, move |brand| {
            if let (Some(brand), Some(root)) = (brand, root_ref.cast::<HtmlElement>()) {
                let style = root.style();
                let _ = style.set_property("--brand", &brand.css());
                let _ = style.set_property("--on-brand", brand.on_brand());
            }
        });
    }

    // The service worker's registration script announces a new version with
    // this event on `document`. (The widget listens to no `message` events.)
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "cramp-check:updated",
                move |_| state.dispatch(Action::Updated),
            );
            move || drop(listener)
        });
    }

    // The delete confirmation takes focus when it opens, and gives it back to
    // its button when the person keeps their answers.
    {
        let opened = use_mut_ref(|| false);
        use_effect_with(state.confirm_delete, move |confirming| {
            let was = std::mem::replace(&mut *opened.borrow_mut(), *confirming);
            if *confirming {
                focus(privacy::DELETE_QUESTION_ID);
            } else if was {
                focus(privacy::DELETE_BUTTON_ID);
            }
        });
    }

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
    let on_diary = dispatch(|| Action::OpenDiary);
    let send = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let on_large_text = dispatch(|| Action::ToggleLargeText);
    let on_ask_delete = dispatch(|| Action::AskDelete);
    let on_cancel_delete = dispatch(|| Action::CancelDelete);
    // After a deletion the page starts again at its heading.
    let on_delete = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            state.dispatch(Action::DeleteAnswers);
            focus("screen-heading");
        })
    };
    // A dismissed message's button disappears: focus goes to the screen's heading.
    let dismiss = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: ()| {
            state.dispatch(make());
            focus("screen-heading");
        })
    };
    let on_dismiss = dismiss(|| Action::DismissNotice);
    let on_dismiss_updated = dismiss(|| Action::DismissUpdated);
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
        Screen::Diary => ctx.ui("diary_title"),
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
                    key={&*content.steps[i].id}
                    ctx={ctx.clone()}
                    step={&content.steps[i]}
                    answers={state.answers.clone()}
                    progress={progress.unwrap_or((1, 1))}
                    missing={missing}
                    alert_after={state.alert_after.clone()}
                    from_diary={state.from_diary.clone()}
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
                diary={state.diary.clone()}
                from_diary={state.from_diary.clone()}
                on_back={on_back}
                on_restart={on_restart}
                on_print={on_print}
            />
        },
        Screen::Diary => html! {
            <diary::DiaryView
                ctx={ctx.clone()}
                entries={state.diary.clone()}
                answers={state.answers.clone()}
                editing={state.editing.clone()}
                confirm_delete={state.confirm_entry_delete.clone()}
                dispatch={send}
            />
        },
    };

    let classes = classes!(
        "cc-app",
        state.large_text.then_some("large-text"),
        props.host.brand.is_some().then_some("branded")
    );
    html! {
        <div class={classes} ref={root_ref}>
            <layout::TopBar
                ctx={ctx.clone()}
                large_text={state.large_text}
                on_lang={on_lang}
                on_large_text={on_large_text}
                in_diary={state.screen == Screen::Diary}
                on_diary={on_diary}
                station={props.host.station.clone().map(AttrValue::from)}
                logo={props.host.logo.clone().map(AttrValue::from)}
            />
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</p>
            <notices::Notices
                ctx={ctx.clone()}
                notice={state.notice}
                updated={state.updated}
                on_dismiss={on_dismiss}
                on_dismiss_updated={on_dismiss_updated}
            />
            if remind {
                { alerts::emergency_reminder(&ctx, &on_result) }
            }
            { screen }
            <privacy::PrivacyFooter
                ctx={ctx.clone()}
                confirming={state.confirm_delete}
                cannot_save={*cannot_save}
                on_ask={on_ask_delete}
                on_cancel={on_cancel_delete}
                on_delete={on_delete}
            />
        </div>
    }
}
