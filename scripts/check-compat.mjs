#!/usr/bin/env node
// Checks that a build runs on the oldest engines `make test` runs it in (Chromium 74,
// tests/old-engines/), and on 2019-era engines like it (old Android WebViews, in-app
// browsers):
//
//   1. every wasm file validates as the WebAssembly MVP plus mutable globals, with
//      wabt's `wasm-validate` and every later feature switched off (reference types,
//      bulk memory, sign extension, saturating float-to-int, multi-value);
//   2. no wasm function that JavaScript calls or that calls JavaScript (an import or
//      an export) has an i64 in its signature (wabt's `wasm-objdump -x`): engines
//      before BigInt integration (Chromium < 85) throw a TypeError on such a call;
//   3. every JavaScript file the site ships, and every inline <script> of its HTML
//      pages, parses at the level Chromium 74 parses: ES2019, plus dynamic import()
//      and import.meta (Chromium 63 and 64) in module scripts. acorn parses it as
//      ES2020 (no top-level await, no class fields, no `??=`, no private methods…),
//      then any optional chaining `?.` or nullish coalescing `??` fails it (Chromium
//      80); module scripts as modules;
//   4. the shipped CSP (the <meta> of index.html, csp.txt, _headers): its script-src
//      allows no 'unsafe-eval', 'unsafe-inline', 'strict-dynamic', data:, blob: or
//      other origin, and all three agree. Where it allows wasm only by
//      'wasm-unsafe-eval' (which Chromium < 97 does not know, drops, and then refuses
//      to compile any wasm), the build must carry the JavaScript build of the wasm
//      (cramp-check-wasm2js-<hash>.js), named by index.html's loader, allowed by
//      script-src ('self', same folder), and needing neither eval nor Function.
//
// Each check is first run on a small bad input of its own (an i64 export, `?.`, `??`,
// a class field, an 'unsafe-eval' policy, a policy with no JavaScript build) and must
// fail there, so a check that cannot fail is noticed.
//
// Usage: node scripts/check-compat.mjs [dist]   (exit 1 on any failure; `make test` runs it)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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
const OLDEST = 'Chromium 74';

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
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) {
    console.error(`check-compat: cannot run ${cmd} (Debian package wabt): ${r.error.message}`);
    process.exit(2);
  }
  return r;
};

// ---------------------------------------------------------------- the checks
const MVP_FLAGS = [
  '--disable-reference-types',
  '--disable-bulk-memory',
  '--disable-sign-extension',
  '--disable-saturating-float-to-int',
  '--disable-multi-value',
];

/** The imported and exported functions with an i64 in their signature ("import wbg.x (i32, i64) -> nil"). */
function i64AtBoundary(wasmPath) {
  const r = run('wasm-objdump', ['-x', wasmPath]);
  if (r.status !== 0) throw new Error(`wasm-objdump failed: ${r.stderr}`);
  const types = new Map(); // type index → signature text
  const funcSig = new Map(); // func index → type index
  const found = [];
  let section = '';
  for (const line of r.stdout.split('\n')) {
    const head = /^(\w+)\[\d+\]:$/.exec(line);
    if (head) {
      section = head[1];
      continue;
    }
    let m;
    if (section === 'Type' && (m = /^ - type\[(\d+)\] (.*)$/.exec(line))) types.set(m[1], m[2]);
    else if (section === 'Import' && (m = /^ - func\[(\d+)\] sig=(\d+) <([^>]*)>/.exec(line))) {
      funcSig.set(m[1], m[2]);
      if (/\bi64\b/.test(types.get(m[2]) ?? '')) found.push(`import ${m[3]} ${types.get(m[2])}`);
    } else if (section === 'Function' && (m = /^ - func\[(\d+)\] sig=(\d+)/.exec(line))) funcSig.set(m[1], m[2]);
    else if (section === 'Export' && (m = /^ - func\[(\d+)\] (?:<[^>]*> )?-> "([^"]*)"/.exec(line))) {
      const sig = types.get(funcSig.get(m[1]));
      if (sig === undefined) throw new Error(`export ${m[2]}: no signature found for func[${m[1]}]`);
      if (/\bi64\b/.test(sig)) found.push(`export ${m[2]} ${sig}`);
    }
  }
  if (types.size === 0) throw new Error('wasm-objdump listed no types');
  return found;
}

/** Syntax that parses as ES2020 but not in Chromium 74: optional chaining, `??`. */
function newerThanOldest(code, sourceType) {
  const ast = acorn.parse(code, { ecmaVersion: 2020, sourceType, allowHashBang: true, locations: true });
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'ChainExpression') found.push(`optional chaining ?. at line ${node.loc.start.line}`);
    if (node.type === 'LogicalExpression' && node.operator === '??') found.push(`?? at line ${node.loc.start.line}`);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && v && typeof v === 'object') visit(v);
  };
  visit(ast);
  return found;
}
/** Empty when `code` parses in the oldest engine; else why not. */
function syntaxProblems(code, sourceType) {
  try {
    return newerThanOldest(code, sourceType);
  } catch (e) {
    return [`does not parse as ES2020: ${e.message}`];
  }
}

