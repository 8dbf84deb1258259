// The core journeys, in each browser engine: E2E_ENGINE=chromium (default),
// firefox (Firefox ESR) or webkit (WebKitGTK); `node tests/e2e/run.mjs
// --engine firefox` runs this file only, in that engine. Every test's name
// starts with its engine in brackets.
//
// The journeys are lib.mjs's CORE_JOURNEYS, written once against a tab of
// engines.mjs and also run by tests/old-engines (Chromium 74, 83, no
// WebAssembly):
// - a typical self-care case through to the result (as `assess` gives it);
// - the emergency screen raising the alert at once, on "yes" and on "not sure";
// - a language switch half-way that keeps the answers;
// - Back and Next (forward) keeping the answers;
// - saved progress surviving a reload;
// - logging a cramp in the diary and seeing it in the table and the chart;
// - the printed summary's content present in print media (and not on screen);
// and, here only, without WebAssembly the JavaScript build of the wasm, and the
// Chinese screens drawn with a font that has the glyphs.
//
// In Chromium, the journeys declared with `coreTest` are left to the Chromium
// suite's own files, which walk them too (each named below; a test checks they
// are still there); Firefox and WebKit run every journey here.
//
// Every click is a real pointer click at the element (Playwright, puppeteer,
// WebDriver actions), but for walks to the result whose answers are not what
// the test is about (after the emergency alert, before the printed summary and
// the Chinese result): those answer each step in one round trip, clicking the
// inputs in the page (`stepInPage`). The pages' clocks are fixed at CLOCK (clock.mjs).

import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, ENGINES } from './engines.mjs';
import {
  CLOCK, CONTENT, TYPICAL, DIST, CORE_JOURNEYS, PAGE, startServer, tabOpen, tabScreen, tabAnswer, tabWalkToResult,
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
// The journeys are lib.mjs's CORE_JOURNEYS (written once, also run by
// tests/old-engines); the moves are lib.mjs's tab moves (`tabStart`…).

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

coreTest('a typical self-care case goes through every step to the result assess gives', ['journeys.test.mjs', 'typical self-care journey: every step, review, then self_care'], () =>
  inTab((tab) => CORE_JOURNEYS.typical(tab, { byHand: true })),
);

for (const [value, sign] of [['yes', 0], ['not_sure', 1]]) {
  coreTest(`the emergency alert shows at once on "${value}", with a call link, and the result is emergency`, ['emergency.test.mjs', 'the emergency alert with a tel: link appears at once; the result is emergency'], () =>
    inTab((tab) => CORE_JOURNEYS.emergencyAlert(tab, { value, sign })),
  );
}

coreTest('without WebAssembly the widget runs from the JavaScript build of its wasm: the alert and its call link on "yes"', ['firstscreens.test.mjs', 'without WebAssembly the widget starts from the JavaScript build of its wasm'], async () => {
  const q = CONTENT.emergencySigns[0];
  await inTab(async (tab) => {
    await tabOpen(tab, 'en', '&e2e_no_wasm=1');
    assert.equal(await tab.eval(function () { return typeof window.WebAssembly; }), 'undefined', 'the page has no WebAssembly');
    const got = await tab.eval(function () {
      return performance.getEntriesByType('resource').map(function (e) { return e.name; });
    });
    assert.ok(got.some((n) => /\/cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(n)), 'the JavaScript build was loaded');
    await tab.click('.cc-app[data-started] [data-action="start"]');
    await tabScreen(tab, CONTENT.firstStep);
    await tabAnswer(tab, q, 'yes');
    const href = await tab.waitFor(PAGE.alertLink, null, `the emergency alert and call link after ${q} = yes`);
    assert.match(href, /^tel:/);
  });
});

coreTest('switching the language half-way keeps the answers, here and on the step before', ['language.test.mjs', "half-way keeps the earlier steps' answers (Back, then Next)"], () =>
  inTab((tab) => CORE_JOURNEYS.languageSwitch(tab)),
);

coreTest('Back and Next keep the answers of both steps', ['navigation.test.mjs', 'back and forward keep the answers (checked inputs stay checked)'], () =>
  inTab((tab) => CORE_JOURNEYS.backAndNext(tab)),
);

coreTest('a reload keeps the step and the answers', ['storage.test.mjs', "test('a reload keeps the step and the answers'"], () =>
  inTab((tab) => CORE_JOURNEYS.reload(tab)),
);

coreTest('a cramp logged in the diary is listed, at the fixed time, and counted in the table and the chart', ['diary.test.mjs', 'the two-tap log, the weekly chart and table'], () =>
  inTab((tab) => CORE_JOURNEYS.diary(tab)),
);

test("the printed summary's content is in print media, not on screen", () => inTab((tab) => CORE_JOURNEYS.printed(tab)));

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
    await tabOpen(tab, 'zh-CN');
    await check('intro');
    await tab.click('.cc-app[data-started] [data-action="start"]');
    await tabScreen(tab, CONTENT.firstStep);
    await check('emergency step');
    await tabWalkToResult(tab, TYPICAL);
    await check('result');
  });
});
