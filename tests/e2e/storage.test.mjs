// Saved progress: a reload keeps step and answers; unreadable saved data is cleared
// with a notice; "delete my answers" removes everything after a confirmation.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, open, answerStep, next, currentStep, checkedValues, waitForStep,
  CONTENT, sel,
} from './lib.mjs';

before(setup);
after(teardown);

const KEY = 'cramp-check/v1';
const stored = (page) => page.evaluate((k) => window.localStorage.getItem(k), KEY);
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
    assert.equal(saved.version, 1, 'saved in format version 1 (the key is cramp-check/v1)');
    assert.equal(saved.screen, 'cramps', 'the step is saved');
    assert.deepEqual(saved.answers, want, 'the answers are saved as given');
    await page.reload();
    await waitForStep(page, 'cramps');
    assert.deepEqual(await checkedValues(page, 'frequency'), ['nightly']);
    assert.deepEqual(await checkedValues(page, 'location'), ['calf']);
  });
});

test('unreadable saved data is cleared with a notice, never a blank page', async () => {
  await withPage(async (page) => {
    await open(page, 'en');
    await page.evaluate((k) => window.localStorage.setItem(k, '{"version": 1, "answers": {'), KEY);
    await page.reload();
    await page.locator('[data-notice="saved-unreadable"]').waitFor({ state: 'visible' });
    await page.locator(sel.action('start')).waitFor({ state: 'visible' });
    assert.equal(await stored(page), null, 'the unreadable copy was not removed');
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
