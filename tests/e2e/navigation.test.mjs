// Back and forward keep answers; Restart clears them; Print calls the browser's print.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, walkToResult, walkUntil, answerStep, checkedAnswers, currentStep,
  back, next, readResult, CONTENT, TYPICAL, sel,
} from './lib.mjs';

before(setup);
after(teardown);

const ANSWERS = {
  ...TYPICAL,
  ces_bladder: 'no',
  calf_swollen_red: 'no',
  location: ['calf', 'foot'],
  timing: ['night_in_bed', 'resting_daytime'],
  weakness: ['stairs_hard', 'cannot_walk_on_tiptoe'],
  weakness_both_legs: 'no',
  weakness_onset: 'weeks_or_longer',
  tingling: true,
};

test('back and forward keep the answers (checked inputs stay checked)', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    const seen = {};
    for (const id of [CONTENT.firstStep, 'cramps', 'self_test', 'nerves', 'back']) {
      assert.equal(await currentStep(page), id);
      await answerStep(page, ANSWERS);
      seen[id] = await checkedAnswers(page);
      await next(page);
    }
    assert.deepEqual(seen.nerves.weakness_onset, ['weeks_or_longer'], 'weakness_onset was not answered');
    // All the way back to the emergency screen …
    for (const id of ['back', 'nerves', 'self_test', 'cramps', CONTENT.firstStep]) {
      assert.equal(await back(page), id);
      assert.deepEqual(await checkedAnswers(page), seen[id], `going back: answers of "${id}" changed`);
    }
    // … and forward again.
    for (const id of ['cramps', 'self_test', 'nerves', 'back']) {
      assert.equal(await next(page), id);
      assert.deepEqual(await checkedAnswers(page), seen[id], `going forward: answers of "${id}" changed`);
    }
  });
});

test('back from the review and the result keeps answers and result', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkUntil(page, 'review', ANSWERS);
    const last = CONTENT.steps.at(-1).id;
    assert.equal(await back(page), last);
    assert.deepEqual(await checkedAnswers(page), { age_band: [TYPICAL.age_band] });
    assert.equal(await next(page), 'review');
    await next(page);
    const first = await readResult(page);
    assert.equal(await back(page), 'review');
    await next(page);
    assert.deepEqual(await readResult(page), first);
  });
});

test('restart clears every answer', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkToResult(page, ANSWERS);
    await page.locator(sel.action('restart')).filter({ visible: true }).first().click();
    const startButton = page.locator(sel.action('start'));
    await page.locator(`${sel.action('start')}, ${sel.step(CONTENT.firstStep)}`).first().waitFor();
    if (await startButton.isVisible()) await startButton.click();
    await page.locator(sel.step(CONTENT.firstStep)).waitFor();
    assert.deepEqual(await checkedAnswers(page), {}, 'answers survived Restart');
    await answerStep(page, {});
    assert.equal(await next(page), 'cramps');
    assert.deepEqual(await checkedAnswers(page), {}, 'answers survived Restart');
  });
});

test('the result has a Print button that opens the browser print dialog', async () => {
  await withPage(async (page) => {
    await page.addInitScript(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed += 1;
      };
    });
    await start(page, 'en');
    await walkToResult(page, TYPICAL);
    const print = page.locator(sel.action('print')).filter({ visible: true }).first();
    await print.click();
    await page.waitForFunction(() => window.__printed === 1);
  });
});

test('keyboard: Space on a weakness option keeps focus there while weakness_onset appears', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkUntil(page, 'nerves');
    const input = page.locator(sel.input('weakness', 'stairs_hard'));
    await input.focus();
    await page.keyboard.press('Space');
    await page.locator(sel.question('weakness_onset')).waitFor({ state: 'visible' });
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return `${a?.closest('[data-question]')?.getAttribute('data-question')}=${a?.value}`;
    });
    assert.equal(focused, 'weakness=stairs_hard', 'focus moved to another control after answering');
    assert.deepEqual(await checkedAnswers(page), { weakness: ['stairs_hard'] });
    // A second Space unticks the option the person is on, and answers nothing else.
    await page.keyboard.press('Space');
    await page.locator(sel.question('weakness_onset')).waitFor({ state: 'hidden' });
    assert.deepEqual(await checkedAnswers(page), {}, 'a second Space answered another question');
  });
});

test('keyboard: Space on an emergency "yes" keeps focus there while the emergency alert appears', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    const q = CONTENT.emergencySigns[0];
    await page.locator(sel.input(q, 'yes')).focus();
    await page.keyboard.press('Space');
    await page.locator(sel.alert).first().waitFor({ state: 'visible' });
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return `${a?.closest('[data-question]')?.getAttribute('data-question')}=${a?.value}`;
    });
    assert.equal(focused, `${q}=yes`, 'focus moved when the alert appeared');
  });
});
