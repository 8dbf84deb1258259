#!/usr/bin/env node
// The diary at any size (issue 24): a measurement, not a test. `make bench` runs it after
// bench/bench.mjs; on its own:
//
//   node bench/diary.mjs [dist]   (default: ../dist, or $DIST)
//
// For diaries of 10, 1,000 and 10,000 entries (DIARY_SIZES; one a night, at 03:00 local
// time, ending last night), saved in localStorage before the page loads (an init script
// writes them as the widget keeps them: the index under `cramp-check/diary` and a key a
// year, `cramp-check/diary/YYYY`, see crates/cramp-core/src/diary_store.rs), headless Chromium at
// 360×740 with a 4x CPU slowdown (Emulation.setCPUThrottlingRate), a fresh browser
// context per run, the page's clock fixed at one instant in Asia/Shanghai, median of
// DIARY_RUNS (default 5) runs of each size:
//   - start-up: from the navigation's time origin to the first rendered frame with the
//     widget in the page (`.cc-app[data-started]`), against the same with an empty diary
//     saved (so both start at once, not on the first interaction);
//   - open the diary: from the click on the top bar's diary button to the first rendered
//     frame that shows the diary screen (`[data-step="diary"]`);
//   - log one more: from the click on "Log it" (a leg chosen) to the first rendered frame
//     that lists the new entry; this includes writing its year and the index to localStorage;
//   - the storage write alone: the time spent in `localStorage.setItem` for the diary's
//     keys during that log (the page's setItem, wrapped by the init script), and the size
//     of the text written;
//   - delete one: from the click on "Yes, delete it" to the frame without the entry;
//   - an older month: from the click on the oldest month's button (its year unfolded first) to
//     the frame that lists its entries (its year read from storage then);
//   - the upgrade (once, at the largest size, not a budget line): start-up with the same
//     diary saved whole under `cramp-check/diary` as versions before issue 24 wrote it,
//     which is read once, split into years and written back;
//   - the entries in the DOM once the diary is open.
// "A rendered frame": a requestAnimationFrame callback, then a message posted from it (run
// after that frame's rendering update), as bench.mjs measures "answerable". Waiting for an
// element uses a MutationObserver, never a sleep.
//
// Budget lines (issue 24): at 10,000 entries open ≤ 150 ms, log ≤ 100 ms, delete ≤ 100 ms,
// start-up ≤ 100 ms more than with an empty diary; the write is part of the log's time.
// Every size is printed with the same budgets. Exit 0 (a report) unless BENCH_STRICT=1 and
// a line fails. Env: CHROME_PATH, DIARY_RUNS, DIARY_SIZES (e.g. "10,1000,10000"),
// BENCH_DEBUG=1 (every run's figures).

import { loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';
import { CHROME, CHROME_ARGS, CPU_SLOWDOWN, median, throttle } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? process.env.DIST ?? join(here, '..', 'dist'));
const RUNS = Number(process.env.DIARY_RUNS ?? 5);
const SIZES = (process.env.DIARY_SIZES ?? '10,1000,10000').split(',').map(Number);
const VIEWPORT = { width: 360, height: 740 };
const BUDGET = { open: 150, log: 100, delete: 100, startExtra: 100 };
const DIARY_KEY = 'cramp-check/diary';
const YEAR_PREFIX = 'cramp-check/diary/';
// Wednesday 25 November 2026, 21:30 in Beijing (the e2e suite's default instant).
const NOW_MS = Date.UTC(2026, 10, 25, 13, 30);
const OFFSET = 480;
const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** The diary's entries, `n` of them, one a night at 03:00 local time, the last one last night. */
function diaryEntries(n) {
  const lastNight = Math.floor((NOW_MS + OFFSET * 60_000) / DAY) * DAY + 3 * 3_600_000 - OFFSET * 60_000;
  const legs = ['left', 'right', 'both'];
  const durations = ['seconds', 'under_10_min', 'over_10_min_eased'];
  const entries = [];
  for (let i = n - 1; i >= 0; i--) {
    const at = lastNight - i * DAY;
    const e = {
      id: String(at + 7 * 3_600_000), at_ms: at, offset_min: OFFSET, leg: legs[i % 3],
      duration: durations[i % 3], severity: i % 11, woke: i % 2 === 0, numb_after: i % 5 === 0,
    };
    if (i % 7 === 0) e.activity = '散步以后 after a walk';
    entries.push(e);
  }
  return entries;
}

