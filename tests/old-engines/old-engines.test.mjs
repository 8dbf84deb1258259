// The core journeys in the browsers the widget's wasm cannot run in, as the build ships
// (its strict CSP, served as a header too): `make test`'s stage "old engines"
// (tests/old-engines/run.mjs starts one run of this file per engine).
//
//   chromium-74     Chromium 74.0.3723 (2019), npm chrome-aws-lambda@1.13.0, driven by
//                   puppeteer-core@1.13.0. Drops the CSP's 'wasm-unsafe-eval' (unknown
//                   before Chrome 97) and then refuses to compile wasm; parses no `?.`/`??`.
//   chromium-83     Chromium 83 (2020), chrome-aws-lambda@3.1.1, puppeteer-core@3.1.0.
//                   The same CSP behaviour.
//   chromium-nowasm today's Chromium (Debian), playwright-core, with `WebAssembly`
//                   deleted before any script of the page (iOS Lockdown Mode, some in-app
//                   browsers).
//
// In each: the widget starts from the JavaScript build of its wasm (and the old engines
// never download the wasm), with the CSP unchanged; a typical case to the result `assess`
// gives; the emergency alert with its tel: call link; a language switch that keeps the
// answers; a reload that keeps the step and the answers; a cramp logged in the diary; the
// printed summary (a PDF of the page, read with pdftotext); the service worker keeping
// the JavaScript build from its first use (not precached), offline, and precaching it
// with an update where the old version had kept one. One browser per engine and
// one page, reused from test to test (its storage cleared). Every function that runs in
// the page is written for Chromium 74 (no `?.`, `??`, Object.hasOwn…), and a first test
// parses each as that engine would. The page's clock is fixed at CLOCK (E2E_NOW, see
// tests/e2e/clock.mjs), its zone by TZ (old engines) or the context (Playwright).
// Nothing sleeps: every wait is a condition polled in the page.

import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOCK, CONTENT, TYPICAL, DIST, assess, uiText } from '../e2e/lib.mjs';
import { pdfText } from '../e2e/engines.mjs';
import { cspHeader, startStaticServer } from '../../scripts/static-server.mjs';
import { executable } from './unpack.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENGINE = process.env.OLD_ENGINE || 'chromium-74';
const WAIT_MS = Number(process.env.E2E_WAIT_MS || 30000);
const requireHere = createRequire(path.join(HERE, 'package.json'));
const requireE2e = createRequire(path.join(HERE, '..', 'e2e', 'package.json'));
const test = (name, fn) => nodeTest(`[${ENGINE}] ${name}`, { timeout: 120_000 }, fn);

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--mute-audio'];

// ---------------------------------------------------------------------------
// In-page code (each function is sent as its source: Chromium 74's syntax only).

/** The clock shim: Date.now() and new Date() give `ms`; uncaught errors recorded. */
function fixClock(ms) {
  var RealDate = Date;
  function FixedDate() {
    if (!(this instanceof FixedDate)) return new RealDate(ms).toString();
    var a = Array.prototype.slice.call(arguments);
    if (a.length === 0) return new RealDate(ms);
    return new (Function.prototype.bind.apply(RealDate, [null].concat(a)))();
  }
  FixedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FixedDate, writable: true, configurable: true });
  FixedDate.now = function () { return ms; };
  FixedDate.UTC = RealDate.UTC;
  FixedDate.parse = RealDate.parse;
  window.Date = FixedDate;
  window.__errors = [];
  window.addEventListener('error', function (e) { window.__errors.push(String(e.error || e.message)); });
  window.addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason)); });
}

/** No WebAssembly, as in iOS Lockdown Mode (before any script of the page). */
function removeWebAssembly() {
  delete window.WebAssembly;
}

/** What the page loaded: the widget's files by kind, and whether it started. */
function loaded() {
  var names = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  var meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {
    wasm: names.some(function (n) { return /_bg\.wasm$/.test(n); }),
    js: names.some(function (n) { return /\/cramp-check-wasm2js-[0-9a-f]+\.js$/.test(n); }),
    started: Boolean(document.querySelector('.cc-app[data-started]')),
    failed: document.documentElement.className.indexOf('cc-failed') >= 0,
    csp: meta ? meta.getAttribute('content') : null,
    hasWasm: typeof WebAssembly,
  };
}

