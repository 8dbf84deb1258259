#!/usr/bin/env node
// Benchmark of the built widget (a measurement, not a timed test): `make bench` runs it
// after the size profile (bench/profile.mjs).
//
//   node bench/bench.mjs [dist]   (default: ../dist, or $DIST)
//
// Prints, in one run:
//   1. the size of the first load (index.html and every stylesheet, script and wasm it
//      loads, also what its inline loader fetches after the first paint), raw, gzip -9 and brotli (quality 11), file by file and in total, and the
//      wasm alone;
//   2. the first screen of the widget beside the plain static page, in one run: headless
//      Chromium under Lighthouse's mobile "Slow 4G" values (RTT 150 ms, 1638.4 kbit/s
//      down, 675 kbit/s up, applied with CDP Network.emulateNetworkConditions; kbit = 1024
//      bits as in Lighthouse) and 4x CPU slowdown (Emulation.setCPUThrottlingRate), cold
//      cache, a fresh browser context per load, the two pages alternated (ABBA) so load on
//      the machine falls on both alike, median of RUNS (default 5) loads each of
//      `index.html#cc-emergency`:
//        - first contentful paint (the page's own PerformanceObserver 'paint' entry);
//        - "answerable": the first animation frame (polled in the page with
//          requestAnimationFrame, no sleeps) in which an emergency question's radio,
//          `[data-step="emergency"] [data-question] input[type=radio]`, is enabled and
//          visible (itself or its label) and, when in the viewport, hit by a tap at its
//          centre; one below the fold counts (a scroll away) and is reported as such.
//      The static page is derived from the build, not written by hand: dist/index.html with
//      every <script> and every modulepreload/preload link removed (same CSS, same markup),
//      served by the same server from a copy of dist/ at /static/. What it contains is what
//      index.html prerenders; if no emergency radio shows up on a page, that page's
//      "answerable" is missing, the budget line fails, and the first visible
//      `[data-action="start"]` / `[data-question]` is printed instead for information;
//   3. Lighthouse (mobile defaults, simulated throttling) scores for performance,
//      accessibility and best practices, median of LH_RUNS;
//   2b. the time to a usable widget (its own Start button shown), the wasm beside its
//      JavaScript build (wasm2js, for browsers that cannot run the wasm: WebAssembly
//      removed from the page), same conditions, median of RUNS_WIDGET (default 3); and in
//      1, that build's size (it is not part of the first load: no browser that runs the
//      wasm downloads it);
//   4. the budget, one line each, `PASS|FAIL <measure> <value> (budget …)`: first question
//      answerable within 1.1x the static page; first load ≤ 150 KB gzip (one language: the
//      larger of the two language files is counted, the other is listed apart); Lighthouse
//      performance ≥ 98, accessibility 100, best practices 100.
// Exit status 0 (it is a report) unless BENCH_STRICT=1 and a budget line fails.
//
// The build is served by a node server on 127.0.0.1 (ephemeral port) that behaves like
// a CDN: MIME types (application/wasm), brotli/gzip when accepted, Cache-Control, and the
// CSP of csp.txt as a header. Env: CHROME_PATH (default /usr/bin/chromium), RUNS,
// ANSWER_WAIT_MS (default 10000: how long after the load event to keep looking for an
// emergency radio), BENCH_DEBUG=1 (every load's raw figures), LIGHTHOUSE=0 to skip Lighthouse, LH_RUNS (default 5).
// Timings and Lighthouse's TBT depend on the machine being otherwise idle: the load
// average is printed first, and figures taken under load are worth repeating.

