// Embedding from another origin. The host page is served on one origin, the
// widget (the build, under /widgets/cramp/, with its CSP header and
// frame-ancestors naming the host) on another. embed.js checks the host's
// settings, the iframe follows the widget's height (messages accepted only from
// that iframe and the widget's origin), the widget posts its height only to the
// origin the host named, the settings take effect, and hostile values are
// inert. No CSP violation on either side, and no request beyond the two origins.

import { before, after } from 'node:test';
import { test } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  setup, teardown, newPage, closePage, serveBuild, tempDir, removeDir, cspViolations,
  CONTENT, DIST, WIDGET_PATH, sel,
} from './lib.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { startExampleServers } from '../../examples/serve.mjs';

const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);
const FRAME = 'iframe.cramp-check-frame, iframe[data-e2e]';

let work;
before(async () => {
  await setup();
  work = tempDir('cramp-e2e-embed-');
});
after(async () => {
  await teardown();
  removeDir(work);
});

// On the host page (top frame only): every message it receives, with its origin
// and whether it came from one of the page's iframes.
function recordMessages() {
  if (window.top !== window) return;
  window.__e2eMessages = [];
  window.addEventListener('message', (e) => {
    const frames = [...document.querySelectorAll('iframe')];
    window.__e2eMessages.push({
      origin: e.origin,
      frame: frames.findIndex((f) => f.contentWindow === e.source),
      data: e.data,
    });
  });
}

/** A page in a fresh context, recording messages on the host page. */
async function hostPage() {
  const page = await newPage({ viewport: { width: 800, height: 700 } });
  await page.e2e.context.addInitScript(recordMessages);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.e2e.dialogs = dialogs;
  return page;
}

/**
 * Serves host pages (`pages`: { 'name.html': html }, where WIDGET stands for the
 * widget's origin and HOSTORIGIN for the host's own) on one origin and the build under /widgets/cramp/ on another,
 * whose CSP lets only the host frame it.
 */
async function startEmbedServers(pages) {
  const dir = path.join(work, `host-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  for (const [name, html] of Object.entries(pages)) writeFileSync(path.join(dir, name), html);
  let widgetOrigin = null;
  const host = await startStaticServer({
    mounts: [{ prefix: '/', root: dir }],
    port: 0,
    transform: (p, file, body) =>
      file.endsWith('.html')
        ? body.toString('utf8').replaceAll('HOSTORIGIN', host.origin).replaceAll('WIDGET', widgetOrigin)
        : null,
  });
  const widget = await serveBuild(DIST, { prefix: WIDGET_PATH, frameAncestors: `'self' ${host.origin}` });
  widgetOrigin = widget.origin;
  return {
    host: host.origin,
    widgetOrigin: widget.origin,
    widget: widget.url,
    close: async () => {
      await host.close();
      await widget.close();
    },
  };
}

/** A host page with a strict CSP of its own: the widget's origin only in script-src and frame-src. */
const hostHtml = (body) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src WIDGET; frame-src WIDGET; img-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'" />
  <title>Host page</title>
</head>
<body>
${body}
</body>
</html>
`;

/** The nth widget iframe on the host page: { el (locator), frame (its Frame) }, once its widget has rendered. */
async function widgetFrame(page, n, ready = `${sel.action('start')}, ${sel.step()}`) {
  const el = page.locator(FRAME).nth(n);
  await el.waitFor({ state: 'attached' });
  const frame = await (await el.elementHandle()).contentFrame();
  await frame.locator(ready).first().waitFor({ state: 'visible' });
  return { el, frame };
}

const iframeHeight = (el) => el.evaluate((e) => e.getBoundingClientRect().height);
const contentHeight = (frame) => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));

/**
 * Waits until the iframe is as tall as its widget's content (a condition,
 * polled); returns the height. The iframe is scrolled into view first: Chromium
 * does not render a cross-origin frame that is off screen, so its widget only
 * measures itself (and reports its height) once it is on screen.
 */
