#!/usr/bin/env node
// Benchmark of the built widget (a measurement, not a timed test): `make bench`.
//
//   node bench/bench.mjs [dist] [floor]   (default: ../dist, or $DIST; floor: see 1b)
//
// Prints, in one run:
//   1. the size of the first load (index.html and every stylesheet, script and wasm it
//      loads), raw, gzip -9 and brotli (quality 11), file by file and in total, and the
//      wasm alone;
//   1b. when a floor build is given (scripts/bench-floor.sh writes target/bench-floor,
//      `make bench` passes it): the size of bench/floor, Yew with the whole questionnaire
//      in both languages and nothing else, so the first-load figure can be read against
//      what the fixed stack and the content cost before any feature;
//   2. the time to the first question in headless Chromium under Lighthouse's mobile
//      "Slow 4G" values (RTT 150 ms, 1638.4 kbit/s down, 675 kbit/s up, applied with CDP
//      Network.emulateNetworkConditions; kbit = 1024 bits as in Lighthouse) and 4x CPU
//      slowdown (Emulation.setCPUThrottlingRate): the time from navigation start to the
//      first frame in which `[data-action="start"]` or `[data-question]` is visible,
//      median of RUNS (default 5) cold loads, for the widget and, side by side, for a
//      static HTML copy of its first screen with the same CSS (static-first-screen.html);
//   3. Lighthouse (mobile defaults, simulated throttling) scores for performance,
//      accessibility and best practices;
//   4. the budget, PASS/FAIL per line: first load ≤ 120 KB gzip (both languages are in
//      the wasm); Lighthouse accessibility 100, best practices 100, performance ≥ 95.
// Exit status 0 (it is a report) unless BENCH_STRICT=1 and a budget line fails.
//
// The build is served by a node server on 127.0.0.1 (ephemeral port) that behaves like
// a CDN: MIME types (application/wasm), brotli/gzip when accepted, Cache-Control, and the
// CSP of csp.txt as a header. Env: CHROME_PATH (default /usr/bin/chromium), RUNS,
// LIGHTHOUSE=0 to skip Lighthouse, LH_RUNS (default 3; the median is printed).
// Timings and Lighthouse's TBT depend on the machine being otherwise idle: the load
// average is printed first, and figures taken under load are worth repeating.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, copyFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? process.env.DIST ?? join(here, '..', 'dist'));
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.RUNS ?? 5);
const LH_RUNS = Number(process.env.LH_RUNS ?? 3);
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--mute-audio'];
// Lighthouse's mobile Slow 4G (constants.throttling.mobileSlow4G), as raw CDP values.
const SLOW_4G = { rttMs: 150, downKbps: 1638.4, upKbps: 675 };
const CPU_SLOWDOWN = 4;
const BUDGET_GZIP_KB = 120;
const SELECTOR = '[data-action="start"], [data-question]';

const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

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

// ------------------------------------------------------------------ 1b. the floor
let floor = null;
if (process.argv[3]) {
  const dir = resolve(process.argv[3]);
  const gz = async (f) => gzipSync(await readFile(join(dir, f)), { level: 9 }).length;
  // Beside the floor's JS and wasm, the same HTML, CSS and service worker registration.
  const page = sizes.filter((s) => !s.file.endsWith('.wasm') && !/^cramp-check-.*\.js$/.test(s.file));
  floor = { wasm: await gz('floor_bg.wasm'), js: await gz('floor.js') };
  floor.total = floor.wasm + floor.js + page.reduce((t, s) => t + s.gzip, 0);
  console.log('\n1b. Floor: Yew + the questionnaire (both languages), nothing else (bench/floor), KB gzip -9');
  console.log(`   ${pad('wasm', 52)}${lpad(kb(floor.wasm), 11)}`);
  console.log(`   ${pad('JS glue', 52)}${lpad(kb(floor.js), 11)}`);
  console.log(`   ${pad('first load with the same HTML, CSS, sw-register', 52)}${lpad(kb(floor.total), 11)}`);
  console.log(`   ${pad(`left by a ${BUDGET_GZIP_KB} KB budget for all behaviour`, 52)}${lpad(kb(BUDGET_GZIP_KB * 1024 - floor.total), 11)}`);
  console.log(`   ${pad('used by this build for all behaviour', 52)}${lpad(kb(total.gzip - floor.total), 11)}`);
}

