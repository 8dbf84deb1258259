#!/usr/bin/env node
// Checks that a build runs on 2019-era engines (old Android WebViews, in-app browsers):
//
//   1. every wasm file validates as the WebAssembly MVP plus mutable globals, with
//      wabt's `wasm-validate` and every later feature switched off (reference types,
//      bulk memory, sign extension, saturating float-to-int, multi-value);
//   2. every JavaScript file the site ships, and every inline <script> of its HTML
//      pages, parses as ES2020 (acorn with ecmaVersion 2020: no top-level await,
//      no class fields, no `??=`, no private methods…); module scripts as modules.
//
// Usage: node scripts/check-compat.mjs [dist]   (exit 1 on any failure; `make test` runs it)

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = resolve(process.argv[2] ?? join(repo, 'dist'));
const require = createRequire(join(repo, 'tests', 'e2e', 'package.json'));
let acorn;
try {
  acorn = require('acorn');
} catch {
  console.error('check-compat: acorn is not installed in tests/e2e/node_modules (scripts/setup.sh test installs it).');
  process.exit(2);
}

const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    if (name.startsWith('.')) continue;
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(dist);

let failed = 0;
const report = (ok, what, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
};

// ---------------------------------------------------------------- wasm
const MVP_FLAGS = [
  '--disable-reference-types',
  '--disable-bulk-memory',
  '--disable-sign-extension',
  '--disable-saturating-float-to-int',
  '--disable-multi-value',
];
const wasms = files.filter((f) => f.endsWith('.wasm'));
report(wasms.length > 0, 'the build has a wasm file');
for (const f of wasms) {
  const r = spawnSync('wasm-validate', [...MVP_FLAGS, f], { encoding: 'utf8' });
  if (r.error) {
    console.error(`check-compat: cannot run wasm-validate (Debian package wabt): ${r.error.message}`);
    process.exit(2);
  }
  report(r.status === 0, `${relative(dist, f)} is MVP + mutable globals`, (r.stderr || '').split('\n').slice(0, 3).join(' '));
}

// ---------------------------------------------------------------- JavaScript
const parse = (code, sourceType) => acorn.parse(code, { ecmaVersion: 2020, sourceType, allowHashBang: true });
const check = (what, code, sourceType) => {
  try {
    parse(code, sourceType);
    report(true, `${what} parses as ES2020 (${sourceType})`);
  } catch (e) {
    report(false, `${what} parses as ES2020 (${sourceType})`, e.message);
  }
};
// A module: the widget's glue (index.html imports it; minified, its `export` is not at
// the start of a line), or a file with an import or export statement of its own.
const isModule = (code, file) => /^cramp-check-[0-9a-f]+\.js$/.test(file.split('/').pop()) || /^\s*(?:import|export)\b/m.test(code);
for (const f of files.filter((f) => /\.m?js$/.test(f))) {
  const code = readFileSync(f, 'utf8');
  check(relative(dist, f), code, isModule(code, f) ? 'module' : 'script');
}
for (const f of files.filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(f, 'utf8');
  let n = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attrs, body] = m;
    if (/\bsrc\s*=/i.test(attrs) || !body.trim() || /type\s*=\s*["']?application\/(?:ld\+)?json/i.test(attrs)) continue;
    n++;
    check(`${relative(dist, f)} inline script ${n}`, body, /type\s*=\s*["']?module/i.test(attrs) ? 'module' : 'script');
  }
}

console.log(failed ? `check-compat: ${failed} problem(s)` : 'check-compat: PASS (MVP wasm, ES2020 JavaScript)');
process.exit(failed ? 1 : 0);
