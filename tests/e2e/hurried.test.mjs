// Issue 20: a follow-up that decides the level cannot be skipped silently.
// Next refuses to go on while one is open, names it and moves focus to it;
// and the hurried person (who answers only what a step shows as it opens,
// presses Next, then answers what Next asks for) reaches the level `assess`
// gives, for one vignette of each level.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, walkUntil, answer, currentStep, visibleQuestions, nextButton, settle,
  readResult, assess, loadVignettes, CONTENT, RAW_CONTENT, TYPICAL, LEVELS, sel,
} from './lib.mjs';

before(setup);
after(teardown);

const TEXT = new Map(RAW_CONTENT.steps.flatMap((s) => s.questions.map((q) => [q.id, q.text])));
const REQUIRED = RAW_CONTENT.required_follow_ups;

/** The ids of the questions the error summary names (its links point at their first answer). */
async function named(page) {
  return page
    .locator('#error-summary a[data-arg]')
    .evaluateAll((as) => as.map((a) => document.getElementById(a.getAttribute('data-arg'))?.name));
}

/** Presses Next and waits until the screen changed or Next named what is missing. */
async function pressNext(page) {
  const before = await currentStep(page);
  await nextButton(page).click();
  await page.waitForFunction(
    (b) => document.querySelector('[data-step]')?.getAttribute('data-step') !== b || document.querySelector('#error-summary'),
    before,
  );
  await settle(page);
}

for (const lang of ['en', 'zh-CN']) {
  test(`Next refuses to leave a shown follow-up unanswered, names it and focuses it (${lang}, 360 px)`, async () => {
    await withPage({ viewport: { width: 360, height: 640 } }, async (page) => {
      await start(page, lang);
      await walkUntil(page, 'nerves', TYPICAL);
      await answer(page, 'weakness', ['toe_drags_foot_drop']);
      // The follow-ups appear below: announced in the polite live region, brought into view.
      const key = lang === 'en' ? 'en' : 'zh';
      await page.waitForFunction(
        (text) => [...document.querySelectorAll('[aria-live="polite"]')].some((el) => el.textContent.includes(text)),
        TEXT.get('weakness_both_legs')[key],
      );
      const top = await page.locator(sel.question('weakness_both_legs')).evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(top >= 0 && top < (await page.evaluate(() => innerHeight)), `the follow-up is out of view (top ${top})`);
      await pressNext(page);
      assert.equal(await currentStep(page), 'nerves', 'Next went on with the follow-ups open');
      const missing = await named(page);
      assert.deepEqual(missing, REQUIRED.filter((q) => missing.includes(q)));
      assert.ok(missing.includes('weakness_onset') && missing.includes('weakness_both_legs'), `named: ${missing}`);
      const summary = await page.locator('#error-summary').innerText();
      for (const q of missing) assert.ok(summary.includes(TEXT.get(q)[key]), `${q} not named: ${summary}`);
      // Focus is on the first open question, with its error message.
      const focused = await page.evaluate(() => document.activeElement?.name);
      assert.equal(focused, missing[0]);
      assert.equal(await page.locator(`${sel.question(missing[0])} .field-error`).count(), 1);
      // "Not sure" is an answer: Next goes on.
      await answer(page, 'weakness_both_legs', 'no');
      await answer(page, 'weakness_onset', 'not_sure');
      await pressNext(page);
      assert.notEqual(await currentStep(page), 'nerves');
    });
  });
}

/** The hurried walk in the page, as a person: clicks, Next, then what Next names. */
async function hurriedWalk(page, answers) {
  const given = (q) => (Object.hasOwn(answers, q) ? answers[q] : undefined);
  for (let guard = 0; guard < 3 * CONTENT.steps.length; guard++) {
    const step = await currentStep(page);
    if (step === 'result') return readResult(page);
    if (step !== 'review') {
      for (const q of await visibleQuestions(page)) {
        const v = given(q);
        if (v !== undefined && !(Array.isArray(v) && v.length === 0)) await answer(page, q, v);
      }
    }
    await pressNext(page);
    if ((await currentStep(page)) !== step) continue;
    const asked = await named(page);
    assert.ok(asked.length > 0, `Next stayed on ${step} without naming a question`);
    for (const q of asked) await answer(page, q, given(q) ?? 'not_sure');
    await pressNext(page);
    assert.notEqual(await currentStep(page), step, `Next still refused on ${step} after ${asked}`);
  }
  throw new Error('the walk did not reach the result');
}

// One vignette per level, each with a follow-up Next asks for where it has one.
// The browser walks the two whose follow-up Next asks for decides the level
// (emergency, urgent); every vignette's hurried walk is checked natively, through
// the reducer, in crates/cramp-core/tests/vignettes.rs
// (`the_hurried_person_walk_reaches_the_level_assess_gives_for_every_vignette`).
const IN_BROWSER = ['emergency', 'urgent'];
const PICK = {
  emergency: 'bilateral_new_weakness_days_screen_answered_no',
  urgent: 'i20_foot_drop_onset_not_sure',
  soon: 'seed002_row1_67M_squatting',
  self_care: 'typical_minimal_four_features',
};
const vignettes = new Map(loadVignettes().map((v) => [v.id, v]));
const picked = LEVELS.filter((level) => IN_BROWSER.includes(level)).map((level) => [level, vignettes.get(PICK[level])]);
const expected = assess(picked.map(([, v]) => v.answers));

picked.forEach(([level, v], i) => {
  test(`the hurried walk reaches the level assess gives: ${level} (${PICK[level]})`, async () => {
    assert.ok(v, `no vignette ${PICK[level]}`);
    assert.equal(expected[i].level, level);
    await withPage(async (page) => {
      await start(page, 'en');
      const r = await hurriedWalk(page, v.answers);
      assert.equal(r.level, expected[i].level);
    });
  });
});

test('the review lists the open questions the result depends on; a link goes back to one, and the person may go on', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    const { frequency, ...rest } = TYPICAL;
    assert.ok(frequency);
    await walkUntil(page, 'review', rest);
    const list = page.locator('[data-unanswered]');
    await list.waitFor({ state: 'visible' });
    const link = list.locator('[data-action="answer"][data-arg="frequency"]');
    assert.equal(await link.innerText(), TEXT.get('frequency').en);
    await link.click();
    await page.locator(sel.step('cramps')).waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'frequency');
    assert.equal(new URL(page.url()).hash, '', 'the link did not also follow its fragment');
    // Without answering: on to the review again, and the result.
    await walkUntil(page, 'review', {});
    await pressNext(page);
    assert.ok(LEVELS.includes((await readResult(page)).level));
  });
});
