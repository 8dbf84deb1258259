#!/usr/bin/env node
// Trunk post_build hook: finishes dist/ for static hosting.
//
//   1. Content-Security-Policy: hashes every inline <script> (and <style>) of
//      index.html and writes the policy into a <meta http-equiv> tag (first thing in
//      <head>, after <meta charset>), into `csp.txt` (the full header value, with
//      frame-ancestors, which a <meta> cannot carry) and into `_headers`
//      (Netlify / Cloudflare Pages format: CSP, nosniff, referrer policy, and
//      Cache-Control per file: hashed names for a year, everything else no-cache).
//   2. `<meta name="cramp-check-version">`: the build's version, a hash of the
//      contents of every file of the build (the page compares it with the last
//      version it saw to show an "updated" notice).
//   3. `sw.js`: the service worker, with the exact list of the build's files (and
//      their SRI hashes) and that version, generated from the folder, never by hand.
//   0. Before all that, the page itself: the shipped JavaScript minified (terser from
//      .tools/, scripts/setup.sh: the wasm-bindgen glue, which Trunk's own minifier
//      cannot parse, and boot.js and sw-register.js below); the prerendered first screens (introduction
//      and emergency screen in both languages, from the question files, written by the
//      core's `prerender` binary, which also writes fhir/questionnaire.*.json) go into
//      <main id="app">; scripts/boot.js goes inline at the top of <head>, with what it
//      must know of the core written in (the `boot-constants` binary), and
//      scripts/sw-register.js inline at the end of the page; and Trunk's
//      loader is rewritten without top-level `await` (ES2020, for 2019-era browsers)
//      and so that a failed start is announced ("cramp-check:failed", see boot.js); and
//      the widget's script and wasm are fetched only after the first paint (no preload
//      links: the prerendered screen gets the connection to itself first), the wasm
//      compiled ahead of the first interaction on a first visit (see finishPage).
//
// Usage: run by Trunk (Trunk.toml [[hooks]] stage = "post_build") in $TRUNK_STAGING_DIR,
// or by hand on a built folder: `node scripts/postbuild.mjs dist/`. Running it twice on
// the same folder gives the same result (it replaces what it added before).
//
// Settings (environment, all optional):
//   CRAMP_FRAME_ANCESTORS  who may frame the widget, for csp.txt and _headers
//                          (default: 'self'; e.g. "'self' https://hospital.example")
//   CRAMP_BASE_PATH        the folder the site is served from, for _headers paths
//                          (default: /; e.g. /widgets/cramp/)
//   CRAMP_IMG_SRC          extra img-src sources, e.g. the origin of a host's logo
//                          (default: none; the policy allows 'self' data:)

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild: no folder: pass it as an argument or run as a Trunk hook ($TRUNK_STAGING_DIR).');
  process.exit(2);
}
const frameAncestors = (process.env.CRAMP_FRAME_ANCESTORS ?? "'self'").trim() || "'self'";
let basePath = (process.env.CRAMP_BASE_PATH ?? '/').trim() || '/';
if (!basePath.startsWith('/')) basePath = `/${basePath}`;
if (!basePath.endsWith('/')) basePath += '/';
const extraImg = (process.env.CRAMP_IMG_SRC ?? '').trim();
for (const [name, value] of [['CRAMP_FRAME_ANCESTORS', frameAncestors], ['CRAMP_IMG_SRC', extraImg], ['CRAMP_BASE_PATH', basePath]]) {
  if (/[;,\r\n"<>]/.test(value)) {
    console.error(`postbuild: ${name} must not contain ; , " < > or line breaks: ${JSON.stringify(value)}`);
    process.exit(2);
  }
}

// Files this script writes, which are not part of the app itself (never precached).
const GENERATED = new Set(['sw.js', '_headers', 'csp.txt']);
// Pages for the people who set the widget up, not part of the widget: the station kit
// (static/embed*.{html,js,css}) and the clinicians' content book (make content-book).
// Served like the rest (listed in _headers) but never precached, and not part of the
// build's version: a change to them is no update of the widget.
const NOT_APP = new Set(['embed.html', 'embed-kit.js', 'embed-kit.css', 'content-book.html', 'content-book.css']);
const hashB64 = (alg, data) => createHash(alg).update(data).digest('base64');

// ---------------------------------------------------------------- index.html, CSP
const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');
// Idempotent: drop what an earlier run added.
html = html.replace(/[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?/gi, '');
html = html.replace(/[ \t]*<meta name="cramp-check-version"[^>]*>\n?/gi, '');

// ---------------------------------------------------------------- minified JavaScript
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const terserPath = join(repo, '.tools', 'npm', 'node_modules', 'terser', 'main.js');
let terser;
try {
  terser = await import(pathToFileURL(terserPath).href);
} catch (e) {
  fail(`terser is not installed in .tools/ (${terserPath}): run \`scripts/setup.sh build\`.\n${e.message}`);
}
// A minified file starts with this comment, so a second run leaves it as it is.
const MINIFIED = '/*min*/';
async function minify(code, what, { module = false, ecma = 2020 } = {}) {
  if (code.startsWith(MINIFIED)) return code;
  try {
    const out = await terser.minify(code, {
      module,
      ecma,
      compress: { passes: 2 },
      // The privacy scan recognises wasm-bindgen's one fetch (of the wasm) by this name.
      mangle: { reserved: ['module_or_path'] },
      format: { comments: false, preamble: MINIFIED },
    });
    return out.code;
  } catch (e) {
    fail(`minifying ${what} failed: ${e.message}`);
  }
}
const glueName = (await readdir(dir)).find((f) => /^cramp-check-[0-9a-f]+\.js$/.test(f));
if (!glueName) fail(`no wasm-bindgen glue (cramp-check-<hash>.js) in ${dir}.`);
{
  const path = join(dir, glueName);
  await writeFile(path, await minify(withJsEntry(await readFile(path, 'utf8')), glueName, { module: true, ecma: 2019 }));
}

// ---------------------------------------------------------------- the JavaScript build
// Where the wasm cannot run, the same wasm as JavaScript (binaryen's wasm2js, from
// .tools/, scripts/setup.sh). Two kinds of browser need it: those older than Chrome 97 /
// Safari 16 / Firefox 102, which do not know the CSP's 'wasm-unsafe-eval', drop it and
// then refuse to compile any wasm (CompileError "… disallowed by embedder"), and those
// without WebAssembly at all (iOS Lockdown Mode, some in-app browsers). It is plain
// JavaScript, allowed by script-src 'self' like the glue: the policy stays as it is, no
// 'unsafe-eval'. The loader (below) imports it only after the wasm failed to compile or
// where there is no WebAssembly: a browser that runs the wasm never downloads it, and
// sw.js precaches it only for a browser that used it before (scripts/sw-template.js).
//
//   cramp-check-wasm2js-<hash of its content>.js: `export default asmFunc`, the function
//   wasm2js makes of the module: given the glue's imports object ({wbg: {…}}), it returns
//   the wasm's exports (its functions, `memory` with `buffer` and `grow`, the function
//   table with get/set/grow). The glue gets an entry of its own for it, `__cc_init_js`
//   (withJsEntry), which does what its `initSync` does, with those exports for an
//   instance's.
// Two changes to wasm2js's output, so that it behaves as the wasm does for the glue:
//   - memory.grow detaches the old buffer, as WebAssembly does: the glue notices a grown
//     memory by its cached views' byteLength dropping to 0, and would otherwise go on
//     reading the old, too small copy;
//   - a trap (Rust's abort, `unreachable`) throws an error named RuntimeError with the
//     message "unreachable", as the wasm's does, so boot.js shows the crash message.
// Its first comment names the wasm it was made from by its sha256: a later run keeps the
// file if the wasm is the same, even renamed (wasm2js and terser take a while on 1.8 MB),
// and the privacy scan checks that it belongs to the wasm it scanned.
const FALLBACK_RE = /^cramp-check-wasm2js-[0-9a-f]{16}\.js$/;
const wasmName = (await readdir(dir)).find((f) => /^cramp-check-[0-9a-f]+_bg\.wasm$/.test(f));
if (!wasmName) fail(`no wasm (cramp-check-<hash>_bg.wasm) in ${dir}.`);
// `trunk serve` (a debug build, below): no JavaScript build, the debug wasm is large.
const devServer = html.includes('{{__TRUNK_ADDRESS__}}') || html.includes('{{__TRUNK_WS_BASE__}}');
const fallbackName = devServer ? null : await buildFallback();

function withJsEntry(glue) {
  if (glue.startsWith(MINIFIED) || glue.includes('__cc_init_js')) return glue;
  for (const name of ['__wbg_get_imports', '__wbg_finalize_init']) {
    if (!new RegExp(`function ${name}\\(`).test(glue)) fail(`the wasm-bindgen glue has no ${name}(): the JavaScript build cannot be attached to it.`);
  }
  const memory = /function __wbg_init_memory\(/.test(glue) ? '  __wbg_init_memory(imports);\n' : '';
  return `${glue}
// The JavaScript build of the wasm (scripts/postbuild.mjs): \`build\` is its asmFunc.
export function __cc_init_js(build) {
  if (wasm !== undefined) return wasm;
  const imports = __wbg_get_imports();
${memory}  return __wbg_finalize_init({ exports: build(imports) }, undefined);
}
`;
}

async function buildFallback() {
  const wasmPath = join(dir, wasmName);
  const wasmHash = hashB64('sha256', await readFile(wasmPath));
  const mark = `/*wasm2js sha256-${wasmHash}*/`;
  const old = (await readdir(dir)).filter((f) => FALLBACK_RE.test(f));
  for (const f of old) {
    const text = await readFile(join(dir, f), 'utf8');
    if (text.startsWith(`${MINIFIED}${mark}`) && old.length === 1) return f;
  }
  for (const f of old) await rm(join(dir, f));
  const wasm2js = join(repo, '.tools', 'npm', 'node_modules', '.bin', 'wasm2js');
  const out = join(dir, '.wasm2js.js');
  const r = spawnSync(wasm2js, [wasmPath, '-O2', '-o', out], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error || r.status !== 0) fail(`wasm2js failed (${wasm2js}; scripts/setup.sh build installs it with binaryen):\n${r.error?.message ?? r.stderr}`);
  let js = await readFile(out, 'utf8');
  await rm(out);
  const patch = (re, by, what) => {
    if (!re.test(js)) fail(`wasm2js's output has changed: no ${what} (${re}).`);
    js = js.replace(re, by);
  };
  // An ES module importing its imports by name; asmFunc takes them as an argument instead.
  patch(/^import \* as [\w$]+ from '[^']*';\n/gm, '', 'import lines');
  patch(/\nvar retasmFunc = asmFunc\([\s\S]*$/, '\nexport default asmFunc;\n', 'retasmFunc');
  patch(/function wasm2js_trap\(\) \{ throw new Error\('abort'\); \}/,
    "function wasm2js_trap() { var e = new Error('unreachable'); e.name = 'RuntimeError'; throw e; }", 'wasm2js_trap');
  patch(/(\n\s*)buffer = newBuffer;/,
    '$1try { var channel = new MessageChannel(); channel.port1.postMessage(buffer, [buffer]); channel.port1.close(); channel.port2.close(); } catch (e) {}$1buffer = newBuffer;',
    'the memory grow');
  if (/\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/.test(js)) fail("wasm2js's output needs eval or Function: the CSP would block it.");
  let min;
  try {
    min = (await terser.minify(js, {
      module: true,
      ecma: 2019,
      compress: { passes: 1 },
      format: { comments: false, preamble: `${MINIFIED}${mark}` },
    })).code;
  } catch (e) {
    fail(`minifying the JavaScript build failed: ${e.message}`);
  }
  const name = `cramp-check-wasm2js-${createHash('sha256').update(min).digest('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, name), min);
  return name;
}

// ---------------------------------------------------------------- the language files
// The release wasm has no words compiled in (crates/cramp-core/src/content/texts.rs): each
// language is a script of its own, cramp-texts-<lang>-<hash of its content>.js, which the
// loader below adds to the page for the page's language before the widget starts, and
// for the other language when the person switches (sw.js precaches both). Written by
// the core's `language-files` binary from the same text table as the wasm's markers.
const TEXTS_RE = /^cramp-texts-(zh-CN|en)-[0-9a-f]{16}\.js$/;
const textFiles = await writeLanguageFiles();

async function writeLanguageFiles() {
  // Run again on a finished folder (make content-book, or a test's copy of the build):
  // its page names the language files it has, so those stay as they are.
  const have = {};
  for (const f of await readdir(dir)) {
    const m = TEXTS_RE.exec(f);
    if (m) have[m[1]] = `./${f}`;
  }
  if (have['zh-CN'] && have.en && !/import init, \* as bindings from/.test(html)) return have;
  const r = runCore('language-files', [dir]);
  if (r.status !== 0) fail(`the language files could not be written (cargo run -p cramp-core --bin language-files):\n${r.stderr}`);
  const names = {};
  const keep = new Set();
  for (const tag of ['zh-CN', 'en']) {
    const raw = join(dir, `texts.${tag}.js`);
    const data = await readFile(raw);
    await rm(raw);
    const name = `cramp-texts-${tag}-${createHash('sha256').update(data).digest('hex').slice(0, 16)}.js`;
    await writeFile(join(dir, name), data);
    names[tag] = `./${name}`;
    keep.add(name);
  }
  for (const f of await readdir(dir)) if (TEXTS_RE.test(f) && !keep.has(f)) await rm(join(dir, f));
  return names;
}

// A native build: none of the release wasm build's settings (see the Makefile).
function nativeEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k === 'RUSTC_BOOTSTRAP' || k.startsWith('CARGO_UNSTABLE_') || k.startsWith('CARGO_TARGET_WASM32')) delete env[k];
  }
  return env;
}

// ---------------------------------------------------------------- the page itself
html = await finishPage(html);

// Runs one of the core's native binaries (`cargo run -p cramp-core --bin <bin>`):
// a native build, none of the release wasm build's settings (nativeEnv).
function runCore(bin, args) {
  const env = nativeEnv();
  return spawnSync('cargo', ['run', '--quiet', '--offline', '-p', 'cramp-core', '--bin', bin, '--', ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    env,
  });
}

async function finishPage(page) {
  // The prerendered first screens (also writes dir/fhir/questionnaire.*.json).
  const pre = runCore('prerender', [dir]);
  if (pre.status !== 0 || !pre.stdout.includes('cc-pre')) {
    fail(`the prerender step failed (cargo run -p cramp-core --bin prerender):\n${pre.stderr}`);
  }
  const [screens, crash] = pre.stdout.split('\n<!-- crash -->\n');
  if (!crash) fail('the prerender step wrote no crash message template.');
  page = page.replace(/<template id="?cc-crash"?>[\s\S]*?<\/template>/, '');
  const main = /(<main\b[^>]*\bid=("?)app\2[^>]*>)[\s\S]*?(<\/main>)/i;
  if (!main.test(page)) fail('index.html has no <main id="app"> for the prerendered screens.');
  page = page.replace(main, (_, open, _q, close) => `${open}${screens}${close}${crash}`);
  // boot.js, inline and first in <head>: it must run before the first paint.
  // Its comments stay in scripts/boot.js: the page carries only the code.
  // What it must know of the core (language rule, storage keys, emergency number,
  // hooks) is written in from the core, in place of `__CC_CONSTANTS__`.
  const constants = runCore('boot-constants', []);
  if (constants.status !== 0 || !constants.stdout.startsWith('{')) {
    fail(`the boot-constants step failed (cargo run -p cramp-core --bin boot-constants):\n${constants.stderr}`);
  }
  const bootSource = await readFile(join(repo, 'scripts', 'boot.js'), 'utf8');
  if (bootSource.split('__CC_CONSTANTS__').length !== 2) fail('scripts/boot.js must say `__CC_CONSTANTS__` exactly once (where the core\'s constants go).');
  const boot = await minify(bootSource.replace('__CC_CONSTANTS__', () => constants.stdout.trim()), 'scripts/boot.js', { ecma: 5 });
  page = page.replace(/<script>\/\*min\*\/[\s\S]*?<\/script>/, '');
  // Right after <meta charset> (the minified page has no <head> tag); the CSP
  // <meta> added below goes before it.
  const charsetTag = page.match(/<meta\s+charset[^>]*>/i);
  if (!charsetTag) fail('index.html has no <meta charset>.');
  const at = charsetTag.index + charsetTag[0].length;
  page = `${page.slice(0, at)}<script>${boot}</script>${page.slice(at)}`;
  // sw-register.js, inline at the end of the page: as a file of its own it held up
  // the load event, which is when a browser shows the screen a link points to
  // (#cc-emergency), by one more request on a slow connection.
  const register = await minify(await readFile(join(repo, 'scripts', 'sw-register.js'), 'utf8'), 'scripts/sw-register.js', { ecma: 5 });
  page = page.replace(/<script>\/\*sw-register\*\/[\s\S]*?<\/script>/, '');
  const registerTag = `<script>/*sw-register*/${register}</script>`;
  page = page.includes('</body>') ? page.replace('</body>', `${registerTag}</body>`) : `${page}${registerTag}`;
  // Trunk's loader: `const wasm = await init(…)` is top-level await (ES2022); a
  // promise does the same on 2019-era engines, and says so when the start fails.
  // When it starts is boot.js's to say (<html data-cc-start>):
  // - "now": after the first paint (the task after the first animation frame), or
  //   after the load event, whichever comes first (a hidden tab, or a frame out of
  //   view on the host page, may get no animation frames): on a slow connection
  //   the page and its stylesheet get the connection to themselves first, and the
  //   widget's preload links go (Trunk's `import` at the top is now `import()`);
  // - "on-interaction": the prerendered first screens are the page until the
  //   person first touches, scrolls, types or moves the mouse; boot.js then says
  //   "now" and fires "cramp-check:start", and the widget starts in the task after
  //   the next frame, so what that first tap did is painted before the start.
  //   Its script is imported and its wasm downloaded and compiled all the same
  //   (WebAssembly.compileStreaming, off the main thread; no Rust runs, nothing is
  //   rendered: the first visit does no heavy work before the first interaction),
  //   so the start needs no request and no compile, only the instantiation of the
  //   compiled module and the first render (issue 24: the widget owns the page
  //   within 500 ms of the first tap on Slow 4G at 4x CPU; bench/takeover.mjs);
  //   but only after the frame that follows the load event: a link into the page
  //   (#cc-emergency) is shown at load, and neither the downloads nor their task
  //   may hold that up. Where the JavaScript build of the wasm will run, its two
  //   scripts are only downloaded (modulepreload).
  const trunkLoader = /<script type=("?)module\1>import init, \* as bindings from '(\.\/cramp-check-[0-9a-f]+\.js)';\s*const wasm = await init\((\{[^}]*\})\);[\s\S]*?dispatchEvent\(new CustomEvent\("TrunkApplicationStarted", \{detail: \{wasm\}\}\)\);\s*<\/script>/;
  const loader = trunkLoader.exec(page);
  if (loader) {
    const [, , js, args] = loader;
    const wasmPath = /module_or_path:\s*('\.\/cramp-check-[0-9a-f]+_bg\.wasm')/.exec(args)?.[1];
    if (!wasmPath) fail(`Trunk's loader names no wasm in ${args}`);
    const code = [
      // The words of one language (writeLanguageFiles above): the page's before the
      // widget starts, another when the person switches (the widget calls
      // ccLoadTexts, src/app/texts.rs). A same-origin script, not a fetch: the CSP's
      // script-src 'self' allows it. Each file only sets ccTexts[<tag>].
      `var textFiles = ${JSON.stringify(textFiles)};`,
      'var texts = self.ccTexts = self.ccTexts || {};',
      'var textWait = {};',
      'function loadTexts(tag, done) {',
      '  if (texts[tag] || !textFiles[tag]) return done(!!texts[tag]);',
      '  if (textWait[tag]) return textWait[tag].push(done);',
      '  textWait[tag] = [done];',
      "  var s = document.createElement('script');",
      '  s.onload = s.onerror = function () {',
      '    var waiting = textWait[tag];',
      '    textWait[tag] = null;',
      '    if (!texts[tag] && s.parentNode) s.parentNode.removeChild(s);',
      '    waiting.forEach(function (f) { f(!!texts[tag]); });',
      '  };',
      '  s.src = textFiles[tag];',
      '  document.head.appendChild(s);',
      '}',
      'self.ccLoadTexts = loadTexts;',
      // The page's language: boot.js has set <html lang> (saved choice, ?lang=, the
      // browser's), and the prerendered page's language buttons change it.
      "function pageLang() { return /^en/i.test(document.documentElement.lang) ? 'en' : 'zh-CN'; }",
      'var begun = false;',
      'function start() {',
      '  if (begun) return;',
      '  begun = true;',
      '  var words = new Promise(function (resolve, reject) {',
      '    loadTexts(pageLang(), function (ok) {',
      "      if (ok) resolve(); else reject(new Error('the words of this language could not be loaded'));",
      '    });',
      '  });',
      '  words.catch(function () {});', // reported below, with the import's errors
      '  prepare().then(function (got) {',
      '    var bindings = got[0];',
      '    return words.then(function () { return run(bindings, got[1]); }).then(function (wasm) {',
      '      window.wasmBindings = bindings;',
      '      dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm: wasm}}));',
      '    });',
      '  }).catch(function (error) {',
      '    dispatchEvent(new CustomEvent("cramp-check:failed", {detail: String(error)}));',
      '  });',
      '}',
      // The wasm, where this browser may compile it; else the JavaScript build of the
      // same wasm (buildFallback above). One test, before any download: compiling the
      // smallest module (8 bytes) throws where there is no WebAssembly or where the CSP
      // forbids compiling wasm (an engine that does not know 'wasm-unsafe-eval' drops
      // it). A compile error of the real wasm for that reason falls back too.
      'var wasmOk = false;',
      'try {',
      '  wasmOk = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) instanceof WebAssembly.Module;',
      '} catch (e) {}',
      // The widget's script and its wasm compiled (compileStreaming: off the main thread,
      // as the bytes arrive), once: ahead of the first interaction (warm) or at the start.
      // The start then only instantiates the compiled module and renders. Where the wasm
      // cannot be compiled ahead (no compileStreaming, a server without application/wasm,
      // any error), null: the start fetches and instantiates it as before, and its own
      // errors decide (the JavaScript build, or the failure message).
      'var prepared = null;',
      'function prepare() {',
      '  if (!prepared) {',
      `    var compiled = wasmOk && typeof WebAssembly.compileStreaming === 'function' ? WebAssembly.compileStreaming(fetch(${wasmPath})).catch(function () { return null; }) : null;`,
      `    prepared = Promise.all([import('${js}'), compiled]);`,
      '  }',
      '  return prepared;',
      '}',
      'function run(bindings, module) {',
      '  if (!wasmOk) return fallback(bindings);',
      `  return bindings.default(module ? {module_or_path: module} : ${args}).catch(function (error) {`,
      "    if (!/CompileError|disallowed|unsafe-eval/.test(String(error))) throw error;",
      '    return fallback(bindings);',
      '  });',
      '}',
      'function fallback(bindings) {',
      '  dispatchEvent(new CustomEvent("cramp-check:fallback"));',
      ...(fallbackName
        ? [`  return import('./${fallbackName}').then(function (js) {`, '    return bindings.__cc_init_js(js.default);', '  });']
        : ["  return Promise.reject(new Error('this wasm cannot run here, and a dev-server build has no JavaScript build'));"]),
      '}',
      'function soon() { setTimeout(start, 0); }',
      // Ahead of the first interaction: the script and the wasm downloaded, the wasm
      // compiled (no Rust runs, nothing is rendered); where the JavaScript build will run
      // instead, both scripts downloaded only (modulepreload).
      'var warmed = false;',
      'function warm() {',
      '  if (warmed) return;',
      '  warmed = true;',
      // The page's words, preloaded whichever build will run.
      "  var words = document.createElement('link');",
      "  words.rel = 'preload';",
      "  words.as = 'script';",
      '  words.href = textFiles[pageLang()];',
      '  document.head.appendChild(words);',
      ...(fallbackName
        ? [
            '  if (wasmOk) {',
            '    prepare();',
            '    return;',
            '  }',
            `  ['${js}', './${fallbackName}'].forEach(function (href) {`,
            "    var link = document.createElement('link');",
            "    link.rel = 'modulepreload';",
            '    link.href = href;',
            '    document.head.appendChild(link);',
            '  });',
          ]
        : ['  prepare();']),
      '}',
      'function ready() {',
      "  if (document.documentElement.getAttribute('data-cc-start') !== 'on-interaction') soon();",
      "  else if (document.readyState === 'complete') requestAnimationFrame(function () { setTimeout(warm, 0); });",
      '}',
      "if (document.visibilityState === 'hidden' || document.readyState === 'complete') ready();",
      'requestAnimationFrame(ready);',
      "addEventListener('load', ready);",
      "document.addEventListener('visibilitychange', ready);",
      "addEventListener('cramp-check:start', function () { requestAnimationFrame(soon); });",
    ].join('\n');
    const minified = await minify(code, "index.html's loader", { module: true, ecma: 2019 });
    page = page.replace(loader[0], `<script type=module>${minified}</script>`);
    // Trunk's preloads of the same two files.
    page = page.replace(/<link\b[^>]*\brel=("?)(?:modulepreload|preload)\1[^>]*>\n?/gi, (tag) => (/cramp-check-[0-9a-f]+(?:_bg\.wasm|\.js)/.test(tag) ? '' : tag));
  }
  if (/\bawait\b/.test(page.replace(/<script>\/\*[\s\S]*?<\/script>/, ''))) {
    const loader = /<script type=("?)module\1>([\s\S]*?)<\/script>/.exec(page);
    if (loader && /\bawait\b/.test(loader[2])) fail(`Trunk's loader still has a top-level await:\n${loader[2]}`);
  }
  return page;
}

// `trunk serve` (make run) adds its live-reload script and rewrites it while serving,
// so no hash can match it: a dev-server build gets no CSP <meta> and a service worker
// that removes itself (nothing is cached while developing). `trunk build` is unaffected.
if (html.includes('{{__TRUNK_ADDRESS__}}') || html.includes('{{__TRUNK_WS_BASE__}}')) {
  const killSwitch = `// Dev server build (trunk serve): no offline cache. Removes any earlier service worker.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const prefix = 'cramp-check:' + new URL('./', self.location.href).href + ':';
    for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
    await self.registration.unregister();
  })());
});
`;
  await writeFile(indexPath, html);
  await writeFile(join(dir, 'sw.js'), killSwitch);
  console.log(`postbuild: ${dir}: dev server build (trunk serve): no CSP meta, self-removing sw.js.`);
  process.exit(0);
}

const scriptHashes = [];
const scriptRe = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
for (const m of html.matchAll(scriptRe)) {
  const [, attrs, body] = m;
  if (/\bsrc\s*=/i.test(attrs)) {
    if (body.trim()) fail(`a <script src> with inline content: ${attrs.trim()}`);
    continue;
  }
  // JSON data blocks are never executed, but hashing them does no harm.
  // The browser hashes the text exactly as written (Trunk writes LF line ends).
  scriptHashes.push(`'sha256-${hashB64('sha256', body.replace(/\r\n?/g, '\n'))}'`);
}
const styleHashes = [];
for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
  styleHashes.push(`'sha256-${hashB64('sha256', m[1].replace(/\r\n?/g, '\n'))}'`);
}
const problems = [];
if (/<[a-z][^>]*\sstyle\s*=/i.test(html)) problems.push('index.html has a style="" attribute: CSP style-src (no unsafe-inline) blocks it; move it to the CSS.');
if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html)) problems.push('index.html has an inline event handler (on…=): CSP blocks it; use a script file.');
for (const m of html.matchAll(/\b(?:src|href)\s*=\s*["']?(https?:)?\/\/([^"'\s>]+)/gi)) {
  problems.push(`index.html refers to another origin: //${m[2]} (the widget loads nothing from elsewhere).`);
}
if (problems.length) fail(problems.join('\n  '));

const policy = [
  "default-src 'self'",
  ['script-src', "'self'", ...new Set(scriptHashes), "'wasm-unsafe-eval'"].join(' '),
  ['style-src', "'self'", ...new Set(styleHashes)].join(' '),
  ['img-src', "'self'", 'data:', ...(extraImg ? extraImg.split(/\s+/) : [])].join(' '),
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  // 'self': the station kit (embed.html) previews the widget in an iframe of index.html.
  // The widget itself frames nothing.
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
const metaPolicy = policy.join('; ');
const headerPolicy = `${metaPolicy}; frame-ancestors ${frameAncestors}`;

const metaTag = `<meta http-equiv="Content-Security-Policy" content="${metaPolicy}" />`;
// Before any script, style or preload: a CSP <meta> only covers what comes after it.
const charset = html.match(/<meta\s+charset[^>]*>[ \t]*\n?/i);
if (charset) {
  const at = charset.index + charset[0].length;
  html = `${html.slice(0, at)}  ${metaTag}\n${html.slice(at)}`;
} else {
  const head = html.match(/<head\b[^>]*>\n?/i);
  if (!head) fail('index.html has no <head>.');
  const at = head.index + head[0].length;
  html = `${html.slice(0, at)}  ${metaTag}\n${html.slice(at)}`;
}
const firstScript = html.search(/<script\b|<link\b[^>]*rel="?(?:modulepreload|preload|stylesheet)/i);
if (firstScript >= 0 && firstScript < html.indexOf(metaTag)) fail('the CSP <meta> would come after a script or stylesheet.');
await writeFile(indexPath, html);

// ---------------------------------------------------------------- file list, version
async function walk(d) {
  const out = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue; // Trunk's .stage and friends
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const files = [];
for (const p of await walk(dir)) {
  const rel = relative(dir, p).split(sep).join('/');
  if (GENERATED.has(rel) || rel.endsWith('.map')) continue;
  files.push({ rel, data: await readFile(p) });
}
files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
const appFiles = files.filter((f) => !NOT_APP.has(f.rel));
// Part of the app (and of its version), but not precached: sw-template.js, FALLBACK.
const precached = appFiles.filter((f) => f.rel !== fallbackName);
const fallbackFile = appFiles.find((f) => f.rel === fallbackName);
if (!fallbackFile) fail(`the JavaScript build ${fallbackName} is missing from ${dir}.`);
const template = await readFile(new URL('./sw-template.js', import.meta.url), 'utf8');
const versionHash = createHash('sha256');
// The service worker's own code counts too: a new sw.js must never reuse a cache name.
versionHash.update(`sw-template.js\0${createHash('sha256').update(template).digest('hex')}\n`);
for (const f of appFiles) versionHash.update(`${f.rel}\0${createHash('sha256').update(f.data).digest('hex')}\n`);
const version = versionHash.digest('hex').slice(0, 16);

// The version goes into the page too (after it was computed from the page without it).
html = html.replace(metaTag, `${metaTag}\n  <meta name="cramp-check-version" content="${version}" />`);
await writeFile(indexPath, html);
const index = files.find((f) => f.rel === 'index.html');
index.data = Buffer.from(html);

// ---------------------------------------------------------------- sw.js
const list = precached.map((f) => [f.rel, `sha256-${hashB64('sha256', f.data)}`]);
const sw = template
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace("'__FILES__'", `[\n${list.map((e) => `  ${JSON.stringify(e)},`).join('\n')}\n]`)
  .replace("'__FALLBACK__'", JSON.stringify([fallbackName, `sha256-${hashB64('sha256', fallbackFile.data)}`]));
if (/__(VERSION|FILES|FALLBACK)__/.test(sw)) fail('sw-template.js placeholders not replaced.');
await writeFile(join(dir, 'sw.js'), sw);

// ---------------------------------------------------------------- csp.txt, _headers
await writeFile(join(dir, 'csp.txt'), `${headerPolicy}\n`);

const isHashed = (rel) => /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(rel);
const lines = [
  '# Generated by scripts/postbuild.mjs: response headers in the Netlify / Cloudflare Pages',
  `# format, for the widget served from ${basePath} (set CRAMP_BASE_PATH at build time to change it,`,
  '# CRAMP_FRAME_ANCESTORS for the sites that may embed it). Rules never repeat a header, since',
  '# both hosts join repeated headers with commas. Other hosts: see the deployment docs.',
  `${basePath}*`,
  `  Content-Security-Policy: ${headerPolicy}`,
  '  X-Content-Type-Options: nosniff',
  '  Referrer-Policy: no-referrer',
  '',
  `${basePath}`,
  '  Cache-Control: no-cache',
];
for (const f of [...files.map((f) => f.rel), 'sw.js', 'csp.txt']) {
  lines.push(`${basePath}${f}`, `  Cache-Control: ${isHashed(f) ? 'public, max-age=31536000, immutable' : 'no-cache'}`);
}
await writeFile(join(dir, '_headers'), `${lines.join('\n')}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `postbuild: ${dir}: version ${version}, ${precached.length} files precached (${kb(precached.reduce((s, f) => s + f.data.length, 0))}), ` +
    `the JavaScript build ${fallbackName} (${kb(fallbackFile.data.length)}) on first use only, ` +
    `${scriptHashes.length} inline script(s) hashed into the CSP; wrote sw.js, csp.txt, _headers.`,
);

function fail(msg) {
  console.error(`postbuild: ${msg}`);
  process.exit(1);
}