/** Truthy once `selector` matches a rendered element of the started widget. */
function shown(selector) {
  var el = document.querySelector('.cc-app[data-started] ' + selector);
  return Boolean(el && el.getClientRects().length > 0);
}

/** The current screen's id. */
function screenId() {
  var el = document.querySelector('.cc-app[data-started] [data-step]');
  return el ? el.getAttribute('data-step') : null;
}

/** The checked inputs of the screen: { question: [values] }. */
function checkedAnswers() {
  var out = {};
  var qs = document.querySelectorAll('[data-step] [data-question]');
  for (var i = 0; i < qs.length; i++) {
    var values = [];
    var inputs = qs[i].querySelectorAll('input');
    for (var j = 0; j < inputs.length; j++) if (inputs[j].checked) values.push(inputs[j].value);
    if (values.length) out[qs[i].getAttribute('data-question')] = values;
  }
  return out;
}

/** The emergency alert, shown, with its call link's href (or null). */
function alertLink() {
  var a = document.querySelector('.cc-app[data-started] [data-alert="emergency"]');
  if (!a || a.getClientRects().length === 0) return null;
  var link = a.querySelector('a[href^="tel:"]');
  return link && link.getClientRects().length > 0 ? link.getAttribute('href') : null;
}

/**
 * One step in one round trip: answers the visible questions from `answers` (emergency
 * questions "no" on the first step), waits for a quiet DOM (a whole task without a
 * mutation: Yew renders in a microtask), presses Next, and returns the next screen
 * ({ step, next, level, patterns } or { error }).
 */
function stepOnce(arg) {
  var answers = arg.answers;
  var deadline = performance.now() + arg.waitMs;
  function quiet() {
    return new Promise(function (resolve) {
      var changed = false;
      var seen = new MutationObserver(function () { changed = true; });
      seen.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      function task() {
        setTimeout(function () {
          if (!changed || performance.now() > deadline) {
            seen.disconnect();
            resolve();
          } else {
            changed = false;
            task();
          }
        }, 0);
      }
      task();
    });
  }
  function stepNow() {
    var el = document.querySelector('[data-step]');
    return el ? el.getAttribute('data-step') : null;
  }
  function valuesOf(v) {
    if (v === true) return ['yes'];
    if (v === false) return ['no'];
    if (Array.isArray(v)) return v.map(String);
    return [String(v)];
  }
  function visible(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  }
  var step = stepNow();
  var done = [];
  return (async function () {
    if (step !== 'review') {
      for (var settled = false; ;) {
        var ids = Array.prototype.slice.call(document.querySelectorAll('[data-step] [data-question]'))
          .filter(visible).map(function (el) { return el.getAttribute('data-question'); });
        var q = ids.filter(function (id) { return done.indexOf(id) < 0; })[0];
        if (q === undefined) {
          if (settled) break;
          await quiet();
          settled = true;
          continue;
        }
        settled = false;
        done.push(q);
        var values = null;
        if (Object.prototype.hasOwnProperty.call(answers, q)) values = valuesOf(answers[q]);
        else if (step === arg.firstStep && arg.emergencyQuestions.indexOf(q) >= 0) values = ['no'];
        if (!values) continue;
        for (var i = 0; i < values.length; i++) {
          var input = document.querySelector('[data-step] [data-question="' + q + '"] input[value="' + values[i] + '"]');
          if (!input) return { step: step, error: 'question ' + q + ': no input "' + values[i] + '"' };
          if (!input.checked) input.click();
        }
      }
      await quiet();
    }
    var next = document.querySelector('[data-step] [data-action="next"]');
    if (!next) return { step: step, error: 'no Next button' };
    next.click();
    while (stepNow() === step) {
      if (performance.now() > deadline) return { step: step, error: 'Next did not leave the screen' };
      await quiet();
    }
    var level = document.querySelector('[data-level]');
    if (!level) return { step: step, next: stepNow() };
    var patterns = [];
    var ps = document.querySelectorAll('[data-level] [data-pattern]');
    for (var j = 0; j < ps.length; j++) if (patterns.indexOf(ps[j].getAttribute('data-pattern')) < 0) patterns.push(ps[j].getAttribute('data-pattern'));
    return { step: step, next: stepNow(), level: level.getAttribute('data-level'), patterns: patterns };
  })();
}

/**
 * The source of an in-page wait: polls `fn(arg)` (or the promise it returns) every 50 ms
 * until it is truthy (its value) or `ms` pass ({ __timeout: true }). Sent as an expression (no eval in the page:
 * the CSP forbids it).
 */
