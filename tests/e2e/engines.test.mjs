// The core journeys, in each browser engine: E2E_ENGINE=chromium (default),
// firefox (Firefox ESR) or webkit (WebKitGTK); `node tests/e2e/run.mjs
// --engine firefox` runs this file only, in that engine. Every test's name
// starts with its engine in brackets.
//
// - a typical self-care case through to the result (as `assess` gives it);
// - the emergency screen raising the alert at once, on "yes" and on "not sure";
// - a language switch half-way that keeps the answers;
// - Back and Next (forward) keeping the answers;
// - saved progress surviving a reload;
// - logging a cramp in the diary and seeing it in the table and the chart;
// - the printed summary's content present in print media (and not on screen);
// - Chinese screens drawn with a font that has the glyphs.
//
// In Chromium, the journeys declared with `coreTest` are left to the Chromium
// suite's own files, which walk them too (each named below; a test checks they
// are still there); Firefox and WebKit run every journey here.
//
// Every click is a real pointer click at the element (Playwright, puppeteer,
// WebDriver actions), but for walks to the result whose answers are not what
// the test is about (after the emergency alert, before the printed summary and
// the Chinese result): those answer each step in one round trip, clicking the
// inputs in the page. The pages' clocks are fixed at CLOCK (clock.mjs).

import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, ENGINES } from './engines.mjs';
import {
  CLOCK, CONTENT, TYPICAL, DIST, assess, uiText, startServer, stepInPage, stepArgs,
} from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENGINE = process.env.E2E_ENGINE || 'chromium';
assert.ok(ENGINES.includes(ENGINE), `E2E_ENGINE=${ENGINE}: one of ${ENGINES.join(', ')}`);
// A test that hangs (a driver that stops answering) fails after 3 minutes.
const test = (name, fn) => nodeTest(`[${ENGINE}] ${name}`, { timeout: 180_000 }, fn);

// Journeys the Chromium suite already walks in its own files (each named here
// with a piece of its test's name): in Chromium this file leaves them to those
// tests, since every page costs CPU and `make test` has ten minutes, and
// checks below that those tests are still there. Firefox and WebKit run them here.
const IN_CHROMIUM_FILES = [];
function coreTest(name, [file, chromiumTest], fn) {
  IN_CHROMIUM_FILES.push({ name, file, chromiumTest });
  if (ENGINE !== 'chromium') test(name, fn);
}

let engine = null;
let ownServer = null;

before(async () => {
  let baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl && ENGINE === 'firefox') {
    ownServer = await startServer(DIST);
    baseUrl = ownServer.url;
  }
  engine = await startEngine(ENGINE, { zone: CLOCK.zone, root: DIST, baseUrl });
});

after(async () => {
  await engine?.close();
  await ownServer?.close();
});

/** Runs `fn(tab)` in a fresh tab (clock at CLOCK), failing on any uncaught page error; always closes it. */
async function inTab(fn, options = {}) {
  const tab = await engine.newTab({ clock: CLOCK, ...options });
  let closed = false;
  try {
    await fn(tab);
    const errors = await tab.errors();
    await tab.close();
    closed = true;
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    if (!closed) await tab.close();
  }
}

// ---------------------------------------------------------------------------
// Moves, through the documented hooks only.

const inputSel = (q, v) => `[data-step] [data-question="${q}"] input[value="${v}"]`;
const valuesOf = (v) => (v === true ? ['yes'] : v === false ? ['no'] : Array.isArray(v) ? v.map(String) : [String(v)]);

const screen = (tab) => tab.eval(() => document.querySelector('[data-step]')?.getAttribute('data-step') ?? null);

function waitScreen(tab, id) {
  return tab.waitFor((s) => document.querySelector(`.cc-app[data-started] [data-step="${s}"]`)?.getClientRects().length > 0, id, `screen ${id}`);
}

/** The widget's intro (not the prerendered one it takes over: a click there may land as it is replaced). */
async function open(tab, lang, query = '') {
  await tab.goto(`/?lang=${lang}${query}`);
  // A first visit: the widget starts on the first interaction (boot.js).
  await tab.eval(() => document.dispatchEvent(new MouseEvent('mousemove', { bubbles: true })));
  await tab.waitFor(
    () => document.querySelector('.cc-app[data-started] [data-action="start"]')?.getClientRects().length > 0,
    null,
    "the widget's intro",
  );
}