// ------------------------------------------------------------------ server
// dist/ at /, and the static copy of the first screen at /bench/, with the build's CSS
// at /styles/app.css (the path the copy uses).
const scratch = await mkdtemp(join(tmpdir(), 'cramp-bench-'));
await mkdir(join(scratch, 'bench'));
await mkdir(join(scratch, 'styles'));
await copyFile(join(here, 'static-first-screen.html'), join(scratch, 'bench', 'static-first-screen.html'));
const css = sizes.find((s) => s.file.endsWith('.css'));
if (css) await copyFile(join(dist, css.file), join(scratch, 'styles', 'app.css'));
const csp = await cspHeader(dist, "'self'");
const server = await startStaticServer({
  mounts: [
    { prefix: '/', root: dist },
    { prefix: '/bench/', root: join(scratch, 'bench') },
    { prefix: '/styles/', root: join(scratch, 'styles') },
  ],
  headers: (path) => (csp && !path.startsWith('/bench/') ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
});
const widgetUrl = `${server.origin}/`;
const staticUrl = `${server.origin}/bench/static-first-screen.html`;

// ------------------------------------------------------------------ 2. time to first question
// Records, inside the page, the first animation frame in which the element is visible
// (rAF callbacks run just before a frame is painted; none runs while a stylesheet
// still blocks rendering).
function recordFirst(selector) {
  window.__first = null;
  let armed = false;
  const check = () => {
    if (window.__first !== null || armed) return;
    const el = document.querySelector(selector);
    if (el && (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))) {
      armed = true;
      requestAnimationFrame(() => {
        window.__first = performance.now();
      });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
  addEventListener('load', check);
}

async function timeToFirst(browser, url) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  await context.addInitScript(recordFirst, SELECTOR);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_4G.rttMs,
    downloadThroughput: (SLOW_4G.downKbps * 1024) / 8,
    uploadThroughput: (SLOW_4G.upKbps * 1024) / 8,
    connectionType: 'cellular4g',
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__first !== null, null, { timeout: 60000, polling: 50 });
  const t = await page.evaluate(() => window.__first);
  await context.close();
  return t;
}

console.log(`\n2. Time to the first question: Slow 4G (RTT ${SLOW_4G.rttMs} ms, ${SLOW_4G.downKbps} kbit/s down, ${SLOW_4G.upKbps} kbit/s up), CPU ${CPU_SLOWDOWN}x slower, cold cache, median of ${RUNS}`);
const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
const times = { widget: [], static: [] };
try {
  await timeToFirst(browser, widgetUrl); // warm-up (server compression caches), not counted
  for (let i = 0; i < RUNS; i++) {
    times.widget.push(await timeToFirst(browser, widgetUrl));
    times.static.push(await timeToFirst(browser, staticUrl));
  }
} finally {
  await browser.close();
}
const mw = median(times.widget);
const ms = median(times.static);
const fmt = (xs) => xs.map((x) => Math.round(x)).join(', ');
console.log(`   widget (Yew + wasm)       ${lpad(Math.round(mw), 6)} ms   runs: ${fmt(times.widget)}`);
console.log(`   static HTML, same screen  ${lpad(Math.round(ms), 6)} ms   runs: ${fmt(times.static)}`);
console.log(`   ratio widget / static     ${lpad((mw / ms).toFixed(2), 6)} x`);

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
} else {
  console.log('\n3. Lighthouse skipped (LIGHTHOUSE=0)');
}

await server.close();
await rm(scratch, { recursive: true, force: true });

// ------------------------------------------------------------------ 4. budget
console.log('\n4. Budget');
const lines = [
  [`first load ≤ ${BUDGET_GZIP_KB} KB gzip (both languages)`, total.gzip <= BUDGET_GZIP_KB * 1024, `${kb(total.gzip)} KB`],
];
if (scores) {
  lines.push(['Lighthouse accessibility = 100', scores.accessibility === 100, String(scores.accessibility)]);
  lines.push(['Lighthouse best practices = 100', scores.bestPractices === 100, String(scores.bestPractices)]);
  lines.push(['Lighthouse performance ≥ 95', scores.performance >= 95, String(scores.performance)]);
}
for (const [name, ok, value] of lines) console.log(`   ${ok ? 'PASS' : 'FAIL'}  ${pad(name, 44)} ${value}`);
const failed = lines.filter(([, ok]) => !ok).length;
process.exit(process.env.BENCH_STRICT === '1' && failed ? 1 : 0);
