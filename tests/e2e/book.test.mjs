// The content book for clinicians (dist/content-book.html, `make content-book`): the
// built page names every step, question and rule of questions/ (so it is not stale),
// is served under the build's strict CSP with its stylesheet and nothing else, has
// zero axe violations (Chinese and English are one page, each text in its own
// `lang`), and prints: a PDF of several A4 pages, each part on a new page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  setup, teardown, newPage, closePage, serveBuild, cspViolations, formatViolations, axeRun,
  AXE_TAGS, CONTENT, DIST, OUTPUT, RAW_CONTENT,
} from './lib.mjs';

let widget;
before(async () => {
  await setup();
  widget = await serveBuild(DIST);
});
after(async () => {
  await widget?.close();
  await teardown();
});

/** Every rule's id, as the loader has it (`assess --dump-content`). */
const ruleIds = () => RAW_CONTENT.rules.map((r) => r.id);

test('the built book names every step, question and rule of questions/', () => {
  const html = readFileSync(path.join(DIST, 'content-book.html'), 'utf8');
  const rules = ruleIds();
  assert.ok(rules.length > 10, 'rules found in questions/');
  for (const id of rules) assert.ok(html.includes(`data-rule="${id}"`), `rule ${id} is not in dist/content-book.html (stale? run make content-book)`);
  for (const step of CONTENT.steps) {
    assert.ok(html.includes(`data-step="${step.id}"`), `step ${step.id}`);
    for (const q of step.questions) assert.ok(html.includes(`data-question="${q.id}"`), `question ${q.id}`);
  }
});

/**
 * axe on the book: every rule on the whole page, except colour contrast, which
 * alone took 28 of the 35 s axe spent on the book's 9,300 elements. Contrast
 * depends only on the text's colour, size and weight and the background behind
 * it, and the book repeats a few looks thousands of times: it is checked on one
 * element of each distinct look (each element with text of its own; its look
 * is its colour, font size, font weight, opacity and the colour of the nearest
 * box with a background), and the test shows how many looks it found.
 */
async function bookViolations(page) {
  const rest = await axeRun(page, { runOnly: { type: 'tag', values: AXE_TAGS }, rules: { 'color-contrast': { enabled: false } } });
  const looks = await page.evaluate(() => {
    const seen = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      if (el.getClientRects().length === 0) continue;
      const st = getComputedStyle(el);
      let bg = 'rgba(0, 0, 0, 0)';
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') {
          bg = c;
          break;
        }
      }
      const look = [st.color, st.fontSize, st.fontWeight, st.opacity, bg].join('|');
      if (seen.has(look)) continue;
      seen.add(look);
      el.setAttribute('data-e2e-look', '');
    }
    return seen.size;
  });
  assert.ok(looks > 5, `distinct looks of text in the book: ${looks}`);
  const contrast = await axeRun(page, { runOnly: { type: 'rule', values: ['color-contrast'] } }, '[data-e2e-look]');
  await page.evaluate(() => document.querySelectorAll('[data-e2e-look]').forEach((e) => e.removeAttribute('data-e2e-look')));
  assert.ok(contrast.passes.some((r) => r.id === 'color-contrast') || contrast.violations.length > 0, 'colour contrast was checked');
  return [...rest.violations, ...contrast.violations];
}

test('the book is served under the strict CSP, styled, with zero axe violations, and prints', { timeout: 180000 }, async () => {
  const page = await newPage({ viewport: { width: 1100, height: 900 } });
  try {
    await page.goto(`${widget.url}content-book.html`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    // The stylesheet applied (no inline style is allowed, so it must be the file).
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.card')).borderTopStyle), 'solid');
    // Both languages, each marked: English texts carry lang="en" and show.
    const langs = await page.evaluate(() => ({
      en: document.querySelectorAll('[lang="en"]').length,
      zh: document.querySelectorAll('[lang="zh-CN"]').length,
    }));
    assert.ok(langs.en > 200 && langs.zh > 200, JSON.stringify(langs));
    const v = await bookViolations(page);
    assert.equal(v.length, 0, `axe:\n${formatViolations(v)}`);
    assert.deepEqual(await cspViolations(page), [], 'CSP violations');
    const outside = page.e2e.requests.filter((u) => !u.startsWith(widget.url) && !/^data:/.test(u));
    assert.deepEqual(outside, [], 'requests outside the folder');
    assert.deepEqual(page.e2e.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), []);
    assert.deepEqual(
      page.e2e.requests.filter((u) => u.startsWith(widget.url)).map((u) => u.slice(widget.url.length)).sort(),
      ['content-book.css', 'content-book.html'],
      'the page loads its stylesheet and nothing else',
    );

    // Printable: the print stylesheet starts each part on a new page; the PDF has many A4 pages.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.part')).breakBefore), 'page');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(path.join(OUTPUT, 'content-book.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages > 10, `the printed book has ${pages} pages`);
  } finally {
    await closePage(page);
  }
});
