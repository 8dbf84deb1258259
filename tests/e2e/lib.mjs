// Shared helpers of the end-to-end suite: the static server, the browser, the
// question files (read from questions/*.toml), and the moves a person makes
// (start, answer a question by id and value, Next, walk to the result).
//
// Elements are found only by the UI's stable hooks (see README.md in this
// folder): data-step, data-question, input[value], data-action, data-alert,
// data-level, data-pattern, data-lang. Nothing sleeps: waits are Playwright's
// auto-waiting or conditions polled in the page (waitForFunction).

import { createServer } from 'node:http';
import {
  readFileSync, readdirSync, statSync, existsSync, mkdirSync, createReadStream, cpSync, mkdtempSync, rmSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { test as nodeTest } from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { CLOCK, clockShim } from './clock.mjs';

export { CLOCK, INSTANTS, ALL_INSTANTS } from './clock.mjs';

/**
 * node:test's `test`, its name starting with the engine, `[chromium] …`: the
 * files that import it run in Chromium only (engines.test.mjs names its own).
 */
export function test(name, ...rest) {
  return nodeTest(`[chromium] ${name}`, ...rest);
}

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const OUTPUT = path.join(HERE, 'output');
export const DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(REPO, 'dist');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
};

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const LEVELS = ['emergency', 'urgent', 'soon', 'self_care'];
export const LANGS = ['en', 'zh-CN'];

// Timeouts for one wait. The debug build's wasm is large; the first load is the slowest.
const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);

// ---------------------------------------------------------------------------
// The static file server (also used by run.mjs).

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Serves `root` on 127.0.0.1 at an ephemeral port. Resolves to { url, close() }. */
export function startServer(root = DIST) {
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(base, path.normalize(pathname));
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const st = statSync(file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

// ---------------------------------------------------------------------------
// One browser and one server per test file, or the ones run.mjs started.

let shared = null;

/**
 * The server URL and browser for this test file. Under run.mjs they come from
 * E2E_BASE_URL and E2E_WS_ENDPOINT (one browser for the whole run); a file run
 * on its own (`node --test tests/e2e/x.test.mjs`) starts its own.
 */
export async function setup() {
  if (shared) return shared;
  let server = null;
  let baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) {
    assert.ok(
      existsSync(path.join(DIST, 'index.html')),
      `no build at ${DIST}: run \`trunk build\` first (or set E2E_DIST)`,
    );
    server = await startServer(DIST);
    baseUrl = server.url;
  }
  const browser = process.env.E2E_WS_ENDPOINT
    ? await chromium.connect(process.env.E2E_WS_ENDPOINT)
    : await chromium.launch(LAUNCH_OPTIONS);
  shared = { baseUrl, browser, server };
  return shared;
}

export async function teardown() {
  if (!shared) return;
  const { browser, server } = shared;
  shared = null;
  kept_pages.clear();
  await browser.close();
  if (server) await server.close();
}

/**
 * A fresh context and page (nothing shared between tests). Records page errors
 * (a Rust panic surfaces as one) and every request, so tests can check that
 * nothing leaves the device; also every response ({ url, status,
 * fromServiceWorker }), every failed request (`failed`: not one the browser abandoned because
 * its frame went on to another document), every console message
 * ({ type, text }), and, in every frame, the CSP violations (`cspViolations`).
 *
 * `baseUrl` (default: the suite's server) is where `open`/`start` go, e.g. a
 * build served from a sub-folder by `serveBuild` (its `url` without the final `/`).
 *
 * The page's clock is fixed at `clock` (default CLOCK, from E2E_NOW; see
 * clock.mjs): `Date.now()` and `new Date()` give that instant (`clockShim`,
 * an init script in every frame, before the page's own scripts), in its time
 * zone (`timezoneId`). Only Date is touched: timers, animation frames and
 * `performance` are the browser's own. (Playwright's `clock.setFixedTime`
 * would also replace `performance`, whose resource list the update tests
 * read, and the timers.)
 */
export async function newPage({
  viewport = { width: 1024, height: 800 },
  deviceScaleFactor = 1,
  baseUrl,
  locale = 'en-US',
  clock = CLOCK,
  ...contextOptions
} = {}) {
  const shared = await setup();
  baseUrl ??= shared.baseUrl;
  // A page closed clean by an earlier test of this file, made the same way:
  // on about:blank, its origin's storage, service workers and HTTP cache
  // cleared (see `release`). Only pages with none of the context options
  // beyond these are kept.
  const key = Object.keys(contextOptions).length === 0 ? JSON.stringify([baseUrl, deviceScaleFactor, locale, clock.ms, clock.zone]) : null;
  const kept = key ? kept_pages.get(key)?.pop() : undefined;
  if (kept) {
    await kept.setViewportSize(viewport);
    forget(kept.e2e);
    reuses++;
    return kept;
  }
  const context = await shared.browser.newContext({
    viewport,
    deviceScaleFactor,
    locale,
    timezoneId: clock.zone,
    ...contextOptions,
  });
  context.setDefaultTimeout(WAIT_MS);
  await context.addInitScript(clockShim, clock.ms);
  await context.addInitScript(recordCspViolations);
  const page = await context.newPage();
  const e2e = { baseUrl, errors: [], requests: [], responses: [], failures: [], console: [], context, clock };
  e2e.aborted = [];
  e2e.commits = new Map();
  Object.defineProperty(e2e, 'failed', {
    enumerable: true,
    get: () => [
      ...e2e.failures,
      ...e2e.aborted
        .filter(({ frame, at }) => !frame.isDetached() && (e2e.commits.get(frame) ?? 0) === at)
        .map(({ entry }) => entry),
    ],
  });
  watchPage(page, e2e);
  e2e.poolKey = key;
  e2e.cdp = await context.newCDPSession(page);
  watchForChanges(page, e2e);
  return page;
}

// Pages kept for reuse (a fresh context and page cost about 0.9 s of CPU in
// Chromium before anything loads; the suite is CPU-bound), by how they were made.
const kept_pages = new Map();
let reuses = 0;
if (process.env.E2E_DEBUG_REUSE) process.on('exit', () => console.error(`e2e: ${reuses} pages reused`));

/** Empties what `e2e` recorded, for the page's next test. */
function forget(e2e) {
  for (const list of [e2e.errors, e2e.requests, e2e.responses, e2e.failures, e2e.console, e2e.aborted]) list.length = 0;
  e2e.commits.clear();
}

/**
 * Marks `e2e.changed` when a test changes the page or its context in a way the
 * next test could feel (its own listeners, init scripts, routes, media,
 * permissions, offline, a fake clock, another tab): such a page is not kept.
 */
function watchForChanges(page, e2e) {
  const mark = (target, names) => {
    for (const name of names) {
      const f = target[name];
      if (typeof f !== 'function') continue;
      target[name] = function (...args) {
        e2e.changed = name;
        return f.apply(this, args);
      };
    }
  };
  mark(page, ['on', 'once', 'addInitScript', 'exposeFunction', 'exposeBinding', 'route', 'routeFromHAR', 'routeWebSocket', 'setExtraHTTPHeaders', 'emulateMedia', 'requestGC']);
  mark(e2e.context, ['on', 'once', 'addInitScript', 'newPage', 'grantPermissions', 'setOffline', 'route', 'routeFromHAR', 'routeWebSocket', 'exposeBinding', 'exposeFunction', 'setGeolocation', 'setExtraHTTPHeaders', 'setHTTPCredentials', 'newCDPSession', 'addCookies', 'setStorageState']);
  for (const target of [page, e2e.context]) {
    const clock = target.clock;
    Object.defineProperty(target, 'clock', {
      get() {
        e2e.changed = 'clock';
        return clock;
      },
    });
  }
}

/**
 * Keeps `page` for the next test made the same way, if it can be made as good as
 * new: nothing changed it (`watchForChanges`), it threw nothing, it is its
 * context's only page and it never left its origin. Then: about:blank, and the
 * origin's storage (local storage, IndexedDB, caches, service workers, cookies)
 * and the HTTP cache cleared. Returns whether it was kept.
 */
async function release(page) {
  const e2e = page.e2e;
  const origin = new URL(e2e.baseUrl).origin;
  const elsewhere = e2e.requests.find((u) => !u.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(u));
  const why = [
    [!e2e.poolKey, 'made with other options'],
    [e2e.changed, `changed by ${e2e.changed}`],
    [e2e.errors.length > 0, 'page errors'],
    [page.isClosed(), 'closed'],
    [e2e.context.pages().length !== 1, 'other tabs'],
    [elsewhere, `left its origin: ${elsewhere}`],
  ].find(([yes]) => yes)?.[1];
  if (process.env.E2E_DEBUG_REUSE && why) console.error(`e2e: not kept: ${why}`);
  if (why) return false;
  try {
    await page.goto('about:blank');
    await e2e.cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await e2e.cdp.send('Network.clearBrowserCache');
    await e2e.context.clearCookies();
  } catch {
    return false;
  }
  if (!kept_pages.has(e2e.poolKey)) kept_pages.set(e2e.poolKey, []);
  kept_pages.get(e2e.poolKey).push(page);
  return true;
}

/**
 * Records into `e2e` (a page's `page.e2e`) what `newPage` records, for another
 * page of the same context (a second tab); sets `page.e2e = e2e`. Returns the page.
 */
export function watchPage(page, e2e) {
  const { errors, requests, responses, failures: failed, console: messages } = e2e;
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    messages.push({ type: m.type(), text: m.text() });
    if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) =>
    responses.push({ url: r.url(), status: r.status(), fromServiceWorker: r.fromServiceWorker() }),
  );
  // A request the browser abandoned because its frame went on to another
  // document (the test navigated, the kit changed its preview) is not a
  // failure of the widget. Such an abort can be reported just before the new
  // document's commit, so it is set aside and judged when `failed` is read:
  // it counts only if its frame is still on the document it began in.
  const commits = e2e.commits;
  page.on('framenavigated', (f) => commits.set(f, (commits.get(f) ?? 0) + 1));
  const begunIn = new WeakMap();
  const frameOf = (r) => {
    try {
      return r.frame();
    } catch {
      return null; // a service worker's own request has no frame
    }
  };
  page.on('request', (r) => {
    const frame = frameOf(r);
    if (frame) begunIn.set(r, commits.get(frame) ?? 0);
  });
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    const frame = frameOf(r);
    const entry = `${r.url()} (${error})`;
    if (error === 'net::ERR_ABORTED' && frame && begunIn.has(r)) e2e.aborted.push({ entry, frame, at: begunIn.get(r) });
    else failed.push(entry);
  });
  page.e2e = e2e;
  return page;
}

