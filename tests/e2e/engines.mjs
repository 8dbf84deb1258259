// The three browser engines behind one small interface, for the journeys that
// must pass in each (engines.test.mjs): Chromium (Playwright, as the rest of
// the suite), Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK
// (WebKitWebDriver, plain W3C WebDriver over HTTP, under an Xvfb display of
// its own). All three are Debian packages; nothing is downloaded.
//
// A tab offers: goto(path), reload(), click(selector) (a real pointer click at
// the element), type(selector, text), eval(fn, arg) (fn runs in the page, its
// result comes back as JSON), waitFor(fn, arg, what) (fn polled in the page
// every 20 ms until truthy: lib.mjs's `pollSource`), printedText() (the page's
// text as it is printed), errors() (uncaught errors of the page), close(). The
// moves and the core journeys on a tab are lib.mjs's (`tabStart`,
// `CORE_JOURNEYS`…), shared with tests/old-engines; every function a tab sends
// to the page is checked as ES2019 first (`pageTab`).
//
// The clock (clock.mjs): Chromium, Playwright's fixed time and the context's
// time zone; Firefox, the clock shim before any page script
// (evaluateOnNewDocument) and TZ for the process; WebKit (classic WebDriver has
// no preload script), the shim as a same-origin script that this file's server
// puts before the page's first script in index.html (and the index.html hash
// in sw.js to match), and TZ.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clockShim, clockShimScript, noWasmShim, noWasmShimScript } from './clock.mjs';
import { pageTab, pollResult, pollSource } from './lib.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Builds the in-page source of `fn` called with `arg` (JSON). */
const call = (fn, arg) => `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;

/** The text of a PDF, by poppler's pdftotext (Debian poppler-utils). */
export function pdfText(pdf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cramp-print-'));
  try {
    const file = path.join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`pdftotext failed: ${r.error?.message ?? r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * In the page: makes the page's own style sheets apply their print rules on
 * screen (each `@media` rule's media list: print → all, screen → not all; the
 * engine's own cascade does the rest), then returns the rendered text
 * (`innerText` leaves out what is not displayed). Used where the driver cannot
 * print (WebKitWebDriver has no Print command).
 */
function renderAsPrinted() {
  const swap = (text) =>
    text
      .split(',')
      .map((q) => q.trim())
      .map((q) => (/^(only\s+)?print\b/.test(q) ? q.replace(/^(only\s+)?print/, 'all') : /^(only\s+)?screen\b/.test(q) ? 'not all' : q))
      .join(', ');
  let changed = 0;
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.media && rule.cssRules) {
        const before = rule.media.mediaText;
        const after = swap(before);
        if (after !== before) {
          rule.media.mediaText = after;
          changed += 1;
        }
      }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  void document.body.offsetHeight;
  return { changed, text: document.body.innerText };
}

// ---------------------------------------------------------------------------
// Chromium: a Playwright page from lib.mjs (clock fixed by Playwright).

async function chromiumEngine() {
  const lib = await import('./lib.mjs');
  const { chromium } = await import('playwright-core');
  const shared = await lib.setup();
  return {
    name: 'chromium',
    version: shared.browser.version(),
    async newTab({ clock, viewport, baseUrl = shared.baseUrl, locale = 'en-US' }) {
      const page = await lib.newPage({ clock, viewport, baseUrl, locale });
      await page.addInitScript(noWasmShim);
      const tab = {
        page,
        goto: (p) => page.goto(`${baseUrl}${p}`),
        reload: () => page.reload(),
        click: (s) => page.locator(s).first().click(),
        type: (s, text) => page.locator(s).first().pressSequentially(text),
        eval: (fn, arg) => page.evaluate(fn, arg ?? null),
        async waitFor(fn, arg, what) {
          return pollResult(await page.evaluate(pollSource(fn, arg, WAIT_MS)), what);
        },
        async printedText() {
          await page.emulateMedia({ media: 'print' });
          const pdf = await page.pdf({ format: 'A4', printBackground: false });
          await page.emulateMedia({ media: 'screen' });
          return pdfText(pdf);
        },
        errors: async () => page.e2e.errors.slice(),
        /** The platform fonts Chromium used for the text under `selector` (CDP CSS.getPlatformFontsForNode). */
        async platformFonts(selector) {
          const cdp = await page.context().newCDPSession(page);
          try {
            await cdp.send('DOM.enable');
            await cdp.send('CSS.enable');
            const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
            const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
            const fonts = new Map();
            for (const nodeId of nodeIds) {
              const { fonts: f } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
              for (const x of f) fonts.set(x.familyName, (fonts.get(x.familyName) ?? 0) + x.glyphCount);
            }
            return Object.fromEntries(fonts);
          } finally {
            await cdp.detach();
          }
        },
        close: () => lib.closePage(page),
      };
      return pageTab(tab);
    },
    async close() {
      await lib.teardown();
      void chromium;
    },
  };
}

// ---------------------------------------------------------------------------
// Firefox ESR: puppeteer-core over WebDriver BiDi.

/** Preferences that keep Firefox off the (closed) network. */
const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.region.network.url': '',
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.topsites.contile.enabled': false,
  'captivedetect.canonicalURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'media.gmp-manager.url': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
};