async function start(tab, lang) {
  await open(tab, lang);
  await tab.click('[data-action="start"]');
  await waitScreen(tab, CONTENT.firstStep);
}

/** Clicks the input for each value of question `q` and waits until it is checked. */
async function answer(tab, q, value) {
  for (const v of valuesOf(value)) {
    const checked = await tab.eval(([s]) => document.querySelector(s)?.checked ?? null, [inputSel(q, v)]);
    assert.notEqual(checked, null, `question ${q}: no input with value "${v}"`);
    if (checked) continue;
    await tab.click(inputSel(q, v));
    await tab.waitFor((s) => document.querySelector(s)?.checked === true, inputSel(q, v), `${q}=${v} checked`);
  }
}

/** The visible questions of the screen, in page order. */
const visibleQuestions = (tab) =>
  tab.eval(() =>
    [...document.querySelectorAll('[data-step] [data-question]')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => el.getAttribute('data-question')),
  );

/** Answers the visible questions from `answers` by clicking (emergency questions left out: "no"). */
async function answerStep(tab, answers) {
  const step = await screen(tab);
  const done = new Set();
  for (;;) {
    const q = (await visibleQuestions(tab)).find((id) => !done.has(id));
    if (q === undefined) {
      // An answer may reveal a question (show_if): look once more after two frames.
      await tab.eval(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
      if ((await visibleQuestions(tab)).every((id) => done.has(id))) break;
      continue;
    }
    done.add(q);
    if (Object.hasOwn(answers, q)) await answer(tab, q, answers[q]);
    else if (step === CONTENT.firstStep) await answer(tab, q, 'no');
  }
  return [...done];
}

/** Presses the screen's `action` button (next / back) and waits for another screen; returns its id. */
async function press(tab, action) {
  const before = await screen(tab);
  await tab.click(`[data-step] [data-action="${action}"]`);
  await tab.waitFor((b) => {
    const s = document.querySelector('[data-step]')?.getAttribute('data-step');
    return s && s !== b;
  }, before, `a screen after ${before}`);
  return screen(tab);
}

/** The checked inputs on the screen: { question: [values] }. */
const checkedAnswers = (tab) =>
  tab.eval(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-step] [data-question]')]
        .map((q) => [q.getAttribute('data-question'), [...q.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value)])
        .filter(([, v]) => v.length > 0),
    ),
  );

/** Answers and presses Next on every step up to the result; returns { level, patterns, visited }. */
async function walkToResult(tab, answers, { byHand = false } = {}) {
  const visited = [];
  if (!byHand) {
    // One round trip a step (lib's stepInPage, as the Chromium suite walks), for
    // walks whose answers are not what the test is about.
    for (let guard = 0; guard < 30; guard++) {
      const r = await tab.eval(stepInPage, stepArgs(answers));
      if (r.error) throw new Error(`step ${r.step}: ${r.error} (after ${visited.join(' → ')})`);
      visited.push(r.step);
      if (r.level) return { level: r.level, patterns: r.patterns, visited };
    }
    throw new Error(`no result after ${visited.join(' → ')}`);
  }
  for (let guard = 0; guard < 30; guard++) {
    const s = await screen(tab);
    visited.push(s);
    if (s === 'review') break;
    await answerStep(tab, answers);
    await press(tab, 'next');
  }
  assert.equal(visited.at(-1), 'review', `no review after ${visited.join(' → ')}`);
  await press(tab, 'next');
  const r = await tab.waitFor(() => {
    const el = document.querySelector('[data-level]');
    return el && {
      level: el.getAttribute('data-level'),
      patterns: [...new Set([...el.querySelectorAll('[data-pattern]')].map((p) => p.getAttribute('data-pattern')))],
    };
  }, null, 'the result');
  return { ...r, visited };
}

// ---------------------------------------------------------------------------

if (ENGINE === 'chromium') {
  test('the journeys this file leaves to the Chromium suite are there', () => {
    for (const { name, file, chromiumTest } of IN_CHROMIUM_FILES) {
      const text = readFileSync(path.join(HERE, file), 'utf8');
      assert.ok(text.includes(chromiumTest), `"${name}": ${file} has no "${chromiumTest}"`);
    }
    assert.equal(IN_CHROMIUM_FILES.length, 8);
  });
}