// Runs in every frame of every page (an init script), before the page's own scripts.
function recordCspViolations() {
  window.__e2eCspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__e2eCspViolations.push(
      `${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`.trim(),
    );
  });
}

/** The CSP violations seen so far in this page or frame (throws if the recorder is missing). */
export async function cspViolations(pageOrFrame) {
  const v = await pageOrFrame.evaluate(() => window.__e2eCspViolations ?? null);
  assert.ok(Array.isArray(v), `no CSP violation recorder in ${pageOrFrame.url()}`);
  return v;
}

/** Closes the page's context, failing if the page threw an uncaught error meanwhile. */
export async function closePage(page) {
  const errors = page.e2e.errors.slice();
  if (!(await release(page))) await page.e2e.context.close();
  assert.deepEqual(errors, [], `the page threw:\n${errors.join('\n')}`);
}

/** Runs `fn(page)` in a fresh page and always closes it. */
export async function withPage(options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  const page = await newPage(options);
  try {
    await fn(page);
  } finally {
    await closePage(page);
  }
}

// ---------------------------------------------------------------------------
// Deployments: a build served the way a CDN serves it, service workers, copies
// of the build (never write into DIST). Used by offline, update, embed and
// subfolder tests.

/** The sub-folder the deployment tests serve the widget from. */
export const WIDGET_PATH = '/widgets/cramp/';

/** The CSP header value for the build in `root`: its csp.txt with `frame-ancestors` set; null without csp.txt. */
export function cspHeaderOf(root, frameAncestors = "'self'") {
  let csp;
  try {
    csp = readFileSync(path.join(root, 'csp.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const rest = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'));
  return [...rest, `frame-ancestors ${frameAncestors}`].join('; ');
}

/**
 * Serves the build folder `root` under `prefix` only (nothing at the other
 * paths), the way a CDN would (scripts/static-server.mjs: MIME types,
 * compression, Cache-Control), with the build's own policy as a
 * Content-Security-Policy header (re-read from its csp.txt on each request, so
 * a redeployed build brings its own), `frame-ancestors` set to
 * `frameAncestors` (a string, or a function called on each request), and
 * `Referrer-Policy: no-referrer`. Resolves to { origin, url (origin + prefix),
 * log: ['GET /path 200 …', …], close() }.
 */
export async function serveBuild(root = DIST, { prefix = WIDGET_PATH, frameAncestors = "'self'" } = {}) {
  const log = [];
  const s = await startStaticServer({
    mounts: [{ prefix, root }],
    port: 0,
    log: (line) => log.push(line),
    headers: () => {
      const csp = cspHeaderOf(root, typeof frameAncestors === 'function' ? frameAncestors() : frameAncestors);
      return { 'Referrer-Policy': 'no-referrer', ...(csp ? { 'Content-Security-Policy': csp } : {}) };
    },
  });
  return { origin: s.origin, url: `${s.origin}${prefix}`, prefix, log, close: s.close };
}

/** A new empty temporary folder; remove it with `removeDir`. */
export function tempDir(name = 'cramp-e2e-') {
  return mkdtempSync(path.join(tmpdir(), name));
}

export function removeDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Copies the build (DIST, never modified) to `to` (default: a new temporary folder); returns `to`. */
export function copyBuild(to = path.join(tempDir(), 'build')) {
  cpSync(DIST, to, { recursive: true });
  return to;
}

/** The version of a build folder (its `<meta name="cramp-check-version">`). */
export function buildVersion(root) {
  const m = /<meta name="cramp-check-version" content="([^"]+)"/.exec(readFileSync(path.join(root, 'index.html'), 'utf8'));
  assert.ok(m, `${root}/index.html has no cramp-check-version meta`);
  return m[1];
}

/** The files a build's service worker precaches (the FILES list of its sw.js), as paths relative to the build. */
export function precachedFiles(root) {
  const sw = readFileSync(path.join(root, 'sw.js'), 'utf8');
  const m = /const FILES = (\[[\s\S]*?\n\]);/.exec(sw);
  assert.ok(m, `${root}/sw.js has no FILES list`);
  return JSON.parse(m[1].replace(/,\s*\]$/, ']')).map(([file]) => file);
}

/**
 * Waits until the page's service worker is activated (on a first visit it
 * installs and precaches the build first). Returns the registration's scope.
 */
export async function waitForServiceWorker(page) {
  return page.evaluate(async (ms) => {
    const timeout = new Promise((_, fail) =>
      setTimeout(() => fail(new Error(`no activated service worker after ${ms} ms`)), ms),
    );
    const activated = (async () => {
      const reg = await navigator.serviceWorker.ready;
      const w = reg.active;
      if (w.state !== 'activated') {
        await new Promise((ok) => w.addEventListener('statechange', () => w.state === 'activated' && ok()));
      }
      return reg.scope;
    })();
    return Promise.race([activated, timeout]);
  }, WAIT_MS);
}

// ---------------------------------------------------------------------------
// The questionnaire, as the engine itself has it: `assess --dump-content`
// (the content compiled into the binary, as JSON). Steps, their questions with
// kind, options and show_if, the rules, and the interface texts.

/**
 * The command that runs `assess`: target/debug/assess when it is newer than
 * every question file and core source, else `cargo run` (which rebuilds it).
 */
