#!/usr/bin/env node
// Entry point of the end-to-end suite (`make test-e2e`, or `node tests/e2e/run.mjs`
// from the repository root, after a build wrote dist/).
//
// Starts a static server for the build (127.0.0.1, ephemeral port; E2E_DIST
// overrides the folder), one headless Chromium for the whole run, and node's
// test runner over tests/e2e/*.test.mjs, one file at a time. The output is
// TAP and ends with node's `# pass N` / `# fail N` summary; the exit status is
// non-zero when any test fails.
//
//   node tests/e2e/run.mjs                      every test file, in Chromium
//   node tests/e2e/run.mjs journeys vignettes   only files whose name contains one of these
//   node tests/e2e/run.mjs --engine firefox     the core journeys (engines.test.mjs) in Firefox ESR
//   node tests/e2e/run.mjs --engine webkit      … in WebKitGTK (its own Xvfb display, stopped at the end)
//   E2E_DIST=/tmp/e2e-dist node tests/e2e/run.mjs
//   E2E_GREP='emergency' node tests/e2e/run.mjs  only tests whose name matches (--test-name-pattern)
//   E2E_NOW=2026-12-06T23:30:00+08:00 node tests/e2e/run.mjs   the pages' fixed clock (clock.mjs)
//   E2E_JOBS=1 node tests/e2e/run.mjs           one test file at a time (default: 2 in Chromium)

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
for (const pkg of ['playwright-core', '@axe-core/playwright', 'puppeteer-core']) {
  if (!existsSync(path.join(HERE, 'node_modules', pkg, 'package.json'))) {
    console.error(
      `e2e: ${pkg} is not installed in tests/e2e/node_modules.\n` +
        '  Install the test tools: `scripts/setup.sh test` (or `cd tests/e2e && npm ci`).',
    );
    process.exit(2);
  }
}
const { chromium } = await import('playwright-core');
const { DIST, LAUNCH_OPTIONS, REPO, startServer } = await import('./lib.mjs');

const argv = process.argv.slice(2);
let engine = 'chromium';
const at = argv.indexOf('--engine');
if (at >= 0) {
  engine = argv[at + 1];
  argv.splice(at, 2);
}
if (!['chromium', 'firefox', 'webkit'].includes(engine)) {
  console.error(`e2e: --engine ${engine}: one of chromium, firefox, webkit`);
  process.exit(2);
}
// Firefox and WebKit run the core journeys; Chromium every file.
const filters = engine === 'chromium' ? argv : ['engines.test.mjs'];
// The longest files first (measured here, in seconds of test time, after the
// vignettes went native): with two at a time, a long file started last would run
// on alone at the end (update.test.mjs, mostly waiting on service workers, did).
const LONGEST = ['diary', 'kit', 'update', 'speech', 'a11y', 'embed', 'result', 'firstscreens', 'hurried', 'offline', 'book', 'language', 'mobile', 'engines', 'journeys'];
const weight = (f) => {
  const i = LONGEST.findIndex((x) => f.startsWith(`${x}.`));
  return i < 0 ? LONGEST.length : i;
};
const files = readdirSync(HERE)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort((a, b) => weight(a) - weight(b) || (a < b ? -1 : 1))
  .map((f) => path.join(HERE, f));

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error(
    `e2e: no build in ${DIST} (index.html missing).\n` +
      '  Build it first: `trunk build --release --offline` (make test-e2e does), or set E2E_DIST.',
  );
  process.exit(2);
}
if (files.length === 0) {
  console.error(`e2e: no test file matches ${filters.join(', ')}`);
  process.exit(2);
}

// Fails early on a bad E2E_NOW / E2E_TZ.
const { CLOCK } = await import('./clock.mjs');
const server = await startServer(DIST);
// Chromium is shared by every file of a Chromium run; the other engines are
// started by engines.test.mjs itself (and stopped by it, with their display).
const browserServer = engine === 'chromium' ? await chromium.launchServer(LAUNCH_OPTIONS) : null;

// Two test files at a time by default (E2E_JOBS): a test spends much of its time
// waiting on the browser, so the two cores stay busy. Every test has its own
// browser context, so files do not share a page, storage or service worker.
const jobs = Number(process.env.E2E_JOBS || (engine === 'chromium' ? 2 : 1));
const args = [
  '--test',
  `--test-concurrency=${jobs}`,
  '--test-reporter=tap',
];
if (process.env.E2E_GREP) args.push(`--test-name-pattern=${process.env.E2E_GREP}`);
args.push(...files);

console.error(`e2e: ${engine}; serving ${DIST} at ${server.url}; clock ${CLOCK.iso} (${CLOCK.zone})`);
const env = { ...process.env, E2E_BASE_URL: server.url, E2E_ENGINE: engine };
if (browserServer) env.E2E_WS_ENDPOINT = browserServer.wsEndpoint();
// The runner gets a process group of its own: whatever a test started (a
// browser, WebKitWebDriver and its MiniBrowser, Xvfb) and did not stop is
// killed with the group at the end.
const child = spawn(process.execPath, args, { cwd: REPO, stdio: 'inherit', env, detached: true });
const sweep = () => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* nothing left */
  }
};
process.on('exit', sweep);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await browserServer?.close().catch(() => {});
  await server.close();
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    child.kill(sig);
  });
}

const code = await new Promise((resolve) => {
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
sweep();
await stop();
process.exit(code);
