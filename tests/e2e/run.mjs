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
//   node tests/e2e/run.mjs                      every test file
//   node tests/e2e/run.mjs journeys vignettes   only files whose name contains one of these
//   E2E_DIST=/tmp/e2e-dist node tests/e2e/run.mjs
//   E2E_GREP='emergency' node tests/e2e/run.mjs  only tests whose name matches (--test-name-pattern)

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
for (const pkg of ['playwright-core', '@axe-core/playwright']) {
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

const filters = process.argv.slice(2);
const files = readdirSync(HERE)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
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

const server = await startServer(DIST);
const browserServer = await chromium.launchServer(LAUNCH_OPTIONS);

const args = [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=tap',
];
if (process.env.E2E_GREP) args.push(`--test-name-pattern=${process.env.E2E_GREP}`);
args.push(...files);

console.error(`e2e: serving ${DIST} at ${server.url}; chromium ${browserServer.process().pid}`);
const child = spawn(process.execPath, args, {
  cwd: REPO,
  stdio: 'inherit',
  env: { ...process.env, E2E_BASE_URL: server.url, E2E_WS_ENDPOINT: browserServer.wsEndpoint() },
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await browserServer.close().catch(() => {});
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
await stop();
process.exit(code);