test(`runs in ${ENGINE}`, async (t) => {
  assert.ok(engine.version, 'the engine reports its version');
  t.diagnostic(`${ENGINE}: ${engine.version}; clock ${CLOCK.iso} ${CLOCK.zone}`);
});

coreTest('a typical self-care case goes through every step to the result assess gives', ['journeys.test.mjs', 'typical self-care journey: every step, review, then self_care'], async () => {
  const [want] = assess([TYPICAL]);
  assert.equal(want.level, 'self_care', 'typical cramps are self-care (assess)');
  await inTab(async (tab) => {
    await start(tab, 'en');
    const r = await walkToResult(tab, TYPICAL, { byHand: true });
    assert.equal(r.level, want.level);
    assert.deepEqual(r.patterns.sort(), [...want.patterns].sort());
    assert.ok(r.patterns.includes('typical_nlc'), `patterns: ${r.patterns}`);
    assert.deepEqual(r.visited.slice(0, 2), [CONTENT.firstStep, 'cramps']);
  });
});

for (const [value, sign] of [['yes', 0], ['not_sure', 1]]) {
  coreTest(`the emergency alert shows at once on "${value}", with a call link, and the result is emergency`, ['emergency.test.mjs', `for (const value of ['yes', 'not_sure'])`], async () => {
    const q = CONTENT.emergencySigns[sign % CONTENT.emergencySigns.length];
    await inTab(async (tab) => {
      await start(tab, 'en');
      const alertShown = () =>
        tab.eval(() => {
          const a = document.querySelector('[data-alert="emergency"]');
          return Boolean(a && a.getClientRects().length > 0 && a.querySelector('a[href^="tel:"]'));
        });
      assert.equal(await alertShown(), false, 'no alert before any answer');
      await answer(tab, q, value);
      await tab.waitFor(() => {
        const a = document.querySelector('[data-alert="emergency"]');
        return Boolean(a && a.getClientRects().length > 0 && a.querySelector('a[href^="tel:"]'));
      }, null, `the emergency alert after ${q}=${value}`);
      assert.equal(await screen(tab), CONTENT.firstStep, 'at once: still on the emergency screen');
      const r = await walkToResult(tab, { [q]: value });
      assert.equal(r.level, 'emergency');
    });
  });
}

