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
// one page, reused from test to test (its storage cleared).
//
// The journeys and the moves are tests/e2e/lib.mjs's (`CORE_JOURNEYS`, `tabStart`…),
// the same code Firefox and WebKit run (engines.test.mjs), on a tab made here from the
// engine's page (`oldTab`). Every function sent to the page is ES2019 at most
// (Chromium 74 parses no `?.`, `??`): the tab checks each before sending it
// (lib.mjs `pageTab`), and a first test checks this file's own. The page's clock is
// tests/e2e/clock.mjs's shim, fixed at CLOCK (E2E_NOW), its zone by TZ (old engines)
// or the context (Playwright). Nothing sleeps: every wait is a condition polled in the
// page (lib.mjs `pollSource`).

import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLOCK, DIST, CORE_JOURNEYS, PAGE, assertEs2019, pageTab, pollResult, pollSource, tabOpen,
} from '../e2e/lib.mjs';
import { clockShim, removeWebAssembly } from '../e2e/clock.mjs';
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

const IN_PAGE = { clockShim, removeWebAssembly, loaded, cachedFallback, fallbackAfterUpdate };

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
    await page.addInitScript(clockShim, CLOCK.ms);
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
  await page.evaluateOnNewDocument(clockShim, CLOCK.ms);
}

const isPlaywright = () => ENGINE === 'chromium-nowasm';
const evaluate = (fn, arg) => page.evaluate(fn, arg === undefined ? null : arg);

async function goto(p) {
  await page.goto(`${server.origin}${p}`, isPlaywright() ? {} : { waitUntil: 'load' });
}

async function pageErrors() {
  const inPage = await evaluate(function () { return window.__e2eErrors || []; });
  return [...errors, ...inPage];
}

/**
 * The engine's one page as a tab of tests/e2e (engines.mjs's interface), for lib.mjs's
 * moves and core journeys; every function it sends to the page is checked as ES2019.
 */
let tab = null;
function oldTab() {
  return pageTab({
    page,
    goto,
    reload: () => page.reload(isPlaywright() ? {} : { waitUntil: 'load' }),
    click: (selector) => page.click(selector),
    eval: evaluate,
    async waitFor(fn, arg, what) {
      return pollResult(await page.evaluate(pollSource(fn, arg, WAIT_MS)), what, WAIT_MS);
    },
    async printedText() {
      if (isPlaywright()) await page.emulateMedia({ media: 'print' });
      try {
        return pdfText(await page.pdf({ format: 'A4' }));
      } finally {
        if (isPlaywright()) await page.emulateMedia({ media: 'screen' });
      }
    },
    errors: pageErrors,
    close: async () => {},
  });
}

/** Empties the origin's storage (from a page of it that runs no widget, which could save anything). */
async function clearStorage() {
  await goto('/csp.txt');
  await evaluate(function () {
    localStorage.clear();
    sessionStorage.clear();
  });
}

/** Empties the origin's storage, then opens the widget as a first visit and waits for its intro. */
async function open(lang = 'en') {
  await clearStorage();
  await tabOpen(tab, lang);
}

