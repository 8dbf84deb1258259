//! The Yew widget (browser only): a thin shell over the core.
//!
//! `App` holds the core's `journey::State` in a reducer, shows the core's page
//! for it (`cramp_core::screens::page`: every text, every control, the layout
//! and what shows when, as `markup::Node`s: `Markup`, safe by construction,
//! inserted as is, or elements made here with their keys), and does what a
//! browser must: it listens once on its root for clicks, changes and form
//! submissions and turns them into `journey::Action`s (controls name theirs
//! with `data-action`, a `hooks::Hook`, see `Action::from_hook`), sets the
//! inputs of a step from the answers after each render, and performs the
//! `journey::Effect`s the reducer returns (`effects`: storage, focus, scroll,
//! downloads, printing, speech). Yew keeps each part's nodes as long as its
//! markup and key do not change, so the input a person is working with stays
//! the same node. **Invariant:** no layout and no rule of what is shown here.
//!
//! Code map: `effects` (the browser's side of the effects, the clock, what is
//! stored), `json` (the browser's JSON.parse into the core's tree),
//! `takeover` (the prerendered first screens taken over in place), `embed`
//! (the height message to a host page). A crash (the release build aborts on a
//! panic) is shown by `scripts/boot.js`, outside Rust.
//! **Invariant:** no visible text and no question id here; they come from the
//! question files through the core.

pub mod diary_store;
pub mod effects;
pub mod embed;
pub mod json;
pub mod takeover;
pub mod texts;

use crate::content::{embedded, Lang};
use crate::journey::{self, is_chosen, Action, Boot, Effect, Host, Screen, State};
use crate::settings::HostSettings;
use cramp_core::diary;
use cramp_core::hooks::{self, Hook};
use cramp_core::markup::{Markup, Node};
use cramp_core::screens::page;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// The app's version, written into exported files.
const VERSION: &str = env!("CARGO_PKG_VERSION");

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
/// screens in place (answers, focus, scroll), restores saved progress and, in
/// a frame whose host gave `?parent_origin=`, reports its height.
pub fn start() {
    texts::install_loaded();
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
    if let Some(html) = document.document_element() {
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
    takeover::finish_after_first_render();
}

/// `navigator.language`, read through `Reflect` so the widget does not enable
/// web-sys's `Navigator` (which also binds `sendBeacon`; see tests/privacy.rs).
fn browser_lang(window: &web_sys::Window) -> Lang {
    let lang = js_sys::Reflect::get(window, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string());
    lang_of(lang.as_deref())
}

/// The browser's language as one of ours: the core's rule
/// (`settings::browser_lang`, which scripts/boot.js also follows).
pub fn lang_of(navigator: Option<&str>) -> Lang {
    crate::settings::browser_lang(navigator)
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
        let action = diary_store::with_years(&self.state, action);
        let (state, fx) = journey::reduce(embedded(), self.state.clone(), action);
        self.pending.borrow_mut().extend(fx);
        Rc::new(Model {
            state,
            pending: self.pending.clone(),
        })
    }
}

/// Markup the core wrote (safe by construction: `cramp_core::markup`), inserted as is.
fn raw(markup: &Markup) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup.as_str().to_string()))
}

/// The core's part of a page as Yew's nodes: markup inserted as is, elements
/// made here with their key (so Yew keeps them while their key stays).
fn node(n: &Node) -> Html {
    match n {
        Node::Html(m) => raw(m),
        Node::Text(t) => Html::from(t.clone()),
        Node::List(items) => Html::VList(std::rc::Rc::new(yew::virtual_dom::VList::with_children(
            items.iter().map(node).collect(),
            None,
        ))),
        Node::Element {
            tag,
            key,
            attrs,
            children,
        } => {
            let mut el = yew::virtual_dom::VTag::new(*tag);
            for (k, v) in attrs {
                el.add_attribute(k, v.clone());
            }
            el.add_children(children.iter().map(node));
            el.key = key.as_deref().map(yew::virtual_dom::Key::from);
            el.into()
        }
    }
}

/// The control a click landed on: the nearest element with `data-action`.
fn control(e: &Event) -> Option<Element> {
    e.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest("[data-action]")
        .ok()?
}

/// Sets every input of the step's form from the answers (after a render):
/// checked or not, and its label's `chosen` look. The questions' markup never
/// carries that state, so it never changes while a person answers.
fn sync_inputs(s: &State) {
    let Ok(list) = gloo::utils::document().query_selector_all(".step-form input[name]") else {
        return;
    };
    for i in 0..list.length() {
        let Some(input) = list
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
        else {
            continue;
        };
        let checked = is_chosen(s.journey.answers.get(&input.name()), &input.value());
        if input.checked() != checked {
            input.set_checked(checked);
        }
        if let Some(label) = input.parent_element() {
            let _ = label.class_list().toggle_with_force("chosen", checked);
        }
    }
}

