#!/usr/bin/env node
// Benchmark of the takeover (a measurement, not a timed test): `make bench` runs it as its
// own stage (scripts/bench.sh) after the first-load bench.
//
//   node bench/takeover.mjs [dist]   (default: ../dist, or $DIST)
//
// A first visit, as a person makes it: headless Chromium at 360×740 (a phone, touch), a
// fresh browser context per run (cold cache, no service worker yet), Lighthouse's mobile
// "Slow 4G" (RTT 150 ms, 1638.4 kbit/s down, 675 kbit/s up, CDP
// Network.emulateNetworkConditions) and 4x CPU slowdown (Emulation.setCPUThrottlingRate).
// The page opens on the prerendered introduction (index.html?lang=zh-CN: the plain page;
// the widget starts on the first interaction, scripts/boot.js). Once the page has loaded
// and the widget's script and wasm are downloaded (the loader fetches them after the load
// event), and TAP_DELAY_MS (default 0) later, the person scrolls Start into view (at
// 360×740 it is below the fold: that scroll is the first interaction, which starts the
// widget) and taps it at once, then answers "no" to the first three emergency questions,
// each ANSWER_GAP_MS (default 150) after the last tap at the earliest, each scrolled into
// view first. A person sees a tap take effect before the next: each scroll waits until
// the page has handled the tap before (its click) and the answer stays in the same place
// for two frames; the touches themselves (CDP Input.dispatchTouchEvent) never wait for the
// page. NO_CACHE=1 also turns the HTTP cache off (DevTools' "Disable cache").
//
// Per run, in the page (an init script, before the page's own scripts):
//   - each tap's latency: the Event Timing API's duration of its interaction (from the
//     touch to the next paint after its handlers, what INP measures), the longest event
//     of the interaction; an interaction under 16 ms is not reported by the API and
//     counts as 16;
//   - the takeover time: from the first interaction (the scroll to Start, just before the
//     tap) to the first frame in which the widget owns the page (`.cc-app[data-started]`
//     and no `.cc-pre` left), taken in a message posted from that frame's animation-frame
//     callback (handled after the frame has been rendered);
//   - the answers kept: every answer the page took (a click on it, on the prerendered page
//     or the widget's) is chosen on the widget's page at the end. A tap that reached
//     another control (the page moved under the finger) is counted apart, as a miss.
// Printed: the figures of each run, the medians over RUNS (default 5) and the budget
// lines, `PASS|FAIL <measure> <value> (budget …)`: the worst tap's latency (the median
// over the runs of each run's worst tap) ≤ 100 ms, the takeover ≤ 500 ms, and every
// answer kept in every run.
// Exit status 0 (it is a report) unless BENCH_STRICT=1 and a budget line fails.
//
// Env: CHROME_PATH (default /usr/bin/chromium), RUNS, TAP_DELAY_MS, ANSWER_GAP_MS,
// NO_CACHE, BENCH_DEBUG=1 (each run's raw figures, what each tap reached, the scrolls),
// TRACE=<file.json> (a Chrome trace of one more run, with the JS sampling profiler, for
// the DevTools Performance panel: where the takeover's time goes). Timings depend on the
// machine being otherwise idle: the load average is printed first.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';
import { CHROME, CHROME_ARGS, CPU_SLOWDOWN, median, SLOW_4G, throttle } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? process.env.DIST ?? join(here, '..', 'dist'));
const RUNS = Number(process.env.RUNS ?? 5);
const TAP_DELAY_MS = Number(process.env.TAP_DELAY_MS ?? 0);
const ANSWER_GAP_MS = Number(process.env.ANSWER_GAP_MS ?? 150);
const BUDGET = { tapMs: 100, takeoverMs: 500 };
const VIEWPORT = { width: 360, height: 740 };
const START = '.cc-pre [data-action="start"]';
const EMERGENCY_QUESTION = '[data-step="emergency"] fieldset[data-question]';
const ANSWERS = 3;

const ms = (x) => (x == null || Number.isNaN(x) ? '—' : String(Math.round(x)));

