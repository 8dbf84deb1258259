// Every clinical vignette of tests/vignettes.jsonl, driven through the UI: the
// level shown must be the level `assess` gives for the same answers (computed
// now, from the current question files; nothing hard-coded here).
//
// Drive: ?lang=en, Start; on each step answer every visible question the
// vignette answers (emergency questions it leaves out: "no"); Next up to the
// review; Next to the result. Each step is one browser round trip
// (`walkToResultFast`: the inputs are clicked in the page, show_if questions
// picked up as they appear, Next pressed, the next screen awaited); the
// journeys in other files click and type as a person does. Answers `assess`
// ignores (unknown ids or values) are not given; answers to questions that
// never become visible are skipped, as assess skips them, but only questions
// with a show_if may stay hidden.

import { describe, before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, newPage, closePage, start, walkToResultFast, checkedAnswers, waitForStep, assess,
  loadVignettes, CONTENT, sel,
} from './lib.mjs';

// A few pages (one per vignette running at once), each reused from one
// vignette to the next through the UI's own Restart: a page load per vignette
// was most of the time. Each vignette checks that it starts from a fresh first
// step with no answer and that the page threw nothing; a page whose vignette
// failed is closed, not reused.
const idle = [];

async function withLane(fn) {
  const page = idle.pop() ?? (await newPage());
  let ok = false;
  try {
    await fn(page);
    ok = true;
  } finally {
    if (ok) idle.push(page);
    else await closePage(page).catch(() => {});
  }
}

/** Onto a fresh first step: Start on a new page, else Restart from the result. */
async function fresh(page) {
  if (page.url() === 'about:blank') {
    await start(page, 'en');
  } else {
    await page.locator(`${sel.step('result')} ${sel.action('restart')}`).first().click();
    const startButton = page.locator(sel.action('start'));
    await page.locator(`${sel.action('start')}, ${sel.step(CONTENT.firstStep)}`).first().waitFor({ state: 'visible' });
    if (await startButton.isVisible()) await startButton.click();
    await waitForStep(page, CONTENT.firstStep);
  }
  assert.deepEqual(await checkedAnswers(page), {}, 'the first step starts with no answer');
}

before(setup);
after(async () => {
  for (const page of idle.splice(0)) await closePage(page);
  await teardown();
});

const vignettes = loadVignettes();
const valid = vignettes.filter((v) => !v.error);
const expected = assess(valid.map((v) => v.answers ?? {}));

test('tests/vignettes.jsonl: every line is a vignette with an id and answers', () => {
  const bad = vignettes
    .filter((v) => v.error || typeof v.id !== 'string' || typeof v.answers !== 'object')
    .map((v) => `line ${v.line}: ${v.error ?? 'missing id or answers'}`);
  assert.deepEqual(bad, []);
  assert.ok(valid.length > 0, 'no vignettes');
});

// Vignettes are independent (a fresh context each) and mostly wait on the
// page, so a few run at once: E2E_VIGNETTE_CONCURRENCY, default 3.
const concurrency = Number(process.env.E2E_VIGNETTE_CONCURRENCY || 3);

describe('vignettes through the UI', { concurrency }, () => {
  valid.forEach((v, i) => {
    const want = expected[i];
    test(`vignette ${v.id} (line ${v.line}): the UI shows ${want.level}, as assess does`, async () => {
      const skip = want.ignored;
      await withLane(async (page) => {
        await fresh(page);
        const r = await walkToResultFast(page, v.answers, { skip });
        const hidden = Object.keys(v.answers).filter(
          (q) => !skip.has(q) && !r.shown.has(q) && !CONTENT.questions.get(q)?.showIf,
        );
        assert.deepEqual(hidden, [], 'questions without a show_if that the UI never showed');
        assert.equal(r.level, want.level, `level: UI ${r.level}, assess ${want.level}`);
        assert.deepEqual([...r.patterns].sort(), [...want.patterns].sort(), 'patterns shown differ from assess');
        assert.deepEqual(page.e2e.errors, [], 'the page threw');
      });
    });
  });
});
