// The content book for clinicians (dist/content-book.html, `make content-book`): the
// built page names every step, question and rule of questions/ (so it is not stale),
// is served under the build's strict CSP with its stylesheet and nothing else, has
// zero axe violations (Chinese and English are one page, each text in its own
// `lang`), and prints: a PDF of several A4 pages, each part on a new page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  setup, teardown, newPage, closePage, serveBuild, cspViolations, axeViolations, formatViolations,
  CONTENT, DIST, OUTPUT, REPO,
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

/** Every `id` of a [[rule]] table in questions/*.toml. */
function ruleIds() {
  const ids = [];
  const dir = path.join(REPO, 'questions');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.toml')).sort()) {
    let inRule = false;
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (/^\s*\[/.test(line)) inRule = /^\s*\[\[rule\]\]/.test(line);
      const m = inRule && /^\s*id\s*=\s*"([^"]+)"/.exec(line);
      if (m) ids.push(m[1]);
    }
  }
  return ids;
}

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
    const v = await axeViolations(page);
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