function assessCommand() {
  const bin = path.join(REPO, 'target', 'debug', 'assess');
  if (existsSync(bin) && !newerSourcesThan(statSync(bin).mtimeMs)) return [bin, []];
  return ['cargo', ['run', '--quiet', '-p', 'cramp-core', '--bin', 'assess', '--']];
}

function runAssess(extraArgs, input = '') {
  const [cmd, args] = assessCommand();
  const r = spawnSync(cmd, [...args, ...extraArgs], { cwd: REPO, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`assess: cannot run ${cmd}: ${r.error.message}`);
  return { ...r, cmd };
}

/** The embedded questionnaire, as `assess --dump-content` prints it. */
export function dumpContent() {
  const r = runAssess(['--dump-content']);
  if (r.status !== 0) throw new Error(`assess --dump-content (${r.cmd}) failed, status ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const RAW_CONTENT = dumpContent();

export function loadContent(raw = RAW_CONTENT) {
  const steps = [];
  const questions = new Map();
  for (const s of raw.steps) {
    const step = { id: s.id, showIf: s.show_if.length > 0, questions: [] };
    steps.push(step);
    for (const q of s.questions) {
      const values =
        q.kind === 'yes_no' ? ['yes', 'no'] : q.kind === 'yes_no_unsure' ? ['yes', 'no', 'not_sure'] : q.options.map((o) => o.id);
      const question = {
        id: q.id, kind: q.kind, options: q.options.map((o) => o.id), labels: new Map(q.options.map((o) => [o.id, o.label])),
        showIf: q.show_if.length > 0, exclusive: q.exclusive ?? null, step, values,
      };
      step.questions.push(question);
      questions.set(q.id, question);
    }
  }
  const emergencyRuleQuestions = new Set(
    raw.rules.filter((r) => r.level === 'emergency').flatMap((r) => [...r.any, ...r.all].map((c) => c.q)),
  );
  const first = steps[0];
  return {
    steps,
    questions,
    firstStep: first.id,
    /**
     * The questions of the first (emergency) step that always stand on it, in order:
     * the ones that must be answered to go on. A follow-up with `show_if` (the clot
     * risks after a swollen calf) is asked only after its answer.
     */
    emergencyQuestions: first.questions.filter((q) => !q.showIf).map((q) => q.id),
    /** Emergency-step questions whose "yes" gives the `emergency` level on its own. */
    emergencySigns: first.questions.map((q) => q.id).filter((id) => emergencyRuleQuestions.has(id)),
    /** The level texts ({ title, action, by_when } in zh and en) by level. */
    levels: new Map(raw.levels.map((l) => [l.level, l])),
  };
}

export const CONTENT = loadContent();

// ---------------------------------------------------------------------------
// `assess`: the command-line evaluator, the reference for the UI's result.

/**
 * Runs `assess` over answer sets. Uses target/debug/assess when it is newer
 * than every question file and source file, else `cargo run --quiet --bin assess`
 * (which rebuilds it). Returns one { level, patterns, ..., ignored: Set } per set.
 */
export function assess(answerSets) {
  const input = answerSets.map((a) => JSON.stringify(a)).join('\n') + '\n';
  const r = runAssess([], input);
  const out = r.stdout.split('\n').filter((l) => l.trim() !== '');
  if (out.length !== answerSets.length) {
    throw new Error(
      `assess (${r.cmd}) gave ${out.length} results for ${answerSets.length} answer sets, status ${r.status}:\n${r.stderr}`,
    );
  }
  const ignored = answerSets.map(() => new Set());
  for (const m of r.stderr.matchAll(/^line (\d+): ignored `([^`]+)`/gm)) {
    ignored[Number(m[1]) - 1]?.add(m[2]);
  }
  return out.map((l, i) => ({ ...JSON.parse(l), ignored: ignored[i], stderr: r.stderr }));
}

function newerSourcesThan(mtime) {
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) return readdirSync(p).some((f) => walk(path.join(p, f)));
    return st.mtimeMs > mtime;
  };
  return ['questions', 'crates/cramp-core/src', 'crates/cramp-core/build.rs', 'crates/cramp-core/Cargo.toml', 'Cargo.lock'].some((p) => {
    const full = path.join(REPO, p);
    return existsSync(full) && walk(full);
  });
}

/** The vignettes, one object per non-blank line; a line that is not JSON is returned as { line, error }. */
export function loadVignettes(file = path.join(REPO, 'tests', 'vignettes.jsonl')) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, line }) => {
      try {
        return { ...JSON.parse(text), line };
      } catch (e) {
        return { line, error: e.message };
      }
    });
}

// ---------------------------------------------------------------------------
// Reading the screen.

export const sel = {
  step: (id) => (id ? `[data-step="${id}"]` : '[data-step]'),
  question: (q) => `[data-question="${q}"]`,
  input: (q, v) => `[data-question="${q}"] input[value="${v}"]`,
  action: (a) => `[data-action="${a}"]`,
  alert: '[data-alert="emergency"]',
  level: '[data-level]',
  pattern: '[data-pattern]',
  lang: (l) => `[data-lang="${l}"]`,
};

/** The id of the screen shown (data-step), waiting for one to be there. */
export async function currentStep(page) {
  const el = page.locator(sel.step()).first();
  await el.waitFor({ state: 'attached' });
  return el.getAttribute('data-step');
}

/** Waits for the screen `id` to be shown. */
export async function waitForStep(page, id) {
  await page.locator(sel.step(id)).first().waitFor({ state: 'visible' });
}

/** Lets the page finish the work a click started: two animation frames (no timers). */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** The ids of the questions shown on the current screen, in page order. */
export async function visibleQuestions(page) {
  return page.locator('[data-step] [data-question]').evaluateAll((els) =>
    els
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => el.getAttribute('data-question')),
  );
}

/** The option ids checked for question `q` on the current screen. */
export async function checkedValues(page, q) {
  return page
    .locator(`${sel.question(q)} input`)
    .evaluateAll((els) => els.filter((e) => e.checked).map((e) => e.value));
}

/** Every checked input on the screen as { question: [values] }. */
export async function checkedAnswers(page) {
  return page.locator(`${sel.step()} [data-question]`).evaluateAll((qs) =>
    Object.fromEntries(
      qs
        .map((q) => [
          q.getAttribute('data-question'),
          [...q.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value),
        ])
        .filter(([, v]) => v.length > 0),
    ),
  );
}