async function firefoxEngine({ zone, baseUrl }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    env: { ...process.env, TZ: zone },
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    async newTab({ clock, viewport = { width: 1024, height: 800 } }) {
      if (clock.zone !== zone) throw new Error(`firefox runs in ${zone}, not ${clock.zone}`);
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && /panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text());
      });
      await page.setViewport(viewport);
      await page.evaluateOnNewDocument(clockShim, clock.ms);
      await page.evaluateOnNewDocument(noWasmShim);
      return pageTab({
        page,
        goto: (p) => page.goto(`${baseUrl}${p}`),
        reload: () => page.reload(),
        async click(s) {
          const el = await page.waitForSelector(s, { visible: true, timeout: WAIT_MS });
          await el.click();
          await el.dispose();
        },
        async type(s, text) {
          await page.waitForSelector(s, { visible: true, timeout: WAIT_MS });
          await page.type(s, text);
        },
        eval: (fn, arg) => page.evaluate(fn, arg ?? null),
        async waitFor(fn, arg, what) {
          return pollResult(await page.evaluate(pollSource(fn, arg, WAIT_MS)), what);
        },
        async printedText() {
          return pdfText(await page.pdf({ format: 'A4' }));
        },
        errors: async () => [...errors, ...((await page.evaluate(() => window.__e2eErrors ?? [])) || [])],
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------------------
// WebKitGTK: WebKitWebDriver (classic W3C WebDriver) and MiniBrowser, on Xvfb.

/**
 * Starts `cmd`; `stop()` ends it (TERM, then KILL after 3 s) and resolves when
 * it has exited. It stays in the test runner's process group, which run.mjs
 * kills as a whole at the end, so nothing is left behind even after a crash.
 */
function startGroup(cmd, args, options) {
  const child = spawn(cmd, args, options);
  const kill = (sig) => {
    try {
      child.kill(sig);
    } catch {
      /* gone */
    }
  };
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const done = new Promise((ok) => child.once('exit', ok));
    kill('SIGTERM');
    const hard = setTimeout(() => kill('SIGKILL'), 3000);
    return done.finally(() => clearTimeout(hard));
  };
  process.once('exit', () => kill('SIGKILL'));
  return { child, stop };
}

/** An Xvfb display of its own (the first free number, chosen by Xvfb: -displayfd). */
export async function startXvfb() {
  const x = startGroup('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  x.child.stderr.on('data', (d) => (stderr += d));
  const display = await new Promise((ok, fail) => {
    let out = '';
    x.child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) ok(`:${out.trim()}`);
    });
    x.child.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
  return { display, stop: x.stop };
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Serves the build like the suite's server, except that index.html gets the
 * clock shim first in <head> as a same-origin script (`e2e-clock.js`, allowed
 * by the build's CSP 'self'), and sw.js the matching hash of that index.html
 * (so the service worker installs as it does for the real file). The instant
 * is `server.clockMs`, set by the test before each page.
 */
export async function startClockServer(root) {
  const lib = await import('./lib.mjs');
  const inner = await lib.startServer(root);
  const sri = (data) => `sha256-${createHash('sha256').update(data).digest('base64')}`;
  const state = { clockMs: null };
  // Before the first script of the page (the module that starts the widget),
  // after the CSP <meta>, so the page's own policy applies to it.
  const index = () => {
    const html = readFileSync(path.join(root, 'index.html'), 'utf8');
    const shimmed = html.replace(/<script\b/i, '<script src="e2e-clock.js"></script><script');
    if (shimmed === html) throw new Error(`${root}/index.html has no <script> to put the clock shim before`);
    return shimmed;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/e2e-clock.js') {
      if (state.clockMs === null) return res.writeHead(500).end('no clock set');
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(clockShimScript(state.clockMs) + noWasmShimScript());
    }
    if (url.pathname === '/e2e-blank') {
      // An empty page of the origin, where a WebKit tab is emptied between tests.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end('<!doctype html><title>blank</title>');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(index());
    }
    if (url.pathname === '/sw.js') {
      const sw = readFileSync(path.join(root, 'sw.js'), 'utf8');
      const fixed = sw.replace(/(\[\s*"index\.html"\s*,\s*")sha256-[A-Za-z0-9+/=]+(")/, `$1${sri(index())}$2`);
      if (fixed === sw) return res.writeHead(500).end('sw.js: no index.html entry to rehash');
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(fixed);
    }
    // Everything else: the suite's own static server.
    const upstream = await fetch(`${inner.url}${url.pathname}${url.search}`);
    const headers = Object.fromEntries(upstream.headers);
    delete headers['content-encoding'];
    delete headers['transfer-encoding'];
    const body = Buffer.from(await upstream.arrayBuffer());
    headers['content-length'] = String(body.length);
    res.writeHead(upstream.status, headers).end(body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((ok) => server.close(ok));
      await inner.close();
    },
  };
}

/**
 * Runs a command under a reaper: perl (Debian's perl-base, always there) makes
 * itself the child subreaper (prctl PR_SET_CHILD_SUBREAPER, x86-64 syscall 157),
 * starts the command, and waits for every descendant, including WebKit's web and
 * network processes, which MiniBrowser leaves behind to be reparented when it
 * quits. Without it they end as zombies of PID 1. It ignores TERM itself (its
 * children do not) and exits once the last of them has.
 */
const REAPER = [
  '-e',
  'syscall(157, 36, 1, 0, 0, 0) == 0 or die "prctl: $!"; my $pid = fork() // die "fork: $!";' +
    ' if (!$pid) { exec { $ARGV[0] } @ARGV or die "exec: $!" }' +
    ' $SIG{TERM} = sub { kill "TERM", $pid }; 1 while wait() > 0;',
];

async function webkitEngine({ zone, root }) {
  const xvfb = await startXvfb();
  const port = await freePort();
  const driver = startGroup('perl', [...REAPER, WEBKIT_DRIVER, `--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: xvfb.display, TZ: zone },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let driverLog = '';
  driver.child.stderr.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
  const server = await startClockServer(root);
  const base = `http://127.0.0.1:${port}`;

  // Every command has a deadline: a driver that stops answering fails the
  // test instead of hanging the run.
  async function wd(method, p, body, timeoutMs = 4 * WAIT_MS) {
    const until = performance.now() + WAIT_MS;
    for (;;) {
      let r;
      try {
        r = await fetch(base + p, {
          method,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        // The driver may still be starting.
        if (performance.now() < until && /fetch failed|ECONNREFUSED/.test(String(e.cause ?? e))) {
          await new Promise((ok) => setImmediate(ok));
          continue;
        }
        const err = new Error(`WebKitWebDriver ${method} ${p}: ${e.message}\n${driverLog}`);
        if (e.name === 'TimeoutError') err.name = 'TimeoutError';
        throw err;
      }
      const json = await r.json();
      if (!r.ok) {
        const err = new Error(`WebKitWebDriver ${method} ${p}: ${json.value?.error}: ${json.value?.message}`);
        err.code = json.value?.error;
        throw err;
      }
      return json.value;
    }
  }

  // One throwaway session to learn the version and to check the driver works.
  const probe = await wd('POST', '/session', { capabilities: capabilities() });
  const version = probe.capabilities.browserVersion;
  await wd('DELETE', `/session/${probe.sessionId}`);

  function capabilities() {
    return {
      alwaysMatch: {
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        pageLoadStrategy: 'normal',
      },
    };
  }

  // One session (one MiniBrowser) serves test after test: starting one was the
  // costliest part of a test here, and now and then, under load, one does not
  // come up at all. A tab given back is emptied on a blank page of its origin
  // (storage, caches, service workers) and kept for the next test; a tab that
  // cannot be emptied ends its session.
  let idle = null;
  async function newSession() {
    // Now and then (under load) MiniBrowser does not come up and the driver
    // never answers: give up on that attempt after 30 s and try once more.
    for (let attempt = 1; ; attempt++) {
      try {
        return (await wd('POST', '/session', { capabilities: capabilities() }, 30_000)).sessionId;
      } catch (e) {
        if (attempt >= 2 || e.name !== 'TimeoutError') throw e;
        process.stdout.write(`# webkit: no session after 30 s (${e.message}); trying again\n`);
      }
    }
  }

  return {
    name: 'webkit',
    version: `WebKitGTK ${version}`,
    async newTab({ clock, viewport = { width: 1024, height: 800 } }) {
      if (clock.zone !== zone) throw new Error(`webkit runs in ${zone}, not ${clock.zone}`);
      server.state.clockMs = clock.ms;
      const S = `/session/${idle ?? (await newSession())}`;
      idle = null;
      await wd('POST', `${S}/window/rect`, { width: viewport.width, height: viewport.height + 100 }).catch(() => {});
      const exec = async (source) => {
        const v = await wd('POST', `${S}/execute/async`, {
          script: `const done = arguments[arguments.length - 1];
            Promise.resolve().then(() => ${source}).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`,
          args: [],
        });
        if (v && 'err' in v) throw new Error(`in the page: ${v.err}`);
        return v?.ok;
      };
      // Waits until the element is shown, scrolls it to the middle of the
      // view, and returns its WebDriver reference.
      const find = async (selector) => {
        const ok = await exec(
          pollSource(
            (sel) => {
              const el = document.querySelector(sel);
              if (!el || el.getClientRects().length === 0) return false;
              el.scrollIntoView({ block: 'center' });
              return true;
            },
            selector,
            WAIT_MS,
          ),
        );
        pollResult(ok, `${selector} to be shown`);
        const el = await wd('POST', `${S}/element`, { using: 'css selector', value: selector });
        return Object.values(el)[0];
      };
      const tab = {
        async goto(p) {
          await wd('POST', `${S}/url`, { url: `${server.url}${p}` });
        },
        reload: () => wd('POST', `${S}/refresh`, {}),
        async click(selector) {
          // A pointer click at the element's centre, as a person taps it
          // (whatever is drawn on top, e.g. a styled label, receives it).
          // The element is looked up again when the widget redrew it between the
          // look-up and the tap (WebDriver's "stale element reference", or "not
          // interactable" while it is being replaced), as Playwright's locators do.
          for (let attempt = 1; ; attempt++) {
            try {
              const id = await find(selector);
              await wd('POST', `${S}/actions`, {
                actions: [{
                  type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
                  actions: [
                    { type: 'pointerMove', duration: 0, origin: { 'element-6066-11e4-a52e-4f735466cecf': id }, x: 0, y: 0 },
                    { type: 'pointerDown', button: 0 },
                    { type: 'pointerUp', button: 0 },
                  ],
                }],
              });
              return;
            } catch (e) {
              if (attempt >= 5 || !/stale element reference|element not interactable/.test(String(e.message))) throw e;
            }
          }
        },
        async type(selector, text) {
          const id = await find(selector);
          await wd('POST', `${S}/element/${id}/value`, { text });
        },
        eval: (fn, arg) => exec(call(fn, arg)),
        async waitFor(fn, arg, what) {
          return pollResult(await exec(pollSource(fn, arg, WAIT_MS)), what);
        },
        async printedText() {
          const r = await exec(call(renderAsPrinted));
          if (r.changed === 0) throw new Error('the page has no @media print rules to apply');
          return r.text;
        },
        errors: async () => (await exec('window.__e2eErrors ?? ["no error recorder: the clock shim did not run"]')) ?? [],
        async close() {
          try {
            await wd('POST', `${S}/url`, { url: `${server.url}/e2e-blank` });
            await exec(`(async () => {
              localStorage.clear();
              sessionStorage.clear();
              window.name = '';
              for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
              for (const k of await caches.keys()) await caches.delete(k);
            })()`);
            if (idle === null) {
              idle = S.slice('/session/'.length);
              return;
            }
          } catch {
            /* not emptied: ended below */
          }
          await wd('DELETE', S).catch(() => {});
        },
      };
      return pageTab(tab);
    },
    async close() {
      if (idle !== null) await wd('DELETE', `/session/${idle}`).catch(() => {});
      await server.close();
      await driver.stop();
      await xvfb.stop();
    },
  };
}

/**
 * Starts `engine` for a run whose pages are fixed at instants in `zone`.
 * `root` is the build (webkit serves it itself, with the clock shim); `baseUrl`
 * the suite's server (firefox; chromium takes it from lib.mjs).
 */
export async function startEngine(engine, { zone, root, baseUrl }) {
  if (engine === 'chromium') return chromiumEngine();
  if (engine === 'firefox') {
    if (!existsSync(FIREFOX_PATH)) throw new Error(`no Firefox at ${FIREFOX_PATH}: scripts/setup.sh test installs firefox-esr`);
    return firefoxEngine({ zone, baseUrl });
  }
  if (engine === 'webkit') {
    if (!existsSync(WEBKIT_DRIVER)) throw new Error(`no ${WEBKIT_DRIVER}: scripts/setup.sh test installs webkit2gtk-driver`);
    return webkitEngine({ zone, root });
  }
  throw new Error(`unknown engine ${engine}: one of ${ENGINES.join(', ')}`);
}