coreTest('without WebAssembly the widget runs from the JavaScript build of its wasm: the alert and its call link on "yes"', ['firstscreens.test.mjs', 'without WebAssembly the widget starts from the JavaScript build of its wasm'], async () => {
  const q = CONTENT.emergencySigns[0];
  await inTab(async (tab) => {
    await open(tab, 'en', '&e2e_no_wasm=1');
    assert.equal(await tab.eval(() => typeof window.WebAssembly), 'undefined', 'the page has no WebAssembly');
    const got = await tab.eval(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(got.some((n) => /\/cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(n)), 'the JavaScript build was loaded');
    await tab.click('[data-action="start"]');
    await waitScreen(tab, CONTENT.firstStep);
    await answer(tab, q, 'yes');
    await tab.waitFor(() => {
      const a = document.querySelector('.cc-app[data-started] [data-alert="emergency"]');
      return Boolean(a && a.getClientRects().length > 0 && a.querySelector('a[href^="tel:"]'));
    }, null, `the emergency alert and call link after ${q} = yes`);
  });
});

coreTest('switching the language half-way keeps the answers, here and on the step before', ['language.test.mjs', "half-way keeps the earlier steps' answers (Back, then Next)"], async () => {
  await inTab(async (tab) => {
    await start(tab, 'zh-CN');
    assert.equal(await tab.eval(() => document.documentElement.lang), 'zh-CN');
    await answerStep(tab, {});
    assert.equal(await press(tab, 'next'), 'cramps');
    await answer(tab, 'frequency', 'nightly');
    await answer(tab, 'location', ['calf', 'foot']);
    const nextZh = await tab.eval(() => document.querySelector('[data-step] [data-action="next"]').textContent.trim());
    assert.equal(nextZh, uiText('next', 'zh-CN'));

    await tab.click('[data-lang="en"]');
    await tab.waitFor(() => document.documentElement.lang === 'en', null, '<html lang="en">');
    assert.equal(await screen(tab), 'cramps', 'the same step');
    await tab.waitFor((t) => document.querySelector('[data-step] [data-action="next"]')?.textContent.trim() === t, uiText('next', 'en'), 'the Next button in English');
    const kept = await checkedAnswers(tab);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual(kept.location.sort(), ['calf', 'foot']);
    assert.equal(await press(tab, 'back'), CONTENT.firstStep);
    const first = await checkedAnswers(tab);
    assert.deepEqual(Object.keys(first).sort(), [...CONTENT.emergencyQuestions].sort(), 'the emergency answers are kept');
    assert.ok(Object.values(first).every((v) => v.length === 1 && v[0] === 'no'));
  });
});

coreTest('Back and Next keep the answers of both steps', ['navigation.test.mjs', 'back and forward keep the answers (checked inputs stay checked)'], async () => {
  await inTab(async (tab) => {
    await start(tab, 'en');
    await answerStep(tab, {});
    await press(tab, 'next');
    await answer(tab, 'frequency', 'weekly_1_to_3');
    await answer(tab, 'duration', 'under_10_min');
    assert.equal(await press(tab, 'back'), CONTENT.firstStep);
    assert.equal(Object.keys(await checkedAnswers(tab)).length, CONTENT.emergencyQuestions.length);
    assert.equal(await press(tab, 'next'), 'cramps');
    const kept = await checkedAnswers(tab);
    assert.deepEqual(kept.frequency, ['weekly_1_to_3']);
    assert.deepEqual(kept.duration, ['under_10_min']);
  });
});

coreTest('a reload keeps the step and the answers', ['storage.test.mjs', "test('a reload keeps the step and the answers'"], async () => {
  await inTab(async (tab) => {
    await start(tab, 'en');
    await answerStep(tab, {});
    await press(tab, 'next');
    await answer(tab, 'frequency', 'nightly');
    await answer(tab, 'location', ['calf']);
    await tab.waitFor(() => {
      const saved = JSON.parse(window.localStorage.getItem('cramp-check/progress') || 'null');
      return saved?.answers?.frequency === 'nightly';
    }, null, 'the answers saved');
    await tab.reload();
    await waitScreen(tab, 'cramps');
    const kept = await checkedAnswers(tab);
    assert.deepEqual(kept.frequency, ['nightly']);
    assert.deepEqual(kept.location, ['calf']);
  });
});

coreTest('a cramp logged in the diary is listed, at the fixed time, and counted in the table and the chart', ['diary.test.mjs', 'the two-tap log, the weekly chart and table'], async () => {
  const local = new Date(CLOCK.ms + CLOCK.offset * 60_000);
  const hour = local.getUTCHours();
  const lastNight = hour >= 4 && hour < 12;
  const at = lastNight ? Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 3) : local.getTime();
  const shown = new Date(at).toISOString().slice(0, 16).replace('T', ' ');
  await inTab(async (tab) => {
    await open(tab, 'en');
    await tab.click('[data-action="open-diary"]');
    await waitScreen(tab, 'diary');
    await tab.click('#new-leg-left');
    await tab.click('[data-step="diary"] [data-action="log-cramp"]');
    const entry = await tab.waitFor(() => {
      const li = document.querySelector('[data-step="diary"] [data-entry]');
      return li && { id: li.getAttribute('data-entry'), text: li.textContent };
    }, null, 'the entry listed');
    assert.ok(entry.text.includes(shown), `the entry shows ${shown} (${lastNight ? 'last night' : 'just now'}): ${entry.text}`);
    const seen = await tab.eval(() => {
      const row = document.querySelector('[data-step="diary"] [data-table="weeks"] tbody tr');
      const svg = document.querySelector('[data-step="diary"] svg[role="img"]');
      const desc = (svg?.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim());
      return { count: row?.querySelector('td')?.textContent.trim(), desc, drawn: Boolean(svg && svg.getBoundingClientRect().height > 0) };
    });
    assert.equal(seen.count, '1', 'this week counts the cramp');
    assert.ok(seen.drawn, 'the chart is drawn');
    assert.equal(seen.desc[1], uiText('chart_description', 'en', { count: 12, this: 1, peak: 1 }), 'the chart says it');
    // The diary is kept by year: the index names the year, its key holds the entry (issue 24).
    const stored = await tab.eval(() => {
      const index = JSON.parse(window.localStorage.getItem('cramp-check/diary'));
      return JSON.parse(window.localStorage.getItem(`cramp-check/diary/${index.years[0].year}`));
    });
    assert.equal(stored.entries.length, 1);
    assert.equal(stored.entries[0].at_ms, at - CLOCK.offset * 60_000, 'stored at the fixed instant');
    assert.equal(stored.entries[0].offset_min, CLOCK.offset, 'with the zone offset');
  });
});

