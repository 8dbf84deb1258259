// The result fits the first screen (issue 14): at 360×740 and normal text size
// the level banner, what to do and by when, the department and the call link
// (urgent and emergency) are all in view without scrolling; in larger-text
// mode the level and what to do are. Everything else is folded in native
// <details> (why, patterns, what to tell the doctor with the tests to ask
// about, home care and the stretches), opened for printing and closed again
// after. Screenshots of each level in both languages go to tests/e2e/output
// when E2E_SCREENSHOTS=1 (`make screenshots`).

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  setup, teardown, test, withPage, start, walkToResult, BY_LEVEL, LEVELS, LANGS, OUTPUT, axeViolations, formatViolations,
} from './lib.mjs';

before(setup);
after(teardown);

const PHONE = { width: 360, height: 740 };

/** Bottom edge (CSS px from the top of the page) of the first element matching each selector. */
async function bottoms(page, selectors) {
  return page.evaluate((sels) => {
    const out = {};
    for (const s of sels) {
      const el = document.querySelector(s);
      out[s] = el ? el.getBoundingClientRect().bottom + window.scrollY : null;
    }
    return out;
  }, selectors);
}

for (const lang of LANGS) {
  for (const level of LEVELS) {
    test(`${level} result (${lang}) at 360×740: level, what to do, by when, where and the call in the first screen`, async () => {
      await withPage({ viewport: PHONE, deviceScaleFactor: 2 }, async (page) => {
        await start(page, lang);
        await walkToResult(page, BY_LEVEL[level]);
        await page.evaluate(() => window.scrollTo(0, 0));
        const must = ['[data-level] .banner-title', '[data-level] .banner-when', '[data-level] .result-action'];
        if (await page.locator('[data-level] .where').count()) must.push('[data-level] .where');
        if (level === 'urgent' || level === 'emergency') must.push('[data-level] .result-first .call-link');
        const at = await bottoms(page, must);
        for (const s of must) {
          assert.ok(at[s] !== null, `${s} is there`);
          assert.ok(at[s] <= PHONE.height, `${s} ends at ${Math.round(at[s])} px, below the first screen`);
        }
        // The rest is folded, and the folds are real <details>.
        const parts = await page.locator('[data-level] details.result-part').evaluateAll((ds) =>
          ds.map((d) => [d.getAttribute('data-part'), d.open]),
        );
        assert.deepEqual(
          parts.map((p) => p[0]),
          ['why', 'patterns', 'tell-doctor', 'self-care'],
        );
        assert.ok(parts.every((p) => !p[1]), 'folded until opened');
        if (process.env.E2E_SCREENSHOTS === '1') {
          mkdirSync(OUTPUT, { recursive: true });
          await page.screenshot({ path: path.join(OUTPUT, `result-${level}-${lang}-360.png`) });
        }
        // Larger text: the level and what to do still need no scrolling.
        await page.locator('[data-action="larger-text"]').click();
        await page.locator('.cc-app.large-text').waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        const large = await bottoms(page, ['[data-level] .banner-title', '[data-level] .result-action']);
        for (const [s, b] of Object.entries(large)) {
          assert.ok(b <= PHONE.height, `larger text: ${s} ends at ${Math.round(b)} px`);
        }
        if (process.env.E2E_SCREENSHOTS === '1') {
          await page.screenshot({ path: path.join(OUTPUT, `result-${level}-${lang}-360-large.png`) });
        }
      });
    });
  }
}

test('the folded sections open for printing and close again after', async () => {
  await withPage(async (page) => {
    await start(page, 'en');
    await walkToResult(page, BY_LEVEL.soon);
    const summary = page.locator('[data-level] details[data-part="self-care"] > summary');
    await summary.click();
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const open = await page.locator('details.result-part').evaluateAll((ds) => ds.map((d) => d.open));
    assert.ok(open.length >= 4 && open.every(Boolean), 'every section open for printing');
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    const after = await page.locator('details.result-part').evaluateAll((ds) =>
      Object.fromEntries(ds.map((d) => [d.getAttribute('data-part'), d.open])),
    );
    assert.equal(after['self-care'], true, 'the one the person opened stays open');
    assert.equal(after.why, false, 'the others close again');
  });
});

for (const lang of LANGS) {
  test(`the result with its sections open has no axe violations (${lang})`, async () => {
    await withPage(async (page) => {
      await start(page, lang);
      await walkToResult(page, BY_LEVEL.urgent);
      await page.locator('details.result-part').evaluateAll((ds) => ds.forEach((d) => (d.open = true)));
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
    });
  });
}