/** The whole diary under one key, as versions before issue 24 kept it (version 2). */
function wholeDiary(n) {
  return [[DIARY_KEY, JSON.stringify({ format: 'cramp-check-diary', version: 2, entries: diaryEntries(n) })]];
}

/** The diary as the widget keeps it: the index and one key a local year (diary_store.rs). */
function diaryByYear(n) {
  const years = new Map();
  for (const e of diaryEntries(n)) {
    const d = new Date(Math.floor((e.at_ms + e.offset_min * 60_000) / DAY) * DAY);
    const y = d.getUTCFullYear();
    if (!years.has(y)) years.set(y, { entries: [], months: new Array(12).fill(0) });
    years.get(y).entries.push(e);
    years.get(y).months[d.getUTCMonth()] += 1;
  }
  const list = [...years.keys()].sort((a, b) => a - b);
  const index = { format: 'cramp-check-diary-index', version: 1, years: list.map((year) => ({ year, months: years.get(year).months })) };
  return [
    [DIARY_KEY, JSON.stringify(index)],
    ...list.map((y) => [`${YEAR_PREFIX}${y}`, JSON.stringify({ format: 'cramp-check-diary', version: 2, entries: years.get(y).entries })]),
  ];
}

// Runs in the page before its own scripts: the fixed clock, the saved diary, a timer
// around localStorage.setItem for the diary key, and the frame the widget first shows in.
function init({ nowMs, key, items }) {
  const RealDate = Date;
  function FixedDate(...args) {
    if (!new.target) return new RealDate(nowMs).toString();
    return args.length === 0 ? new RealDate(nowMs) : new RealDate(...args);
  }
  FixedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FixedDate, writable: true, configurable: true });
  FixedDate.now = () => nowMs;
  FixedDate.UTC = RealDate.UTC;
  FixedDate.parse = RealDate.parse;
  globalThis.Date = FixedDate;
  if (location.pathname.endsWith('/') || location.pathname.endsWith('/index.html')) {
    localStorage.clear();
    for (const [k, v] of items) localStorage.setItem(k, v);
  }
  const b = { started: null, writes: [] };
  window.__diaryBench = b;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    const t0 = performance.now();
    try {
      return setItem.call(this, k, v);
    } finally {
      if (k === key || k.startsWith(`${key}/`)) b.writes.push({ ms: performance.now() - t0, bytes: String(v).length });
    }
  };
  // The first frame rendered with the widget in the page.
  const afterFrame = (done) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => done(performance.now());
      ch.port2.postMessage(0);
    });
  const look = () => {
    if (b.started !== null || b.seen) return;
    if (document.querySelector('.cc-app[data-started]')) {
      b.seen = true;
      afterFrame((t) => {
        b.started = t;
      });
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-started'] });
}

// Runs in the page: clicks `click` (after `before`, if any), waits for the condition `until`
// to hold (a MutationObserver), then for the next rendered frame. Returns the milliseconds.
// The conditions are written here, not passed as text: the page's CSP allows no eval.
async function timed({ click, before, until, arg }) {
  const doneFn = {
    diary: () => !!document.querySelector('[data-step="diary"]'),
    more: (n) => document.querySelectorAll('li[data-entry]').length > n,
    month: () => document.querySelectorAll('[data-list="month"] li[data-entry]').length > 0,
    gone: (id) => !document.querySelector(`li[data-entry="${id}"]`),
  }[until];
  if (before) document.querySelector(before)?.click();
  const target = document.querySelector(click);
  if (!target) throw new Error(`no ${click}`);
  const t0 = performance.now();
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      obs.disconnect();
      fail(new Error(`waited 30 s after clicking ${click}`));
    }, 30000);
    const obs = new MutationObserver(() => {
      if (doneFn(arg)) {
        obs.disconnect();
        clearTimeout(timer);
        ok();
      }
    });
    obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    target.click();
    if (doneFn(arg)) {
      obs.disconnect();
      clearTimeout(timer);
      ok();
    }
  });
  await new Promise((ok) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = ok;
      ch.port2.postMessage(0);
    }),
  );
  return performance.now() - t0;
}

