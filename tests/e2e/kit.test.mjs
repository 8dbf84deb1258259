// The station kit (dist/embed.html): a web editor fills in the settings, sees the
// widget live in the preview, and copies the one-line embed code or a plain iframe.
// The build is served under /widgets/cramp/ with its own CSP header (as in
// embed.test.mjs); host pages of the test's own sit on another origin. Checked:
// defaults, every setting reaching the code, the preview's URL and the widget in
// it; invalid values shown next to their fields in both languages and kept out of
// the code and the preview; the interface language; copying (clipboard, and the
// select-the-text fallback) announced politely; the copied code embedding the
// widget on another origin with those settings; embed.js and the kit agreeing with
// tests/host-settings.json; axe with zero violations in both languages; no request
// beyond the widget's folder and no CSP violation, in the kit and its preview;
// sw.js precaching neither the kit nor the content book.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  setup, teardown, newPage, closePage, serveBuild, tempDir, removeDir, cspViolations, axeViolations,
  formatViolations, precachedFiles, CONTENT, DIST, REPO, WIDGET_PATH, sel,
} from './lib.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';

const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);
const KIT_FILES = ['embed.html', 'embed-kit.js', 'embed-kit.css'];
const BOOK_FILES = ['content-book.html', 'content-book.css'];
const TABLE = JSON.parse(readFileSync(path.join(REPO, 'tests', 'host-settings.json'), 'utf8'));
const DATASET = {
  'data-lang': 'lang',
  'data-brand-color': 'brandColor',
  'data-station': 'station',
  'data-logo': 'logo',
  'data-emergency-number': 'emergencyNumber',
  'data-skip-intro': 'skipIntro',
};

let work;
let hostDir;
let host; // the host pages' server (another origin)
let widget; // the build under /widgets/cramp/, CSP header, frame-ancestors: itself and the host

before(async () => {
  await setup();
  work = tempDir('cramp-e2e-kit-');
  hostDir = path.join(work, 'host');
  mkdirSync(hostDir);
  host = await startStaticServer({
    mounts: [{ prefix: '/', root: hostDir }],
    port: 0,
    transform: (p, file, body) =>
      file.endsWith('.html') ? body.toString('utf8').replaceAll('WIDGETORIGIN', widget.origin) : null,
  });
  widget = await serveBuild(DIST, { prefix: WIDGET_PATH, frameAncestors: () => `'self' ${host.origin}` });
});

after(async () => {
  await host?.close();
  await widget?.close();
  await teardown();
  removeDir(work);
});

const kitUrl = (query = '') => `${widget.url}embed.html${query}`;

/** The kit page, loaded and ready (its script ran, the preview has its first URL). */
async function openKit(page, query = '') {
  await page.goto(kitUrl(query));
  await page.waitForFunction(() => document.documentElement.classList.contains('kit-ready'));
  return page;
}

/** The widget URL the preview (or embed.js on a host at `parentOrigin`) should load for these parameters. */
function widgetUrl(params, parentOrigin) {
  const q = new URLSearchParams();
  for (const k of ['lang', 'brand', 'station', 'logo', 'phone', 'skip_intro']) if (params[k] !== undefined) q.set(k, params[k]);
  if (parentOrigin) q.set('parent_origin', parentOrigin);
  return `${widget.url}index.html?${q}`;
}

/** Waits until the preview shows `url` and its widget has rendered; returns the preview's Frame. */
async function preview(page, url, ready = `${sel.action('start')}, ${sel.step()}`) {
  await page
    .waitForFunction((u) => document.getElementById('preview').getAttribute('src') === u, url, { timeout: WAIT_MS })
    .catch(async () => {
      const src = await page.locator('#preview').getAttribute('src');
      assert.fail(`the preview is\n  ${src}\nnot\n  ${url}`);
    });
  const frame = await (await page.locator('#preview').elementHandle()).contentFrame();
  await frame.waitForURL(url);
  await frame.locator(ready).first().waitFor({ state: 'visible' });
  return frame;
}