import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';
import { CHROME, CHROME_ARGS, CPU_SLOWDOWN, median, SLOW_4G, throttle } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? process.env.DIST ?? join(here, '..', 'dist'));
const RUNS = Number(process.env.RUNS ?? 5);
const LH_RUNS = Number(process.env.LH_RUNS ?? 5);
const ANSWER_WAIT_MS = Number(process.env.ANSWER_WAIT_MS ?? 10000);
const BUDGET = { gzipKb: 150, answerRatio: 1.1, performance: 98, accessibility: 100, bestPractices: 100 };
const EMERGENCY_RADIO = '[data-step="emergency"] [data-question] input[type=radio]';
const FIRST_SCREEN = '[data-action="start"], [data-question]';
const HASH = '#cc-emergency';

const kb = (n) => (n / 1024).toFixed(1);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const clock = () => {
  const t0 = performance.now();
  return () => `(${((performance.now() - t0) / 1000).toFixed(1)} s)`;
};

// ------------------------------------------------------------------ 1. sizes
const html = await readFile(join(dist, 'index.html'), 'utf8');
const firstLoad = ['index.html'];
// An attribute's value, quoted or not (release builds minify index.html and drop quotes).
const attr = (tag, names) => {
  const m = new RegExp(`\\s(?:${names})\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};
for (const m of html.matchAll(/<(?:link|script)\b[^>]*>/gi)) {
  const tag = m[0];
  const rel = attr(tag, 'rel')?.toLowerCase();
  const ref = attr(tag, 'href|src');
  if (!ref || /^(?:[a-z]+:|\/\/)/i.test(ref)) continue; // data:, other origins (there are none)
  const isScript = tag.toLowerCase().startsWith('<script');
  if (isScript || ['stylesheet', 'modulepreload', 'preload'].includes(rel)) {
    const path = ref.replace(/^\.\//, '').split(/[?#]/)[0];
    if (!firstLoad.includes(path)) firstLoad.push(path);
  }
}
// What the inline loader fetches after the first paint (scripts/postbuild.mjs): the
// widget's script (`import('./…js')`) and its wasm (`module_or_path: './…wasm'`). Not
// the JavaScript build of the wasm (`import('./cramp-check-wasm2js-….js')`), which only a
// browser that cannot run the wasm fetches, instead of the wasm: reported on its own.
const FALLBACK_RE = /^cramp-check-wasm2js-[0-9a-f]{16}\.js$/;
let fallbackFile = null;
for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
  for (const r of m[1].matchAll(/import\(\s*["']\.\/([^"']+\.js)["']\s*\)|module_or_path:\s*["']\.\/([^"']+\.wasm)["']/g)) {
    const path = r[1] ?? r[2];
    if (FALLBACK_RE.test(path)) fallbackFile = path;
    else if (!firstLoad.includes(path)) firstLoad.push(path);
  }
}
// The words of one language (scripts/postbuild.mjs, cramp-texts-<lang>-<hash>.js): the
// loader loads the page's language before the widget starts, the other only when the
// person switches. The larger of the two counts (the page may be in either language).
const TEXTS_RE = /\.\/(cramp-texts-(?:zh-CN|en)-[0-9a-f]{16}\.js)/g;
const textFiles = [];
for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
  for (const r of m[1].matchAll(TEXTS_RE)) if (!textFiles.includes(r[1])) textFiles.push(r[1]);
}
let otherLanguage = null;
if (textFiles.length) {
  const lens = await Promise.all(textFiles.map(async (f) => gzipSync(await readFile(join(dist, f)), { level: 9 }).length));
  const larger = lens.indexOf(Math.max(...lens));
  firstLoad.push(textFiles[larger]);
  otherLanguage = textFiles.find((_, i) => i !== larger) ?? null;
}
const sizes = [];
for (const f of firstLoad) {
  const buf = await readFile(join(dist, f));
  sizes.push({
    file: f,
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    br: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  });
}
const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, br: t.br + s.br }), { raw: 0, gzip: 0, br: 0 });
const wasm = sizes.filter((s) => s.file.endsWith('.wasm'));
for (const [what, ok] of [
  ['a stylesheet', sizes.some((s) => s.file.endsWith('.css'))],
  ['a script', sizes.some((s) => s.file.endsWith('.js'))],
  ['the wasm', wasm.length === 1],
]) {
  if (!ok) {
    console.error(`bench: found no ${what} in ${join(dist, 'index.html')}: the first-load figures would be wrong`);
    process.exit(1);
  }
}

console.log(`bench: ${dist}`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs${loadavg()[0] > cpus().length ? ' — BUSY: timings below are inflated' : ''}`);
console.log('\n1. First load (what index.html loads before the first screen), KB');
console.log(`   ${pad('file', 44)}${lpad('raw', 9)}${lpad('gzip -9', 10)}${lpad('brotli', 9)}`);
for (const s of sizes) console.log(`   ${pad(s.file, 44)}${lpad(kb(s.raw), 9)}${lpad(kb(s.gzip), 10)}${lpad(kb(s.br), 9)}`);
console.log(`   ${pad('total', 44)}${lpad(kb(total.raw), 9)}${lpad(kb(total.gzip), 10)}${lpad(kb(total.br), 9)}`);
for (const w of wasm) console.log(`   ${pad('wasm alone', 44)}${lpad(kb(w.raw), 9)}${lpad(kb(w.gzip), 10)}${lpad(kb(w.br), 9)}`);
if (otherLanguage) {
  const buf = await readFile(join(dist, otherLanguage));
  const o = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  console.log(`   ${pad(`${otherLanguage} (other language, on a switch)`, 44)}${lpad(kb(o.raw), 9)}${lpad(kb(o.gzip), 10)}`);
} else {
  console.log('   (no language files: both languages are in the wasm)');
}
// The JavaScript build, where the wasm cannot run: the same first load with it instead of the wasm.
let fallbackSize = null;
if (fallbackFile) {
  const buf = await readFile(join(dist, fallbackFile));
  fallbackSize = {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    br: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  };
  const f = fallbackSize;
  console.log(`   ${pad(`${fallbackFile} (JS build, not loaded here)`, 44)}${lpad(kb(f.raw), 9)}${lpad(kb(f.gzip), 10)}${lpad(kb(f.br), 9)}`);
  const w = wasm[0];
  console.log(`   ${pad('first load with the JS build for the wasm', 44)}${lpad(kb(total.raw - w.raw + f.raw), 9)}${lpad(kb(total.gzip - w.gzip + f.gzip), 10)}${lpad(kb(total.br - w.br + f.br), 9)}`);
} else {
  console.log('   (no JavaScript build of the wasm in this build)');
}

// ------------------------------------------------------------------ server
// dist/ at /, and the plain static page at /static/: a copy of dist/ (so every relative
// URL, the CSS above all, resolves to the same bytes) whose index.html is the build's
// with every script and preload removed.
const scratch = await mkdtemp(join(tmpdir(), 'cramp-bench-'));
const staticDir = join(scratch, 'static');
await cp(dist, staticDir, { recursive: true });
const derived = staticFromBuild(html);
await writeFile(join(staticDir, 'index.html'), derived.html);
const csp = await cspHeader(dist, "'self'");
const server = await startStaticServer({
  mounts: [
    { prefix: '/', root: dist },
    { prefix: '/static/', root: staticDir },
  ],
  headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
});
const widgetUrl = `${server.origin}/`;
const pages = [
  { key: 'widget', label: 'widget (index.html)', url: `${server.origin}/index.html${HASH}` },
  { key: 'static', label: 'static page (no scripts)', url: `${server.origin}/static/index.html${HASH}` },
];

/** The build's index.html without any <script> (inline or not) or modulepreload/preload link. */
function staticFromBuild(page) {
  let scripts = 0;
  let preloads = 0;
  let out = page.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, () => {
    scripts++;
    return '';
  });
  out = out.replace(/<link\b[^>]*>/gi, (tag) => {
    if (!['modulepreload', 'preload'].includes(attr(tag, 'rel')?.toLowerCase())) return tag;
    preloads++;
    return '';
  });
  return { html: out, scripts, preloads };
}