/** The input values an answer value stands for: true/false are yes/no, a list is several. */
export function inputValues(value) {
  if (value === true) return ['yes'];
  if (value === false) return ['no'];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

// ---------------------------------------------------------------------------
// Moving through the questionnaire.

/** Opens the widget in `lang` (the ?lang= parameter) and waits for the intro. */
export async function open(page, lang = 'en') {
  await page.goto(`${page.e2e.baseUrl}/?lang=${encodeURIComponent(lang)}`);
  await ready(page);
}

/**
 * After a load (goto, reload): waits until the widget has started and shows its
 * intro. The prerendered intro's Start is visible before the wasm even loads,
 * so waiting for Start alone says nothing about the widget.
 */
export async function ready(page) {
  await widgetStarted(page);
  await page.locator(sel.action('start')).waitFor({ state: 'visible' });
}

/**
 * Waits until the widget has taken over the prerendered first screens (its root
 * carries data-started): before that the page is plain HTML, which works on its
 * own but does not go past the emergency questions. On a first visit the widget
 * starts on the first interaction, so this moves the mouse if it has to.
 */
export async function widgetStarted(page) {
  // A first visit to the plain page starts the widget on the first interaction
  // (boot.js): a move of the mouse, as a person's hand would make.
  if ((await page.evaluate(() => document.documentElement.getAttribute('data-cc-start'))) === 'on-interaction') {
    await page.mouse.move(1, 1);
    await page.mouse.move(2, 2);
  }
  await page.locator('.cc-app[data-started]').waitFor({ state: 'attached' });
}

/** Opens the widget and presses Start: the first step is shown. */
export async function start(page, lang = 'en') {
  await open(page, lang);
  await page.locator(sel.action('start')).click();
  await waitForStep(page, CONTENT.firstStep);
}

/** Chooses `value` (true/false, an option id, or a list of option ids) for question `q`. */
export async function answer(page, q, value) {
  for (const v of inputValues(value)) {
    const input = page.locator(sel.input(q, v));
    assert.equal(await input.count(), 1, `question ${q}: expected one input with value "${v}"`);
    if (await input.isChecked()) continue;
    // A real mouse click at the input's centre (after scrolling it into view).
    // Playwright's stability wait (two animation frames per click) is skipped
    // for speed: nothing here animates, and the check below proves the click
    // landed: the input with this question and value must now be checked.
    // (Re-read from the page: the UI may re-render; focus is tested on its own.)
    await input.click({ force: true });
    await page
      .waitForFunction(
        ([sq, sv]) => document.querySelector(`[data-question="${sq}"] input[value="${sv}"]`)?.checked === true,
        [q, v],
        { timeout: WAIT_MS },
      )
      .catch((e) => {
        throw new Error(`question ${q}: "${v}" is not checked after clicking it (${e.message.split('\n')[0]})`);
      });
  }
}

/** The screen's Next button (only the visible one). */
export function nextButton(page) {
  return page.locator(`${sel.step()} ${sel.action('next')}`).first();
}

/** Clicks `button` and waits until the screen has changed; returns the new screen id. */
async function clickToNewScreen(page, button) {
  const before = await currentStep(page);
  await button.click();
  await page.waitForFunction(
    (b) => {
      const s = document.querySelector('[data-step]');
      return s && s.getAttribute('data-step') !== b;
    },
    before,
    { timeout: WAIT_MS },
  );
  return currentStep(page);
}

/** Presses Next and waits until the screen has changed; returns the new screen id. */
export async function next(page) {
  return clickToNewScreen(page, nextButton(page));
}

/** Presses Back and waits until the screen has changed; returns the new screen id. */
export async function back(page) {
  return clickToNewScreen(page, page.locator(`${sel.step()} ${sel.action('back')}`).first());
}

/**
 * Answers the questions of the current step from `answers`, in page order,
 * re-reading the screen after each answer (a show_if question may appear).
 * Emergency-step questions that `answers` leaves out are answered
 * `emergencyDefault` ("no"), unless it is null. Returns the ids answered.
 */
export async function answerStep(page, answers, { emergencyDefault = 'no', skip = new Set() } = {}) {
  const step = await currentStep(page);
  const done = new Set();
  for (let settled = false; ; ) {
    const shown = await visibleQuestions(page);
    const q = shown.find((id) => !done.has(id));
    if (q === undefined) {
      // Before leaving the step, let any re-render finish and look once more:
      // an answer may have revealed a question (show_if).
      if (settled) break;
      await settle(page);
      settled = true;
      continue;
    }
    settled = false;
    done.add(q);
    if (skip.has(q)) continue;
    if (Object.hasOwn(answers, q)) {
      await answer(page, q, answers[q]);
    } else if (step === CONTENT.firstStep && emergencyDefault !== null && CONTENT.emergencyQuestions.includes(q)) {
      // The emergency questions only: a follow-up (the clot risks) stays unanswered.
      await answer(page, q, emergencyDefault);
    }
  }
  return [...done];
}

/**
 * From the current step, answers every step from `answers` and presses Next up
 * to the review and on to the result. Returns { visited: [step ids], shown:
 * Set of question ids seen, level, patterns }. `onScreen(step)` is awaited on
 * every screen (steps, review, result) before moving on.
 */
export async function walkToResult(page, answers = {}, { emergencyDefault = 'no', skip, onScreen, byHand = false } = {}) {
  // Unless a test looks at every screen or asks for a walk by hand, each step is
  // answered in one round trip (the same clicks, made in the page).
  if (!onScreen && !byHand) return walkToResultFast(page, answers, { emergencyDefault, skip });
  const visited = [];
  const shown = new Set();
  for (let guard = 0; guard < 50; guard++) {
    const step = await currentStep(page);
    visited.push(step);
    if (step === 'review') {
      if (onScreen) await onScreen(step);
      await next(page);
      break;
    }
    assert.ok(!visited.slice(0, -1).includes(step), `the walk came back to step "${step}": ${visited.join(' → ')}`);
    if (byHand) {
      for (const q of await answerStep(page, answers, { emergencyDefault, skip })) shown.add(q);
    } else {
      // Answered in one round trip; Next is pressed after `onScreen` looked.
      const r = await page.evaluate(stepInPage, { ...stepArgs(answers, { emergencyDefault, skip }), pressNext: false });
      if (r.error) throw new Error(`step ${r.step}: ${r.error} (after ${visited.join(' → ')})`);
      for (const q of r.shown) shown.add(q);
    }
    if (onScreen) await onScreen(step);
    await next(page);
  }
  const result = await readResult(page);
  visited.push('result');
  if (onScreen) await onScreen('result');
  return { visited, shown, ...result };
}

/**
 * One step in one round trip (runs in the page): ticks the inputs for this
 * step's answers with `input.click()` (the browser's own activation: checked,
 * then `input` and `change` events, as a click does), re-reading the screen
 * once the page is quiet until no new question appears (a show_if question may), then
 * checks that every answer given is still checked, presses Next and waits for
 * the next screen (unless `pressNext` is false: then it returns { step, shown }).
 * On the review it only presses Next; on the result it reads the level and patterns. Returns { step, shown, next, level, patterns } or
 * { step, error }. Waits are for a quiet DOM, polled up to `waitMs`; the
 * page's Date is never read (it is fixed).
 */
export function stepInPage(arg) {
  // ES2019 (Chromium 74 of tests/old-engines runs it too): no `?.`, `??`, Object.hasOwn.
  var answers = arg.answers;
  var skip = arg.skip || [];
  var exclusive = arg.exclusive || {};
  var emergencyDefault = arg.emergencyDefault === undefined ? 'no' : arg.emergencyDefault;
  var pressNext = arg.pressNext !== false;
  var deadline = performance.now() + arg.waitMs;
  // Until the DOM has not changed for one whole task. Yew renders in a microtask
  // after the event, and a render that runs long yields with a zero timeout, so
  // a task with no mutation means the render is done. (Animation frames, polled
  // before, cost as much again in CPU and three times the wall time: the
  // compositor drew a frame for every poll.)
  function quiet() {
    return new Promise(function (resolve) {
      var changed = false;
      var seen = new MutationObserver(function () {
        changed = true;
      });
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
  function stepId() {
    var el = document.querySelector('[data-step]');
    return el ? el.getAttribute('data-step') : null;
  }
  function valuesOf(v) {
    if (v === true) return ['yes'];
    if (v === false) return ['no'];
    if (Array.isArray(v)) return v.map(String);
    return [String(v)];
  }
  function input(q, v) {
    return document.querySelector('[data-step] [data-question="' + q + '"] input[value="' + v + '"]');
  }
  function visible(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  }
  return (async function () {
    while (stepId() === null) {
      if (performance.now() > deadline) return { step: null, error: 'no screen shown' };
      await quiet();
    }
    var step = stepId();
    var shown = [];
    var given = [];
    if (step !== 'review') {
      for (var settled = false; ;) {
        var ids = Array.prototype.slice.call(document.querySelectorAll('[data-step] [data-question]'))
          .filter(visible)
          .map(function (el) { return el.getAttribute('data-question'); });
        var q = ids.filter(function (id) { return shown.indexOf(id) < 0; })[0];
        if (q === undefined) {
          if (settled) break;
          await quiet();
          settled = true;
          continue;
        }
        settled = false;
        shown.push(q);
        if (skip.indexOf(q) >= 0) continue;
        var values = null;
        if (Object.prototype.hasOwnProperty.call(answers, q)) values = valuesOf(answers[q]);
        else if (step === arg.firstStep && emergencyDefault !== null && arg.emergencyQuestions.indexOf(q) >= 0) values = [emergencyDefault];
        if (!values) continue;
        for (var i = 0; i < values.length; i++) {
          var v = values[i];
          var el = input(q, v);
          if (!el) return { step: step, error: 'question ' + q + ': no input with value "' + v + '"' };
          if (!el.checked) el.click();
          if (!el.checked) return { step: step, error: 'question ' + q + ': "' + v + '" is not checked after clicking it' };
          // An exclusive option ("none") given with others is unticked by them, as in the UI.
          if (!(v === exclusive[q] && values.length > 1)) given.push([q, v]);
        }
      }
      await quiet();
      var lost = given
        .filter(function (g) { var el = input(g[0], g[1]); return !(el && el.checked); })
        .map(function (g) { return g[0] + '=' + g[1]; });
      if (lost.length) return { step: step, error: 'not checked after answering: ' + lost.join(', ') };
    }
    if (!pressNext) return { step: step, shown: shown };
    var next = document.querySelector('[data-step] [data-action="next"]');
    if (!next) return { step: step, error: 'no Next button' };
    next.click();
    while (stepId() === step) {
      if (performance.now() > deadline) return { step: step, error: 'Next did not leave the screen' };
      await quiet();
    }
    var level = document.querySelector('[data-level]');
    if (!level) return { step: step, shown: shown, next: stepId() };
    var patterns = [];
    var ps = document.querySelectorAll('[data-level] [data-pattern]');
    for (var j = 0; j < ps.length; j++) {
      var p = ps[j].getAttribute('data-pattern');
      if (patterns.indexOf(p) < 0) patterns.push(p);
    }
    return { step: step, shown: shown, next: stepId(), level: level.getAttribute('data-level'), patterns: patterns };
  })();
}

/** The argument of `stepInPage`. */
export function stepArgs(answers, { emergencyDefault = 'no', skip = new Set() } = {}) {
  const exclusive = Object.fromEntries([...CONTENT.questions.values()].filter((q) => q.exclusive).map((q) => [q.id, q.exclusive]));
  return {
    answers,
    skip: [...skip],
    emergencyDefault,
    firstStep: CONTENT.firstStep,
    emergencyQuestions: CONTENT.emergencyQuestions,
    waitMs: WAIT_MS,
    exclusive,
  };
}

/**
 * `walkToResult` with one browser round trip per step (see `stepInPage`): the
 * vignettes. Returns { visited, shown: Set, level, patterns }.
 */
export async function walkToResultFast(page, answers = {}, { emergencyDefault = 'no', skip = new Set() } = {}) {
  const visited = [];
  const shown = new Set();
  const arg = stepArgs(answers, { emergencyDefault, skip });
  for (let guard = 0; guard < 50; guard++) {
    const r = await page.evaluate(stepInPage, arg);
    if (r.error) throw new Error(`step ${r.step}: ${r.error} (after ${visited.join(' → ')})`);
    assert.ok(!visited.includes(r.step), `the walk came back to step "${r.step}": ${visited.join(' → ')}`);
    visited.push(r.step);
    for (const q of r.shown ?? []) shown.add(q);
    if (r.level) {
      visited.push('result');
      return { visited, shown, level: r.level, patterns: r.patterns };
    }
    if (r.step === 'review') throw new Error(`Next on the review showed "${r.next}", not a result`);
  }
  throw new Error(`no result after ${visited.join(' → ')}`);
}

/**
 * From the current step, answers each step from `answers` (emergency questions
 * left out: "no") and presses Next until screen `id` is shown: one round trip a
 * step, or with `byHand` a mouse click per answer (`answerStep`, `next`).
 */
export async function walkUntil(page, id, answers = {}, { byHand = false } = {}) {
  for (let i = 0; i <= CONTENT.steps.length + 1; i++) {
    const step = await currentStep(page);
    if (step === id) return;
    if (step === 'review' || page.isClosed()) break;
    if (byHand) {
      await answerStep(page, answers);
      await next(page);
    } else {
      const r = await page.evaluate(stepInPage, stepArgs(answers));
      if (r.error) throw new Error(`step ${r.step}: ${r.error} (walking to ${id})`);
    }
  }
  assert.equal(await currentStep(page), id, `never reached screen "${id}"`);
}

/** Waits for the result and reads its level and the patterns shown. */
export async function readResult(page) {
  const el = page.locator(sel.level).first();
  await el.waitFor({ state: 'visible' });
  const level = await el.getAttribute('data-level');
  const patterns = await page
    .locator(`${sel.level} ${sel.pattern}`)
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-pattern')))]);
  return { level, patterns };
}

// ---------------------------------------------------------------------------
// Answer sets used by several tests.

/** Typical occasional night cramps and nothing else (the self_care journey). */
export const TYPICAL = Object.freeze({
  frequency: 'weekly_1_to_3',
  frequency_rising: false,
  duration: 'under_10_min',
  location: ['calf'],
  timing: ['night_in_bed'],
  eased_by_stretching: true,
  weeks: 'over_12',
  pain_between_cramps: false,
  sleep_lost: 'wakes_me',
  sudden_worsening: false,
  numbness: ['none'],
  weakness: ['none'],
  tingling: false,
  back_pain: false,
  radiating_pain: false,
  posture_triggers: [],
  buttock_pain_sitting: false,
  urge_to_move: false,
  worse_at_rest: false,
  relieved_by_moving: false,
  worse_evening: false,
  walking_pain_eases_standing: false,
  varicose_veins: false,
  medicines: ['none'],
  conditions: ['none'],
  age_band: '50_to_64',
});

/** Answer sets for a result of each level, typical cramps plus one sign. */
export const BY_LEVEL = Object.freeze({
  self_care: { ...TYPICAL },
  soon: { ...TYPICAL, frequency: 'more_than_3_weekly' },
  urgent: { ...TYPICAL, duration: 'over_10_min_not_easing' },
  emergency: { ...TYPICAL, ces_bladder: 'yes' },
});

/** Answers that show every question (weakness brings weakness_onset); the follow-ups Next waits for are answered. */
export const ALL_SHOWN = Object.freeze({
  ...TYPICAL,
  weakness: ['stairs_hard'],
  weakness_both_legs: 'no',
  weakness_onset: 'weeks_or_longer',
});

// ---------------------------------------------------------------------------
// Accessibility and layout checks.

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the page; returns the violations, readable.
 * On a page without frames axe runs in the page itself (`axeRun`): measured here
 * 2.4 times faster on a step, and half the time on the content book, than the
 * default, which finishes the run in a blank page. A page with frames (the kit's
 * preview) gets the default, which judges each frame's landmarks within that
 * frame. (axe's `resultTypes` option is not used: with it, rules that compare
 * nodes across the page, such as landmark-unique, reported false violations.)
 */
export async function axeViolations(page) {
  if (page.frames().length > 1) {
    return (await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations;
  }
  return (await axeRun(page, { runOnly: { type: 'tag', values: AXE_TAGS } })).violations;
}

const AXE_SOURCE = readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * `axe.run(context, options)` in a page without frames; resolves to axe's results
 * (violations and passes), on the elements `include` selects or the whole
 * document. axe's 500 KB source is put into each document once
 * and kept for its later runs: @axe-core/playwright's legacy mode, which does the
 * same run, put it in again on every call, and that was two thirds of the time
 * of a run on a step (540 ms against 160 ms, measured here).
 */
export async function axeRun(page, options, include = null) {
  assert.equal(page.frames().length, 1, 'axeRun is for a page without frames (axeViolations takes those)');
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    ([selector, opts]) =>
      window.axe
        .run(selector ? { include: [selector] } : document, opts)
        .then((r) => ({ violations: r.violations, passes: r.passes })),
    [include, options],
  );
}

/**
 * axe on a page opened with JavaScript disabled: axe itself is a script, and
 * Chromium does not run it there. The page's DOM as it stands (its scripts
 * removed, so nothing else runs) is served again at the same address, with the
 * same fragment, in a fresh page where axe can run.
 */
export async function axeViolationsWithoutScripts(page) {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = new URL(page.url());
  const copy = await newPage({ baseUrl: page.e2e.baseUrl });
  try {
    const address = `${url.origin}${url.pathname}${url.search}`;
    await copy.route(address, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    await copy.goto(url.href);
    return await axeViolations(copy);
  } finally {
    await closePage(copy);
  }
}

export function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.split('\n').join('\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

/**
 * What sticks out of the viewport on the right: the document's scroll width
 * and every rendered element whose box ends beyond the viewport's right edge
 * (visually-hidden 1 px elements excepted).
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const describe = (el) => {
      const parts = [];
      for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
        let p = e.tagName.toLowerCase();
        for (const a of ['data-step', 'data-question', 'data-action', 'data-alert', 'data-level', 'id']) {
          if (e.hasAttribute(a)) {
            p += `[${a}="${e.getAttribute(a)}"]`;
            break;
          }
        }
        if (e.classList.length) p += '.' + [...e.classList].join('.');
        parts.unshift(p);
      }
      return parts.join(' > ');
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      if (r.right > vw + 0.5) offenders.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
    }
    return {
      viewport: vw,
      scrollWidth: document.documentElement.scrollWidth,
      offenders: offenders.slice(0, 15),
      count: offenders.length,
    };
  });
}

export async function assertNoHorizontalOverflow(page, where, width = 360) {
  const o = await horizontalOverflow(page);
  assert.ok(
    o.scrollWidth <= width && o.count === 0,
    `${where}: content wider than ${width} px (scrollWidth ${o.scrollWidth}; ${o.count} element(s) beyond the right edge)\n  ` +
      o.offenders.join('\n  '),
  );
}

/** Whether full-page screenshots are wanted (`make screenshots` sets E2E_SCREENSHOTS=1). */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';

/** Saves a full-page screenshot to tests/e2e/output/<name>.png, only under `make screenshots`. */
export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

// ---------------------------------------------------------------------------
// Interface wording and the cramp diary (used by diary.test.mjs).

/**
 * The storage keys (crates/cramp-core/src/codec.rs): saved progress, the diary,
 * where unreadable text is kept, and the keys of the first release, whose data
 * is upgraded and moved on the next visit.
 */
export const SAVED_KEY = 'cramp-check/progress';
export const DIARY_KEY = 'cramp-check/diary';
export const DIARY_BACKUP_KEY = 'cramp-check/diary/unreadable';
export const SAVED_BACKUP_KEY = 'cramp-check/progress/unreadable';
export const SAVED_KEY_V1 = 'cramp-check/v1';
export const DIARY_KEY_V1 = 'cramp-check/diary/v1';
/** The current version of the stored formats, and their names. */
export const STORED_VERSION = 2;
export const PROGRESS_FORMAT = 'cramp-check-progress';
export const DIARY_FORMAT = 'cramp-check-diary';

/** The interface texts (the `[ui]` keys of questions/ui.toml) as Map(key → { zh, en }), from the dump. */
export function loadUiTexts(raw = RAW_CONTENT) {
  return new Map(raw.ui.map((u) => [u.key, { zh: u.text.zh, en: u.text.en }]));
}

let uiTexts = null;

/** The text of ui.toml key `key` in `lang` ('en' or 'zh-CN'), with `{name}` filled from `vars`. */
export function uiText(key, lang = 'en', vars = {}) {
  uiTexts ??= loadUiTexts();
  const t = uiTexts.get(key);
  assert.ok(t, `questions/ui.toml has no key ${key}`);
  const s = lang.startsWith('zh') ? t.zh : t.en;
  return s.replace(/\{([a-z_]+)\}/g, (all, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : all));
}

/** Opens the cramp diary from the top bar and waits for it. */
export async function openDiary(page) {
  await page.locator(sel.action('open-diary')).click();
  await waitForStep(page, 'diary');
}

/** The page's requests that left its own server (`blob:` and `data:` URLs stay on the device). */
export function foreignRequests(page) {
  return page.e2e.requests.filter(
    (u) => !u.startsWith(page.e2e.baseUrl + '/') && u !== page.e2e.baseUrl && !/^(blob|data):/.test(u),
  );
}

// ---------------------------------------------------------------------------
// One harness for every engine: Chromium (Playwright), Firefox ESR and WebKit
// (engines.mjs), and the 2019–2020 engines and no-WebAssembly Chromium
// (tests/old-engines). Each drives a *tab* (engines.mjs: goto, reload, click,
// eval, waitFor, printedText, errors, close); the moves and the core journeys
// below are written once against it. Everything a tab runs in the page is
// ES2019 at most (Chromium 74 runs it): `pageTab` checks every function it is
// given before sending it (`assertEs2019`).

const es2019Checked = new Set();
let acornParse = null;

/** Throws unless `source` parses as ES2019 (so no `?.`, `??`) and calls neither Object.hasOwn nor `.at()`. */
export async function assertEs2019(source, name = 'an in-page function') {
  if (es2019Checked.has(source)) return;
  acornParse ??= (await import('acorn')).parse;
  try {
    acornParse(`(${source})`, { ecmaVersion: 2019 });
  } catch (e) {
    throw new Error(`${name} is not ES2019 (Chromium 74 could not run it): ${e.message}\n${source.slice(0, 400)}`);
  }
  // `?.` and `??` are ES2020 syntax (acorn refuses them above); these two are library calls.
  if (/Object\.hasOwn\(|\.at\(/.test(source)) {
    throw new Error(`${name} uses Object.hasOwn or .at(): Chromium 74 has neither\n${source.slice(0, 400)}`);
  }
  es2019Checked.add(source);
}

/**
 * The source of an in-page wait: calls `fn(arg)` (or awaits the promise it returns)
 * every 20 ms until it is truthy (its value) or `ms` pass ({ __timeout, last }).
 * `performance.now()`: the page's Date is fixed. Sent as an expression (no eval
 * in the page: the CSP forbids it).
 */
export function pollSource(fn, arg, ms) {
  return `new Promise(function (resolve) {
    var f = ${fn.toString()};
    var arg = ${JSON.stringify(arg === undefined ? null : arg)};
    var end = performance.now() + ${Number(ms)};
    (function again() {
      var p;
      try { p = Promise.resolve(f(arg)); } catch (e) { p = Promise.resolve({ __error: String(e) }); }
      p.catch(function (e) { return { __error: String(e) }; }).then(function (v) {
        if (v && !v.__error) return resolve(v);
        if (performance.now() > end) return resolve({ __timeout: true, last: v });
        setTimeout(again, 20);
      });
    })();
  })`;
}

/** The value of a `pollSource` wait, or an error naming what was awaited. */
export function pollResult(v, what, ms = WAIT_MS) {
  if (v && v.__timeout) {
    const why = v.last && v.last.__error ? ` (${v.last.__error})` : '';
    throw new Error(`timed out after ${ms} ms waiting for ${what}${why}`);
  }
  return v;
}

/** `tab` with every function it sends to the page checked as ES2019 first (see above). */
export function pageTab(tab) {
  const { eval: run, waitFor } = tab;
  return Object.assign(tab, {
    async eval(fn, arg) {
      await assertEs2019(fn.toString());
      return run.call(tab, fn, arg);
    },
    async waitFor(fn, arg, what) {
      await assertEs2019(fn.toString());
      return waitFor.call(tab, fn, arg, what);
    },
  });
}

/** Functions that run in the page, for every engine (ES2019; each refers to nothing outside itself). */
export const PAGE = Object.freeze({
  stepInPage,
  /** The started widget's screen id, or null. */
  screenId: function screenId() {
    var el = document.querySelector('.cc-app[data-started] [data-step]');
    return el ? el.getAttribute('data-step') : null;
  },
  /** True once `selector` matches a rendered element of the started widget. */
  shown: function shown(selector) {
    var el = document.querySelector('.cc-app[data-started] ' + selector);
    return Boolean(el && el.getClientRects().length > 0);
  },
  /** The checked inputs of the screen: { question: [values] }. */
  checkedAnswers: function checkedAnswers() {
    var out = {};
    var qs = document.querySelectorAll('[data-step] [data-question]');
    for (var i = 0; i < qs.length; i++) {
      var values = [];
      var inputs = qs[i].querySelectorAll('input');
      for (var j = 0; j < inputs.length; j++) if (inputs[j].checked) values.push(inputs[j].value);
      if (values.length) out[qs[i].getAttribute('data-question')] = values;
    }
    return out;
  },
  /** The visible questions of the screen, in page order. */
  visibleQuestions: function visibleQuestions() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-step] [data-question]'))
      .filter(function (el) { return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'; })
      .map(function (el) { return el.getAttribute('data-question'); });
  },
  /** Whether the input `selector` is checked (null: there is none). */
  isChecked: function isChecked(selector) {
    var el = document.querySelector(selector);
    return el ? el.checked : null;
  },
  /** The emergency alert, shown, with its call link's href (else null). */
  alertLink: function alertLink() {
    var a = document.querySelector('.cc-app[data-started] [data-alert="emergency"]');
    if (!a || a.getClientRects().length === 0) return null;
    var link = a.querySelector('a[href^="tel:"]');
    return link && link.getClientRects().length > 0 ? link.getAttribute('href') : null;
  },
  /** The result's level and the patterns shown, once it is there. */
  result: function result() {
    var el = document.querySelector('[data-level]');
    if (!el) return null;
    var patterns = [];
    var ps = el.querySelectorAll('[data-pattern]');
    for (var i = 0; i < ps.length; i++) {
      var p = ps[i].getAttribute('data-pattern');
      if (patterns.indexOf(p) < 0) patterns.push(p);
    }
    return { level: el.getAttribute('data-level'), patterns: patterns };
  },
  /** The screen's text as shown. */
  bodyText: function bodyText() {
    return document.body.innerText;
  },
  /** A first visit starts the widget on the first interaction (boot.js): a move of the mouse. */
  moveMouse: function moveMouse() {
    document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true }));
  },
});

// ---------------------------------------------------------------------------
// The moves, through the documented hooks only, on a tab of any engine.

const inputSelector = (q, v) => `[data-step] [data-question="${q}"] input[value="${v}"]`;

/** Waits until the started widget shows screen `id`. */
export async function tabScreen(tab, id) {
  await tab.waitFor(function (s) {
    var el = document.querySelector('.cc-app[data-started] [data-step="' + s + '"]');
    return Boolean(el && el.getClientRects().length > 0);
  }, id, `screen ${id}`);
}

/** The widget's intro (not the prerendered one it takes over: a click there may land as it is replaced). */
export async function tabOpen(tab, lang = 'en', query = '') {
  await tab.goto(`/?lang=${lang}${query}`);
  await tab.eval(PAGE.moveMouse);
  await tab.waitFor(PAGE.shown, '[data-action="start"]', "the widget's intro");
}

/** Opens the widget in `lang` and presses Start: the first step. */
export async function tabStart(tab, lang = 'en') {
  await tabOpen(tab, lang);
  await tab.click('.cc-app[data-started] [data-action="start"]');
  await tabScreen(tab, CONTENT.firstStep);
}

/** Clicks the input for each value of question `q` and waits until it is checked. */
export async function tabAnswer(tab, q, value) {
  for (const v of inputValues(value)) {
    const checked = await tab.eval(PAGE.isChecked, inputSelector(q, v));
    assert.notEqual(checked, null, `question ${q}: no input with value "${v}"`);
    if (checked) continue;
    await tab.click(inputSelector(q, v));
    await tab.waitFor(PAGE.isChecked, inputSelector(q, v), `${q}=${v} checked`);
  }
}

/** Presses the screen's `action` button (next / back) and waits for another screen; returns its id. */
export async function tabPress(tab, action) {
  const before = await tab.eval(PAGE.screenId);
  await tab.click(`[data-step] [data-action="${action}"]`);
  await tab.waitFor(function (b) {
    var el = document.querySelector('.cc-app[data-started] [data-step]');
    var s = el ? el.getAttribute('data-step') : null;
    return Boolean(s && s !== b);
  }, before, `a screen after ${before}`);
  return tab.eval(PAGE.screenId);
}

/** Answers the visible questions from `answers` by clicking (emergency questions left out: "no"). */
export async function tabAnswerStep(tab, answers) {
  const step = await tab.eval(PAGE.screenId);
  const done = new Set();
  for (;;) {
    const q = (await tab.eval(PAGE.visibleQuestions)).find((id) => !done.has(id));
    if (q === undefined) {
      // An answer may reveal a question (show_if): look once more when the page is quiet.
      await tab.eval(stepInPage, { ...stepArgs({}, { emergencyDefault: null }), pressNext: false });
      if ((await tab.eval(PAGE.visibleQuestions)).every((id) => done.has(id))) break;
      continue;
    }
    done.add(q);
    if (Object.hasOwn(answers, q)) await tabAnswer(tab, q, answers[q]);
    else if (step === CONTENT.firstStep && CONTENT.emergencyQuestions.includes(q)) await tabAnswer(tab, q, 'no');
  }
  return [...done];
}

/**
 * Answers each step from `answers` (emergency questions left out: "no") and presses
 * Next up to the review and on to the result: one round trip a step (`stepInPage`),
 * or with `byHand` a real click on every answer and every Next. Returns
 * { level, patterns, visited: the screens answered, ending with the review }.
 */
export async function tabWalkToResult(tab, answers, { byHand = false } = {}) {
  const visited = [];
  if (!byHand) {
    const arg = stepArgs(answers);
    for (let guard = 0; guard < 50; guard++) {
      const r = await tab.eval(stepInPage, arg);
      if (r.error) throw new Error(`step ${r.step}: ${r.error} (after ${visited.join(' → ')})`);
      assert.ok(!visited.includes(r.step), `the walk came back to "${r.step}": ${visited.join(' → ')}`);
      visited.push(r.step);
      if (r.level) return { level: r.level, patterns: r.patterns, visited };
      if (r.step === 'review') throw new Error(`Next on the review showed "${r.next}", not a result`);
    }
    throw new Error(`no result after ${visited.join(' → ')}`);
  }
  for (let guard = 0; guard < 50; guard++) {
    const s = await tab.eval(PAGE.screenId);
    visited.push(s);
    if (s === 'review') break;
    await tabAnswerStep(tab, answers);
    await tabPress(tab, 'next');
  }
  assert.equal(visited[visited.length - 1], 'review', `no review after ${visited.join(' → ')}`);
  await tabPress(tab, 'next');
  const r = await tab.waitFor(PAGE.result, null, 'the result');
  return { ...r, visited };
}

// ---------------------------------------------------------------------------
// The core journeys, written once: engines.test.mjs runs them in Firefox and
// WebKit (Chromium walks them in its own files, with Playwright's moves),
// tests/old-engines in Chromium 74, 83 and without WebAssembly. Each takes a
// fresh tab (empty storage, clock at CLOCK) and fails on what it finds wrong.

export const CORE_JOURNEYS = Object.freeze({
  /** Typical cramps through every step to the result `assess` gives (self_care, typical_nlc). */
  async typical(tab, { byHand = true } = {}) {
    const [want] = assess([TYPICAL]);
    assert.equal(want.level, 'self_care', 'typical cramps are self-care (assess)');
    await tabStart(tab, 'en');
    const r = await tabWalkToResult(tab, TYPICAL, { byHand });
    assert.equal(r.level, want.level);
    assert.deepEqual([...r.patterns].sort(), [...want.patterns].sort());
    assert.ok(r.patterns.includes('typical_nlc'), `patterns: ${r.patterns}`);
    assert.deepEqual(r.visited.slice(0, 2), [CONTENT.firstStep, 'cramps']);
    assert.equal(r.visited[r.visited.length - 1], 'review');
  },

  /** "yes" / "not_sure" to an emergency sign: the alert with its tel: link at once, on the emergency step; the result is emergency. */
  async emergencyAlert(tab, { value = 'yes', sign = 0 } = {}) {
    const q = CONTENT.emergencySigns[sign % CONTENT.emergencySigns.length];
    await tabStart(tab, 'en');
    assert.equal(await tab.eval(PAGE.alertLink), null, 'no alert before any answer');
    await tabAnswer(tab, q, value);
    const href = await tab.waitFor(PAGE.alertLink, null, `the emergency alert after ${q}=${value}`);
    assert.match(href, /^tel:\+?\d{2,15}$/);
    assert.equal(await tab.eval(PAGE.screenId), CONTENT.firstStep, 'at once: still on the emergency screen');
    const r = await tabWalkToResult(tab, { [q]: value });
    assert.equal(r.level, 'emergency');
  },

  /** A switch zh-CN → en half-way keeps the answers, on this step and the one before. */
  async languageSwitch(tab) {
    await tabStart(tab, 'zh-CN');
    assert.equal(await tab.eval(function () { return document.documentElement.lang; }), 'zh-CN');
    await tabAnswerStep(tab, {});
    assert.equal(await tabPress(tab, 'next'), 'cramps');
    await tabAnswer(tab, 'frequency', 'nightly');
    await tabAnswer(tab, 'location', ['calf', 'foot']);
    const nextText = function (t) {
      var b = document.querySelector('[data-step] [data-action="next"]');
      return Boolean(b && b.textContent.trim() === t);
    };
    assert.ok(await tab.eval(nextText, uiText('next', 'zh-CN')), 'the Next button in Chinese');
    await tab.click('.cc-app[data-started] [data-lang="en"]');
    await tab.waitFor(function () { return document.documentElement.lang === 'en'; }, null, '<html lang="en">');
    await tab.waitFor(nextText, uiText('next', 'en'), 'the Next button in English');
    assert.equal(await tab.eval(PAGE.screenId), 'cramps', 'the same step');
    const kept = await tab.eval(PAGE.checkedAnswers);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual([...kept.location].sort(), ['calf', 'foot']);
    assert.equal(await tabPress(tab, 'back'), CONTENT.firstStep);
    const first = await tab.eval(PAGE.checkedAnswers);
    assert.deepEqual(Object.keys(first).sort(), [...CONTENT.emergencyQuestions].sort(), 'the emergency answers are kept');
    assert.ok(Object.values(first).every((v) => v.length === 1 && v[0] === 'no'));
  },

  /** Back and Next keep the answers of both steps. */
  async backAndNext(tab) {
    await tabStart(tab, 'en');
    await tabAnswerStep(tab, {});
    await tabPress(tab, 'next');
    await tabAnswer(tab, 'frequency', 'weekly_1_to_3');
    await tabAnswer(tab, 'duration', 'under_10_min');
    assert.equal(await tabPress(tab, 'back'), CONTENT.firstStep);
    assert.equal(Object.keys(await tab.eval(PAGE.checkedAnswers)).length, CONTENT.emergencyQuestions.length);
    assert.equal(await tabPress(tab, 'next'), 'cramps');
    const kept = await tab.eval(PAGE.checkedAnswers);
    assert.deepEqual(kept.frequency, ['weekly_1_to_3']);
    assert.deepEqual(kept.duration, ['under_10_min']);
  },

  /** A reload keeps the step and the answers. */
  async reload(tab) {
    await tabStart(tab, 'en');
    await tabAnswerStep(tab, {});
    await tabPress(tab, 'next');
    await tabAnswer(tab, 'frequency', 'nightly');
    await tabAnswer(tab, 'location', ['calf']);
    await tab.waitFor(function (key) {
      var saved = JSON.parse(window.localStorage.getItem(key) || 'null');
      return Boolean(saved && saved.answers && saved.answers.frequency === 'nightly');
    }, SAVED_KEY, 'the answers saved');
    await tab.reload();
    await tabScreen(tab, 'cramps');
    const kept = await tab.eval(PAGE.checkedAnswers);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual(kept.location, ['calf']);
  },

  /** A cramp logged in the diary in two taps: listed at the fixed time, counted in the table and the chart, stored at the fixed instant. */
  async diary(tab) {
    const local = new Date(CLOCK.ms + CLOCK.offset * 60_000);
    const hour = local.getUTCHours();
    const lastNight = hour >= 4 && hour < 12;
    const at = lastNight ? Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 3) : local.getTime();
    const when = new Date(at).toISOString().slice(0, 16).replace('T', ' ');
    await tabOpen(tab, 'en');
    await tab.click('.cc-app[data-started] [data-action="open-diary"]');
    await tabScreen(tab, 'diary');
    await tab.click('#new-leg-left');
    await tab.click('[data-step="diary"] [data-action="log-cramp"]');
    const text = await tab.waitFor(function () {
      var li = document.querySelector('[data-step="diary"] [data-entry]');
      return li && li.textContent;
    }, null, 'the entry listed');
    assert.ok(text.includes(when), `the entry shows ${when} (${lastNight ? 'last night' : 'just now'}): ${text}`);
    const seen = await tab.eval(function () {
      var row = document.querySelector('[data-step="diary"] [data-table="weeks"] tbody tr');
      var td = row && row.querySelector('td');
      var svg = document.querySelector('[data-step="diary"] svg[role="img"]');
      var desc = ((svg && svg.getAttribute('aria-labelledby')) || '').split(/\s+/).map(function (id) {
        var el = document.getElementById(id);
        return el ? el.textContent.trim() : null;
      });
      return { count: td ? td.textContent.trim() : null, desc: desc, drawn: Boolean(svg && svg.getBoundingClientRect().height > 0) };
    });
    assert.equal(seen.count, '1', 'this week counts the cramp');
    assert.ok(seen.drawn, 'the chart is drawn');
    assert.equal(seen.desc[1], uiText('chart_description', 'en', { count: 12, this: 1, peak: 1 }), 'the chart says it');
    // The diary is kept by year: the index names the year, its key holds the entry (issue 24).
    const stored = await tab.eval(function (key) {
      var index = JSON.parse(window.localStorage.getItem(key));
      return JSON.parse(window.localStorage.getItem(key + '/' + index.years[0].year));
    }, DIARY_KEY);
    assert.equal(stored.entries.length, 1);
    assert.equal(stored.entries[0].at_ms, at - CLOCK.offset * 60_000, 'stored at the fixed instant');
    assert.equal(stored.entries[0].offset_min, CLOCK.offset, 'with the zone offset');
  },

  /** The printed summary (title, level, today's date) is in print media, not on screen; the Print button is not printed. */
  async printed(tab) {
    const [want] = assess([TYPICAL]);
    const level = CONTENT.levels.get(want.level);
    const date = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: CLOCK.zone }).format(CLOCK.ms);
    const norm = (s) => s.replace(/\s+/g, ' ');
    await tabStart(tab, 'en');
    await tabWalkToResult(tab, TYPICAL);
    const onScreen = norm(await tab.eval(PAGE.bodyText));
    assert.ok(!onScreen.includes(uiText('summary_title', 'en')), 'the summary is not shown on screen');
    assert.ok(onScreen.includes(uiText('print', 'en')), 'the print button is on screen');
    const printed = norm(await tab.printedText());
    for (const [what, text] of [
      ['the summary title', uiText('summary_title', 'en')],
      ['the level', level.title.en],
      ["today's date", date],
    ]) {
      assert.ok(printed.includes(text), `${what} "${text}" is printed:\n${printed.slice(0, 600)}`);
    }
    assert.ok(!printed.includes(uiText('print', 'en')), 'the print button is not printed');
  },
});
