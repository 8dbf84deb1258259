// Shipping the build as it is: from a sub-folder (/widgets/cramp/) of a site
// that serves nothing else, under the CSP the post-build step wrote (as a
// header and as a <meta>). A whole journey with host settings: no 404, no
// request outside the folder, no CSP violation, no console error. And the
// privacy scan of the build passes.

import { before, after } from 'node:test';
import { test, widgetStarted } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  setup, teardown, withPage, walkToResult, waitForServiceWorker, serveBuild, cspViolations, cspHeaderOf,
  CONTENT, DIST, REPO, TYPICAL, WIDGET_PATH, sel,
} from './lib.mjs';

before(setup);
after(teardown);

test('from /widgets/cramp/ under its CSP: a whole journey with no 404, nothing outside the folder, no violation', { timeout: 120000 }, async () => {
  const server = await serveBuild(DIST, { prefix: WIDGET_PATH });
  try {
    await withPage({ baseUrl: server.url.replace(/\/$/, '') }, async (page) => {
      const doc = await page.goto(`${server.url}?lang=en&brand=%230a5&station=Riverside`);
      await widgetStarted(page); // the widget's Start, not the prerendered one it replaces
      // The policy is in force twice: as the response header and as the <meta>.
      assert.equal(doc.headers()['content-security-policy'], cspHeaderOf(DIST));
      const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
      assert.match(meta, /script-src 'self' 'sha256-[^']+'/);
      assert.match(meta, /'wasm-unsafe-eval'/);
      assert.doesNotMatch(meta, /'unsafe-inline'|'unsafe-eval'/);

      await page.locator(sel.action('start')).click();
      await page.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
      // The host settings' styling path (a colour set through the CSSOM) under the CSP.
      assert.equal(await page.evaluate(() => document.querySelector('.cc-app').style.getPropertyValue('--brand')), '#00aa55');
      assert.match(await page.locator('.presenter').textContent(), /Riverside/);
      const r = await walkToResult(page, TYPICAL);
      assert.equal(r.level, 'self_care');

      const e = page.e2e;
      assert.deepEqual(e.responses.filter((x) => x.status >= 400).map((x) => `${x.status} ${x.url}`), [], 'failed responses');
      assert.deepEqual(server.log.filter((l) => / 40\d$/.test(l)), [], 'the server answered 404');
      assert.deepEqual(e.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:')), [],
        'requests outside the widget folder');
      assert.deepEqual(e.failed, [], 'failed requests');
      assert.deepEqual(await cspViolations(page), [], 'CSP violations');
      assert.deepEqual(e.console.filter((m) => m.type === 'error').map((m) => m.text), [], 'console errors');
      // The server really served the folder only (a root-relative URL would have 404ed).
      assert.ok(server.log.length > 0 && server.log.every((l) => l.split(' ')[1].startsWith(WIDGET_PATH)));

      assert.equal(await waitForServiceWorker(page), server.url, 'the service worker\'s scope is the folder');

      // The recorder is live: something the policy forbids is reported.
      await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
      await page.waitForFunction(() => window.__e2eCspViolations.length > 0);
      assert.match((await cspViolations(page))[0], /^style-src/);
    });
  } finally {
    await server.close();
  }
});

test('the build passes the privacy scan (nothing in it can send data anywhere)', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'privacy-scan.mjs'), DIST], { encoding: 'utf8' });
  assert.equal(r.status, 0, `privacy scan failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /privacy scan: PASS/);
});
