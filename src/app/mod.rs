//! The Yew widget (browser only): a thin shell over the core's journey reducer.
//!
//! `App` holds the core's `journey::State`, renders it, turns events into
//! `journey::Action`s and performs the `journey::Effect`s the reducer returns
//! (`effects`). Code map: `text` (wording and placeholders), `layout` (top bar,
//! progress, notices, footer), `intro`, `step` (a questionnaire step and its
//! questions), `alerts` (emergency alert, same-day notice, reminder),
//! `review`, `result` (the result and its printed summary), `diary` (the
//! cramp diary), `drawings` (the core's SVG drawings), `json`
//! (the browser's JSON.parse into the core's tree), `effects` (storage,
//! focus, downloads, printing, speech), `takeover` (reading the prerendered
//! first screens), `embed` (height messages). A crash (the release build
//! aborts on a panic) is shown by `scripts/boot.js`, outside Rust.
//! **Invariant:** components hold no visible text and no question id; text
//! comes from `questions/` (see `text.rs`), ids from `content::ids` or the files.

mod alerts;
mod diary;
mod drawings;
pub mod effects;
pub mod embed;
mod intro;
pub mod json;
mod layout;
mod result;
mod review;
mod step;
pub mod takeover;
pub mod text;

use crate::content::embedded;
use crate::journey::{self, Action, Boot, Effect, Host, Screen, State};
use crate::settings::HostSettings;
use std::cell::RefCell;
use std::rc::Rc;
use text::Ctx;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Where the page was set up: language, emergency number, skip the intro.
    pub host: Host,
    /// What else the host page set (brand, station, logo), already validated.
    #[prop_or_default]
    pub settings: HostSettings,
    /// Read and write this browser's storage. Off in the render tests, which
    /// mount many widgets in one page.
    #[prop_or_default]
    pub storage: bool,
    /// The answers given on the prerendered first screens before the widget started.
    #[prop_or_default]
    pub prerendered: Option<journey::Prerendered>,
}

/// Mounts the widget into `<… id="app">` (the body if there is none) with the
/// host's URL settings: the language from `?lang=`, else the browser's; the
/// emergency number from `?phone=`, else the mount element's
/// `data-emergency-number`, else 120. It takes over the prerendered first
/// screens in place (answers, focus, scroll), restores saved progress, shows a
/// message instead of a blank page on a panic and, in a frame whose host gave
/// `?parent_origin=`, reports its height.
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
    let settings = HostSettings::from_lookup(|name| params.as_ref().and_then(|p| p.get(name)));
    let host = Host {
        lang: settings.lang,
        browser_lang: browser_lang(&window),
        phone: settings
            .phone
            .clone()
            .or_else(|| {
                root.get_attribute("data-emergency-number")
                    .and_then(|p| crate::settings::phone(&p))
            })
            .unwrap_or_else(|| journey::DEFAULT_PHONE.to_string()),
        skip_intro: settings.skip_intro,
    };
    // For the crash message (scripts/boot.js), which runs when Rust cannot.
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("data-cc-phone", &host.phone);
    }
    if let Some(origin) = settings.parent_origin.clone() {
        embed::report_height(origin);
    }
    let before = takeover::read(&root);
    let prerendered = before.as_ref().map(|b| b.answers());
    if let Some(before) = before {
        takeover::keep(root.clone(), before);
    }
    mount(
        root,
        AppProps {
            host,
            settings,
            storage: true,
            prerendered,
        },
    );
}

/// `navigator.language`, read through `Reflect` so the widget does not enable
/// web-sys's `Navigator` (which also binds `sendBeacon`; see tests/privacy.rs).
fn browser_lang(window: &web_sys::Window) -> crate::content::Lang {
    let lang = js_sys::Reflect::get(window, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string());
    text::browser_lang(lang.as_deref())
}

/// Renders the widget into `root` (used by `start` and by the render tests).
pub fn mount(root: Element, props: AppProps) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// The core's state and the effects its reducer asked for and the shell has
/// not performed yet (performed after the next render, in order).
pub struct Model {
    pub state: State,
    pending: Rc<RefCell<Vec<Effect>>>,
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.state == other.state
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (state, fx) = journey::reduce(embedded(), self.state.clone(), action);
        self.pending.borrow_mut().extend(fx);
        Rc::new(Model {
            state,
            pending: self.pending.clone(),
        })
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let storage = props.storage;
    let model = use_reducer(|| {
        let pending = Rc::new(RefCell::new(Vec::new()));
        let fresh = Model {
            state: State::new(props.host.clone()),
            pending: pending.clone(),
        };
        // What is stored is read here, once; the core decides what it means.
        let boot = Boot {
            prerendered: props.prerendered.clone(),
            ..if storage {
                effects::read_boot()
            } else {
                Boot::default()
            }
        };
        let (state, fx) = journey::reduce(
            embedded(),
            fresh.state,
            Action::Boot(Box::new(boot), effects::now()),
        );
        // Opening the page moves neither focus nor scroll (the prerendered
        // page is taken over where the person is).
        pending.borrow_mut().extend(
            fx.into_iter()
                .filter(|e| !matches!(e, Effect::Focus(_) | Effect::ScrollTop)),
        );
        Model { state, pending }
    });
    let cannot_save = use_memo(storage, |s| *s && !effects::storage_available());