test("the printed summary's content is in print media, not on screen", async () => {
  const [want] = assess([TYPICAL]);
  const level = CONTENT.levels.get(want.level);
  const date = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: CLOCK.zone }).format(CLOCK.ms);
  const norm = (s) => s.replace(/\s+/g, ' ');
  await inTab(async (tab) => {
    await start(tab, 'en');
    await walkToResult(tab, TYPICAL);
    const onScreen = norm(await tab.eval(() => document.body.innerText));
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
  });
});

/**
 * In the page: every distinct Chinese character shown (up to 60 per font) drawn
 * in its element's own font on a canvas: a font that has the glyph draws it one
 * em wide, with ink, differently from the other characters and from U+0378
 * (unassigned: every engine's missing-glyph box or hex box).
 */
function cjkGlyphs() {
  const cjk = /[\u3400-\u9fff]/u;
  const byFont = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.getClientRects().length === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    const font = `${cs.fontStyle} ${cs.fontWeight} 100px ${cs.fontFamily}`;
    for (const ch of n.data) {
      if (!cjk.test(ch)) continue;
      if (!byFont.has(font)) byFont.set(font, new Set());
      byFont.get(font).add(ch);
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 160;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (font, ch) => {
    g.clearRect(0, 0, 160, 160);
    g.font = font;
    g.textBaseline = 'top';
    g.fillStyle = '#000';
    g.fillText(ch, 20, 20);
    const d = g.getImageData(0, 0, 160, 160).data;
    let hash = 0;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) {
      if (d[i] > 0) ink += 1;
      hash = (Math.imul(hash, 31) + d[i]) | 0;
    }
    return { ch, width: g.measureText(ch).width, hash, ink };
  };
  return [...byFont].map(([font, chars]) => {
    const missing = draw(font, '\u0378');
    const drawn = [...chars].slice(0, 60).map((ch) => draw(font, ch));
    return {
      font,
      count: chars.size,
      notOneEm: drawn.filter((x) => Math.abs(x.width - 100) > 3).map((x) => `${x.ch} ${x.width.toFixed(1)}`),
      noInk: drawn.filter((x) => x.ink < 50).map((x) => x.ch),
      likeMissing: drawn.filter((x) => x.hash === missing.hash).map((x) => x.ch),
      distinct: new Set(drawn.map((x) => x.hash)).size,
      drawn: drawn.length,
    };
  });
}

test('the Chinese screens are drawn with a font that has the glyphs (intro, emergency step, result)', async (t) => {
  await inTab(async (tab) => {
    const check = async (where) => {
      const fonts = await tab.eval(cjkGlyphs);
      const total = fonts.reduce((n, f) => n + f.count, 0);
      assert.ok(total >= 10, `${where}: Chinese characters on screen (${total})`);
      for (const f of fonts) {
        assert.deepEqual(f.likeMissing, [], `${where}: drawn as the missing-glyph box in ${f.font}`);
        assert.deepEqual(f.noInk, [], `${where}: drawn without ink in ${f.font}`);
        assert.deepEqual(f.notOneEm, [], `${where}: not one em wide (a CJK font's ideographs are) in ${f.font}`);
        assert.equal(f.distinct, f.drawn, `${where}: different characters drawn the same in ${f.font}`);
      }
      if (tab.platformFonts) {
        const used = await tab.platformFonts('[data-step], [data-level], h1, h2, p, label, button');
        const cjkFonts = Object.keys(used).filter((name) => /CJK|Hei|Song|Ming|Kai|WenQuanYi|Droid Sans Fallback/i.test(name));
        assert.ok(cjkFonts.length > 0, `${where}: Chromium used no CJK font: ${JSON.stringify(used)}`);
        t.diagnostic(`${where}: fonts used ${JSON.stringify(used)}`);
      }
    };
    await open(tab, 'zh-CN');
    await check('intro');
    await tab.click('[data-action="start"]');
    await waitScreen(tab, CONTENT.firstStep);
    await check('emergency step');
    await walkToResult(tab, TYPICAL);
    await check('result');
  });
});