async function run(browser, origin, n, items, { upgrade = false } = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: ZONE, viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    await context.addInitScript(init, { nowMs: NOW_MS, key: DIARY_KEY, items });
    const page = await context.newPage();
    await throttle(context, page, { network: false });
    await page.goto(`${origin}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__diaryBench?.started !== null, null, { timeout: 60000, polling: 100 });
    const r = { started: await page.evaluate(() => window.__diaryBench.started) };
    if (n === 0 || upgrade) return r;
    r.open = await page.evaluate(timed, {
      click: '.cc-app [data-action="open-diary"]',
      until: 'diary',
    });
    r.inDom = await page.evaluate(() => document.querySelectorAll('li[data-entry]').length);
    await page.evaluate(() => {
      window.__diaryBench.writes = [];
    });
    r.log = await page.evaluate(timed, {
      before: '#new-leg-left',
      click: '[data-form="log"] [data-action="log-cramp"]',
      until: 'more',
      arg: r.inDom,
    });
    const writes = await page.evaluate(() => window.__diaryBench.writes);
    r.write = writes.reduce((t, w) => t + w.ms, 0);
    r.bytes = writes.reduce((t, w) => t + w.bytes, 0);
    r.writes = writes.length;
    // Delete the newest entry: ask, then time the confirmation.
    const newest = await page.evaluate(() => document.querySelector('li[data-entry]')?.getAttribute('data-entry'));
    await page.click(`li[data-entry="${newest}"] [data-action="delete-entry"]`);
    await page.waitForSelector('[data-action="confirm-delete-entry"]');
    r.delete = await page.evaluate(timed, {
      click: '[data-action="confirm-delete-entry"]',
      until: 'gone',
      arg: newest,
    });
    // The oldest month: its year unfolded (a click), then its button.
    const year = await page.evaluate(() => [...document.querySelectorAll('button[data-action="open-year"]')].pop()?.id ?? null);
    if (year) {
      await page.click(`#${year}`);
      await page.waitForSelector(`#${year}[aria-expanded="true"]`);
      const oldest = await page.evaluate(() => [...document.querySelectorAll('button[data-action="open-month"]')].pop()?.id ?? null);
      if (oldest) r.month = await page.evaluate(timed, { click: `#${oldest}`, until: 'month' });
    }
    return r;
  } finally {
    await context.close();
  }
}