/** Types `value` into field `id` and leaves it (input, then change), as a person does. */
async function setField(page, id, value) {
  const el = page.locator(`#${id}`);
  await el.fill(value);
  await el.press('Tab');
}

const scriptCode = (page) => page.inputValue('#code-script');
const iframeCode = (page) => page.inputValue('#code-iframe');

/** The kit page and its preview: no CSP violation, no request outside the widget's folder, nothing failed. */
async function assertClean(page, { folderOnly = true } = {}) {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations in the kit');
  for (const frame of page.frames().filter((f) => f !== page.mainFrame() && f.url().startsWith('http'))) {
    assert.deepEqual(await cspViolations(frame), [], `CSP violations in ${frame.url()}`);
  }
  const outside = page.e2e.requests.filter((u) => !u.startsWith(folderOnly ? widget.url : `${widget.origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(outside, [], 'requests beyond the widget');
  assert.deepEqual(page.e2e.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), [], 'failed responses');
  assert.deepEqual(page.e2e.failed, [], 'failed requests');
  assert.deepEqual(page.e2e.console.filter((m) => m.type === 'error').map((m) => m.text), [], 'console errors');
}

/** The error shown for field `id`: the code of the visible message and its two languages' texts; null if none. */
function shownError(page, id) {
  return page.evaluate((fid) => {
    const input = document.getElementById(fid);
    const box = document.getElementById(`${fid}-error`);
    if (!box || box.hidden) return { invalid: input.getAttribute('aria-invalid'), shown: null };
    const visible = [...box.querySelectorAll('[data-error]')].filter((p) => !p.hidden && p.getClientRects().length > 0);
    const text = (lang) =>
      visible.flatMap((p) => [...p.querySelectorAll(`[lang="${lang}"]`)]).filter((s) => s.getClientRects().length > 0).map((s) => s.textContent.trim()).join(' ');
    return {
      invalid: input.getAttribute('aria-invalid'),
      describedBy: (input.getAttribute('aria-describedby') || '').split(/\s+/),
      shown: visible.map((p) => p.getAttribute('data-error')),
      zh: text('zh-CN'),
      en: text('en'),
    };
  }, id);
}

// ---------------------------------------------------------------------------

test('the kit starts in Chinese with the defaults: code, iframe code and a live preview', { timeout: 120000 }, async () => {
  const page = await newPage({ locale: 'en-US' });
  try {
    await openKit(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'Chinese first, whatever the browser says');
    assert.equal(await page.title(), '嵌入工具 · 夜间腿抽筋自查');
    assert.equal(await page.locator('h1 [lang="zh-CN"]').isVisible(), true);
    assert.equal(await page.locator('h1 [lang="en"]').isVisible(), false);
    assert.equal(
      await scriptCode(page),
      `<script src="${widget.url}embed.js" data-lang="zh-CN" data-emergency-number="120" async></script>`,
    );
    assert.equal(
      await iframeCode(page),
      `<iframe src="${widget.url}index.html?lang=zh-CN&amp;phone=120" title="夜间腿抽筋自查 · Night-time leg cramp self-check" height="760" referrerpolicy="no-referrer"></iframe>`,
    );
    const frame = await preview(page, widgetUrl({ lang: 'zh-CN', phone: '120' }, widget.origin));
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await frame.locator(sel.action('start')).count(), 1, 'the introduction is shown by default');
    assert.equal(await page.locator('#left-out').isVisible(), false);
    // The widget's origin, for the host's own CSP, is filled in.
    assert.equal(await page.locator('.widget-origin').first().textContent(), widget.origin);
    await assertClean(page);
  } finally {
    await closePage(page);
  }
});

test('every setting reaches the code, the preview URL and the widget in the preview', { timeout: 120000 }, async () => {
  const page = await newPage();
  try {
    await openKit(page);
    await page.selectOption('#f-lang', 'en');
    await setField(page, 'f-brand', '#0A5');
    await setField(page, 'f-station', '  Radio   "Sun" & <Moon>  ');
    await setField(page, 'f-phone', '999');
    await page.check('#f-skip');
    await setField(page, 'f-site', `${host.origin}/news/today.html`);
    const station = 'Radio "Sun" & <Moon>';
    assert.equal(
      await scriptCode(page),
      `<script src="${widget.url}embed.js" data-lang="en" data-brand-color="#0A5" data-station="Radio &quot;Sun&quot; &amp; &lt;Moon&gt;" data-emergency-number="999" data-skip-intro="true" async></script>`,
    );
    const params = { lang: 'en', brand: '#0a5', station, phone: '999', skip_intro: 'true' };
    const iframeSrc = widgetUrl(params, host.origin).replaceAll('&', '&amp;');
    assert.equal(
      await iframeCode(page),
      `<iframe src="${iframeSrc}" title="Night-time leg cramp self-check" height="760" referrerpolicy="no-referrer"></iframe>`,
    );
    const frame = await preview(page, widgetUrl(params, widget.origin), sel.step());
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
    const brand = await frame.evaluate(() => {
      const root = document.querySelector('.cc-app');
      return { cls: root.classList.contains('branded'), value: root.style.getPropertyValue('--brand') };
    });
    assert.deepEqual(brand, { cls: true, value: '#00aa55' });
    const presenter = await frame.evaluate(() => {
      const p = document.querySelector('.presenter');
      return { text: p.textContent, markup: p.querySelectorAll('b, script, img, moon').length };
    });
    assert.ok(presenter.text.includes(station), `station shown as typed: ${presenter.text}`);
    assert.equal(presenter.markup, 0);
    // Skip intro: the first step at once. The emergency number: in the call link.
    assert.equal(await frame.locator(sel.step()).first().getAttribute('data-step'), CONTENT.firstStep);
    await frame.locator(sel.input(CONTENT.emergencySigns[0], 'yes')).click();
    const alert = frame.locator(sel.alert);
    await alert.waitFor({ state: 'visible' });
    assert.equal(await alert.locator('a[href^="tel:"]').first().getAttribute('href'), 'tel:999');
    // The preview takes the widget's height, like an embed.
    await page.waitForFunction(() => /^\d+px$/.test(document.getElementById('preview').style.height));

    // A logo: kept as typed in the code, made absolute for the preview (as embed.js
    // would on this page), resolved against the site's address in the iframe code.
    await setField(page, 'f-logo', '/img/logo.png');
    assert.match(await scriptCode(page), / data-logo="\/img\/logo.png" /);
    assert.ok((await iframeCode(page)).includes(`logo=${encodeURIComponent(`${host.origin}/img/logo.png`)}`));
    await preview(page, widgetUrl({ ...params, logo: `${widget.origin}/img/logo.png` }, widget.origin), sel.step());
    // Changing back to no station and the browser's language drops them.
    await setField(page, 'f-station', '   ');
    await page.selectOption('#f-lang', '');
    assert.doesNotMatch(await scriptCode(page), /data-station|data-lang/);
    await preview(page, widgetUrl({ brand: '#0a5', logo: `${widget.origin}/img/logo.png`, phone: '999', skip_intro: 'true' }, widget.origin), sel.step());
    await assertClean(page);
  } finally {
    await closePage(page);
  }
});

test('invalid values show their message next to the field in both languages and stay out of the code and the preview', { timeout: 180000 }, async () => {
  const cases = [
    ['f-brand', 'red;background:url(x)', 'brand', 'data-brand-color', 'brand'],
    ['f-brand', '#12345', 'brand', 'data-brand-color', 'brand'],
    ['f-station', 'A station name that is far too long to fit', 'station-long', 'data-station', 'station'],
    ['f-station', 'Radio\u0007Sun', 'station-plain', 'data-station', 'station'],
    ['f-logo', 'javascript:alert(1)', 'logo', 'data-logo', 'logo'],
    ['f-logo', 'http://elsewhere.example/x.png', 'logo', 'data-logo', 'logo'],
    ['f-logo', 'https://user:pw@radio.example/x.png', 'logo', 'data-logo', 'logo'],
    ["f-logo", "https://radio.example/it's.png", 'logo', 'data-logo', 'logo'],
    ['f-phone', '12-0', 'phone', 'data-emergency-number', 'phone'],
    ['f-phone', '12', 'phone', 'data-emergency-number', 'phone'],
    ['f-phone', '1234567890123456', 'phone', 'data-emergency-number', 'phone'],
    ['f-site', 'ftp://radio.example', 'site', null, 'parent_origin'],
    ['f-site', 'http://radio.example', 'site', null, 'parent_origin'],
  ];
  const page = await newPage();
  try {
    await openKit(page);
    const base = { lang: 'zh-CN', phone: '120' };
    for (const [id, value, code, attr, param] of cases) {
      const where = `${id} = ${JSON.stringify(value)}`;
      await setField(page, id, value);
      const e = await shownError(page, id);
      assert.equal(e.invalid, 'true', `${where}: aria-invalid`);
      assert.deepEqual(e.shown, [code], `${where}: the message shown`);
      assert.ok(e.describedBy.includes(`${id}-error`), `${where}: aria-describedby does not name the message`);
      assert.match(e.zh, /[\u4e00-\u9fff]/, `${where}: no Chinese message`);
      assert.match(e.en, /[A-Za-z]{3}/, `${where}: no English message`);
      assert.equal(await page.locator('#left-out').isVisible(), true, `${where}: no notice that the code leaves it out`);
      const script = await scriptCode(page);
      const iframe = await iframeCode(page);
      if (attr) assert.ok(!script.includes(attr), `${where}: in the code: ${script}`);
      assert.ok(!new URL(iframe.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&')).searchParams.has(param), `${where}: in the iframe code`);
      for (const part of [value, encodeURIComponent(value)]) {
        if (value !== '12') assert.ok(!script.includes(part) && !iframe.includes(part), `${where}: the value is in the code`);
      }
      // The preview keeps the other settings (the default number when the number is wrong).
      const expected = { ...base };
      if (param === 'phone') delete expected.phone;
      await preview(page, widgetUrl(expected, widget.origin));
      // Corrected (here: emptied, or the default number), the message goes and the code is whole again.
      await setField(page, id, id === 'f-phone' ? '120' : '');
      const fixed = await shownError(page, id);
      assert.equal(fixed.shown, null, `${where}: the message stays after the fix`);
      assert.equal(fixed.invalid, null, `${where}: aria-invalid stays after the fix`);
      assert.equal(await page.locator('#left-out').isVisible(), false);
    }
    // While typing, a half-written value is left out but not yet called wrong; leaving the field shows it.
    await page.locator('#f-brand').fill('#0');
    assert.equal((await shownError(page, 'f-brand')).shown, null, 'an error while still typing');
    assert.ok(!(await scriptCode(page)).includes('data-brand-color'));
    await page.locator('#f-brand').press('Tab');
    assert.deepEqual((await shownError(page, 'f-brand')).shown, ['brand']);
    await page.locator('#f-brand').fill('#0a5');
    assert.equal((await shownError(page, 'f-brand')).shown, null, 'fixed while typing');
    assert.match(await scriptCode(page), /data-brand-color="#0a5"/);
    await assertClean(page);
  } finally {
    await closePage(page);
  }
});

test('the interface switches to English and back; messages stay in both languages', { timeout: 120000 }, async () => {
  const page = await newPage({ locale: 'zh-CN' });
  try {
    await openKit(page);
    await setField(page, 'f-phone', 'abc');
    await page.locator('[data-ui-lang="en"]').click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.title(), 'Station kit · Night-time leg cramp self-check');
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');
    assert.equal(await page.locator('[data-ui-lang="en"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-ui-lang="zh-CN"]').getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('label[for="f-station"] [lang="en"]').isVisible(), true);
    assert.equal(await page.locator('label[for="f-station"] [lang="zh-CN"]').isVisible(), false);
    assert.equal(await page.locator('#preview').getAttribute('title'), 'Preview: night-time leg cramp self-check');
    const e = await shownError(page, 'f-phone');
    assert.ok(e.zh && e.en, 'the message lost a language');
    // Nothing else changed: the settings, the code.
    assert.equal(await page.inputValue('#f-phone'), 'abc');
    assert.ok(!(await scriptCode(page)).includes('data-emergency-number'));
    await page.locator('[data-ui-lang="zh-CN"]').click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(new URL(page.url()).searchParams.has('lang'), false);
    // ?lang=en opens it in English.
    await openKit(page, '?lang=en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('h1 [lang="en"]').isVisible(), true);
    await assertClean(page);
  } finally {
    await closePage(page);
  }
});

test('Copy puts the code on the clipboard, or selects it, and says so politely', { timeout: 120000 }, async () => {
  const page = await newPage();
  try {
    await page.e2e.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: widget.origin });
    await openKit(page);
    const status = page.locator('#copy-status');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    for (const box of ['code-script', 'code-iframe']) {
      // The last copy's message is still there: cleared, so only this copy's message counts.
      await page.evaluate(() => {
        document.getElementById('copy-status').textContent = '';
        return navigator.clipboard.writeText('');
      });
      await page.locator(`[data-copy="${box}"]`).click();
      await page.waitForFunction(() => /已复制/.test(document.getElementById('copy-status').textContent));
      assert.match(await status.textContent(), /Copied/);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.inputValue(`#${box}`), `${box}: clipboard`);
    }
    await assertClean(page);
  } finally {
    await closePage(page);
  }
  // Without the Clipboard API: the code is selected, and the message says so (or that it was copied).
  const bare = await newPage();
  try {
    await bare.e2e.context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    });
    await openKit(bare);
    await bare.locator('[data-copy="code-script"]').click();
    await bare.waitForFunction(() => document.getElementById('copy-status').textContent.trim() !== '');
    const selection = await bare.evaluate(() => {
      const t = document.getElementById('code-script');
      return { focused: document.activeElement === t, start: t.selectionStart, end: t.selectionEnd, length: t.value.length };
    });
    assert.deepEqual(selection, { focused: true, start: 0, end: selection.length, length: selection.length }, 'the code is not selected');
    assert.match(await bare.locator('#copy-status').textContent(), /(已复制|已选中)[\s\S]*(Copied|selected)/);
    await assertClean(bare);
  } finally {
    await closePage(bare);
  }
});

