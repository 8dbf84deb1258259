#!/usr/bin/env node
// `make test`'s stage "old engines": the core journeys (old-engines.test.mjs) in
// Chromium 74 and Chromium 83 (npm chrome-aws-lambda, unpacked by unpack.mjs) and in
// today's Chromium without WebAssembly, against the release build (dist/, or E2E_DIST).
// One process per engine, two at a time (OLD_ENGINES_JOBS), each in a process group of
// its own that is killed as a whole at the end, so no browser outlives the run. Any
// failure fails the run (exit status 1).
//
//   node tests/old-engines/run.mjs                        # all three
//   node tests/old-engines/run.mjs chromium-74            # one (or several) of them
//   E2E_NOW=2026-12-31T23:30:00+08:00 node tests/old-engines/run.mjs

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpack } from './unpack.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['chromium-74', 'chromium-83', 'chromium-nowasm'];
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!ALL.includes(w)) {
    console.error(`old-engines: no engine ${w} (one of ${ALL.join(', ')})`);
    process.exit(2);
  }
}
const engines = wanted.length ? wanted : ALL;
const JOBS = Math.max(1, Number(process.env.OLD_ENGINES_JOBS || 2));

// The binaries, unpacked once (idempotent; scripts/setup.sh test does it first).
for (const e of engines) if (e !== 'chromium-nowasm') unpack(e);

const children = new Set();
function runOne(engine) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', path.join(HERE, 'old-engines.test.mjs')], {
      env: { ...process.env, OLD_ENGINE: engine },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code, signal) => {
      children.delete(child);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group has already gone
      }
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      process.stdout.write(`\n=== ${engine}: ${code === 0 ? 'pass' : `FAIL (${signal ?? `exit ${code}`})`} in ${secs} s\n${out}`);
      resolve(code === 0);
    });
  });
}
const stop = () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stop();
  process.exit(143);
});

const queue = [...engines];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(JOBS, queue.length) }, async () => {
    while (queue.length) {
      const e = queue.shift();
      results.push([e, await runOne(e)]);
    }
  }),
);
const failed = results.filter(([, ok]) => !ok).map(([e]) => e);
console.log(failed.length ? `\nold engines: FAIL in ${failed.join(', ')}` : `\nold engines: every journey passed in ${engines.join(', ')}`);
process.exit(failed.length ? 1 : 0);
