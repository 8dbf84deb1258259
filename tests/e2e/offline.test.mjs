// Offline use and installability. After one visit, the service worker holds
// the whole build: with the server stopped and the network off, the widget
// still opens (also in a new tab, with URL parameters) and a whole journey
// works. Chromium finds the app installable, with the Chinese-first manifest.
// The build is served from a sub-folder (/widgets/cramp/) with its CSP header.

import { before, after } from 'node:test';
import { test, ready, widgetStarted } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  setup, teardown, withPage, start, walkToResult, waitForServiceWorker, serveBuild, tempDir, removeDir,
  cspViolations, precachedFiles, CONTENT, DIST, LAUNCH_OPTIONS, TYPICAL, WIDGET_PATH, sel,
} from './lib.mjs';

before(setup);
after(teardown);

test('offline after the first visit: reload, a whole journey, and a new tab all work from the service worker', { timeout: 120000 }, async () => {
  const server = await serveBuild(DIST);
  let stopped = false;
  try {
    await withPage({ baseUrl: server.url.replace(/\/$/, '') }, async (page) => {
      // First visit, online: the service worker installs and precaches the build.
      await page.goto(`${server.url}?lang=en`);
      await ready(page);
      assert.equal(await waitForServiceWorker(page), server.url, 'service worker scope');
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null,
        'a first visit is not controlled yet (so the reload below really is the next visit)');

      // Offline: server gone, network off.
      await server.close();
      stopped = true;
      await page.e2e.context.setOffline(true);
      const from = page.e2e.responses.length;
      await page.reload();
      await ready(page);
      assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the reloaded page is not controlled');

      // A whole journey, offline.
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
      const r = await walkToResult(page, TYPICAL);
      assert.equal(r.level, 'self_care');
      assert.ok(r.patterns.includes('typical_nlc'), `patterns: ${r.patterns.join(', ')}`);

      const offline = page.e2e.responses.slice(from);
      assert.ok(offline.some((x) => x.url.startsWith(server.url) && /\.wasm$/.test(x.url)), 'the wasm was not loaded');
      assert.deepEqual(offline.filter((x) => !x.fromServiceWorker).map((x) => x.url), [],
        'responses offline that did not come from the service worker');
      assert.deepEqual(offline.filter((x) => x.status !== 200).map((x) => `${x.status} ${x.url}`), []);
      assert.deepEqual(page.e2e.failed, [], 'requests that failed offline (a file missing from the precache?)');

      // A new tab, still offline, with a URL parameter, opens on the saved result
      // (progress is kept in this browser).
      const tab = await page.e2e.context.newPage();
      await tab.goto(`${server.url}?skip_intro=true`);
      await tab.locator(`${sel.level}[data-level="self_care"]`).waitFor({ state: 'visible' });
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(await cspViolations(tab), []);
    });
  } finally {
    if (!stopped) await server.close();
  }
});

test('offline: the service worker precached exactly the files of the build', { timeout: 120000 }, async () => {
  const server = await serveBuild(DIST);
  try {
    await withPage({ baseUrl: server.url.replace(/\/$/, '') }, async (page) => {
      await page.goto(`${server.url}?lang=en`);
      await ready(page);
      await waitForServiceWorker(page);
      const cached = await page.evaluate(async () => {
        const names = (await caches.keys()).filter((k) => k.startsWith('cramp-check:'));
        const out = {};
        for (const n of names) out[n] = (await (await caches.open(n)).keys()).map((r) => r.url);
        return out;
      });
      const names = Object.keys(cached);
      assert.equal(names.length, 1, `caches: ${names.join(', ')}`);
      const expected = precachedFiles(DIST).map((f) => new URL(f, server.url).href).sort();
      assert.deepEqual(cached[names[0]].sort(), expected);
      for (const f of ['index.html', 'manifest.webmanifest']) {
        assert.ok(expected.includes(new URL(f, server.url).href), `${f} is not precached`);
      }
    });
  } finally {
    await server.close();
  }
});

