// Saved progress: a reload keeps step and answers; the first release's saved data
// is upgraded and moved; unreadable saved data is set aside with a notice; "delete
// all my data" removes everything after a confirmation.

import { before, after } from 'node:test';
import { test, ready } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, open, answerStep, next, currentStep, checkedValues, waitForStep,
  CONTENT, sel, SAVED_KEY, SAVED_KEY_V1, SAVED_BACKUP_KEY, STORED_VERSION, PROGRESS_FORMAT,
} from './lib.mjs';

before(setup);
after(teardown);

const KEY = SAVED_KEY;
const read = (page, k) => page.evaluate((key) => window.localStorage.getItem(key), k);
const stored = (page) => read(page, KEY);
const EMERGENCY_NO = Object.fromEntries(CONTENT.emergencyQuestions.map((q) => [q, 'no']));

test('a reload keeps the step and the answers', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await answerStep(page, {});
    await next(page);
    await waitForStep(page, 'cramps');
    await answerStep(page, { frequency: 'nightly', location: ['calf'] });
    // What is saved: this version's format, the step, and exactly the answers given.
    const want = { frequency: 'nightly', location: ['calf'], ...EMERGENCY_NO };
    await page.waitForFunction(
      ([k, n]) => Object.keys(JSON.parse(window.localStorage.getItem(k) || '{}').answers || {}).length === n,
      [KEY, Object.keys(want).length],
    );
    const saved = JSON.parse(await stored(page));
    assert.equal(saved.format, PROGRESS_FORMAT, 'the saved progress names its format');
    assert.equal(saved.version, STORED_VERSION, 'in the current version');
    assert.equal(saved.screen, 'cramps', 'the step is saved');
    assert.deepEqual(saved.answers, want, 'the answers are saved as given');
    await page.reload();
    await waitForStep(page, 'cramps');
    assert.deepEqual(await checkedValues(page, 'frequency'), ['nightly']);
    assert.deepEqual(await checkedValues(page, 'location'), ['calf']);
  });
});

test('unreadable saved data is set aside with a notice, never a blank page', async () => {
  await withPage(async (page) => {
    await open(page, 'en');
    const raw = '{"version": 1, "answers": {';
    await page.evaluate(([k, v]) => window.localStorage.setItem(k, v), [KEY, raw]);
    await page.reload();
    await page.locator('[data-notice="saved-unreadable"]').waitFor({ state: 'visible' });
    await ready(page);
    assert.equal(await stored(page), null, 'the unreadable text is not read again');
    assert.equal(await read(page, SAVED_BACKUP_KEY), raw, 'it is kept aside as it was');
  });
});

test("the first release's saved progress is upgraded and moved, not lost", async () => {
  await withPage(async (page) => {
    await open(page, 'en');
    // What version 1 saved under its own key: no format name, version 1.
    const v1 = { version: 1, lang: 'en', large_text: false, screen: 'cramps', answers: { ...EMERGENCY_NO, frequency: 'nightly' } };
    await page.evaluate(([k, v]) => window.localStorage.setItem(k, v), [SAVED_KEY_V1, JSON.stringify(v1)]);
    await page.reload();
    await waitForStep(page, 'cramps');
    assert.deepEqual(await checkedValues(page, 'frequency'), ['nightly'], 'the answers are resumed');
    await page.waitForFunction((k) => window.localStorage.getItem(k) === null, SAVED_KEY_V1);
    const saved = JSON.parse(await stored(page));
    assert.equal(saved.version, STORED_VERSION, 'rewritten in the current version');
    assert.deepEqual(saved.answers, v1.answers);
  });
});

test('delete my answers removes the saved copy after a confirmation', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await answerStep(page, {});
    await next(page);
    await waitForStep(page, 'cramps');
    assert.notEqual(await stored(page), null);
    await page.locator(sel.action('delete-answers')).click();
    await page.locator(sel.action('cancel-delete')).click();
    assert.equal(await currentStep(page), 'cramps', 'cancel must keep everything');
    assert.notEqual(await stored(page), null);
    await page.locator(sel.action('delete-answers')).click();
    await page.locator(sel.action('confirm-delete')).click();
    await page.locator('[data-notice="deleted"]').waitFor({ state: 'visible' });
    const after = await stored(page);
    assert.ok(after === null || Object.keys(JSON.parse(after).answers || {}).length === 0, `answers still stored: ${after}`);
    assert.notEqual(await currentStep(page), 'cramps');
  });
});
