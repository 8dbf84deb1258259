// Language: ?lang= chooses it, <html lang> follows it, and switching half-way
// changes the visible text but keeps every answer.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, open, start, walkToResult, walkUntil, answerStep, checkedAnswers,
  currentStep, back, next, CONTENT, TYPICAL, sel,
} from './lib.mjs';

before(setup);
after(teardown);

const CJK = /[\u3400-\u9fff]/;
const htmlLang = (page) => page.evaluate(() => document.documentElement.getAttribute('lang'));
const screenText = (page) => page.locator(sel.step()).first().innerText();

/** Waits for <html lang> to become `lang`. */
async function waitForLang(page, lang) {
  await page.waitForFunction((l) => document.documentElement.getAttribute('lang') === l, lang);
}

for (const [lang, chinese] of [['en', false], ['zh-CN', true]]) {
  test(`?lang=${lang} sets <html lang="${lang}"> and the text of the intro and first step`, async () => {
    await withPage(async (page) => {
      await open(page, lang);
      assert.equal(await htmlLang(page), lang);
      const intro = await screenText(page);
      assert.equal(CJK.test(intro), chinese, `intro text in the wrong language: ${intro.slice(0, 200)}`);
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor();
      const step = await screenText(page);
      assert.equal(CJK.test(step), chinese, `first step in the wrong language: ${step.slice(0, 200)}`);
      assert.equal(await htmlLang(page), lang);
    });
  });
}

/** Starts in `from`, answers the emergency screen and the cramps step, then switches to `to`. */
async function switchHalfWay(page, from, to) {
  await start(page, from);
  await walkUntil(page, 'cramps');
  await answerStep(page, TYPICAL);
  const answersBefore = await checkedAnswers(page);
  assert.ok(Object.keys(answersBefore).length >= 5, 'the cramps step was not answered');
  const textBefore = await screenText(page);

  await page.locator(sel.lang(to)).first().click();
  await waitForLang(page, to);
  await page.waitForFunction((t) => document.querySelector('[data-step]')?.innerText !== t, textBefore);
  return answersBefore;
}

for (const [from, to] of [['en', 'zh-CN'], ['zh-CN', 'en']]) {
  test(`switching ${from} → ${to} half-way keeps this step's answers, changes <html lang> and the text`, async () => {
    await withPage(async (page) => {
      const answersBefore = await switchHalfWay(page, from, to);
      assert.equal(await currentStep(page), 'cramps', 'the language switch left the step');
      const textAfter = await screenText(page);
      assert.equal(CJK.test(textAfter), to === 'zh-CN', `text not in ${to}: ${textAfter.slice(0, 200)}`);
      assert.deepEqual(await checkedAnswers(page), answersBefore, 'answers on this step changed');

      // Carrying on to the result: the answers given before the switch count.
      const r = await walkToResult(page, TYPICAL);
      assert.equal(r.level, 'self_care');
      assert.equal(await htmlLang(page), to);
      assert.equal(CJK.test(await screenText(page)), to === 'zh-CN', 'result not in the chosen language');
    });
  });

  test(`switching ${from} → ${to} half-way keeps the earlier steps' answers (Back, then Next)`, async () => {
    await withPage(async (page) => {
      const answersBefore = await switchHalfWay(page, from, to);
      assert.equal(await back(page), CONTENT.firstStep);
      assert.deepEqual(
        await checkedAnswers(page),
        Object.fromEntries(CONTENT.emergencyQuestions.map((q) => [q, ['no']])),
        'emergency answers lost',
      );
      assert.equal(await next(page), 'cramps');
      assert.deepEqual(await checkedAnswers(page), answersBefore, 'after Back and Next, answers of "cramps" changed');
    });
  });
}

test('the language switch on the result keeps the result', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    const r = await walkToResult(page, { ...TYPICAL, frequency: 'nightly' });
    const textBefore = await screenText(page);
    await page.locator(sel.lang('zh-CN')).first().click();
    await waitForLang(page, 'zh-CN');
    await page.waitForFunction((t) => document.querySelector('[data-step]')?.innerText !== t, textBefore);
    assert.equal(await page.locator(sel.level).first().getAttribute('data-level'), r.level);
    assert.ok(CJK.test(await screenText(page)));
  });
});

// Issue 24: the words of one language at a time. The page loads its own language's
// file (cramp-texts-<lang>-<hash>.js) before the widget starts, the other one only
// when the person switches.
const textsFile = (url) => /\/cramp-texts-(zh-CN|en)-[0-9a-f]{16}\.js$/.exec(new URL(url).pathname)?.[1];
const textsLoaded = (page) => [...new Set(page.e2e.responses.filter((r) => r.status === 200).map((r) => textsFile(r.url)).filter(Boolean))].sort();

test('only the page\'s language is loaded; the other comes when the person switches to it', async () => {
  await withPage(async (page) => {
    await open(page, 'en');
    assert.deepEqual(textsLoaded(page), ['en'], 'language files loaded for an English page');
    const intro = await screenText(page);
    assert.ok(/\bcramp/i.test(intro) && !CJK.test(intro), `the intro is not in English: ${intro.slice(0, 200)}`);
    await page.locator(sel.lang('zh-CN')).first().click();
    await waitForLang(page, 'zh-CN');
    await page.waitForFunction(() => /[\u3400-\u9fff]/.test(document.querySelector('[data-step]')?.innerText ?? ''));
    assert.deepEqual(textsLoaded(page), ['en', 'zh-CN'], 'language files after the switch');
    // And back: nothing more to load.
    const before = page.e2e.responses.length;
    await page.locator(sel.lang('en')).first().click();
    await waitForLang(page, 'en');
    await page.waitForFunction(() => !/[\u3400-\u9fff]/.test(document.querySelector('[data-step]')?.innerText ?? '一'));
    assert.deepEqual(page.e2e.responses.slice(before).map((r) => textsFile(r.url)).filter(Boolean), []);
  });
});

test('a language file that cannot be loaded: the page says so, and its emergency questions stay answerable', async () => {
  await withPage(async (page) => {
    await page.route(/\/cramp-texts-[^/]*\.js$/, (route) => route.abort());
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    if ((await page.evaluate(() => document.documentElement.getAttribute('data-cc-start'))) === 'on-interaction') {
      await page.mouse.move(1, 1);
      await page.mouse.move(2, 2);
    }
    await page.waitForFunction(() => document.documentElement.classList.contains('cc-failed'));
    assert.equal(await page.locator('.cc-app[data-started]').count(), 0, 'the widget started without its words');
    const message = page.locator('.cc-pre .pre-fallback').first();
    await message.waitFor({ state: 'visible' });
    assert.ok((await message.innerText()).trim().length > 20, 'the message is empty');
    // Both languages are in the message (CSS shows the page's).
    const langs = await message.evaluate((el) => [...el.querySelectorAll('[lang]')].map((x) => x.getAttribute('lang')));
    assert.ok(langs.includes('zh-CN') && langs.includes('en'), `the message's languages: ${langs.join(', ')}`);
    const radio = page.locator('[data-step="emergency"] [data-question] input[type=radio]').first();
    assert.equal(await radio.count(), 1, 'the prerendered emergency questions are gone');
    assert.ok(await radio.isEnabled());
  });
});