function pollSource(fn, arg, ms) {
  return `new Promise(function (resolve) {
    var f = ${fn.toString()};
    var arg = ${JSON.stringify(arg === undefined ? null : arg)};
    var end = performance.now() + ${Number(ms)};
    (function again() {
      var p;
      try { p = Promise.resolve(f(arg)); } catch (e) { p = Promise.resolve(null); }
      p.catch(function () { return null; }).then(function (v) {
        if (v) return resolve(v);
        if (performance.now() > end) return resolve({ __timeout: true });
        setTimeout(again, 50);
      });
    })();
  })`;
}

/** The JavaScript build's URL in this folder's service worker caches, once the page is controlled and it is there. */
function cachedFallback() {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return null;
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('cramp-check:') === 0; }).map(function (n) {
      return caches.open(n).then(function (c) { return c.keys(); });
    }));
  }).then(function (lists) {
    var urls = [].concat.apply([], lists).map(function (r) { return r.url; });
    return urls.filter(function (u) { return /\/cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(u); })[0] || null;
  });
}

/**
 * The number of files in the service worker cache whose name ends with `:version`, once
 * it has the JavaScript build (else null). Asks the browser again, at most once a second,
 * to look for a new sw.js: the reload's own update check may have joined one already
 * under way that fetched the old sw.js, and then nothing else would look again.
 */
function fallbackAfterUpdate(version) {
  var now = performance.now();
  if (!window.__ccUpdateAskedAt || now - window.__ccUpdateAskedAt > 1000) {
    window.__ccUpdateAskedAt = now;
    navigator.serviceWorker.getRegistration().then(function (r) { return r && r.update(); }).catch(function () {});
  }
  return caches.keys().then(function (names) {
    var name = names.filter(function (n) { return n.indexOf('cramp-check:') === 0 && n.slice(-version.length - 1) === ':' + version; })[0];
    if (!name) return null;
    return caches.open(name).then(function (c) { return c.keys(); }).then(function (keys) {
      return keys.some(function (r) { return /\/cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(r.url); }) ? keys.length : null;
    });
  });
}

const IN_PAGE = { fixClock, removeWebAssembly, loaded, shown, screenId, checkedAnswers, alertLink, stepOnce, cachedFallback, fallbackAfterUpdate };

// ---------------------------------------------------------------------------
// The engine: one browser, one page; puppeteer-core of the engine's era, or Playwright.

let browser = null;
let page = null;
let server = null;
let version = '';
const errors = [];

async function launch() {
  if (ENGINE === 'chromium-nowasm') {
    const { chromium } = requireE2e('playwright-core');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ARGS });
    version = browser.version();
    const context = await browser.newContext({ locale: 'en-US', timezoneId: CLOCK.zone, viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    await page.addInitScript(fixClock, CLOCK.ms);
    await page.addInitScript(removeWebAssembly);
    return;
  }
  const exe = executable(ENGINE);
  assert.ok(existsSync(exe), `${exe} is missing: scripts/setup.sh test (or node tests/old-engines/unpack.mjs)`);
  const puppeteer = requireHere(ENGINE === 'chromium-74' ? 'puppeteer-core-74' : 'puppeteer-core');
  browser = await puppeteer.launch({
    executablePath: exe,
    headless: true,
    args: [...ARGS, '--lang=en-US'],
    env: { ...process.env, TZ: CLOCK.zone },
    defaultViewport: { width: 360, height: 740 },
  });
  version = await browser.version();
  page = await browser.newPage();
  await page.evaluateOnNewDocument(fixClock, CLOCK.ms);
}

const isPlaywright = () => ENGINE === 'chromium-nowasm';
const evaluate = (fn, arg) => page.evaluate(fn, arg === undefined ? null : arg);

async function waitFor(fn, arg, what) {
  const v = await page.evaluate(pollSource(fn, arg, WAIT_MS));
  if (v && v.__timeout) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
  return v;
}

async function goto(p) {
  await page.goto(`${server.origin}${p}`, isPlaywright() ? {} : { waitUntil: 'load' });
}

/** Empties the origin's storage, then opens `p` as a first visit and waits for the widget's intro. */
async function open(lang = 'en') {
  await goto('/csp.txt'); // a page of the origin that runs no widget, which could save anything
  await evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await goto(`/?lang=${lang}`);
  // A first visit: the widget starts on the first interaction (scripts/boot.js).
  await evaluate(() => document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true })));
  await waitFor(shown, '[data-action="start"]', "the widget's intro");
}