/** A host page of our own with a strict CSP: the widget's origin only in script-src and frame-src. */
const hostHtml = (title, body) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src WIDGETORIGIN; frame-src WIDGETORIGIN; img-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'" />
  <title>${title}</title>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;

test('the copied code, pasted into a page on another origin, embeds the widget with the chosen settings', { timeout: 180000 }, async () => {
  const kit = await newPage();
  let scriptSnippet;
  let iframeSnippet;
  try {
    await kit.e2e.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: widget.origin });
    await openKit(kit, '?lang=en');
    await kit.selectOption('#f-lang', 'en');
    await setField(kit, 'f-brand', '#0a5');
    await setField(kit, 'f-station', 'Riverside Radio <FM> & "Co"');
    await setField(kit, 'f-phone', '999');
    await kit.check('#f-skip');
    await setField(kit, 'f-site', host.origin);
    for (const box of ['code-script', 'code-iframe']) {
      await kit.evaluate(() => navigator.clipboard.writeText(''));
      await kit.locator(`[data-copy="${box}"]`).click();
      await kit.waitForFunction(() => /Copied/.test(document.getElementById('copy-status').textContent));
      const copied = await kit.evaluate(() => navigator.clipboard.readText());
      if (box === 'code-script') scriptSnippet = copied;
      else iframeSnippet = copied;
    }
    await assertClean(kit);
  } finally {
    await closePage(kit);
  }
  assert.equal(scriptSnippet.split('\n').length, 1, 'one line');
  writeFileSync(path.join(hostDir, 'kit-script.html'), hostHtml('Riverside Radio', scriptSnippet));
  writeFileSync(path.join(hostDir, 'kit-iframe.html'), hostHtml('Riverside Radio (iframe)', iframeSnippet));

  const expected = { lang: 'en', brand: '#0a5', station: 'Riverside Radio <FM> & "Co"', phone: '999', skip_intro: 'true' };
  for (const [file, selector] of [['kit-script.html', 'iframe.cramp-check-frame'], ['kit-iframe.html', 'iframe']]) {
    const page = await newPage({ viewport: { width: 900, height: 800 } });
    try {
      await page.e2e.context.addInitScript(() => {
        if (window.top !== window) return;
        window.__e2eHeights = [];
        window.addEventListener('message', (e) => {
          if (e.data && e.data.type === 'cramp-check:height') window.__e2eHeights.push(e.origin);
        });
      });
      await page.goto(`${host.origin}/${file}`);
      const el = page.locator(selector).first();
      await el.waitFor({ state: 'attached' });
      const src = await el.getAttribute('src');
      assert.equal(src, widgetUrl(expected, host.origin), `${file}: the iframe's URL`);
      assert.ok((await el.getAttribute('title')).length > 0, `${file}: the iframe has no title`);
      assert.equal(await el.getAttribute('referrerpolicy'), 'no-referrer');
      const frame = await (await el.elementHandle()).contentFrame();
      await frame.locator(sel.step()).first().waitFor({ state: 'visible' });
      assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en', file);
      assert.equal(await frame.evaluate(() => document.querySelector('.cc-app').style.getPropertyValue('--brand')), '#00aa55', file);
      assert.ok((await frame.locator('.presenter').textContent()).includes(expected.station), file);
      assert.equal(await frame.locator(sel.step()).first().getAttribute('data-step'), CONTENT.firstStep, `${file}: intro not skipped`);
      await frame.locator(sel.input(CONTENT.emergencySigns[0], 'yes')).click();
      await frame.locator(sel.alert).waitFor({ state: 'visible' });
      assert.equal(await frame.locator(`${sel.alert} a[href^="tel:"]`).first().getAttribute('href'), 'tel:999', file);
      // The widget tells this page (and only through parent_origin) its height.
      await el.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => window.__e2eHeights.length > 0);
      assert.deepEqual([...new Set(await page.evaluate(() => window.__e2eHeights))], [widget.origin]);
      if (file === 'kit-script.html') await page.waitForFunction((s) => document.querySelector(s).style.height !== '640px', selector);
      assert.deepEqual(await cspViolations(page), [], `${file}: CSP violations on the host page`);
      assert.deepEqual(await cspViolations(frame), [], `${file}: CSP violations in the widget`);
      const foreign = page.e2e.requests.filter((u) => !u.startsWith(`${host.origin}/`) && !u.startsWith(widget.url) && !u.startsWith('data:'));
      assert.deepEqual(foreign, [], `${file}: requests beyond the host page and the widget`);
      assert.deepEqual(page.e2e.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), [], file);
    } finally {
      await closePage(page);
    }
  }
});