test('installable: Chromium reports no installability error, and the manifest is Chinese first with an English name', { timeout: 120000 }, async () => {
  const server = await serveBuild(DIST);
  // Installability needs a normal (not incognito) profile: a browser of its own.
  const profile = tempDir('cramp-e2e-profile-');
  const context = await chromium.launchPersistentContext(profile, { ...LAUNCH_OPTIONS, locale: 'zh-CN' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await widgetStarted(page);
    await waitForServiceWorker(page);
    await page.reload();
    await widgetStarted(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], 'manifest errors');
    assert.equal(manifest.url, new URL('manifest.webmanifest', server.url).href);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(
      installabilityErrors.map((e) => `${e.errorId}(${(e.errorArguments ?? []).map((a) => a.value).join(',')})`),
      [],
      'installability errors',
    );

    const m = JSON.parse(manifest.data);
    assert.equal(m.name, '夜间腿抽筋自查');
    assert.equal(m.lang, 'zh-CN');
    assert.equal(m.display, 'standalone');
    assert.equal(new URL(m.start_url, manifest.url).href, server.url, 'start_url is the folder of the widget');
    assert.equal(new URL(m.scope, manifest.url).href, server.url, 'scope is the folder of the widget');
    assert.equal(m.name_localized?.en?.value, 'Night-time leg cramp self-check');
    for (const size of ['192x192', '512x512']) {
      assert.ok(m.icons.some((i) => i.sizes === size && i.type === 'image/png'), `no ${size} PNG icon`);
    }
    // The English manifest, for a page showing English.
    const en = await page.evaluate(async () => {
      const r = await fetch('manifest.en.webmanifest');
      return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
    });
    assert.equal(en.status, 200);
    assert.match(en.type, /^application\/manifest\+json/);
    assert.equal(en.body.lang, 'en');
    assert.equal(en.body.name, 'Night-time leg cramp self-check');
    assert.equal(new URL(en.body.start_url, new URL('manifest.en.webmanifest', server.url)).href, `${server.url}?lang=en`);
    // Every icon the manifests name is served.
    for (const icon of [...m.icons, ...en.body.icons]) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      assert.equal(status, 200, `icon ${icon.src}`);
    }
    assert.ok(server.url.endsWith(WIDGET_PATH));
  } finally {
    await context.close();
    removeDir(profile);
    await server.close();
  }
});

test('offline after a first visit in English: switching to Chinese works, its words from the service worker', { timeout: 120000 }, async () => {
  const server = await serveBuild(DIST);
  let stopped = false;
  try {
    await withPage({ baseUrl: server.url.replace(/\/$/, '') }, async (page) => {
      await page.goto(`${server.url}?lang=en`);
      await ready(page);
      await waitForServiceWorker(page);
      const textsOf = (lang) => page.e2e.responses.filter((x) => new RegExp(`/cramp-texts-${lang}-[0-9a-f]{16}\\.js$`).test(x.url));
      assert.equal(textsOf('zh-CN').length, 0, 'an English page loaded the Chinese words');

      await server.close();
      stopped = true;
      await page.e2e.context.setOffline(true);
      const from = page.e2e.responses.length;
      await page.reload();
      await ready(page);
      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
      await page.locator(sel.lang('zh-CN')).first().click();
      await page.waitForFunction(() => document.documentElement.getAttribute('lang') === 'zh-CN'
        && /[\u3400-\u9fff]/.test(document.querySelector('[data-step]')?.innerText ?? ''));
      const zh = textsOf('zh-CN');
      assert.ok(zh.length > 0, 'the Chinese words were not loaded');
      assert.deepEqual(zh.filter((x) => !x.fromServiceWorker || x.status !== 200).map((x) => `${x.status} ${x.url}`), [],
        'the Chinese words did not come from the service worker');
      assert.deepEqual(page.e2e.responses.slice(from).filter((x) => !x.fromServiceWorker).map((x) => x.url), []);
      assert.deepEqual(page.e2e.failed, [], 'requests that failed offline');
      assert.deepEqual(await cspViolations(page), []);
    });
  } finally {
    if (!stopped) await server.close();
  }
});
