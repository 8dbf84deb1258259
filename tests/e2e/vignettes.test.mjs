// A sample of the clinical vignettes of tests/vignettes.jsonl, driven through the
// UI: the level and patterns shown must be what `assess` gives for the same
// answers (computed now, from the current question files). Every vignette is
// walked natively, through the reducer and the core's markup, by
// crates/cramp-core/tests/browser_moved.rs
// (`every_vignette_walked_through_the_screens_shows_the_level_and_patterns_assess_gives`);
// the browser keeps two per level, chosen for what only the page does: a
// follow-up that appears on the emergency step, a later step's follow-up
// (show_if), an exclusive "none" unticked by a real option, an answer to a
// question that stays hidden, and the longest answer set.
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
  loadVignettes, CONTENT, LEVELS, sel,
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

/** The browser's sample: two per level (see above). */
const SAMPLE = [
  'i21_breathless_not_sure_with_swollen_calf', // emergency: clot risks appear on the emergency step
  'i20_both_feet_numb_onset_not_sure', // emergency: a later step's follow-up raises it
  'urgent_swollen_calf_with_typical', // urgent: the same-day notice, clot risks
  'i20_foot_drop_onset_not_sure', // urgent: weakness_onset appears after a weakness
  'seed002_row1_67M_squatting', // soon: a seed 002 case
  'typical_none_with_real_option_numbness', // soon: "none" unticked by a real option
  'typical_weakness_none_hidden_onset', // self_care: an answer to a hidden question is not given
  'typical_calf_seconds_65_over_12', // self_care: the longest answer set
];

const vignettes = loadVignettes();
const valid = vignettes.filter((v) => !v.error && SAMPLE.includes(v.id));
const expected = assess(valid.map((v) => v.answers ?? {}));

test('tests/vignettes.jsonl: every line is a vignette with an id and answers', () => {
  const bad = vignettes
    .filter((v) => v.error || typeof v.id !== 'string' || typeof v.answers !== 'object')
    .map((v) => `line ${v.line}: ${v.error ?? 'missing id or answers'}`);
  assert.deepEqual(bad, []);
  const ids = new Set(vignettes.map((v) => v.id));
  assert.deepEqual(SAMPLE.filter((id) => !ids.has(id)), [], 'sample vignettes missing from tests/vignettes.jsonl');
  assert.deepEqual([...new Set(expected.map((e) => e.level))].sort(), [...LEVELS].sort(), 'the sample covers every level');
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
