// A 360 px wide phone (360x740, device scale factor 2): a screenshot of every
// step, the review and each result level in tests/e2e/output/, and nothing
// overflows horizontally, at normal text size and at 200 % text (the root
// font size doubled, the equivalent of text-only zoom), and with the app's
// own larger-text switch.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import {
  setup, teardown, withPage, open, walkToResult, answer, settle, screenshot, assertNoHorizontalOverflow,
  CONTENT, ALL_SHOWN, BY_LEVEL, LANGS, sel,
} from './lib.mjs';

before(setup);
after(teardown);

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 };

/** Subtests on the current screen: no overflow at 100 % and 200 % text; screenshots of both. */
async function checkScreen(t, page, name) {
  await t.test(`360 px: ${name}`, async () => {
    await screenshot(page, name);
    await assertNoHorizontalOverflow(page, name);
  });
  await t.test(`360 px, 200 % text: ${name}`, async () => {
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    await settle(page);
    try {
      await screenshot(page, `${name}-200pct`);
      await assertNoHorizontalOverflow(page, `${name} at 200 % text`);
    } finally {
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '';
      });
      await settle(page);
    }
  });
}

async function startPhone(t, page, lang) {
  await open(page, lang);
  await checkScreen(t, page, `${lang}-intro`);
  await page.locator(sel.action('start')).click();
  await page.locator(sel.step(CONTENT.firstStep)).waitFor();
}

for (const lang of LANGS) {
  test(`[${lang}] 360 px: every step, the review and the soon result`, async (t) => {
    await withPage(PHONE, async (page) => {
      await startPhone(t, page, lang);
      await walkToResult(page, ALL_SHOWN, {
        onScreen: (step) => checkScreen(t, page, `${lang}-${step}${step === 'result' ? '-soon' : ''}`),
      });
    });
  });

  for (const level of ['self_care', 'urgent', 'emergency']) {
    test(`[${lang}] 360 px: the ${level} result`, async (t) => {
      await withPage(PHONE, async (page) => {
        await open(page, lang);
        await page.locator(sel.action('start')).click();
        await page.locator(sel.step(CONTENT.firstStep)).waitFor();
        if (level === 'emergency') {
          // The emergency screen with its alert, the tel: link inside.
          await answer(page, 'ces_bladder', 'yes');
          await page.locator(sel.alert).first().waitFor();
          await checkScreen(t, page, `${lang}-${CONTENT.firstStep}-alert`);
        }
        await walkToResult(page, BY_LEVEL[level], {
          onScreen: (step) => (step === 'result' ? checkScreen(t, page, `${lang}-result-${level}`) : null),
        });
      });
    });
  }

  test(`[${lang}] 360 px with the app's larger-text switch: steps, review and result`, async (t) => {
    await withPage(PHONE, async (page) => {
      await open(page, lang);
      const toggle = page.locator('[data-action="larger-text"]').first();
      await toggle.waitFor({ state: 'visible' });
      const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      const textSize = () =>
        page.locator(sel.action('start')).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const before = await textSize();
      await toggle.click();
      // The switch takes effect: the text grows.
      await page.waitForFunction(
        ([b]) => parseFloat(getComputedStyle(document.querySelector('[data-action="start"]')).fontSize) > b,
        [before],
      );
      assert.ok((await textSize()) > before, `larger text: ${before} px → ${await textSize()} px (root ${await rootSize()} px)`);
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor();
      await walkToResult(page, ALL_SHOWN, {
        onScreen: (step) =>
          t.test(`360 px, larger text: ${lang}-${step}`, async () => {
            await screenshot(page, `${lang}-${step}-larger-text`);
            await assertNoHorizontalOverflow(page, `${lang}-${step} with larger text`);
          }),
      });
    });
  });
}