/// A diary form's inputs changed: its labels show what is chosen.
fn mark_chosen(input: &HtmlInputElement) {
    if let Some(form) = input.form() {
        if let Ok(list) = form.query_selector_all(&format!("input[name=\"{}\"]", input.name())) {
            for i in 0..list.length() {
                if let Some(other) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                {
                    if let Some(label) = other.parent_element() {
                        let _ = label
                            .class_list()
                            .toggle_with_force("chosen", other.checked());
                    }
                }
            }
        }
    }
}

/// The log or edit form, as sent (its fields named by `hooks::Field`).
fn read_form(form: &web_sys::HtmlFormElement) -> diary::Form {
    let data = web_sys::FormData::new_with_form(form).ok();
    hooks::read_form(
        |name| data.as_ref().and_then(|d| d.get(name).as_string()),
        parse_local_input,
    )
}

/// A `datetime-local` value read as local time, with that moment's own offset
/// (so a date on the other side of a daylight-saving change gets its offset).
fn parse_local_input(value: &str) -> Option<(i64, i32)> {
    let num = |range: std::ops::Range<usize>| value.get(range)?.parse::<u32>().ok();
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        y,
        mo as i32 - 1,
        d as i32,
        h as i32,
        mi as i32,
    );
    let ms = date.get_time();
    (!ms.is_nan()).then(|| (ms as i64, -(date.get_timezone_offset() as i32)))
}