async function waitForFit({ el, frame }, what) {
  await el.scrollIntoViewIfNeeded();
  const end = performance.now() + WAIT_MS;
  let h;
  let c;
  for (;;) {
    [h, c] = [await iframeHeight(el), await contentHeight(frame)];
    if (Math.abs(h - c) <= 1 && (await el.evaluate((e) => e.style.height)) !== '640px') return h;
    if (performance.now() > end) assert.fail(`${what}: the iframe is ${h} px tall, its content ${c} px`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/**
 * Lets the messages already posted to the host page from `source` (the page
 * itself, or a frame) be handled: posts a probe from the same window and waits
 * for it (messages from one window arrive in order).
 */
async function drainMessages(page, source = page) {
  const id = `probe-${Math.random()}`;
  // The host listens for the probe first …
  await page.evaluate((probe) => {
    window.__e2eProbes ??= {};
    window.__e2eProbes[probe] = new Promise((ok) => {
      const on = (e) => {
        if (e.data && e.data.probe === probe) {
          window.removeEventListener('message', on);
          ok(true);
        }
      };
      window.addEventListener('message', on);
    });
  }, id);
  // … then `source` posts it, two animation frames later, so that a resize the
  // widget saw has been reported (on screen: an off-screen cross-origin frame
  // gets no animation frames).
  if (source !== page) await (await source.frameElement()).scrollIntoViewIfNeeded();
  await source.evaluate(
    (probe) =>
      new Promise((ok) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            (window.top === window ? window : window.parent).postMessage({ probe }, '*');
            ok();
          }),
        ),
      ),
    id,
  );
  await page.evaluate((probe) => window.__e2eProbes[probe], id);
}

/** Host-side and widget-side checks every embed test ends with. */
async function assertCleanEmbed(page, origins) {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations on the host page');
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    assert.deepEqual(await cspViolations(frame), [], `CSP violations in ${frame.url()}`);
  }
  const foreign = page.e2e.requests.filter((u) => !origins.some((o) => u.startsWith(`${o}/`)) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests beyond the host and widget origins');
  const bad = page.e2e.responses.filter((r) => r.status >= 400);
  assert.deepEqual(bad.map((r) => `${r.status} ${r.url}`), [], 'failed responses');
  assert.deepEqual(page.e2e.dialogs, [], 'dialogs opened');
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'host page: injected script ran');
}

/** Height messages the host page received: [{ origin, frame, data }]. */
const heightMessages = (page) =>
  page.evaluate(() => window.__e2eMessages.filter((m) => m.data && m.data.type === 'cramp-check:height'));

// ---------------------------------------------------------------------------
// examples/host.html, served the way examples/serve.mjs serves it.

test('examples/host.html: embed.js passes the valid settings on, drops invalid ones with a warning, ignores unknown ones', { timeout: 120000 }, async () => {
  const s = await startExampleServers({ dist: DIST, hostPort: 0, widgetPort: 0 });
  const page = await hostPage();
  try {
    await page.goto(s.hostPage);
    await widgetFrame(page, 0);
    await widgetFrame(page, 1);
    const frames = await page.locator('iframe.cramp-check-frame').evaluateAll((els) =>
      els.map((e) => ({ src: e.src, title: e.title, referrerPolicy: e.referrerPolicy })),
    );
    assert.equal(frames.length, 2);
    for (const f of frames) {
      assert.equal(f.src.split('?')[0], `${s.widget}index.html`, 'the iframe loads index.html beside embed.js');
      assert.ok(f.title.length > 0, 'iframe without a title');
      assert.equal(f.referrerPolicy, 'no-referrer');
    }
    const valid = Object.fromEntries(new URL(frames[0].src).searchParams);
    assert.deepEqual(valid, {
      lang: 'en', brand: '#0a5', station: 'Riverside Community Clinic', phone: '120', parent_origin: s.host,
    }, 'data-skip-intro="false" adds nothing; data-unknown-setting is ignored');
    const invalid = Object.fromEntries(new URL(frames[1].src).searchParams);
    assert.deepEqual(invalid, { parent_origin: s.host }, 'invalid lang, colour, station, logo and phone must all be dropped');
    const warnings = page.e2e.console.filter((m) => m.type === 'warning' && m.text.startsWith('cramp-check embed:'));
    for (const attr of ['data-lang', 'data-brand-color', 'data-station', 'data-logo', 'data-emergency-number']) {
      assert.ok(warnings.some((w) => w.text.includes(attr)), `no console warning about ${attr}: ${warnings.map((w) => w.text).join(' | ')}`);
    }
    assert.ok(!warnings.some((w) => /unknown/i.test(w.text)), 'an unknown attribute is ignored silently');

    // The settings that passed reach the widget: English, the brand colour, the station.
    const { frame } = await widgetFrame(page, 0);
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await frame.evaluate(() => document.querySelector('.cc-app').style.getPropertyValue('--brand')), '#00aa55');
    assert.match(await frame.locator('.presenter').textContent(), /Riverside Community Clinic/);
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});

