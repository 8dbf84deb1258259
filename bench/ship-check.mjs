#!/usr/bin/env node
// "Ship anywhere" checks against a real build in headless Chromium (playwright-core):
//   1. CSP: the widget runs from a sub-folder (/widgets/cramp/) under the CSP that
//      scripts/postbuild.mjs computed (meta + header) with no violation.
//   2. Installable: Chromium reports no installability error and a valid manifest.
//   3. Offline: after the first visit, with the network off and the server stopped,
//      a reload still shows the widget (served by the service worker).
//   4. Update: after a new deployment, the next load shows the old version (the new one
//      installs and waits), the one after shows the new version only, the old cache is
//      gone, and the page got the "updated" signal (attribute + event).
//   5. Embed: examples/host.html on one origin embeds the widget from another with
//      embed.js; settings are checked (invalid ones dropped), the iframe follows the
//      widget's height, and forged height messages are ignored.
//   6. Privacy scan (scripts/privacy-scan.mjs).
// Not a unit test suite: a proof for the lead and the e2e engineer to port.
//
//   node bench/ship-check.mjs [dist]     (default: ../dist, or $DIST)   → PASS/FAIL lines, exit 1 on FAIL

import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';
import { startExampleServers } from '../examples/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const dist = resolve(process.argv[2] ?? process.env.DIST ?? join(root, 'dist'));
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const VISIBLE_FIRST = '[data-action="start"], [data-question]';

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
}