const t0 = performance.now();
const csp = await cspHeader(dist, "'self'");
const server = await startStaticServer({
  mounts: [{ prefix: '/', root: dist }],
  headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
});
console.log(`\nDiary at any size (bench/diary.mjs), ${dist}`);
console.log(`   load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs${loadavg()[0] > cpus().length ? ' — BUSY: timings below are inflated' : ''}`);
console.log(`   Chromium ${VIEWPORT.width}×${VIEWPORT.height}, CPU ${CPU_SLOWDOWN}x slower, a fresh context per run, median of ${RUNS}; diaries of one entry a night`);
const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
const results = new Map();
let upgradeRun = null;
try {
  const sizes = [0, ...SIZES.filter((n) => n > 0)];
  const texts = new Map(sizes.map((n) => [n, diaryByYear(n)]));
  await run(browser, server.origin, 10, texts.get(10) ?? diaryByYear(10)); // warm-up, not counted
  const runs = new Map(sizes.map((n) => [n, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const n of i % 2 ? [...sizes].reverse() : sizes) runs.get(n).push(await run(browser, server.origin, n, texts.get(n)));
  }
  for (const [n, rs] of runs) {
    if (process.env.BENCH_DEBUG) console.log(`   ${n}: ${JSON.stringify(rs)}`);
    const m = (k) => median(rs.map((r) => r[k]));
    results.set(n, { started: m('started'), open: m('open'), log: m('log'), delete: m('delete'), month: m('month'), write: m('write'), bytes: m('bytes'), inDom: m('inDom'), stored: texts.get(n).reduce((t, [, v]) => t + v.length, 0) });
  }
  // Once: start-up with the largest diary saved whole (the upgrade).
  const big = Math.max(...sizes);
  if (big > 0) upgradeRun = { n: big, ...(await run(browser, server.origin, big, wholeDiary(big), { upgrade: true })) };
} finally {
  await browser.close();
  await server.close();
}

const empty = results.get(0);
console.log(`   ${pad('entries', 9)}${lpad('start-up', 10)}${lpad('(+empty)', 10)}${lpad('open', 8)}${lpad('log', 8)}${lpad('write', 8)}${lpad('delete', 8)}${lpad('month', 8)}${lpad('in DOM', 8)}${lpad('stored KB', 11)}`);
for (const [n, r] of results) {
  const extra = r.started - empty.started;
  console.log(`   ${pad(n, 9)}${lpad(Math.round(r.started), 10)}${lpad(n ? `${extra >= 0 ? '+' : ''}${Math.round(extra)}` : '', 10)}${lpad(n ? Math.round(r.open) : '', 8)}${lpad(n ? Math.round(r.log) : '', 8)}${lpad(n ? r.write.toFixed(1) : '', 8)}${lpad(n ? Math.round(r.delete) : '', 8)}${lpad(n && Number.isFinite(r.month) ? Math.round(r.month) : '', 8)}${lpad(n ? r.inDom : '', 8)}${lpad((r.stored / 1024).toFixed(1), 11)}`);
}
if (upgradeRun) {
  console.log(`   once: start-up with ${upgradeRun.n.toLocaleString('en-US')} entries saved whole (version 2), read and split into years: ${ms(upgradeRun.started)} (+${Math.round(upgradeRun.started - empty.started)} ms; not a budget line, it happens once)`);
}
console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

console.log('\n   Diary budget (issue 24)');
const lines = [];
for (const n of SIZES.filter((x) => x > 0)) {
  const r = results.get(n);
  const label = `${n.toLocaleString('en-US')} entries`;
  lines.push([`diary of ${label}: open`, r.open <= BUDGET.open, ms(r.open), `≤ ${BUDGET.open} ms`]);
  lines.push([`diary of ${label}: log one more`, r.log <= BUDGET.log, `${ms(r.log)} (of which the storage write ${r.write.toFixed(1)} ms, ${(r.bytes / 1024).toFixed(0)} KB)`, `≤ ${BUDGET.log} ms`]);
  lines.push([`diary of ${label}: delete one`, r.delete <= BUDGET.delete, ms(r.delete), `≤ ${BUDGET.delete} ms`]);
  if (Number.isFinite(r.month)) lines.push([`diary of ${label}: open its oldest month`, r.month <= BUDGET.open, ms(r.month), `≤ ${BUDGET.open} ms`]);
  const extra = r.started - empty.started;
  lines.push([`diary of ${label}: start-up`, extra <= BUDGET.startExtra, `${ms(r.started)} (${extra >= 0 ? '+' : ''}${Math.round(extra)} ms on an empty diary's ${ms(empty.started)})`, `≤ +${BUDGET.startExtra} ms`]);
}
for (const [name, ok, value, budget] of lines) console.log(`   ${ok ? 'PASS' : 'FAIL'} ${name} ${value} (budget ${budget})`);
const failed = lines.filter(([, ok]) => !ok).length;
process.exit(process.env.BENCH_STRICT === '1' && failed ? 1 : 0);