// ------------------------------------------------------------------ 2. first screen
// Runs in the page before any of its own scripts (an init script): records the first
// contentful paint, and polls every animation frame (rAF callbacks run just before a
// frame is painted, and none runs while a stylesheet still blocks rendering) until an
// emergency radio can be answered. Also notes the first frame showing any first-screen
// element, for information when there is no emergency radio.
function probe({ radio, firstScreen }) {
  const b = { fcp: null, answerable: null, what: null, prerendered: null, inView: null, seen: null, seenWhat: null, loaded: null };
  window.__bench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint' && b.fcp === null) b.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {
    // no paint timing: fcp stays null and is reported missing
  }
  addEventListener('load', () => {
    b.loaded = performance.now();
  });
  const shown = (el, opacity) => !el.checkVisibility || el.checkVisibility({ visibilityProperty: true, opacityProperty: opacity });
  // A person can answer it: enabled, rendered, and the radio or one of its labels (a
  // styled radio may be transparent, its label not) is visible with a size and, when its
  // centre is in the viewport, a tap there reaches it (nothing covers it). Below the fold
  // it counts too (one scroll away, as on a real phone); `inView` says which it was.
  const answerable = (input) => {
    if (input.disabled || !shown(input, false)) return null;
    const labels = [...(input.labels ?? [])];
    let below = null;
    for (const el of [input, ...labels]) {
      if (!shown(el, true)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
        below = { inView: false };
        continue;
      }
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === input || labels.some((l) => l.contains(hit)))) return { inView: true };
    }
    return below;
  };
  const describe = (el) => {
    const q = el.closest('[data-question]')?.getAttribute('data-question');
    const parts = [`[data-question="${q}"] input[value="${el.value}"]`];
    return { what: parts.join(''), prerendered: !!el.closest('.cc-pre') };
  };
  const frame = () => {
    const now = performance.now();
    if (b.seen === null) {
      const el = [...document.querySelectorAll(firstScreen)].find((e) => shown(e, true));
      if (el) {
        b.seen = now;
        b.seenWhat = el.matches('[data-action]') ? `[data-action="${el.getAttribute('data-action')}"]` : `[data-question="${el.getAttribute('data-question')}"]`;
      }
    }
    let hit = null;
    let how = null;
    for (const el of document.querySelectorAll(radio)) {
      const a = answerable(el);
      if (a && (!how || (a.inView && !how.inView))) [hit, how] = [el, a];
      if (how?.inView) break;
    }
    if (hit) {
      Object.assign(b, describe(hit), how, { frame: now });
      // The time this frame has been rendered: a message posted here is handled after
      // the frame's rendering update. Nothing can be answered before the first paint.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        b.answerable = performance.now();
      };
      ch.port2.postMessage(0);
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function loadOnce(browser, page) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  try {
    await context.addInitScript(probe, { radio: EMERGENCY_RADIO, firstScreen: FIRST_SCREEN });
    const tab = await context.newPage();
    await throttle(context, tab, { noCache: true });
    await tab.goto(page.url, { waitUntil: 'commit' });
    // Done when a radio is answerable and the first paint reported, or ANSWER_WAIT_MS after
    // the load event without them.
    await tab.waitForFunction(
      (wait) => {
        const b = window.__bench;
        if (!b) return false;
        if (b.answerable !== null && b.fcp !== null) return true;
        return b.loaded !== null && performance.now() > b.loaded + wait;
      },
      ANSWER_WAIT_MS,
      { timeout: 60000 + ANSWER_WAIT_MS, polling: 250 },
    );
    const b = await tab.evaluate(() => window.__bench);
    if (b.answerable !== null && b.fcp !== null) b.answerable = Math.max(b.answerable, b.fcp);
    return b;
  } finally {
    await context.close();
  }
}

