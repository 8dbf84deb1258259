// Accessibility: axe-core finds ZERO violations (WCAG 2.0/2.1 A and AA, 2.2 AA)
// on the intro, every step, the emergency alert, the refused-Next state, the
// review, and a result of every level, in both languages. One subtest per
// screen, run while the walk is on that screen.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, open, walkToResult, walkToResultFast, answer, nextButton, settle, axeViolations,
  formatViolations, CONTENT, ALL_SHOWN, BY_LEVEL, LANGS, sel,
} from './lib.mjs';

before(setup);
after(teardown);

async function axeCheck(t, page, name) {
  await t.test(`axe: ${name}`, async () => {
    const v = await axeViolations(page);
    assert.equal(v.length, 0, `${v.length} axe violation(s) on ${name}:\n${formatViolations(v)}`);
  });
}

for (const lang of LANGS) {
  test(`[${lang}] axe on the intro, every step, the review and the result`, async (t) => {
    await withPage(async (page) => {
      await open(page, lang);
      await axeCheck(t, page, `${lang} intro`);
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor();
      const r = await walkToResult(page, ALL_SHOWN, {
        onScreen: (step) => axeCheck(t, page, `${lang} ${step}${step === 'result' ? ' (soon)' : ''}`),
      });
      assert.equal(r.level, 'soon');
      const required = CONTENT.steps.filter((s) => !s.showIf).map((s) => s.id);
      assert.deepEqual(required.filter((s) => !r.visited.includes(s)), [], 'steps never reached');
    });
  });

  test(`[${lang}] axe on the emergency screen with unanswered questions flagged, and with the alert`, async (t) => {
    await withPage(async (page) => {
      await open(page, lang);
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor();
      await nextButton(page).click();
      await settle(page);
      await axeCheck(t, page, `${lang} ${CONTENT.firstStep}, Next refused`);
      await answer(page, CONTENT.emergencySigns[0], 'not_sure');
      await page.locator(sel.alert).first().waitFor();
      await axeCheck(t, page, `${lang} ${CONTENT.firstStep}, emergency alert shown`);
    });
  });

  for (const level of ['self_care', 'urgent', 'emergency']) {
    test(`[${lang}] axe on the ${level} result`, async (t) => {
      await withPage(async (page) => {
        await open(page, lang);
        await page.locator(sel.action('start')).click();
        await page.locator(sel.step(CONTENT.firstStep)).waitFor();
        // With an emergency answer standing, later screens carry a reminder: check
        // it on the first step after the emergency screen (the same reminder stands on
        // every later step, which the walk above checks without it), on the review and
        // on the result. The other levels only need their result (one round trip a step).
        const withReminder = new Set([CONTENT.steps[1].id, 'review', 'result']);
        const r = level === 'emergency'
          ? await walkToResult(page, BY_LEVEL[level], {
            onScreen: (step) => (withReminder.has(step) ? axeCheck(t, page, `${lang} ${step} (emergency answered)`) : null),
          })
          : await walkToResultFast(page, BY_LEVEL[level]);
        assert.equal(r.level, level);
        if (level !== 'emergency') await axeCheck(t, page, `${lang} result (${level})`);
      });
    });
  }
}
