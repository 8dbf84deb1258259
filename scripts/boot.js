/* Night-time leg cramp self-check: the first script of the page, before the widget.
 *
 * scripts/postbuild.mjs puts it inline at the top of index.html (its hash goes into
 * the CSP), so it runs before the first paint and needs no request. It is written for
 * old browsers (ES5: no arrow functions, no let/const): it must run exactly where the
 * widget cannot.
 *
 * 1. Language, before anything is painted: the person's own choice saved by the widget
 *    (its saved progress; read only for `lang` and `large_text`), else `?lang=`, else
 *    the browser's language. It sets <html lang> and a class, and CSS shows that
 *    language of the prerendered first screens. Without this script both show.
 * 2. Until the widget starts: the language and larger-text buttons of the prerendered
 *    page work; a press on Next is remembered (data-cc-next) and the widget, when it
 *    takes over, goes on from there; the choices made here are passed on the same way
 *    (data-cc-lang, data-cc-large).
 * 3. A browser that cannot run the widget gets a clear message instead of endless
 *    "loading": no module scripts, a failed download (a load error on the widget's
 *    script or wasm), an instantiate error (the loader's "cramp-check:failed" event,
 *    see postbuild.mjs), or no start within 10 seconds of being asked to start (see 5),
 *    30 seconds when it runs the JavaScript build of the wasm (the loader's
 *    "cramp-check:fallback" event: no WebAssembly, or an engine whose CSP forbids
 *    compiling wasm; that build is larger and slower to start). A browser without
 *    WebAssembly is no failure: it runs that JavaScript build.
 *    The prerendered emergency questions keep working either way.
 * 4. If the widget stops after it started (a wasm trap: the release build aborts on
 *    a Rust panic at once, without running any more Rust), its page is replaced by
 *    the crash message (the <template id="cc-crash"> the build wrote from the
 *    question files): what happened, a reload link, and the emergency advice with
 *    the call link, in the language shown, never a blank or frozen page.
 * 5. When the widget starts (<html data-cc-start>, read by the loader in index.html).
 *    A first visit to the plain page (no saved progress or diary, no parameter but
 *    `lang`, no link into the page but the prerendered screens' own) shows the prerendered
 *    intro and emergency screen, which work on their own (1, 2): the widget starts
 *    on the person's first tap, key, scroll or mouse move ("on-interaction"), so
 *    that loading the page is not held up by it on a slow phone. Anything the
 *    prerendered page cannot show (saved progress or a diary, even unreadable ones
 *    the widget sets aside with a notice; a station's settings, skip_intro, a deep
 *    link) starts it at once ("now").
 * It sends nothing anywhere and reads nothing but what is named above (and, for 5,
 * whether anything is saved).
 */