test('embed.js (as the kit uses it) and the kit agree with tests/host-settings.json', { timeout: 120000 }, async () => {
  const page = await newPage();
  try {
    await openKit(page, '?lang=en');
    const rows = TABLE.cases.filter((c) => c.attr !== 'site');
    const results = await page.evaluate(
      ({ rows, dataset, pageUrl }) =>
        rows.map((c) => {
          const r = window.crampCheckEmbed.check({ [dataset[c.attr]]: c.value }, pageUrl, new URL(pageUrl).origin);
          return { params: r.params, problems: r.problems.map((p) => p.attr) };
        }),
      { rows, dataset: DATASET, pageUrl: TABLE.page },
    );
    rows.forEach((c, i) => {
      const where = `${c.attr} = ${JSON.stringify(c.value)}`;
      const { params, problems } = results[i];
      const expected = c.embed === null ? [] : [[TABLE.params[c.attr], c.embed]];
      assert.deepEqual(params, expected, `${where}: embed.js passes on`);
      assert.deepEqual(problems, (c.problem ?? c.embed === null) ? [c.attr] : [], `${where}: embed.js warns`);
    });
    // The site address, typed into the kit: an origin the widget takes, or a message.
    for (const c of TABLE.cases.filter((x) => x.attr === 'site')) {
      await setField(page, 'f-site', c.value);
      const src = (await iframeCode(page)).match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
      const origin = new URL(src).searchParams.get('parent_origin');
      assert.equal(origin, c.embed, `site = ${JSON.stringify(c.value)}`);
      assert.equal((await shownError(page, 'f-site')).shown !== null, c.embed === null, `site = ${JSON.stringify(c.value)}: message`);
    }
    await assertClean(page);
  } finally {
    await closePage(page);
  }
});