    // The inputs of a step show the answers (their markup never changes, see `step`).
    {
        let model = model.clone();
        use_effect(move || {
            if matches!(model.state.journey.screen, Screen::Step(_)) {
                step::sync_inputs(&model.state);
            }
        });
    }

    // The first render has replaced the prerendered page: focus and scroll back.
    use_effect_with((), |_| takeover::finish_pending());

    // The effects the reducer asked for, after the DOM shows the new state.
    {
        let pending = model.pending.clone();
        let dispatch = model.dispatcher();
        use_effect(move || {
            let fx: Vec<Effect> = pending.borrow_mut().drain(..).collect();
            for e in fx {
                effects::perform(e, storage, &dispatch);
            }
        });
    }

    let s = &model.state;
    let ctx = Ctx::new(s.lang(), &s.ui.host.phone);

    // The page's language and title follow the language shown (and the class
    // boot.js reads, for the crash message's language).
    use_effect_with(ctx.lang, |lang| {
        let ctx = Ctx::new(*lang, "");
        let document = gloo::utils::document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", lang.tag());
            let classes = html.class_list();
            let (on, off) = match lang {
                crate::content::Lang::Zh => ("cc-zh", "cc-en"),
                crate::content::Lang::En => ("cc-en", "cc-zh"),
            };
            let _ = classes.remove_1(off);
            let _ = classes.add_1(on);
        }
        document.set_title(&ctx.ui("app_title"));
    });

    // The host's colour reaches the page only as two custom properties of the
    // root element, from a validated colour (`settings::Brand`), set through
    // the CSSOM, which the page's CSP allows.
    let root_ref = use_node_ref();
    {
        let root_ref = root_ref.clone();
        use_effect_with(props.settings.brand, move |brand| {
            if let (Some(brand), Some(root)) = (brand, root_ref.cast::<HtmlElement>()) {
                let style = root.style();
                let _ = style.set_property("--brand", &brand.css());
                let _ = style.set_property("--on-brand", brand.on_brand());
            }
        });
    }

    // The service worker's registration script announces a new version with
    // this event on `document`; the speech shell announces the end of reading.
    // (The widget listens to no `message` events.)
    {
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let d = dispatch.clone();
            let updated =
                gloo::events::EventListener::new(&document, "cramp-check:updated", move |_| {
                    d.dispatch(Action::Updated)
                });
            move || drop(updated)
        });
    }

    // Printing opens the folded sections of the result (and closes again after):
    // what is printed is everything, however it is started (menu or button).
    use_effect_with((), |_| {
        let window = gloo::utils::window();
        let set_open = |open: bool| {
            move |_: &web_sys::Event| {
                if let Ok(list) = gloo::utils::document().query_selector_all("details.result-part")
                {
                    for i in 0..list.length() {
                        if let Some(d) = list
                            .item(i)
                            .and_then(|n| n.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                        {
                            if open {
                                if !d.open() {
                                    d.set_open(true);
                                    let _ = d.set_attribute("data-print-opened", "");
                                }
                            } else if d.has_attribute("data-print-opened") {
                                d.set_open(false);
                                let _ = d.remove_attribute("data-print-opened");
                            }
                        }
                    }
                }
            }
        };
        let before = gloo::events::EventListener::new(&window, "beforeprint", set_open(true));
        let after = gloo::events::EventListener::new(&window, "afterprint", set_open(false));
        move || drop((before, after))
    });

    let send: Callback<Action> = {
        let dispatch = model.dispatcher();
        Callback::from(move |a| dispatch.dispatch(a))
    };

    let c = embedded();
    let screen = match s.journey.screen {
        Screen::Intro => intro::view(&ctx, &send),
        Screen::Step(i) => step::view(&ctx, s, i, &send),
        Screen::Review => review::view(&ctx, s, &send),
        Screen::Result => result::view(&ctx, s, &send),
        Screen::Diary => {
            html! { <diary::DiaryView ctx={ctx.clone()} state={Rc::new(s.clone())} send={send.clone()} /> }
        }
    };
    let emergency = journey::emergency_given(c, &s.journey.answers);
    let remind = emergency
        && matches!(s.journey.screen, Screen::Step(1..) | Screen::Review)
        && !matches!(s.journey.screen, Screen::Step(i) if s.ui.alert_after.as_deref().is_some_and(|q| c.steps[i].questions.iter().any(|x| x.id == q)));

    let classes = classes!(
        "cc-app",
        s.prefs.large_text.then_some("large-text"),
        props.settings.brand.is_some().then_some("branded")
    );
    html! {
        <div class={classes} ref={root_ref} data-started="">
            { layout::top_bar(&ctx, s, &props.settings, &send) }
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{layout::announcement(&ctx, s)}</p>
            { layout::notices(&ctx, &s.ui, &send) }
            if remind {
                { alerts::emergency_reminder(&ctx, &send) }
            }
            { screen }
            { layout::footer(&ctx, s.ui.confirm_delete, *cannot_save, &send) }
        </div>
    }
}
