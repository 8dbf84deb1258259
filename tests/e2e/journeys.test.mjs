// Whole journeys: typical night cramps give self-care; each of the three
// warning signals of seed 001 gives "soon"; hidden questions and skipped steps.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, start, walkToResult, walkUntil, answer, visibleQuestions,
  assess, CONTENT, TYPICAL, sel,
} from './lib.mjs';

before(setup);
after(teardown);

test('typical self-care journey: every step, review, then self_care with typical_nlc', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    // By hand: a mouse click on every answer and on every Next.
    const r = await walkToResult(page, TYPICAL, { byHand: true });
    assert.deepEqual(
      r.visited,
      [...CONTENT.steps.filter((s) => !s.showIf).map((s) => s.id), 'review', 'result'],
      'the journey visits every step in the order of the question files, then the review and the result',
    );
    assert.equal(r.level, 'self_care');
    assert.ok(r.patterns.includes('typical_nlc'), `patterns shown: ${r.patterns.join(', ')}`);
    // Every answer and every rule stays on the device: no request leaves the page's own server.
    const foreign = page.e2e.requests.filter((u) => !u.startsWith(page.e2e.baseUrl) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other hosts');
  });
});

// Seed 001's three warning signals, each added to the typical answers. The
// browser walks one (its follow-up appears on the step); every signal is walked
// natively, through the reducer and the core's markup, in
// crates/cramp-core/tests/browser_moved.rs
// (`each_warning_signal_of_seed_001_gives_soon_and_its_questions_are_shown`).
const IN_BROWSER = 'signal 2: weakness (long-standing)';
const SIGNALS = [
  ['signal 1: more than 3 cramps a week', { frequency: 'more_than_3_weekly' }],
  ['signal 1: nearly every night', { frequency: 'nightly' }],
  ['signal 1: frequency rising', { frequency_rising: true }],
  ['signal 2: numbness (outer calf and top of foot)', { numbness: ['outer_calf_top_of_foot'] }],
  ['signal 2: numbness after cramps', { numbness: ['after_cramps'] }],
  ['signal 2: pins and needles', { tingling: true }],
  ['signal 2: weakness (long-standing)', { weakness: ['stairs_hard'], weakness_both_legs: 'no', weakness_onset: 'weeks_or_longer' }],
  ['signal 3: posture-related (long sitting)', { posture_triggers: ['long_sitting'] }],
  ['signal 3: posture-related (bending)', { posture_triggers: ['bending'] }],
];

for (const [name, extra] of SIGNALS.filter(([name]) => name === IN_BROWSER)) {
  test(`warning ${name} gives soon`, async () => {
    await withPage(async (page) => {
      await start(page, 'en');
      const r = await walkToResult(page, { ...TYPICAL, ...extra });
      for (const q of Object.keys(extra)) assert.ok(r.shown.has(q), `question ${q} was never shown`);
      assert.equal(r.level, 'soon');
    });
  });
}

test('show_if: weakness_onset appears only once a weakness is chosen, and goes with "none"', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkUntil(page, 'nerves');
    assert.ok(!(await visibleQuestions(page)).includes('weakness_onset'), 'weakness_onset shown before any weakness');
    await answer(page, 'weakness', ['toe_drags_foot_drop']);
    await page.locator(sel.question('weakness_onset')).waitFor({ state: 'visible' });
    await answer(page, 'weakness', ['none']);
    await page.locator(sel.question('weakness_onset')).waitFor({ state: 'hidden' });
    assert.deepEqual(
      await page.locator(`${sel.question('weakness')} input:checked`).evaluateAll((e) => e.map((i) => i.value)),
      ['none'],
      '"none" clears the other weakness options',
    );
  });
});

test('unanswered questions are not reported: only the emergency screen answered gives what assess gives', async () => {
  const [expected] = assess([Object.fromEntries(CONTENT.emergencyQuestions.map((q) => [q, 'no']))]);
  await withPage(async (page) => {
    await start(page, 'en');
    const r = await walkToResult(page, {});
    assert.equal(r.level, expected.level);
    assert.deepEqual([...r.patterns].sort(), [...expected.patterns].sort());
  });
});