const took2 = clock();
console.log(`\n2. First screen, ${HASH}: widget beside the plain static page. Slow 4G (RTT ${SLOW_4G.rttMs} ms, ${SLOW_4G.downKbps} kbit/s down, ${SLOW_4G.upKbps} kbit/s up), CPU ${CPU_SLOWDOWN}x slower, cold cache, fresh context per load, pages alternated, median of ${RUNS}`);
console.log(`   static page = dist/index.html without its ${derived.scripts} script(s) and ${derived.preloads} preload(s), same CSS (${kb(Buffer.byteLength(derived.html))} KB html)`);
const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
const loads = { widget: [], static: [] };
try {
  for (const p of pages) await loadOnce(browser, p); // warm-up (compression caches, first launch), not counted
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...pages].reverse() : pages; // ABBA…
    for (const p of order) loads[p.key].push(await loadOnce(browser, p));
  }
} finally {
  await browser.close();
}
if (process.env.BENCH_DEBUG) console.log(JSON.stringify(loads));
const first = {};
const ms = (x) => (x == null || Number.isNaN(x) ? '—' : String(Math.round(x)));
console.log(`   ${pad('', 26)}${lpad('FCP ms', 9)}${lpad('answerable ms', 15)}   runs (FCP / answerable)`);
for (const p of pages) {
  const rs = loads[p.key];
  const got = rs.filter((r) => r.answerable !== null);
  first[p.key] = {
    fcp: median(rs.filter((r) => r.fcp !== null).map((r) => r.fcp)),
    // Missing in any run counts as missing: a page that is sometimes unanswerable fails.
    answerable: got.length === rs.length ? median(got.map((r) => r.answerable)) : NaN,
    found: got.length,
    what: [...new Set(got.map((r) => `${r.what} (${r.prerendered ? 'prerendered' : 'rendered by the widget'}, ${r.inView ? 'in view' : 'below the fold'})`))],
    seen: median(rs.filter((r) => r.seen !== null).map((r) => r.seen)),
    seenWhat: [...new Set(rs.map((r) => r.seenWhat).filter(Boolean))],
  };
  const f = first[p.key];
  console.log(`   ${pad(p.label, 26)}${lpad(ms(f.fcp), 9)}${lpad(ms(f.answerable), 15)}   ${rs.map((r) => `${ms(r.fcp)}/${ms(r.answerable)}`).join(', ')}`);
}
const ratio = (k) => first.widget[k] / first.static[k];
console.log(`   ${pad('ratio widget / static', 26)}${lpad(Number.isFinite(ratio('fcp')) ? ratio('fcp').toFixed(2) : '—', 9)}${lpad(Number.isFinite(ratio('answerable')) ? ratio('answerable').toFixed(2) : '—', 15)}`);
for (const p of pages) {
  const f = first[p.key];
  if (f.found === loads[p.key].length) console.log(`   ${p.key}: measured ${EMERGENCY_RADIO} → ${f.what.join('; ')}`);
  else {
    console.log(`   ${p.key}: NO answerable emergency radio (${EMERGENCY_RADIO}) in ${loads[p.key].length - f.found} of ${loads[p.key].length} loads (looked until ${ANSWER_WAIT_MS} ms after load)` +
      (f.seenWhat.length ? `; first screen element ${f.seenWhat.join(', ')} visible at ${ms(f.seen)} ms (median)` : '; no first-screen element visible either'));
  }
}
console.log(`   ${took2()}`);