// ------------------------------------------------------------------ in the page
function probe() {
  const b = { loaded: null, first: null, startTap: null, owned: null, events: [], taps: [] };
  window.__takeover = b;
  addEventListener('load', () => {
    b.loaded = performance.now();
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) b.events.push({ id: e.interactionId, name: e.name, start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    b.noEventTiming = true;
  }
  let watching = false;
  const owned = () => document.querySelector('.cc-app[data-started]') && !document.querySelector('.cc-pre');
  const frame = () => {
    if (owned()) {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        b.owned = performance.now();
      };
      ch.port2.postMessage(0);
      return;
    }
    requestAnimationFrame(frame);
  };
  // What each tap reached (for BENCH_DEBUG): the click's target, its question and answer.
  b.clicks = [];
  b.tapsDone = 0; // taps whose click has been handled (a label's click on its input is not another)
  let viaLabel = false;
  addEventListener(
    'click',
    (event) => {
      const t = event.target;
      if (!viaLabel) {
        b.tapsDone++;
        if (t.closest?.('label')) {
          viaLabel = true;
          setTimeout(() => (viaLabel = false), 0);
        }
      }
      const input = t.closest?.('label')?.control ?? (t.matches?.('input') ? t : null);
      b.clicks.push({
        at: Math.round(performance.now()),
        tag: t.tagName,
        action: t.closest?.('[data-action]')?.getAttribute('data-action') ?? null,
        pre: !!t.closest?.('.cc-pre'),
        connected: t.isConnected,
        question: t.closest?.('[data-question]')?.getAttribute('data-question') ?? null,
        value: input?.value ?? null,
      });
    },
    { capture: true },
  );
  const first = (event) => {
    if (watching) return;
    watching = true;
    b.first = event.timeStamp;
    requestAnimationFrame(frame);
  };
  addEventListener('scroll', first, { capture: true, passive: true });
  b.scrolls = []; // for BENCH_DEBUG
  addEventListener('scroll', () => b.scrolls.push([Math.round(performance.now()), Math.round(scrollY)]), { passive: true });
  addEventListener(
    'pointerdown',
    (event) => {
      b.taps.push(event.timeStamp);
      if (b.startTap === null) b.startTap = event.timeStamp;
      first(event);
    },
    { capture: true, passive: true },
  );
}

// ------------------------------------------------------------------ the run
// NO_CACHE=1: the HTTP cache off too (as DevTools' "Disable cache"), so nothing fetched
// ahead can be reused from it; only what the page itself keeps.
const throttled = (context, tab) => throttle(context, tab, { noCache: process.env.NO_CACHE === '1' });

const newContext = (browser) =>
  browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

/**
 * In the page: once the page has handled the person's taps so far (`after`, seen as clicks:
 * a person sees a tap take effect before moving on) and the element is shown where it
 * stays (the same place in two frames in a row), scrolls it
 * into view (as a person's swipe to it; the first scroll is the page's first interaction)
 * and returns its centre in the viewport. For an answer, its "no" label, whichever page (prerendered or the widget's)
 * holds it.
 */
const reach = (target) =>
  new Promise((ok) => {
    // A tap that did not take effect within 10 s is reported (answers not kept), not waited for.
    const until = performance.now() + 10000;
    let last = null;
    const find = () => {
      const late = performance.now() > until;
      if ((window.__takeover?.tapsDone ?? 0) < target.after && !late) return requestAnimationFrame(find);
      let el = document.querySelector(target.selector);
      if (el && target.label) el = el.labels?.[0] ?? el;
      const r = el?.getBoundingClientRect();
      if (!r || r.width === 0 || r.height === 0) return late ? ok(null) : requestAnimationFrame(find);
      // Settled: the page has not moved it, nor scrolled, since the last frame (a new step
      // scrolls to its top and focuses its heading after it is drawn).
      const where = `${scrollY} ${r.top}`;
      if (where !== last && !late) {
        last = where;
        return requestAnimationFrame(find);
      }
      el.scrollIntoView({ block: 'center' });
      const c = el.getBoundingClientRect();
      ok({ x: c.left + c.width / 2, y: c.top + c.height / 2 });
    };
    find();
  });

/** The first answerable emergency questions (shown without any answer). */
async function questions(browser, url) {
  const context = await newContext(browser);
  try {
    const tab = await context.newPage();
    // The prerendered page as it is during the takeover: the widget's wasm never arrives.
    await tab.route('**/*_bg.wasm', () => {});
    await tab.goto(`${url}#cc-emergency`);
    const qs = await tab.evaluate(
      (sel) => [...document.querySelectorAll(`.cc-pre ${sel}`)].filter((q) => q.getClientRects().length > 0).map((q) => q.getAttribute('data-question')),
      EMERGENCY_QUESTION,
    );
    if (qs.length < ANSWERS) throw new Error(`bench: fewer than ${ANSWERS} emergency questions shown`);
    return qs.slice(0, ANSWERS);
  } finally {
    await context.close();
  }
}

async function touch(cdp, { x, y }) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function once(browser, url, qs, trace) {
  const context = await newContext(browser);
  try {
    await context.addInitScript(probe);
    const tab = await context.newPage();
    const cdp = await throttled(context, tab);
    await tab.goto(url, { waitUntil: 'load' });
    // The widget's files downloaded (the loader's warm-up after the load event), and the
    // network quiet: no request of the page under way.
    await tab.waitForFunction(
      () => {
        const got = performance.getEntriesByType('resource');
        const has = (re) => got.some((e) => re.test(e.name) && e.responseEnd > 0);
        return has(/\/cramp-check-[0-9a-f]+\.js$/) && has(/\/cramp-check-[0-9a-f]+_bg\.wasm$/);
      },
      null,
      { timeout: 60000, polling: 100 },
    );
    await new Promise((ok) => setTimeout(ok, TAP_DELAY_MS));
    if (trace) await browser.startTracing(tab, { path: trace, screenshots: false, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed'] });
    // The taps at fixed times, each sent without waiting for the page to take the last.
    // Start, then each answer ANSWER_GAP_MS after the one before at the earliest; each
    // touch is sent without waiting for the page to have handled the one before.
    const sent = [];
    const late = [];
    let due = null;
    const targets = [{ selector: START }, ...qs.map((q) => ({ selector: `[data-question="${q}"] input[value="no"]`, label: true }))];
    for (const [i, target] of targets.entries()) {
      target.after = i;
      const at = await tab.evaluate(reach, target);
      if (!at) continue; // not shown within 10 s: reported as an answer not kept
      const now = performance.now();
      if (due !== null && now < due) await new Promise((ok) => setTimeout(ok, due - now));
      if (due !== null) late.push(Math.max(0, now - due));
      due = performance.now() + ANSWER_GAP_MS;
      sent.push(touch(cdp, at));
    }
    await Promise.all(sent);
    await tab.waitForFunction(() => window.__takeover.owned !== null, null, { timeout: 60000, polling: 100 });
    // The last tap's paint and its Event Timing entry: two frames after the takeover.
    await tab.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 100)))));
    if (trace) await browser.stopTracing();
    const b = await tab.evaluate(() => window.__takeover);
    // Every answer the page took (a click on it, before or after the takeover) shows as
    // chosen on the widget's page; a tap that reached something else is a miss of this
    // bench, reported on its own.
    const answered = [];
    for (const c of b.clicks) {
      if (c.question && c.value && !answered.some((a) => a.question === c.question && a.value === c.value)) answered.push({ question: c.question, value: c.value });
    }
    const kept = await tab.evaluate(
      (list) => list.map((a) => !!document.querySelector(`.cc-app[data-started] [data-question="${a.question}"] input[value="${a.value}"]:checked`)),
      answered,
    );
    const missed = qs.filter((q) => !answered.some((a) => a.question === q)).length;
    // Each tap: its interaction's longest event (under 16 ms: not reported, counted as 16).
    const byId = new Map();
    for (const e of b.events) byId.set(e.id, Math.max(byId.get(e.id) ?? 0, e.duration));
    const ids = [...byId.keys()].sort((x, y) => x - y);
    const latencies = b.taps.map((t) => {
      const e = b.events.filter((e) => Math.abs(e.start - t) < 1);
      return e.length ? byId.get(e[0].id) : 16;
    });
    return { loadedAt: b.loaded, tapAt: b.startTap, scrollToTap: b.startTap - b.first, takeover: b.owned - b.first, latencies, worst: Math.max(...latencies), kept, missed, late, clicks: b.clicks, scrolls: b.scrolls, taps: b.taps.length, interactions: ids.length, noEventTiming: !!b.noEventTiming };
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------ main
const scratch = await mkdtemp(join(tmpdir(), 'cramp-takeover-'));
const csp = await cspHeader(dist, "'self'");
const server = await startStaticServer({
  mounts: [{ prefix: '/', root: dist }],
  headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
});
const url = `${server.origin}/index.html?lang=zh-CN`;
console.log(`takeover bench: ${dist}`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs${loadavg()[0] > cpus().length ? ' — BUSY: timings below are inflated' : ''}`);
console.log(`\nFirst visit, ${url.replace(server.origin, '')}, ${VIEWPORT.width}×${VIEWPORT.height} touch: Slow 4G (RTT ${SLOW_4G.rttMs} ms, ${SLOW_4G.downKbps} kbit/s), CPU ${CPU_SLOWDOWN}x slower, fresh context per run, median of ${RUNS}.`);
console.log(`Start scrolled into view and tapped ${TAP_DELAY_MS} ms after the widget's files are downloaded, then ${ANSWERS} answers ${ANSWER_GAP_MS} ms apart${process.env.NO_CACHE === '1' ? '; HTTP cache disabled' : ''}.`);
const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
const runs = [];
let status = 0;
try {
  const qs = await questions(browser, url);
  await once(browser, url, qs); // warm-up (compression caches, first launch), not counted
  for (let i = 0; i < RUNS; i++) runs.push(await once(browser, url, qs));
  if (process.env.TRACE) {
    await once(browser, url, qs, process.env.TRACE);
    console.log(`trace of one more run: ${process.env.TRACE}`);
  }
} finally {
  await browser.close();
  await server.close?.();
  await rm(scratch, { recursive: true, force: true });
}
if (process.env.BENCH_DEBUG) console.log(JSON.stringify(runs, null, 1));
if (runs.some((r) => r.noEventTiming)) console.log('   this Chromium has no Event Timing API: tap latencies are missing');
console.log(`   run   tap at (after load)   takeover ms   tap latencies ms (Start, answers)   answers kept / taken`);
runs.forEach((r, i) => {
  console.log(`   ${String(i + 1).padStart(3)}   ${ms(r.tapAt).padStart(6)} (${ms(r.tapAt - r.loadedAt).padStart(5)})       ${ms(r.takeover).padStart(11)}   ${r.latencies.map(ms).join(', ').padEnd(34)}  ${r.kept.filter(Boolean).length}/${r.kept.length}${r.missed ? ` (${r.missed} tap(s) reached something else)` : ''}${r.taps !== ANSWERS + 1 ? ` (${r.taps} taps seen)` : ''}`);
});
const worst = median(runs.map((r) => r.worst));
const takeover = median(runs.map((r) => r.takeover));
const allKept = runs.every((r) => r.kept.length > 0 && r.kept.every(Boolean));
const missed = runs.reduce((n, r) => n + r.missed, 0);
console.log(`   median: takeover ${ms(takeover)} ms (runs ${runs.map((r) => ms(r.takeover)).join(', ')}), worst tap ${ms(worst)} ms (runs ${runs.map((r) => ms(r.worst)).join(', ')})`);
console.log('\nBudget (takeover):');
const line = (ok, what, value, budget) => {
  if (!ok) status = 1;
  console.log(`   ${ok ? 'PASS' : 'FAIL'} ${what} ${value} (budget ${budget})`);
};
line(worst <= BUDGET.tapMs, 'first-tap worst latency', `${ms(worst)} ms`, `≤ ${BUDGET.tapMs} ms, median of ${RUNS} runs' worst tap`);
line(takeover <= BUDGET.takeoverMs, 'takeover after the first tap', `${ms(takeover)} ms`, `≤ ${BUDGET.takeoverMs} ms, median of ${RUNS}`);
line(allKept, 'answers given during the takeover kept', `${runs.filter((r) => r.kept.length > 0 && r.kept.every(Boolean)).length}/${runs.length} runs`, 'every answer the page took, every run');
if (missed) console.log(`   (${missed} of ${runs.length * ANSWERS} answer taps reached another control: the page moved under the finger; see BENCH_DEBUG=1)`);
process.exit(process.env.BENCH_STRICT === '1' ? status : 0);