/** Parses a CSP into a Map directive → [sources]. */
function parsePolicy(text) {
  const out = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
/**
 * Problems of a policy for the oldest engine: `policy` the <meta> policy, `header` csp.txt's
 * (null: not checked), `loader` the inline module scripts' text, `fallback` the name and
 * text of the JavaScript build of the wasm (null if none).
 */
function cspProblems({ policy, header, headers, loader, fallback }) {
  const problems = [];
  const p = parsePolicy(policy);
  const script = p.get('script-src') ?? p.get('default-src');
  if (!script) return ['no script-src or default-src'];
  for (const s of script) {
    const l = s.toLowerCase();
    if (["'unsafe-eval'", "'unsafe-inline'", "'strict-dynamic'", "'unsafe-hashes'"].includes(l)) problems.push(`script-src allows ${s}`);
    else if (l === '*' || /^(data|blob|https?|filesystem):?$/.test(l) || /^(https?:)?\/\/|^[\w*.-]+\.[a-z]{2,}/.test(l)) problems.push(`script-src allows ${s} (another origin or a URL scheme)`);
  }
  if (header !== null) {
    const h = parsePolicy(header);
    h.delete('frame-ancestors');
    const same = [...p.keys(), ...h.keys()].every((k) => (p.get(k) ?? []).join(' ') === (h.get(k) ?? []).join(' '));
    if (!same) problems.push('csp.txt (less frame-ancestors) differs from the <meta> policy');
  }
  if (headers !== null && !headers.includes(`Content-Security-Policy: ${header?.trim()}`)) problems.push('_headers does not carry csp.txt');
  const wasmByWue = script.includes("'wasm-unsafe-eval'") && !script.includes("'unsafe-eval'");
  if (wasmByWue) {
    const why = `script-src allows wasm only by 'wasm-unsafe-eval', which ${OLDEST} drops, and then refuses to compile wasm`;
    if (!fallback) problems.push(`${why}: and the build has no JavaScript build of the wasm (cramp-check-wasm2js-<hash>.js)`);
    else {
      if (!script.includes("'self'")) problems.push(`${why}: and script-src has no 'self' for its JavaScript build ${fallback.name}`);
      if (!loader.includes(`./${fallback.name}`)) problems.push(`${why}: and index.html's loader does not name its JavaScript build ${fallback.name}`);
      if (/\beval\s*\(|\bnew\s+Function\b|(?<![\w$.])Function\s*\(/.test(fallback.text)) problems.push(`${fallback.name} needs eval or Function, which script-src forbids`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- self-test: each check fails on a bad input
{
  const tmp = mkdtempSync(join(tmpdir(), 'check-compat-'));
  try {
    const wat = join(tmp, 'bad.wat');
    writeFileSync(wat, '(module (import "wbg" "a" (func (param i32 i64))) (func (export "f") (param i32) (result i64) i64.const 1) (func (export "g") (param i32) (result i32) local.get 0))');
    const r = run('wat2wasm', [wat, '-o', join(tmp, 'bad.wasm')]);
    if (r.status !== 0) throw new Error(`wat2wasm failed: ${r.stderr}`);
    const found = i64AtBoundary(join(tmp, 'bad.wasm'));
    report(found.length === 2 && found[0].startsWith('import wbg.a') && found[1].startsWith('export f'), 'self-test: the i64 check finds an i64 import and export (and not the i32 one)', found.join('; '));
    const mvp = run('wasm-validate', [...MVP_FLAGS, join(tmp, 'bad.wasm')]);
    writeFileSync(wat, '(module (func (param i32) (result i32) local.get 0 i32.extend8_s))');
    run('wat2wasm', ['--enable-sign-extension', wat, '-o', join(tmp, 'signext.wasm')]);
    const signext = run('wasm-validate', [...MVP_FLAGS, join(tmp, 'signext.wasm')]);
    report(mvp.status === 0 && signext.status !== 0, 'self-test: the MVP check passes an MVP wasm and fails one with sign extension');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const bad = [
    ['a?.b', 'script'],
    ['a ?? b', 'script'],
    ['class A { x = 1 }', 'script'],
    ['await 1;', 'module'],
  ];
  const caught = bad.filter(([code, type]) => syntaxProblems(code, type).length > 0).length;
  const good = syntaxProblems("import('./x.js').then(function (m) { return import.meta.url + m; }); let a = {...b}; try {} catch {}", 'module');
  report(caught === bad.length && good.length === 0, `self-test: the syntax check fails ?. ?? a class field and top-level await, and passes what ${OLDEST} parses`, `${caught} of ${bad.length} caught; ${good.join('; ')}`);
  const strict = "default-src 'self'; script-src 'self' 'sha256-x' 'wasm-unsafe-eval'";
  const fb = { name: 'cramp-check-wasm2js-0123456789abcdef.js', text: 'var x=1;' };
  const loader = "import('./cramp-check-wasm2js-0123456789abcdef.js')";
  const cases = [
    [{ policy: "default-src 'self'; script-src 'self' 'unsafe-eval'" }, true, "'unsafe-eval'"],
    [{ policy: "script-src 'self' https://cdn.example" }, true, 'another origin'],
    [{ policy: strict, fallback: null }, true, 'no JavaScript build'],
    [{ policy: strict, fallback: { ...fb, text: 'eval("1")' } }, true, 'a JavaScript build that needs eval'],
    [{ policy: strict, loader: 'import("./x.js")' }, true, 'a loader that does not name it'],
    [{ policy: strict, header: `${strict}; frame-ancestors 'self'; connect-src *` }, true, 'csp.txt unlike the <meta>'],
    [{ policy: strict, header: `${strict}; frame-ancestors 'self'` }, false, 'the strict policy with its JavaScript build'],
  ];
  const wrong = cases.filter(([c, shouldFail]) => (cspProblems({ header: null, headers: null, loader, fallback: fb, ...c }).length > 0) !== shouldFail);
  report(wrong.length === 0, "self-test: the CSP check fails 'unsafe-eval', another origin, no or a bad JavaScript build, csp.txt unlike the <meta>, and passes the strict policy", wrong.map((w) => w[2]).join('; '));
}

// ---------------------------------------------------------------- wasm
const wasms = files.filter((f) => f.endsWith('.wasm'));
report(wasms.length > 0, 'the build has a wasm file');
for (const f of wasms) {
  const r = run('wasm-validate', [...MVP_FLAGS, f]);
  report(r.status === 0, `${relative(dist, f)} is MVP + mutable globals`, (r.stderr || '').split('\n').slice(0, 3).join(' '));
  const i64 = i64AtBoundary(f);
  report(i64.length === 0, `${relative(dist, f)} has no i64 in an imported or exported function's signature`, i64.slice(0, 5).join('; '));
}

// ---------------------------------------------------------------- JavaScript
const check = (what, code, sourceType) => {
  const problems = syntaxProblems(code, sourceType);
  report(problems.length === 0, `${what} parses in ${OLDEST} (ES2019 + import(), ${sourceType})`, problems.slice(0, 5).join('; '));
};
// A module: the widget's glue and the JavaScript build of its wasm (index.html imports
// them; minified, their `export` is not at the start of a line), or a file with an import
// or export statement of its own.
const isModule = (code, file) => /^cramp-check-(wasm2js-)?[0-9a-f]+\.js$/.test(file.split('/').pop()) || /^\s*(?:import|export)\b/m.test(code);
for (const f of files.filter((f) => /\.m?js$/.test(f))) {
  const code = readFileSync(f, 'utf8');
  check(relative(dist, f), code, isModule(code, f) ? 'module' : 'script');
}
const inlineModules = [];
for (const f of files.filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(f, 'utf8');
  let n = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attrs, body] = m;
    if (/\bsrc\s*=/i.test(attrs) || !body.trim() || /type\s*=\s*["']?application\/(?:ld\+)?json/i.test(attrs)) continue;
    n++;
    const module = /type\s*=\s*["']?module/i.test(attrs);
    if (module && relative(dist, f) === 'index.html') inlineModules.push(body);
    check(`${relative(dist, f)} inline script ${n}`, body, module ? 'module' : 'script');
  }
}

// ---------------------------------------------------------------- the shipped CSP
{
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="?Content-Security-Policy"? content="([^"]*)"/i.exec(html);
  const read = (name) => {
    try {
      return readFileSync(join(dist, name), 'utf8');
    } catch {
      return null;
    }
  };
  const header = read('csp.txt');
  const headers = read('_headers');
  const fallbackPath = files.find((f) => /(^|\/)cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(f));
  report(Boolean(meta && header && headers), 'the build ships its CSP (index.html <meta>, csp.txt, _headers)');
  if (meta && header && headers) {
    const problems = cspProblems({
      policy: meta[1],
      header,
      headers,
      loader: inlineModules.join('\n'),
      fallback: fallbackPath ? { name: relative(dist, fallbackPath), text: readFileSync(fallbackPath, 'utf8') } : null,
    });
    report(problems.length === 0, `the CSP keeps scripts strict and lets ${OLDEST} run the widget${fallbackPath ? ` (its JavaScript build ${relative(dist, fallbackPath)})` : ''}`, problems.join('; '));
  }
}

console.log(failed ? `check-compat: ${failed} problem(s)` : `check-compat: PASS (MVP wasm without i64 at its boundary, JavaScript that ${OLDEST} parses, a strict CSP ${OLDEST} can run the widget under)`);
process.exit(failed ? 1 : 0);