async function click(selector) {
  await page.click(selector);
}

async function start(lang = 'en') {
  await open(lang);
  await click('.cc-app[data-started] [data-action="start"]');
  await waitFor((id) => {
    var el = document.querySelector('.cc-app[data-started] [data-step]');
    return el && el.getAttribute('data-step') === id;
  }, CONTENT.firstStep, 'the first step');
}

const stepArg = (answers) => ({ answers, firstStep: CONTENT.firstStep, emergencyQuestions: CONTENT.emergencyQuestions, waitMs: WAIT_MS });

async function walkToResult(answers) {
  const visited = [];
  for (let guard = 0; guard < 30; guard++) {
    const r = await evaluate(stepOnce, stepArg(answers));
    if (r.error) throw new Error(`step ${r.step}: ${r.error} (after ${visited.join(' → ')})`);
    visited.push(r.step);
    if (r.level) return { ...r, visited };
  }
  throw new Error(`no result after ${visited.join(' → ')}`);
}

/** Answers question `q` with `v` by a click, and waits until it is checked. */
async function answer(q, v) {
  const s = `[data-step] [data-question="${q}"] input[value="${v}"]`;
  await click(s);
  await waitFor((x) => {
    var el = document.querySelector(x);
    return el && el.checked;
  }, s, `${q}=${v} checked`);
}

async function pageErrors() {
  const inPage = await evaluate(() => window.__errors || []);
  return [...errors, ...inPage];
}