// ------------------------------------------------------------------ 2b. usable widget, wasm and JS build
// The time to a usable widget, the wasm beside its JavaScript build (WebAssembly removed
// before the page's scripts, as in a browser without it; an engine whose CSP forbids
// compiling wasm takes the same path): the first animation frame in which the widget
// itself (`.cc-app[data-started]`) shows its Start button. `?bench=1`: a parameter the
// widget ignores, which makes it start at once instead of on the first interaction
// (scripts/boot.js). Same conditions as above (Slow 4G, 4x CPU, cold cache), RUNS_WIDGET
// loads each (default 3), alternated.
function widgetProbe() {
  const b = { usable: null, fallback: false, loaded: null };
  window.__bench = b;
  addEventListener('cramp-check:fallback', () => {
    b.fallback = true;
  });
  addEventListener('load', () => {
    b.loaded = performance.now();
  });
  const frame = () => {
    const el = document.querySelector('.cc-app[data-started] [data-action="start"]');
    if (el && el.getClientRects().length > 0) {
      b.usable = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
async function widgetOnce(browser, noWasm) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  try {
    if (noWasm) await context.addInitScript(() => delete window.WebAssembly);
    await context.addInitScript(widgetProbe);
    const tab = await context.newPage();
    await throttle(context, tab, { noCache: true });
    await tab.goto(`${server.origin}/index.html?bench=1`, { waitUntil: 'commit' });
    await tab.waitForFunction(() => window.__bench && window.__bench.usable !== null, null, { timeout: 120000, polling: 250 });
    return await tab.evaluate(() => window.__bench);
  } finally {
    await context.close();
  }
}
const RUNS_WIDGET = Number(process.env.RUNS_WIDGET ?? 3);
const took2b = clock();
console.log(`\n2b. Time to a usable widget (its own Start button shown), index.html?bench=1: the wasm beside its JavaScript build (WebAssembly removed). Slow 4G, CPU ${CPU_SLOWDOWN}x slower, cold cache, median of ${RUNS_WIDGET}`);
const usable = { wasm: [], js: [] };
{
  const b2 = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
  try {
    for (let i = 0; i < RUNS_WIDGET; i++) {
      for (const noWasm of i % 2 ? [true, false] : [false, true]) {
        const r = await widgetOnce(b2, noWasm);
        if (r.fallback !== noWasm) throw new Error(`bench: the ${noWasm ? 'JS build' : 'wasm'} load ${r.fallback ? 'used' : 'did not use'} the JavaScript build`);
        usable[noWasm ? 'js' : 'wasm'].push(r.usable);
      }
    }
  } finally {
    await b2.close();
  }
}
for (const [k, label] of [['wasm', 'wasm'], ['js', 'JavaScript build (no WebAssembly)']]) {
  console.log(`   ${pad(label, 36)}${lpad(ms(median(usable[k])), 7)} ms   runs ${usable[k].map(ms).join(', ')}`);
}
console.log(`   ${took2b()}`);

// ------------------------------------------------------------------ 3. Lighthouse
// Chromium is started here (not by chrome-launcher) with the flags this machine needs;
// Lighthouse connects to its debugging port. Mobile form factor and simulated Slow 4G
// are Lighthouse's defaults.
async function startChrome() {
  const profile = await mkdtemp(join(tmpdir(), 'cramp-lh-'));
  const proc = spawn(CHROME, [...CHROME_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise((ok, fail) => {
    let err = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not start: ${err.slice(-500)}`)), 30000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    proc.once('exit', (code) => fail(new Error(`Chromium exited (${code}): ${err.slice(-500)}`)));
  });
  return {
    port,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.once('exit', ok)));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

let scores = null;
const took3 = clock();
const lhNotes = [];
if (process.env.LIGHTHOUSE !== '0') {
  const { default: lighthouse } = await import('lighthouse');
  const runs = [];
  for (let i = 0; i < LH_RUNS; i++) {
    const chrome = await startChrome();
    try {
      const result = await lighthouse(widgetUrl, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      const lhr = result.lhr;
      if (lhr.runtimeError) lhNotes.push(`runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const w of lhr.runWarnings ?? []) lhNotes.push(`warning: ${w}`);
      const cat = (id) => (lhr.categories[id]?.score == null ? NaN : Math.round(lhr.categories[id].score * 100));
      const failing = [];
      for (const id of ['accessibility', 'best-practices', 'performance']) {
        for (const ref of lhr.categories[id]?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative') {
            failing.push(`${id}: ${ref.id} (${a.displayValue ?? a.score})`);
          }
        }
      }
      const m = (id) => lhr.audits[id]?.displayValue ?? '?';
      runs.push({
        performance: cat('performance'),
        accessibility: cat('accessibility'),
        bestPractices: cat('best-practices'),
        metrics: `FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}`,
        failing,
      });
    } finally {
      await chrome.stop();
    }
  }
  const pick = (k) => median(runs.map((r) => r[k]));
  scores = { performance: pick('performance'), accessibility: pick('accessibility'), bestPractices: pick('bestPractices') };
  console.log(`\n3. Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } }).catch(() => ({ default: {} }))).default.version ?? ''} (mobile, simulated Slow 4G), ${widgetUrl}${LH_RUNS > 1 ? `, median of ${LH_RUNS}` : ''}`);
  console.log(`   performance ${scores.performance}   accessibility ${scores.accessibility}   best practices ${scores.bestPractices}`);
  for (const r of runs) console.log(`   ${r.metrics}`);
  const failing = new Map(); // audit → values seen in the runs
  for (const f of runs.flatMap((r) => r.failing)) {
    const [key, value] = [f.replace(/ \(.*\)$/, ''), /\((.*)\)$/.exec(f)?.[1] ?? ''];
    failing.set(key, [...(failing.get(key) ?? []), value]);
  }
  for (const [key, values] of failing) console.log(`   not full marks: ${key} (${values.join(', ')})`);
  for (const n of [...new Set(lhNotes)]) console.log(`   ${n}`);
  console.log(`   ${took3()}`);
} else {
  console.log('\n3. Lighthouse skipped (LIGHTHOUSE=0)');
}

await server.close();
await rm(scratch, { recursive: true, force: true });

// ------------------------------------------------------------------ 4. budget
console.log('\n4. Budget');
const lines = [];
const answerRatio = ratio('answerable');
lines.push([
  'first question answerable, widget / static',
  answerRatio <= BUDGET.answerRatio,
  Number.isFinite(answerRatio)
    ? `${answerRatio.toFixed(2)}x (${ms(first.widget.answerable)} / ${ms(first.static.answerable)} ms)`
    : `not measured: no answerable emergency radio on ${pages.filter((p) => !Number.isFinite(first[p.key].answerable)).map((p) => `the ${p.key} page`).join(' or ')}`,
  `≤ ${BUDGET.answerRatio}x`,
]);
lines.push(['first load gzip -9', total.gzip <= BUDGET.gzipKb * 1024, `${kb(total.gzip)} KB`, `≤ ${BUDGET.gzipKb} KB`]);
if (fallbackSize) {
  // A report, not a budget: only browsers that cannot run the wasm load it.
  console.log(`   info JavaScript build ${kb(fallbackSize.gzip)} KB gzip -9 (${kb(fallbackSize.raw)} KB raw), usable widget in ${ms(median(usable.js))} ms (wasm: ${ms(median(usable.wasm))} ms)`);
}
if (scores) {
  lines.push(['Lighthouse performance', scores.performance >= BUDGET.performance, String(scores.performance), `≥ ${BUDGET.performance}`]);
  lines.push(['Lighthouse accessibility', scores.accessibility >= BUDGET.accessibility, String(scores.accessibility), `${BUDGET.accessibility}`]);
  lines.push(['Lighthouse best practices', scores.bestPractices >= BUDGET.bestPractices, String(scores.bestPractices), `${BUDGET.bestPractices}`]);
} else {
  console.log('   (Lighthouse lines not checked: LIGHTHOUSE=0)');
}
for (const [name, ok, value, budget] of lines) console.log(`   ${ok ? 'PASS' : 'FAIL'} ${name} ${value} (budget ${budget})`);
const failed = lines.filter(([, ok]) => !ok).length;
process.exit(process.env.BENCH_STRICT === '1' && failed ? 1 : 0);