(function () {
  'use strict';
  var html = document.documentElement;
  var started = false;
  var failed = false;

  function addClass(name) {
    if ((' ' + html.className + ' ').indexOf(' ' + name + ' ') < 0) html.className += ' ' + name;
  }
  function removeClass(name) {
    html.className = (' ' + html.className + ' ').replace(' ' + name + ' ', ' ').replace(/^\s+|\s+$/g, '');
  }

  addClass('cc-js');

  // What the core decides and this script must know (the language rule, where things
  // are saved, the emergency number, the prerendered page's hooks): written here at
  // build time by scripts/postbuild.mjs from the core (`cramp_core::boot`, the
  // `boot-constants` binary), never by hand.
  var K = __CC_CONSTANTS__;

  // [key, value] pairs: the value of the first pair whose key passes `match`, else null.
  function lookup(pairs, match) {
    for (var i = 0; i < pairs.length; i++) if (match(pairs[i][0])) return pairs[i][1];
    return null;
  }
  function validLang(v) {
    v = String(v || '').toLowerCase().replace(/^\s+|\s+$/g, '');
    return lookup(K.langNames, function (name) {
      return name === v;
    });
  }

  var saved = null;
  var stored = false; // anything saved, readable or not (5: the widget reads it, or sets it aside with a notice)
  function savedText(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }
  function anySaved(keys) {
    for (var i = 0; i < keys.length; i++) {
      var t = savedText(keys[i]);
      if (t) return t;
    }
    return null;
  }
  var text = anySaved(K.progressKeys);
  if (text) {
    stored = true;
    try {
      saved = JSON.parse(text);
    } catch (e) {
      saved = null;
    }
  }
  if (anySaved(K.diaryKeys)) stored = true;
  var param = null;
  var m = /[?&]lang=([^&#]*)/.exec(window.location.search);
  if (m) {
    try {
      param = validLang(decodeURIComponent(m[1]));
    } catch (e) {
      param = null;
    }
  }
  var navLang = String(navigator.language || '').toLowerCase().replace(/^\s+|\s+$/g, '');
  var browser =
    lookup(K.browserPrefixes, function (prefix) {
      return navLang.indexOf(prefix) === 0;
    }) || K.browserDefault;
  var lang = (saved && validLang(saved[K.progressLang])) || param || browser;

  function showLang(l) {
    lang = l;
    html.setAttribute('lang', l);
    removeClass('cc-zh');
    removeClass('cc-en');
    addClass(l === 'en' ? 'cc-en' : 'cc-zh');
    var buttons = document.querySelectorAll('.cc-pre [data-lang]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', buttons[i].getAttribute('data-lang') === l ? 'true' : 'false');
    }
  }
  showLang(lang);
  if (saved && saved[K.progressLargeText] === true) addClass('cc-large');

  function fail() {
    if (started || failed) return;
    failed = true;
    addClass('cc-failed');
  }

  // No module scripts (the widget's loader is a module): it cannot start. (Without
  // WebAssembly the loader runs the JavaScript build of the wasm.)
  var script = document.createElement('script');
  if (!('noModule' in script)) {
    fail();
  }

  // The widget marks its root when it has rendered.
  function checkStarted() {
    if (!started && document.querySelector('.cc-app[data-started]')) {
      started = true;
      removeClass('cc-failed');
    }
    return started;
  }
  window.addEventListener('TrunkApplicationStarted', function () {
    checkStarted();
  });
  window.addEventListener('cramp-check:failed', fail);
  // A failed download of the widget's script or wasm: load errors do not bubble, but
  // they can be caught on the way down.
  document.addEventListener(
    'error',
    function (event) {
      var t = event.target;
      if (!t || !t.tagName) return;
      var tag = t.tagName.toLowerCase();
      var ref = t.getAttribute('src') || t.getAttribute('href') || '';
      if ((tag === 'script' || tag === 'link') && /cramp-check-(wasm2js-)?[0-9a-f]+(_bg\.wasm|\.js)$/.test(ref)) fail();
    },
    true
  );
  // 10 seconds from the moment the widget is asked to start (5); 30 from the moment it
  // turns to the JavaScript build of the wasm (3).
  var asked = false;
  var timer = null;
  function wait(ms) {
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (!checkStarted()) fail();
    }, ms);
  }
  function expectStart() {
    if (asked) return;
    asked = true;
    wait(10000);
  }
  window.addEventListener('cramp-check:fallback', function () {
    if (asked && !started && !failed) wait(30000);
  });
  var onlyPrerendered = !stored && /^(#cc-intro|#cc-emergency)?$/.test(window.location.hash);
  var query = window.location.search.replace(/^\?/, '').split('&');
  for (var q = 0; q < query.length; q++) {
    if (query[q] !== '' && query[q].indexOf('lang=') !== 0) onlyPrerendered = false;
  }
  var INTERACTIONS = ['mousemove', 'touchend', 'click', 'keydown', 'scroll', 'wheel'];
  // Passive: a scroll never waits for this (an engine without options reads `true`, capture).
  var LISTEN = { capture: true, passive: true };
  function startNow() {
    for (var i = 0; i < INTERACTIONS.length; i++) document.removeEventListener(INTERACTIONS[i], startNow, LISTEN);
    html.setAttribute('data-cc-start', 'now');
    expectStart();
    var event;
    try {
      event = new Event('cramp-check:start');
    } catch (e) {
      event = document.createEvent('Event');
      event.initEvent('cramp-check:start', false, false);
    }
    window.dispatchEvent(event);
  }
  if (onlyPrerendered && !failed) {
    html.setAttribute('data-cc-start', 'on-interaction');
    for (var k = 0; k < INTERACTIONS.length; k++) document.addEventListener(INTERACTIONS[k], startNow, LISTEN);
  } else {
    html.setAttribute('data-cc-start', 'now');
    expectStart();
  }

  // A trap of the running widget: the crash message in its place.
  function isTrap(error) {
    if (!error) return false;
    if (typeof WebAssembly === 'object' && WebAssembly.RuntimeError && error instanceof WebAssembly.RuntimeError) return true;
    return /unreachable|RuntimeError/.test(String(error && (error.name || '') + ' ' + (error.message || error)));
  }
  function crash() {
    var app = document.getElementById('app');
    var template = document.getElementById('cc-crash');
    if (!app || !template || !template.content || app.querySelector('[data-crash]')) return;
    var message = document.importNode(template.content, true);
    var phone = html.getAttribute('data-cc-phone') || K.phone;
    var spans = message.querySelectorAll('[data-phone]');
    for (var i = 0; i < spans.length; i++) spans[i].textContent = phone;
    var call = message.querySelector('a[href^="tel:"]');
    if (call) call.setAttribute('href', 'tel:' + phone);
    var reload = message.querySelector('[data-action="' + K.hookReload + '"]');
    if (reload) reload.setAttribute('href', window.location.href);
    while (app.firstChild) app.removeChild(app.firstChild);
    app.appendChild(message);
  }
  function onError(error) {
    if (checkStarted() && isTrap(error)) crash();
    else if (!started && isTrap(error)) fail();
  }
  window.addEventListener('error', function (event) {
    onError(event.error);
  });
  window.addEventListener('unhandledrejection', function (event) {
    onError(event.reason);
  });

  // The prerendered page's own controls, until the widget takes over.
  document.addEventListener('click', function (event) {
    if (started || checkStarted()) return;
    var el = event.target;
    while (el && el !== document && !(el.getAttribute && (el.getAttribute('data-lang') || el.getAttribute('data-action')))) {
      el = el.parentNode;
    }
    if (!el || el === document || !el.closest || !el.closest('.cc-pre')) return;
    var chosen = el.getAttribute('data-lang');
    var action = el.getAttribute('data-action');
    if (chosen) {
      showLang(chosen);
      html.setAttribute('data-cc-lang', chosen);
    } else if (action === K.hookLargerText) {
      var large = (' ' + html.className + ' ').indexOf(' cc-large ') < 0;
      if (large) addClass('cc-large');
      else removeClass('cc-large');
      el.setAttribute('aria-pressed', large ? 'true' : 'false');
      html.setAttribute('data-cc-large', large ? 'true' : 'false');
    } else if (action === K.hookNext && !failed) {
      // Remembered: the widget moves on when it starts.
      html.setAttribute('data-cc-next', 'true');
      addClass('cc-waiting');
    }
  });
})();