before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no build at ${DIST}: make dist-only first (or set E2E_DIST)`);
  const csp = await cspHeader(DIST, "'self'");
  server = await startStaticServer({
    mounts: [{ prefix: '/', root: DIST }],
    headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
  });
  await launch();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    const text = typeof m.text === 'function' ? m.text() : String(m.text);
    if (m.type() === 'error' && /panicked|RuntimeError|unreachable|abort/.test(text)) errors.push(text);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs a test's body, then fails it on any error the page threw. */
async function journey(fn) {
  errors.length = 0;
  await fn();
  assert.deepEqual(await pageErrors(), [], 'the page threw');
}

// ---------------------------------------------------------------------------

test('every function this file runs in the page parses in Chromium 74', () => {
  const acorn = requireE2e('acorn');
  const sources = Object.entries(IN_PAGE).map(([name, fn]) => [name, `(${fn.toString()})`]);
  sources.push(['pollSource', pollSource(shown, 'x', 1)]);
  for (const [name, src] of sources) {
    assert.doesNotThrow(() => acorn.parse(src, { ecmaVersion: 2019 }), `${name} does not parse as ES2019`);
    assert.ok(!/\?\.|\?\?|Object\.hasOwn\(/.test(src), `${name} uses ?. ?? or Object.hasOwn`);
  }
});

test('the widget starts from the JavaScript build of its wasm, under the unchanged CSP', async (t) => {
  t.diagnostic(`${ENGINE}: ${version}; clock ${CLOCK.iso} ${CLOCK.zone}`);
  if (ENGINE === 'chromium-74') assert.match(version, /\/74\./);
  if (ENGINE === 'chromium-83') assert.match(version, /\/83\./);
  await journey(async () => {
    await open('en');
    const l = await evaluate(loaded);
    const shipped = /<meta http-equiv="?Content-Security-Policy"? content="([^"]*)"/.exec(readFileSync(path.join(DIST, 'index.html'), 'utf8'))[1];
    assert.equal(l.csp, shipped, 'the page carries the CSP of the build');
    assert.ok(/script-src [^;]*'wasm-unsafe-eval'/.test(l.csp) && !/'unsafe-eval'/.test(l.csp), 'the strict script-src (no unsafe-eval)');
    assert.ok(l.started && !l.failed, 'the widget started, with no failure message');
    assert.ok(l.js, 'it loaded the JavaScript build of the wasm');
    assert.equal(l.wasm, false, 'it did not download the wasm it cannot run');
    if (ENGINE === 'chromium-nowasm') assert.equal(l.hasWasm, 'undefined', 'the page has no WebAssembly');
    else assert.equal(l.hasWasm, 'object', 'the engine has WebAssembly (the CSP forbids compiling)');
  });
});

test('a typical case goes through every step to the result assess gives', async () => {
  const [want] = assess([TYPICAL]);
  await journey(async () => {
    await start('en');
    const r = await walkToResult(TYPICAL);
    assert.equal(r.level, want.level);
    assert.deepEqual([...r.patterns].sort(), [...want.patterns].sort());
    assert.equal(r.visited[0], CONTENT.firstStep);
    assert.equal(r.visited.at(-1), 'review');
  });
});

test('"yes" to an emergency question raises the alert at once, with its tel: call link', async () => {
  const q = CONTENT.emergencySigns[0];
  await journey(async () => {
    await start('en');
    assert.equal(await evaluate(alertLink), null, 'no alert before any answer');
    await answer(q, 'yes');
    const href = await waitFor(alertLink, null, `the emergency alert after ${q}=yes`);
    assert.match(href, /^tel:\d+$/);
    assert.equal(await evaluate(screenId), CONTENT.firstStep, 'at once, on the emergency screen');
  });
});

test('switching the language half-way keeps the answers', async () => {
  await journey(async () => {
    await start('zh-CN');
    assert.equal(await evaluate(() => document.documentElement.lang), 'zh-CN');
    const first = await evaluate(stepOnce, stepArg({}));
    assert.equal(first.next, 'cramps', JSON.stringify(first));
    await answer('frequency', 'nightly');
    await answer('location', 'calf');
    await click('.cc-app[data-started] [data-lang="en"]');
    await waitFor(() => document.documentElement.lang === 'en', null, '<html lang="en">');
    await waitFor((t) => {
      var b = document.querySelector('[data-step] [data-action="next"]');
      return b && b.textContent.trim() === t;
    }, uiText('next', 'en'), 'the Next button in English');
    assert.equal(await evaluate(screenId), 'cramps', 'the same step');
    const kept = await evaluate(checkedAnswers);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual(kept.location, ['calf']);
  });
});

test('a reload keeps the step and the answers', async () => {
  await journey(async () => {
    await start('en');
    await evaluate(stepOnce, stepArg({}));
    await answer('frequency', 'nightly');
    await answer('location', 'calf');
    await waitFor(() => {
      var saved = JSON.parse(window.localStorage.getItem('cramp-check/progress') || 'null');
      return saved && saved.answers && saved.answers.frequency === 'nightly';
    }, null, 'the answers saved');
    await page.reload(isPlaywright() ? {} : { waitUntil: 'load' });
    await waitFor((id) => {
      var el = document.querySelector('.cc-app[data-started] [data-step]');
      return el && el.getAttribute('data-step') === id;
    }, 'cramps', 'the same step after the reload');
    const kept = await evaluate(checkedAnswers);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual(kept.location, ['calf']);
  });
});

test('a cramp logged in the diary is listed at the fixed time and stored', async () => {
  const local = new Date(CLOCK.ms + CLOCK.offset * 60_000);
  const hour = local.getUTCHours();
  const lastNight = hour >= 4 && hour < 12;
  const at = lastNight ? Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 3) : local.getTime();
  const when = new Date(at).toISOString().slice(0, 16).replace('T', ' ');
  await journey(async () => {
    await open('en');
    await click('.cc-app[data-started] [data-action="open-diary"]');
    await waitFor(shown, '[data-step="diary"]', 'the diary');
    await click('#new-leg-left');
    await click('[data-step="diary"] [data-action="log-cramp"]');
    const text = await waitFor(() => {
      var li = document.querySelector('[data-step="diary"] [data-entry]');
      return li && li.textContent;
    }, null, 'the entry listed');
    assert.ok(text.includes(when), `the entry shows ${when}: ${text}`);
    const count = await evaluate(() => {
      var td = document.querySelector('[data-step="diary"] [data-table="weeks"] tbody tr td');
      return td && td.textContent.trim();
    });
    assert.equal(count, '1', 'this week counts the cramp');
    // The diary is kept by year: the index names the year, its key holds the entry (issue 24).
    const stored = await evaluate(() => {
      var index = JSON.parse(window.localStorage.getItem('cramp-check/diary'));
      return JSON.parse(window.localStorage.getItem('cramp-check/diary/' + index.years[0].year));
    });
    assert.equal(stored.entries.length, 1);
    assert.equal(stored.entries[0].at_ms, at - CLOCK.offset * 60_000, 'stored at the fixed instant');
  });
});

test('the printed summary carries the title, the level and the date', async () => {
  const [want] = assess([TYPICAL]);
  const level = CONTENT.levels.get(want.level);
  const date = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: CLOCK.zone }).format(CLOCK.ms);
  const norm = (s) => s.replace(/\s+/g, ' ');
  await journey(async () => {
    await start('en');
    await walkToResult(TYPICAL);
    const onScreen = norm(await evaluate(() => document.body.innerText));
    assert.ok(!onScreen.includes(uiText('summary_title', 'en')), 'the summary is not shown on screen');
    if (isPlaywright()) await page.emulateMedia({ media: 'print' });
    const printed = norm(pdfText(await page.pdf({ format: 'A4' })));
    if (isPlaywright()) await page.emulateMedia({ media: 'screen' });
    for (const [what, text] of [
      ['the summary title', uiText('summary_title', 'en')],
      ['the level', level.title.en],
      ["today's date", date],
    ]) {
      assert.ok(printed.includes(text), `${what} "${text}" is printed:\n${printed.slice(0, 600)}`);
    }
    assert.ok(!printed.includes(uiText('print', 'en')), 'the print button is not printed');
  });
});

test('offline after a visit: the service worker kept the JavaScript build from its first use, and the widget starts', async () => {
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const fallback = /const FALLBACK = \["([^"]+)"/.exec(sw)[1];
  const files = /const FILES = (\[[\s\S]*?\n\]);/.exec(sw)[1];
  assert.ok(!files.includes(fallback), 'sw.js does not precache the JavaScript build');
  await journey(async () => {
    await open('en');
    // Controlled by the service worker (registered on an earlier load), the page gets
    // the JavaScript build through it: kept in this version's cache on that first use.
    if (!(await evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
      await waitFor(() => navigator.serviceWorker.ready.then(() => true), null, 'the service worker');
      await open('en');
    }
    const cached = await waitFor(cachedFallback, null, 'the JavaScript build in the service worker cache');
    assert.ok(cached.endsWith(`/${fallback}`), cached);
    if (isPlaywright()) await page.context().setOffline(true);
    else await page.setOfflineMode(true);
    try {
      await page.reload(isPlaywright() ? {} : { waitUntil: 'load' });
      await evaluate(() => document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true })));
      await waitFor(shown, '[data-action="start"]', "the widget's intro, offline");
      const l = await evaluate(loaded);
      assert.ok(l.started && l.js && !l.failed, JSON.stringify(l));
    } finally {
      if (isPlaywright()) await page.context().setOffline(false);
      else await page.setOfflineMode(false);
    }
  });
});

test('an update precaches the new JavaScript build where the old version had kept one', async () => {
  // A build of its own (a copy of dist/ on a server of its own: a service worker of its
  // own); the update is the same build with another version in sw.js.
  const dir = mkdtempSync(path.join(tmpdir(), 'cramp-old-engines-'));
  let own = null;
  const before = page.url();
  try {
    cpSync(DIST, dir, { recursive: true });
    own = await startStaticServer({ mounts: [{ prefix: '/', root: dir }] });
    const sw = readFileSync(path.join(dir, 'sw.js'), 'utf8');
    const version = /const VERSION = "([0-9a-f]+)";/.exec(sw)[1];
    await journey(async () => {
      await page.goto(`${own.origin}/?lang=en`);
      await evaluate(() => document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true })));
      await waitFor(shown, '[data-action="start"]', "the widget's intro");
      await waitFor(() => navigator.serviceWorker.ready.then(() => true), null, 'the service worker');
      await page.reload();
      await evaluate(() => document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true })));
      await waitFor(cachedFallback, null, 'the JavaScript build kept on its first use');
      writeFileSync(path.join(dir, 'sw.js'), sw.replace(`const VERSION = "${version}";`, `const VERSION = "${version}b";`));
      await page.reload(); // the browser finds the new sw.js, which installs beside the old
      const n = await waitFor(fallbackAfterUpdate, `${version}b`, "the new version's cache with its JavaScript build");
      const files = (/const FILES = (\[[\s\S]*?\n\]);/.exec(sw)[1].match(/\],/g) || []).length;
      assert.equal(n, files + 1, "the new version's cache: every file of sw.js and the JavaScript build");
    });
  } finally {
    if (before.startsWith(server.origin)) await page.goto(before).catch(() => {});
    await own?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
