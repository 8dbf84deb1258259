// The emergency screen: asked first, never skipped silently; "yes" and "not
// sure" raise the emergency alert at once (with a tel: link), and finishing
// gives the emergency level whatever else is answered.
//
// The browser checks one sign for each of "yes" and "not sure", and Next refused
// with one question left; every sign and every question is checked natively,
// through the reducer and the core's markup, in crates/cramp-core/tests/browser_moved.rs
// (`each_emergency_sign_on_yes_or_not_sure_raises_the_alert_at_once_and_the_result_is_emergency`,
// `next_is_refused_while_any_one_emergency_question_is_unanswered`).

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, walkToResult, walkUntil, answer, answerStep, currentStep, visibleQuestions,
  nextButton, next, settle, CONTENT, TYPICAL, sel,
} from './lib.mjs';

before(setup);
after(teardown);

test('the first step is the emergency screen with all its questions shown', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    assert.equal(await currentStep(page), CONTENT.firstStep);
    assert.deepEqual(await visibleQuestions(page), CONTENT.emergencyQuestions);
    for (const q of CONTENT.emergencyQuestions) {
      for (const v of ['yes', 'no', 'not_sure']) {
        assert.equal(await page.locator(sel.input(q, v)).count(), 1, `${q}: no input with value "${v}"`);
        assert.equal(await page.locator(sel.input(q, v)).getAttribute('type'), 'radio', `${q} ${v}: not a radio`);
      }
    }
    assert.equal(await page.locator(sel.alert).count(), 0, 'emergency alert shown before any answer');
  });
});

test('answering every emergency question "no" shows no emergency alert', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await answerStep(page, {});
    await settle(page);
    assert.equal(await page.locator(sel.alert).count(), 0);
  });
});

for (const [q, value] of [[CONTENT.emergencySigns[0], 'yes'], [CONTENT.emergencySigns[CONTENT.emergencySigns.length - 1], 'not_sure']]) {
  test(`${q} = ${value}: the emergency alert with a tel: link appears at once; the result is emergency`, async () => {
    await withPage(async (page) => {
      await start(page, 'en');
      await answer(page, q, value);
      // At once: on the emergency screen, before any other answer or Next.
      const alert = page.locator(sel.alert).first();
      await alert.waitFor({ state: 'visible' });
      assert.equal(await currentStep(page), CONTENT.firstStep);
      const tel = alert.locator('a[href^="tel:"]');
      assert.ok((await tel.count()) >= 1, 'the emergency alert has no tel: link');
      assert.match(await tel.first().getAttribute('href'), /^tel:\+?\d{2,15}$/);
      await tel.first().waitFor({ state: 'visible' });
      // Finishing, with typical cramps for everything else, still gives emergency.
      const r = await walkToResult(page, { ...TYPICAL, [q]: value });
      assert.equal(r.level, 'emergency');
    });
  });
}

test('a later emergency combination raises the alert at once on its own step, after "no" on the first screen (issue 11)', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkUntil(page, 'nerves', { ...TYPICAL, both_legs_weak: 'no' });
    await answer(page, 'numbness', ['both_feet']);
    await answer(page, 'weakness', ['stairs_hard']);
    assert.equal(await page.locator(sel.alert).count(), 0, 'the alert before the onset is known');
    await answer(page, 'weakness_onset', 'days');
    const alert = page.locator(sel.alert).first();
    await alert.waitFor({ state: 'visible' });
    assert.equal(await currentStep(page), 'nerves', 'the alert is on the step where the answer was given');
    await alert.locator('a[href="tel:120"]').first().waitFor({ state: 'visible' });
  });
});

for (const value of ['not_sure']) {
  test(`calf_swollen_red = ${value}: the amber same-day notice at once, and clot risks asked (issue 11)`, async () => {
    await withPage(async (page) => {
      await start(page, 'en');
      await answer(page, 'calf_swollen_red', value);
      const notice = page.locator('[data-alert="same-day"]').first();
      await notice.waitFor({ state: 'visible' });
      assert.equal(await currentStep(page), CONTENT.firstStep);
      const text = await notice.innerText();
      for (const words of ['today', 'ultrasound', 'massage', 'call 120']) assert.ok(text.includes(words), `notice: ${words} in ${text}`);
      assert.equal(await page.locator(sel.alert).count(), 0, 'no emergency alert for a calf alone');
      await page.locator(sel.question('clot_risks')).waitFor({ state: 'visible' });
    });
  });
}

test('calf_swollen_red = yes (possible clot) gives urgent', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    const r = await walkToResult(page, { ...TYPICAL, calf_swollen_red: 'yes', clot_risks: ['none'] });
    assert.equal(r.level, 'urgent');
  });
});

test('Next is refused while no emergency question is answered', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await refusedNext(page);
    // Once everything is answered, Next works.
    await answerStep(page, {});
    assert.equal(await next(page), CONTENT.steps[1].id);
  });
});

for (const left of CONTENT.emergencyQuestions.slice(-1)) {
  test(`Next is refused while ${left} is unanswered`, async () => {
    await withPage(async (page) => {
      await start(page, 'en');
      for (const q of CONTENT.emergencyQuestions) if (q !== left) await answer(page, q, 'no');
      await refusedNext(page);
      assert.deepEqual(await page.locator(`${sel.question(left)} input:checked`).count(), 0);
      await answer(page, left, 'no');
      assert.equal(await next(page), CONTENT.steps[1].id);
    });
  });
}

/** Presses Next on the emergency screen and checks that the screen stays. */
async function refusedNext(page) {
  await nextButton(page).click();
  await settle(page);
  assert.equal(await currentStep(page), CONTENT.firstStep, 'Next left the emergency screen with questions unanswered');
  assert.equal(await page.locator(sel.level).count(), 0, 'a result was shown');
  await page.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
}