test('examples/host.html: the iframe follows the widget as it grows and shrinks, from the widget origin only', { timeout: 120000 }, async () => {
  const s = await startExampleServers({ dist: DIST, hostPort: 0, widgetPort: 0 });
  const page = await hostPage();
  try {
    await page.goto(s.hostPage);
    const w = await widgetFrame(page, 0);
    const intro = await waitForFit(w, 'intro');
    await w.frame.locator(sel.action('start')).click();
    await w.frame.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
    const step = await waitForFit(w, 'first step');
    assert.notEqual(step, intro, 'the iframe kept the intro height on the next screen');
    // An emergency answer adds the alert: the content grows, and so does the frame.
    const sign = CONTENT.emergencySigns[0];
    await w.frame.locator(sel.input(sign, 'yes')).click();
    await w.frame.locator(sel.alert).waitFor({ state: 'visible' });
    const grown = await waitForFit(w, 'emergency alert shown');
    assert.ok(grown > step, `the iframe did not grow with the alert (${step} → ${grown} px)`);
    // Answering "no" removes it: the frame shrinks.
    await w.frame.locator(sel.input(sign, 'no')).click();
    await w.frame.locator(sel.alert).waitFor({ state: 'detached' });
    const shrunk = await waitForFit(w, 'emergency alert gone');
    assert.ok(shrunk < grown, `the iframe did not shrink (${grown} → ${shrunk} px)`);

    // Everything the widget sent: height messages only, from its origin, from its own frame.
    await drainMessages(page, w.frame);
    const messages = await page.evaluate(() => window.__e2eMessages.filter((m) => !(m.data && m.data.probe)));
    assert.ok(messages.length >= 4, `only ${messages.length} messages`);
    for (const m of messages) {
      assert.equal(m.origin, s.widgetOrigin, 'a message from another origin');
      assert.deepEqual(Object.keys(m.data).sort(), ['height', 'type'], `the widget sent more than its height: ${JSON.stringify(m.data)}`);
      assert.equal(m.data.type, 'cramp-check:height');
    }
    const senders = new Set(messages.map((m) => m.frame));
    assert.ok(senders.has(0) && [...senders].every((f) => f === 0 || f === 1), `messages from other windows: ${[...senders]}`);
    // The second embed on the page fits its own widget too, once on screen.
    await waitForFit(await widgetFrame(page, 1), 'second embed');
    await drainMessages(page, (await widgetFrame(page, 1)).frame);
    const all = await heightMessages(page);
    assert.deepEqual([...new Set(all.map((m) => m.frame))].sort(), [0, 1]);
    assert.ok(all.every((m) => m.origin === s.widgetOrigin));
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});

test('height messages from any other window, or malformed ones, are ignored', { timeout: 120000 }, async () => {
  const s = await startExampleServers({ dist: DIST, hostPort: 0, widgetPort: 0 });
  const page = await hostPage();
  try {
    await page.goto(s.hostPage);
    const w0 = await widgetFrame(page, 0);
    const w1 = await widgetFrame(page, 1);
    const h0 = await waitForFit(w0, 'first embed');
    const h1 = await waitForFit(w1, 'second embed');

    // From the host page itself (its own origin).
    await page.evaluate(() => window.postMessage({ type: 'cramp-check:height', height: 300 }, '*'));
    await drainMessages(page);
    // From the second embed's window: the right origin, but not the first iframe.
    await w1.frame.evaluate(() => window.parent.postMessage({ type: 'cramp-check:height', height: 300 }, '*'));
    await drainMessages(page, w1.frame);
    assert.equal(await iframeHeight(w0.el), h0, 'the first iframe took a height from another window');
    // (The second iframe takes it: the message really was delivered and read.)
    assert.equal(await iframeHeight(w1.el), 300, 'the control message from the second iframe was not applied');

    // From the first iframe itself, but malformed: ignored.
    for (const data of [{ type: 'cramp-check:height', height: '300' }, { type: 'other', height: 300 },
      { type: 'cramp-check:height', height: Number.NaN }, 'cramp-check:height', null]) {
      await w0.frame.evaluate((d) => window.parent.postMessage(d, '*'), data);
    }
    await drainMessages(page, w0.frame);
    assert.equal(await iframeHeight(w0.el), h0, 'a malformed message changed the height');
    assert.notEqual(h1, 300);
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});

// ---------------------------------------------------------------------------
// Host settings, on host pages of our own (strict CSP, no 'unsafe-inline').

test('host settings take effect: language, brand colour, station name, emergency number, skip intro', { timeout: 120000 }, async () => {
  const s = await startEmbedServers({
    'settings.html': hostHtml(`<div><script src="WIDGET${WIDGET_PATH}embed.js" data-lang="zh-CN" data-brand-color="#0a5"
      data-station="Riverside Clinic" data-emergency-number="999" data-skip-intro="true" async></script></div>`),
  });
  const page = await hostPage(); // the browser's language is English
  try {
    await page.goto(`${s.host}/settings.html`);
    const { frame } = await widgetFrame(page, 0, sel.step());
    // skip intro: the emergency step first, no introduction.
    assert.equal(await frame.locator(sel.step()).first().getAttribute('data-step'), CONTENT.firstStep);
    assert.equal(await frame.locator(sel.action('start')).count(), 0, 'the introduction is shown');
    // lang: Chinese, though the browser asks for English.
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-CN');
    // brand colour: on the widget's root as a custom property, rewritten as #rrggbb.
    const brand = await frame.evaluate(() => {
      const root = document.querySelector('.cc-app');
      return { cls: root.classList.contains('branded'), value: root.style.getPropertyValue('--brand') };
    });
    assert.deepEqual(brand, { cls: true, value: '#00aa55' });
    // station: shown as text in the top bar.
    assert.match(await frame.locator('.presenter').textContent(), /Riverside Clinic/);
    // emergency number: the call link and the advice use it.
    await frame.locator(sel.input(CONTENT.emergencySigns[0], 'yes')).click();
    const alert = frame.locator(sel.alert);
    await alert.waitFor({ state: 'visible' });
    assert.equal(await alert.locator('a[href^="tel:"]').first().getAttribute('href'), 'tel:999');
    assert.match(await alert.textContent(), /999/);
    assert.doesNotMatch(await alert.textContent(), /\b120\b/, 'the default number is still shown');
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});

test('hostile settings written into the iframe URL by hand are inert', { timeout: 120000 }, async () => {
  const hostile = [
    { station: '<script>window.__pwned=1</script>', brand: 'red;background:url(x)', phone: '120abc', lang: 'fr' },
    { station: '<img src=x onerror=alert(1)>', brand: '#0a5;background:url(x)', phone: '12-0', lang: 'en"><b>' },
  ];
  const frames = hostile
    .map((p) => {
      const q = new URLSearchParams({ ...p, parent_origin: 'HOSTORIGIN' });
      return `<iframe data-e2e title="widget" src="WIDGET${WIDGET_PATH}index.html?${q.toString().replace(/&/g, '&amp;')}"></iframe>`;
    })
    .join('\n');
  const s = await startEmbedServers({ 'hostile.html': hostHtml(frames) });
  const page = await hostPage();
  try {
    await page.goto(`${s.host}/hostile.html`);
    for (let i = 0; i < hostile.length; i++) {
      const { frame } = await widgetFrame(page, i);
      const where = `frame ${i} (${JSON.stringify(hostile[i])})`;
      // lang: ignored, so the browser's language (English).
      assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en', where);
      // station: shown, if at all, as the text typed, never as markup.
      const top = await frame.evaluate(() => {
        const bar = document.querySelector('.topbar');
        return {
          text: bar.textContent,
          elements: [...bar.querySelectorAll('script, img, b, iframe, object')].map((e) => e.outerHTML),
          pwned: window.__pwned ?? null,
        };
      });
      assert.deepEqual(top.elements, [], `${where}: markup from the station name`);
      assert.equal(top.pwned, null, `${where}: the station name ran as script`);
      if (top.text.includes('<')) assert.ok(top.text.includes(hostile[i].station), `${where}: station altered: ${top.text}`);
      // brand: refused entirely.
      const brand = await frame.evaluate(() => {
        const root = document.querySelector('.cc-app');
        return {
          cls: root.classList.contains('branded'),
          style: root.getAttribute('style'),
          bg: getComputedStyle(document.body).backgroundImage,
        };
      });
      assert.equal(brand.cls, false, `${where}: brand colour accepted`);
      assert.ok(!brand.style || !/brand|background|url/.test(brand.style), `${where}: style set: ${brand.style}`);
      assert.equal(brand.bg, 'none', where);
      // phone: ignored, the default number is used.
      await frame.locator(sel.action('start')).click();
      await frame.locator(sel.input(CONTENT.emergencySigns[0], 'yes')).click();
      const alert = frame.locator(sel.alert);
      await alert.waitFor({ state: 'visible' });
      assert.equal(await alert.locator('a[href^="tel:"]').first().getAttribute('href'), 'tel:120', where);
      assert.ok(!(await frame.evaluate(() => document.body.innerHTML)).includes(hostile[i].phone), `${where}: phone shown`);
    }
    assert.ok(!page.e2e.requests.some((u) => /\/x$/.test(new URL(u).pathname)), 'url(x) was fetched');
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});

test('the widget posts its height only to the origin the host named', { timeout: 120000 }, async () => {
  const iframe = (parent) =>
    `<iframe data-e2e title="widget" src="WIDGET${WIDGET_PATH}index.html?lang=en&amp;parent_origin=${encodeURIComponent(parent)}"></iframe>`;
  const s = await startEmbedServers({
    'origins.html': hostHtml([iframe('https://elsewhere.example'), iframe('*'), iframe('HOSTORIGIN')].join('\n')),
  });
  const page = await hostPage();
  try {
    await page.goto(`${s.host}/origins.html`);
    const ws = [await widgetFrame(page, 0), await widgetFrame(page, 1), await widgetFrame(page, 2)];
    // Make every widget change height, then let its messages (if any) arrive.
    for (const w of ws) {
      await w.frame.locator(sel.action('start')).click();
      await w.frame.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
    }
    for (const w of ws) await drainMessages(page, w.frame);
    // The control frame, which names this page, is heard.
    await page.waitForFunction(() => window.__e2eMessages.some((m) => m.frame === 2 && m.data?.type === 'cramp-check:height'));
    const from = [...new Set((await heightMessages(page)).map((m) => m.frame))];
    assert.deepEqual(from, [2], 'height messages reached a page the widget was not told about');
    await assertCleanEmbed(page, [s.host, s.widgetOrigin]);
  } finally {
    await closePage(page);
    await s.close();
  }
});