before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no build at ${DIST}: make dist-only first (or set E2E_DIST)`);
  const csp = await cspHeader(DIST, "'self'");
  server = await startStaticServer({
    mounts: [{ prefix: '/', root: DIST }],
    headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
  });
  await launch();
  tab = oldTab();
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

/** Runs a test's body from an empty storage, then fails it on any error the page threw. */
async function journey(fn) {
  errors.length = 0;
  await clearStorage();
  await fn();
  assert.deepEqual(await pageErrors(), [], 'the page threw');
}

// ---------------------------------------------------------------------------

test('every function this file and lib.mjs run in the page parses in Chromium 74', async () => {
  const sources = [...Object.entries(IN_PAGE), ...Object.entries(PAGE)].map(([name, fn]) => [name, fn.toString()]);
  sources.push(['pollSource', pollSource(PAGE.shown, 'x', 1)]);
  for (const [name, src] of sources) await assertEs2019(src, name);
  // The check itself refuses what Chromium 74 cannot run.
  for (const bad of ['function (a) { return a?.b; }', 'function (a) { return a ?? 1; }', 'function (a) { return Object.hasOwn(a, "b"); }']) {
    await assert.rejects(assertEs2019(bad), /ES2019|Object\.hasOwn/, bad);
  }
});

test('the widget starts from the JavaScript build of its wasm, under the unchanged CSP', async (t) => {
  t.diagnostic(`${ENGINE}: ${version}; clock ${CLOCK.iso} ${CLOCK.zone}`);
  if (ENGINE === 'chromium-74') assert.match(version, /\/74\./);
  if (ENGINE === 'chromium-83') assert.match(version, /\/83\./);
  await journey(async () => {
    await open('en');
    const l = await tab.eval(loaded);
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

// The core journeys, as Firefox and WebKit walk them (tests/e2e/lib.mjs CORE_JOURNEYS).
test('a typical case goes through every step to the result assess gives', () =>
  journey(() => CORE_JOURNEYS.typical(tab, { byHand: false })),
);

test('"yes" to an emergency question raises the alert at once, with its tel: call link; the result is emergency', () =>
  journey(() => CORE_JOURNEYS.emergencyAlert(tab, { value: 'yes' })),
);

test('switching the language half-way keeps the answers, here and on the step before', () =>
  journey(() => CORE_JOURNEYS.languageSwitch(tab)),
);

test('a reload keeps the step and the answers', () => journey(() => CORE_JOURNEYS.reload(tab)));

test('a cramp logged in the diary is listed at the fixed time, counted in the table and the chart, and stored', () =>
  journey(() => CORE_JOURNEYS.diary(tab)),
);

test('the printed summary carries the title, the level and the date', () => journey(() => CORE_JOURNEYS.printed(tab)));

test('offline after a visit: the service worker kept the JavaScript build from its first use, and the widget starts', async () => {
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const fallback = /const FALLBACK = \["([^"]+)"/.exec(sw)[1];
  const files = /const FILES = (\[[\s\S]*?\n\]);/.exec(sw)[1];
  assert.ok(!files.includes(fallback), 'sw.js does not precache the JavaScript build');
  await journey(async () => {
    await open('en');
    // Controlled by the service worker (registered on an earlier load), the page gets
    // the JavaScript build through it: kept in this version's cache on that first use.
    if (!(await tab.eval(() => Boolean(navigator.serviceWorker.controller)))) {
      await tab.waitFor(() => navigator.serviceWorker.ready.then(() => true), null, 'the service worker');
      await open('en');
    }
    const cached = await tab.waitFor(cachedFallback, null, 'the JavaScript build in the service worker cache');
    assert.ok(cached.endsWith(`/${fallback}`), cached);
    if (isPlaywright()) await page.context().setOffline(true);
    else await page.setOfflineMode(true);
    try {
      await page.reload(isPlaywright() ? {} : { waitUntil: 'load' });
      await tab.eval(PAGE.moveMouse);
      await tab.waitFor(PAGE.shown, '[data-action="start"]', "the widget's intro, offline");
      const l = await tab.eval(loaded);
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
      await tab.eval(PAGE.moveMouse);
      await tab.waitFor(PAGE.shown, '[data-action="start"]', "the widget's intro");
      await tab.waitFor(() => navigator.serviceWorker.ready.then(() => true), null, 'the service worker');
      await page.reload();
      await tab.eval(PAGE.moveMouse);
      await tab.waitFor(cachedFallback, null, 'the JavaScript build kept on its first use');
      writeFileSync(path.join(dir, 'sw.js'), sw.replace(`const VERSION = "${version}";`, `const VERSION = "${version}b";`));
      await page.reload(); // the browser finds the new sw.js, which installs beside the old
      const n = await tab.waitFor(fallbackAfterUpdate, `${version}b`, "the new version's cache with its JavaScript build");
      const files = (/const FILES = (\[[\s\S]*?\n\]);/.exec(sw)[1].match(/\],/g) || []).length;
      assert.equal(n, files + 1, "the new version's cache: every file of sw.js and the JavaScript build");
    });
  } finally {
    if (before.startsWith(server.origin)) await page.goto(before).catch(() => {});
    await own?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