for (const lang of ['zh-CN', 'en']) {
  test(`axe: the kit has no violations (${lang}), with and without a message shown`, { timeout: 180000 }, async () => {
    const page = await newPage({ locale: lang === 'en' ? 'en-US' : 'zh-CN' });
    try {
      await openKit(page, lang === 'en' ? '?lang=en' : '');
      await preview(page, widgetUrl({ lang: 'zh-CN', phone: '120' }, widget.origin));
      let v = await axeViolations(page);
      assert.equal(v.length, 0, `axe (${lang}, defaults):\n${formatViolations(v)}`);
      await setField(page, 'f-brand', 'red');
      await setField(page, 'f-station', 'x'.repeat(41));
      await page.locator('[data-copy="code-script"]').click();
      await page.waitForFunction(() => document.getElementById('copy-status').textContent.trim() !== '');
      v = await axeViolations(page);
      assert.equal(v.length, 0, `axe (${lang}, messages shown):\n${formatViolations(v)}`);
      await assertClean(page);
    } finally {
      await closePage(page);
    }
  });
}

test('the build ships the kit and the book, but sw.js precaches neither and the widget links to neither', () => {
  const files = readdirSync(DIST);
  for (const f of [...KIT_FILES, ...BOOK_FILES]) assert.ok(files.includes(f), `dist/${f} is missing`);
  const precached = precachedFiles(DIST);
  for (const f of [...KIT_FILES, ...BOOK_FILES]) assert.ok(!precached.includes(f), `sw.js precaches ${f}`);
  assert.ok(precached.includes('embed.js') && precached.includes('index.html'));
  const headers = readFileSync(path.join(DIST, '_headers'), 'utf8');
  for (const f of [...KIT_FILES, ...BOOK_FILES]) assert.ok(headers.includes(`${f}\n  Cache-Control: no-cache`), `_headers: ${f}`);
  assert.match(readFileSync(path.join(DIST, 'csp.txt'), 'utf8'), /frame-src 'self'/, 'the kit frames its preview');
  // The widget's own files never name the kit or the book (embed.js names the kit in a
  // comment, for its kit mode; it links to nothing either).
  const own = (x) => /\.(html|js|wasm|css|webmanifest)$/.test(x) && ![...KIT_FILES, ...BOOK_FILES, 'embed.js'].includes(x);
  assert.ok(files.filter(own).some((x) => x.endsWith('.wasm')) && files.includes('index.html'));
  for (const f of files.filter(own)) {
    const text = readFileSync(path.join(DIST, f)).toString('latin1');
    for (const name of ['content-book', 'embed.html', 'embed-kit']) assert.ok(!text.includes(name), `${f} mentions ${name}`);
  }
});