// Records CSP violations and the "updated" event in every frame.
const INIT = () => {
  window.__csp = [];
  window.__updated = 0;
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sample || ''}`.trim());
  });
  document.addEventListener('cramp-check:updated', () => {
    window.__updated += 1;
  });
};

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
const work = await mkdtemp(join(tmpdir(), 'ship-check-'));
try {
  // ---------------------------------------------------------------- 1, 2: CSP, installable
  {
    const s = await startExampleServers({ dist, hostPort: 0, widgetPort: 0 });
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    // brand and station exercise the host settings' styling paths.
    await page.goto(`${s.widget}?brand=%230a5&station=Riverside`);
    await page.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    await page.click('[data-action="start"]');
    await page.locator('[data-question]').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    const csp = await page.evaluate(() => window.__csp);
    check('widget runs from a sub-folder under its CSP (meta + header) with no violation', csp.length === 0, csp.join(' | ') || s.widget);
    check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
    const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
    check('CSP meta present with wasm-unsafe-eval and a script hash', /'wasm-unsafe-eval'/.test(meta) && /'sha256-/.test(meta));

    await context.close();

    // Installability, as Chromium sees it: a normal (not incognito) profile, the
    // service worker active.
    const profile = await mkdtemp(join(tmpdir(), 'ship-check-profile-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS, locale: 'zh-CN',
    });
    const p2 = persistent.pages()[0] ?? (await persistent.newPage());
    await p2.goto(s.widget);
    await p2.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    await p2.evaluate(() => navigator.serviceWorker.ready);
    await p2.reload();
    await p2.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    const cdp = await persistent.newCDPSession(p2);
    const manifest = await cdp.send('Page.getAppManifest');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const errs = installabilityErrors.map((e) => e.errorId + (e.errorArguments?.length ? `(${e.errorArguments.map((a) => a.value).join(',')})` : ''));
    check('manifest parses without errors', manifest.errors.length === 0 && manifest.url.endsWith('/widgets/cramp/manifest.webmanifest'),
      manifest.errors.map((e) => e.message).join('; ') || manifest.url);
    check('installable in Chromium (no installability errors)', errs.length === 0, errs.join(', ') || 'Page.getInstallabilityErrors: none');
    await persistent.close();
    await rm(profile, { recursive: true, force: true });
    await s.close();
  }

  // ---------------------------------------------------------------- 3: offline
  {
    const copy = join(work, 'offline');
    await cp(dist, copy, { recursive: true });
    let server = await startStaticServer({ mounts: [{ prefix: '/widgets/cramp/', root: copy }], port: 0 });
    const port = server.port;
    const url = `${server.origin}/widgets/cramp/`;
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      if (reg.active.state !== 'activated') await new Promise((ok) => reg.active.addEventListener('statechange', ok));
    });
    await server.close();
    await context.setOffline(true);
    let fromSw = 0;
    page.on('response', (r) => r.fromServiceWorker() && fromSw++);
    let offlineOk = false;
    let detail = '';
    try {
      await page.reload();
      await page.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 15000 });
      offlineOk = true;
      detail = `${fromSw} responses from the service worker, server stopped, network off`;
    } catch (e) {
      detail = String(e).split('\n')[0];
    }
    check('works offline after the first visit (reload with the network off)', offlineOk, detail);
    const page2 = await context.newPage();
    let offline2 = false;
    try {
      await page2.goto(`${url}?lang=en&skip_intro=true`);
      await page2.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 15000 });
      offline2 = true;
    } catch {}
    check('offline: a new tab with URL parameters opens too', offline2);
    await context.close();
    // Keep the port free for nothing else; a new server could reuse it.
    void port;
    server = null;
  }

  // ---------------------------------------------------------------- 4: clean update
  {
    const site = join(work, 'update');
    await cp(dist, site, { recursive: true });
    const server = await startStaticServer({ mounts: [{ prefix: '/widgets/cramp/', root: site }], port: 0 });
    const url = `${server.origin}/widgets/cramp/`;
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const version = () => page.evaluate(() => document.querySelector('meta[name="cramp-check-version"]')?.content);
    const ready = () => page.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    await page.goto(url);
    await ready();
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      if (reg.active.state !== 'activated') await new Promise((ok) => reg.active.addEventListener('statechange', ok));
    });
    await page.reload();
    await ready();
    const v1 = await version();
    const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);

    // Deploy a new version: a change to index.html, then the post-build step again.
    const indexPath = join(site, 'index.html');
    await writeFile(indexPath, (await readFile(indexPath, 'utf8')).replace('</body>', '<!-- ship-check: v2 -->\n</body>'));
    const pb = spawnSync(process.execPath, [join(root, 'scripts/postbuild.mjs'), site], { encoding: 'utf8' });
    if (pb.status !== 0) throw new Error(`postbuild failed: ${pb.stderr}`);

    // Next load: the old version still shows; the new one installs and waits.
    await page.reload();
    await ready();
    const during = await version();
    // (Polled inside the page: waitForFunction would take the promise itself as true.)
    await page.evaluate(async () => {
      for (let i = 0; i < 200; i++) {
        const reg = await navigator.serviceWorker.getRegistration();
        if (reg && reg.waiting) return;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      throw new Error('no new version waiting after 20 s');
    });
    // The load after: the new version takes over before anything of the page is served.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-cramp-check-updated'), null, { timeout: 20000 }).catch(() => {});
    await ready();
    const v2 = await version();
    const marker = await page.evaluate(() => document.documentElement.outerHTML.includes('ship-check: v2'));
    await page.waitForTimeout(500);
    const signal = await page.evaluate(() => ({ attr: document.documentElement.getAttribute('data-cramp-check-updated'), events: window.__updated }));
    const caches = await page.evaluate(async () => (await self.caches.keys()).filter((k) => k.startsWith('cramp-check:')));
    const notice = await page.locator('[data-notice="updated"]').count();
    check('update: first load after a deploy still shows the old version (new one waits)', controlled && during === v1, `v1 ${v1}, shown ${during}`);
    check('update: the next load shows only the new version', v2 !== v1 && marker, `v2 ${v2}`);
    check('update: one cache left, the new version\'s', caches.length === 1 && caches[0].endsWith(`:${v2}`), caches.join(', '));
    check('update: the page got the "updated" signal (attribute + event)', signal.attr === 'true' && signal.events >= 1,
      `attr=${signal.attr}, events=${signal.events}, widget notice shown: ${notice > 0}`);
    await context.close();
    await server.close();
  }

  // ---------------------------------------------------------------- 5: embed
  {
    const s = await startExampleServers({ dist, hostPort: 0, widgetPort: 0 });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 800, height: 700 } });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(s.hostPage);
    const frames = page.locator('iframe.cramp-check-frame');
    await frames.nth(1).waitFor({ state: 'attached', timeout: 15000 });
    const srcs = await frames.evaluateAll((els) => els.map((e) => ({ src: e.src, title: e.title })));
    const p1 = new URL(srcs[0].src).searchParams;
    const p2 = new URL(srcs[1].src).searchParams;
    check('embed: iframe src is index.html beside embed.js, on the widget origin',
      srcs[0].src.startsWith(`${s.widget}index.html?`), srcs[0].src);
    check('embed: valid settings passed, unknown key ignored, parent_origin added',
      p1.get('lang') === 'en' && p1.get('brand') === '#0a5' && p1.get('station') === 'Riverside Community Clinic' &&
        p1.get('phone') === '120' && !p1.has('skip_intro') && !p1.has('unknown_setting') && !p1.has('unknown-setting') && p1.get('parent_origin') === s.host,
      [...p1].map(([k, v]) => `${k}=${v}`).join('&'));
    check('embed: invalid settings dropped (lang, colour, station, logo, phone)', [...p2.keys()].join(',') === 'parent_origin',
      `${[...p2.keys()].join(',')}; ${warnings.length} console warnings`);
    check('embed: iframe has a title', srcs.every((f) => f.title.length > 0), srcs.map((f) => f.title).join(' | '));

    const frameEl = frames.nth(0);
    const frame = await (await frameEl.elementHandle()).contentFrame();
    await frame.locator(VISIBLE_FIRST).first().waitFor({ state: 'visible', timeout: 30000 });
    const heightOf = () => frameEl.evaluate((e) => e.getBoundingClientRect().height);
    const contentOf = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await page.waitForFunction((el) => el.style.height !== '640px', await frameEl.elementHandle(), { timeout: 15000 }).catch(() => {});
    const h1 = await heightOf();
    const c1 = await contentOf();
    check('embed: iframe height follows the widget (intro)', Math.abs(h1 - c1) <= 2 && h1 !== 640, `iframe ${h1}px, content ${c1}px`);
    await frame.click('[data-action="start"]');
    await frame.locator('[data-question]').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    const h2 = await heightOf();
    const c2 = await contentOf();
    check('embed: iframe height follows the widget (next screen)', Math.abs(h2 - c2) <= 2 && h2 !== h1, `iframe ${h2}px, content ${c2}px`);
    // Forged messages: from the host page itself, and from the other widget frame's window.
    await page.evaluate(() => window.postMessage({ type: 'cramp-check:height', height: 77 }, '*'));
    await page.waitForTimeout(300);
    check('embed: a height message from another window is ignored', (await heightOf()) === h2);
    const cspHost = await page.evaluate(() => window.__csp);
    const cspFrame = await frame.evaluate(() => window.__csp);
    check('embed: no CSP violation on the host page or in the widget frame', cspHost.length === 0 && cspFrame.length === 0,
      [...cspHost, ...cspFrame].join(' | '));
    await context.close();
    await s.close();
  }

  // ---------------------------------------------------------------- 6: privacy scan
  {
    const r = spawnSync(process.execPath, [join(root, 'scripts/privacy-scan.mjs'), dist], { encoding: 'utf8' });
    check('privacy scan of the build', r.status === 0, r.stdout.trim().split('\n').pop());
  }
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `ship-check: ${failed} FAIL` : `ship-check: all ${results.length} PASS`);
process.exit(failed ? 1 : 0);