/// Reads a chosen import file (a FileReader and its load event: no async
/// runtime in the wasm for one file) and sends it to the reducer.
fn import_file(input: &HtmlInputElement, send: Callback<Action>) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    // The same file can be chosen again after a refusal.
    input.set_value("");
    // Refused before reading: the same limit the codec applies.
    if let Err(e) = cramp_core::codec::check_import_size(file.size() as usize) {
        send.emit(Action::ImportRefused(e));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let r = reader.clone();
    let onload = wasm_bindgen::closure::Closure::once(move || {
        let text = r
            .result()
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        send.emit(Action::Import(
            text.len(),
            json::parse(&text),
            effects::now(),
        ));
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
}

/// What the shell keeps between renders.
#[derive(Default)]
struct Shell {
    /// This browser cannot keep anything (private mode, storage off).
    cannot_save: bool,
    /// The control last pressed, to give focus back to if its part was redrawn.
    pressed: Option<String>,
    /// The language the page was last set to.
    lang: Option<Lang>,
    /// The widget's root element (a page may hold more than one widget).
    root: NodeRef,
    /// The page-wide listeners, set after the first render.
    listeners: Option<[gloo::events::EventListener; 3]>,
}

/// The page's language, its class and its title follow the language shown.
fn set_lang(document: &web_sys::Document, lang: Lang) {
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", lang.tag());
        let classes = html.class_list();
        let (on, off) = match lang {
            Lang::Zh => ("cc-zh", "cc-en"),
            Lang::En => ("cc-en", "cc-zh"),
        };
        let _ = classes.remove_1(off);
        let _ = classes.add_1(on);
    }
    document.set_title(embedded().ui("app_title", lang));
}

/// The host's colour reaches the page only as two custom properties of the
/// widget's root element, from a validated colour (`settings::Brand`), set
/// through the CSSOM, which the page's CSP allows.
fn set_brand(root: &NodeRef, brand: crate::settings::Brand) {
    if let Some(root) = root.cast::<HtmlElement>() {
        let style = root.style();
        let _ = style.set_property("--brand", &brand.css());
        let _ = style.set_property("--on-brand", brand.on_brand());
    }
}

/// The service worker's registration script announces a new version with an
/// event on `document`. Printing opens the folded sections of the result, and
/// closes again after. (The widget listens to no `message` events.)
fn listen(
    document: &web_sys::Document,
    dispatch: UseReducerDispatcher<Model>,
) -> [gloo::events::EventListener; 3] {
    let updated = gloo::events::EventListener::new(document, "cramp-check:updated", move |_| {
        dispatch.dispatch(Action::Updated)
    });
    let window = gloo::utils::window();
    let set_open = |open: bool| {
        move |_: &web_sys::Event| {
            let Ok(list) = gloo::utils::document().query_selector_all("details.result-part") else {
                return;
            };
            for i in 0..list.length() {
                let Some(d) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                else {
                    continue;
                };
                if open && !d.open() {
                    d.set_open(true);
                    let _ = d.set_attribute("data-print-opened", "");
                } else if !open && d.has_attribute("data-print-opened") {
                    d.set_open(false);
                    let _ = d.remove_attribute("data-print-opened");
                }
            }
        }
    };
    let before = gloo::events::EventListener::new(&window, "beforeprint", set_open(true));
    let after = gloo::events::EventListener::new(&window, "afterprint", set_open(false));
    [updated, before, after]
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let storage = props.storage;
    let model = use_reducer(|| {
        let pending = Rc::new(RefCell::new(Vec::new()));
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
            State::new(props.host.clone()),
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
    // What the shell keeps between renders, in one place (one hook each for
    // the state, this and the effect below keeps the wasm small).
    let shell = use_mut_ref(|| Shell {
        cannot_save: storage && !effects::storage_available(),
        ..Shell::default()
    });

    // After each render: the inputs show the answers, focus stays on the
    // control pressed (when its part was redrawn), then the reducer's effects.
    // After the first: the prerendered page's focus and scroll put back, the
    // host's colour, the page-wide listeners. Whenever the language changed:
    // the page's language, its class (boot.js reads it, for the crash
    // message's language) and its title.
    {
        let model = model.clone();
        let shell = shell.clone();
        let brand = props.settings.brand;
        let redraw = use_force_update();
        use_effect(move || {
            let document = gloo::utils::document();
            if matches!(model.state.journey.screen, Screen::Step(_)) {
                sync_inputs(&model.state);
            }
            let mut kept = shell.borrow_mut();
            if let Some(selector) = kept.pressed.take() {
                let lost = document
                    .active_element()
                    .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
                if lost {
                    effects::focus_selector(&selector);
                }
            }
            let fx: Vec<Effect> = model.pending.borrow_mut().drain(..).collect();
            let dispatch = model.dispatcher();
            for e in fx {
                effects::perform(e, storage, &dispatch);
            }
            if kept.listeners.is_none() {
                takeover::finish_pending();
                if let Some(brand) = brand {
                    set_brand(&kept.root, brand);
                }
                kept.listeners = Some(listen(&document, dispatch));
            }
            let lang = model.state.lang();
            if kept.lang != Some(lang) {
                kept.lang = Some(lang);
                set_lang(&document, lang);
                // Shown in a language the page had not loaded (the other one's
                // words stand in): drawn again once its words are here.
                if !texts::ready(lang) {
                    texts::ensure(lang, move |ok| {
                        if ok {
                            redraw.force_update()
                        }
                    });
                }
            }
        });
    }

    let s = &model.state;

    let send: Callback<Action> = {
        let dispatch = model.dispatcher();
        Callback::from(move |a| dispatch.dispatch(a))
    };

    // One listener each on the root for every control of every screen.
    let onclick = {
        let send = send.clone();
        let shell = shell.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = control(&e) else { return };
            let hook = el.get_attribute("data-action").unwrap_or_default();
            let arg = el.get_attribute("data-arg");
            let Some(known) = Hook::parse(&hook) else {
                return;
            };
            // Submit buttons act through their form; links do what links do.
            if el.get_attribute("type").as_deref() == Some("submit") || known.is_native() {
                return;
            }
            if known == Hook::Focus {
                // An error link: focus the first answer rather than follow the
                // fragment, so the URL stays clean and the keyboard is there.
                e.prevent_default();
                effects::focus(arg.as_deref().unwrap_or_default());
                return;
            }
            let Some(action) =
                Action::from_hook(embedded(), &hook, arg.as_deref(), effects::now(), VERSION)
            else {
                return;
            };
            // The review's links to open questions do not also follow their
            // fragment: the reducer moves focus there.
            if known == Hook::Answer {
                e.prevent_default();
            }
            let mut selector = format!("[data-action=\"{hook}\"]");
            if let Some(arg) = &arg {
                selector.push_str(&format!("[data-arg=\"{arg}\"]"));
            }
            shell.borrow_mut().pressed = Some(selector);
            // Another language: its words first (`texts`), then the switch.
            if let Action::SetLang(lang) = action {
                if !texts::ready(lang) {
                    let send = send.clone();
                    texts::ensure(lang, move |ok| {
                        if ok {
                            send.emit(Action::SetLang(lang))
                        }
                    });
                    return;
                }
            }
            send.emit(action);
        })
    };
    let onchange = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if input.id() == hooks::id::DIARY_IMPORT {
                import_file(&input, send.clone());
            } else if input.closest(".step-form").ok().flatten().is_some() {
                send.emit(Action::Choose {
                    question: input.name(),
                    option: input.value(),
                    checked: input.checked(),
                });
            } else {
                mark_chosen(&input);
            }
        })
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form: web_sys::HtmlFormElement = e.target_unchecked_into();
            if form.class_list().contains("step-form") {
                send.emit(Action::Next);
            } else if form.has_attribute("data-form") {
                send.emit(Action::SubmitEntry(read_form(&form), effects::now()));
            }
        })
    };

    let today = effects::today(s.lang());
    let context = page::Context {
        station: props.settings.station.as_deref(),
        logo: props.settings.logo.as_deref(),
        cannot_save: shell.borrow().cannot_save,
        now: effects::now(),
        today: &today,
        branded: props.settings.brand.is_some(),
    };
    let c = embedded();
    html! {
        <div class={page::root_class(s, &context)} ref={shell.borrow().root.clone()} data-started="" {onclick} {onchange} {onsubmit}>
            { for page::page(c, s, &context).iter().map(node) }
        </div>
    }
}
