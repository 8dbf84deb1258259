#!/usr/bin/env node
// Privacy scan of a built dist/: proves, from the shipped files themselves, that the
// widget has no way to send anything anywhere.
//
//   node scripts/privacy-scan.mjs [dist]          (default: dist/, or $DIST)
//
// What is checked, each part separately:
//   - the widget's JavaScript (wasm-bindgen glue, and the inline scripts of index.html):
//     no fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon, importScripts,
//     WebTransport, RTCPeerConnection, dynamic import(), and no http(s) URL. One fetch is
//     expected and allowed: wasm-bindgen's loader fetching the .wasm (same origin, the
//     URL given by index.html); and index.html's loader may fetch that same .wasm by its
//     relative name (to compile it before the first tap);
//   - the wasm: its imports (what it can call in JavaScript) must not name a networking
//     API; URLs in its data must be XML namespace names (used for SVG, never fetched);
//   - the JavaScript build of the wasm (cramp-check-wasm2js-<hash>.js, for browsers that
//     cannot run wasm): no networking API, no URL, no import, and made from the wasm of
//     this build (the sha256 its first comment names);
//   - sw.js (the service worker): fetch is allowed only on lines marked
//     "privacy-scan: same-origin only", and only with the same-origin guard present;
//     no importScripts, no URL;
//   - embed.js and embed-kit.js (small hand-written scripts): no networking
//     API, no URL;
//   - index.html, the CSS and the manifests: no reference to another origin; the other
//     pages (the station kit embed.html, the content book): no reference to another
//     origin, no inline script or event handler.
// Prints what it found, file by file; exit status 1 if anything is not allowed.

import { readFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';

const dist = resolve(process.argv[2] ?? process.env.DIST ?? 'dist');

const NET_JS = [
  ['fetch', /\bfetch\s*\(/g],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/g],
  ['WebSocket', /\bWebSocket\b/g],
  ['EventSource', /\bEventSource\b/g],
  ['sendBeacon', /\bsendBeacon\b/g],
  ['importScripts', /\bimportScripts\b/g],
  ['WebTransport', /\bWebTransport\b/g],
  ['RTCPeerConnection', /\bRTCPeerConnection\b/g],
  ['dynamic import()', /(?<![\w$.])import\s*\(/g],
  ['window.open', /\bwindow\.open\s*\(/g],
];
const NET_WASM_IMPORT = /fetch|xmlhttprequest|websocket|eventsource|beacon|importscripts|webtransport|rtcpeer|rtcdata|request|opensocket|navigator_?send/i;
const URL_RE = /\b(?:https?|wss?|ftp):\/\/[^\s"'`<>)\\]*/gi;
// XML namespace names: identifiers in createElementNS / setAttributeNS, never fetched.
const NAMESPACES = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/2000/xmlns/',
]);
// The JavaScript build of the wasm (scripts/postbuild.mjs), for browsers that cannot run wasm.
const FALLBACK_RE = /^cramp-check-wasm2js-[0-9a-f]{16}\.js$/;
const WBG_LOADER_FETCH = /module_or_path\s*=\s*fetch\s*\(\s*module_or_path\s*\)/g;
// The words of one language (scripts/postbuild.mjs): data only, one string assigned to
// ccTexts[<its language>]; the loader adds the page's one as a same-origin <script>.
const TEXTS_FILE_RE = /^cramp-texts-(zh-CN|en)-[0-9a-f]{16}\.js$/;
const TEXTS_FILE_BODY = /^\(self\.ccTexts=self\.ccTexts\|\|\{\}\)\["(zh-CN|en)"\]="([^"\\\n\r]*(?:\\.[^"\\\n\r]*)*)";\n?$/;

const findings = []; // {file, level: 'ok'|'note'|'fail', text}
const note = (file, text) => findings.push({ file, level: 'note', text });
const bad = (file, text) => findings.push({ file, level: 'fail', text });

function lineOf(src, index) {
  return src.slice(0, index).split('\n').length;
}

function scanJs(file, src, { allowLoaderFetch = false, allowMarkedFetch = false, glue = null, fallback = null, wasm = null } = {}) {
  for (const [name, re] of NET_JS) {
    for (const m of src.matchAll(re)) {
      const line = lineOf(src, m.index);
      const lineText = src.split('\n')[line - 1];
      // index.html's loader imports the widget's own glue, by its relative name, after the first paint.
      const imported = /^import\s*\(\s*(['"])\.\/([^'"]+)\1\s*\)/.exec(src.slice(m.index))?.[2];
      if (name === 'dynamic import()' && glue && imported === glue) {
        note(file, `line ${line}: import('./${glue}'): the widget's own script, same folder: allowed`);
        continue;
      }
      // …and, where the wasm cannot run, the JavaScript build of that same wasm (checked below).
      if (name === 'dynamic import()' && fallback && imported === fallback) {
        note(file, `line ${line}: import('./${fallback}'): the JavaScript build of the widget's own wasm, same folder: allowed`);
        continue;
      }
      // index.html's loader fetches the widget's own wasm, by its relative name, to compile it
      // ahead of the first tap (scripts/postbuild.mjs): the same request as the glue's.
      const fetched = /^fetch\s*\(\s*(['"])\.\/([^'"]+)\1\s*\)/.exec(src.slice(m.index))?.[2];
      if (name === 'fetch' && wasm && fetched === wasm) {
        note(file, `line ${line}: fetch('./${wasm}'): the widget's own wasm, same folder: allowed`);
        continue;
      }
      // That very call (the glue is minified onto one line: the position counts, not the line).
      const loaderCall = [...src.matchAll(WBG_LOADER_FETCH)].some((l) => m.index > l.index && m.index < l.index + l[0].length);
      if (name === 'fetch' && allowLoaderFetch && loaderCall) {
        note(file, `line ${line}: fetch in wasm-bindgen's loader (fetches the .wasm; same origin, URL from index.html): allowed`);
        continue;
      }
      if (name === 'fetch' && allowMarkedFetch && lineText.includes('privacy-scan: same-origin only')) {
        note(file, `line ${line}: fetch marked same-origin only (cache miss inside the service worker's own folder): allowed`);
        continue;
      }
      bad(file, `line ${line}: ${name}: ${lineText.trim().slice(0, 160)}`);
    }
  }
  for (const m of src.matchAll(URL_RE)) {
    const url = m[0].replace(/[.,;]+$/, '');
    const line = lineOf(src, m.index);
    const before = src.split('\n')[line - 1].slice(0, m.index - src.lastIndexOf('\n', m.index - 1) - 1);
    if (NAMESPACES.has(url)) note(file, `namespace name ${url} (not fetched)`);
    else if (/^\s*(?:\/\/|\/?\*)/.test(before) || /\/\/[^'"`]*$/.test(before)) note(file, `line ${line}: URL in a comment: ${url}`);
    else bad(file, `line ${line}: URL ${url}`);
  }
}

// ---- wasm: the import section and the URLs in the data.
function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}
function wasmImports(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm file');
  let pos = 8;
  const imports = [];
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const end = pos + size;
    if (id === 2) {
      let count;
      let p = pos;
      [count, p] = leb(buf, p);
      const str = () => {
        let n;
        [n, p] = leb(buf, p);
        const s = buf.subarray(p, p + n).toString('utf8');
        p += n;
        return s;
      };
      const limits = () => {
        const flags = buf[p++];
        [, p] = leb(buf, p);
        if (flags & 1) [, p] = leb(buf, p);
      };
      for (let i = 0; i < count; i++) {
        const module = str();
        const name = str();
        const kind = buf[p++];
        if (kind === 0) [, p] = leb(buf, p);
        else if (kind === 1) {
          p++; // reftype
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) p += 2; // valtype, mutability
        else if (kind === 4) {
          p++;
          [, p] = leb(buf, p);
        } else throw new Error(`unknown import kind ${kind}`);
        imports.push({ module, name, kind: ['func', 'table', 'memory', 'global', 'tag'][kind] });
      }
    }
    pos = end;
  }
  return imports;
}

async function walk(d) {
  const out = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

const all = (await walk(dist)).map((p) => relative(dist, p).split(sep).join('/')).sort();
if (!all.includes('index.html')) {
  console.error(`privacy-scan: no index.html in ${dist}`);
  process.exit(2);
}
const read = (rel) => readFile(join(dist, rel), 'utf8');
const scanned = new Set();

// index.html: references, and its inline scripts as widget JavaScript.
const html = await read('index.html');
scanned.add('index.html');
for (const m of html.matchAll(/\b(?:src|href|content)\s*=\s*["']([^"']*)["']/gi)) {
  const v = m[1].trim();
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(v)) bad('index.html', `reference to another origin: ${v}`);
}
let inline = 0;
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  if (/\bsrc\s*=/i.test(m[1])) continue;
  inline++;
  const glue = all.find((f) => /^cramp-check-[0-9a-f]+\.js$/.test(f)) ?? null;
  const fallback = all.find((f) => FALLBACK_RE.test(f)) ?? null;
  const wasm = all.find((f) => /^cramp-check-[0-9a-f]+_bg\.wasm$/.test(f)) ?? null;
  scanJs(`index.html (inline script ${inline})`, m[2], { glue, fallback, wasm });
  // A script element it adds may only be one of the build's language files, by its
  // relative name (the CSP's script-src 'self' allows no other origin anyway).
  if (/createElement\(\s*(['"])script\1\s*\)/.test(m[2]) && /\.src\s*=/.test(m[2])) {
    const named = [...m[2].matchAll(/["'`]([^"'`\s]*\.js)(?:[?#][^"'`]*)?["'`]/g)].map((r) => r[1]).filter((n) => n !== `./${glue}` && n !== `./${fallback}`);
    const other = named.filter((n) => !n.startsWith('./') || !TEXTS_FILE_RE.test(n.slice(2)) || !all.includes(n.slice(2)));
    if (other.length || !named.length) bad(`index.html (inline script ${inline})`, `adds a <script> element, naming ${other.length ? other.join(', ') : 'no language file'}: only the build's language files may be added`);
    else note(`index.html (inline script ${inline})`, `adds a same-folder <script> for a language file only: ${named.join(', ')}`);
  }
  scanned.add(`index.html (inline script ${inline})`);
}

for (const rel of all) {
  if (rel.endsWith('.js')) {
    const src = await read(rel);
    scanned.add(rel);
    if (rel === 'sw.js') {
      scanJs(rel, src, { allowMarkedFetch: true });
      if (!/url\.origin\s*!==\s*self\.location\.origin/.test(src)) bad(rel, 'the same-origin guard of the fetch listener is missing');
      const fetches = [...src.matchAll(/\bfetch\s*\(/g)].length;
      note(rel, `${fetches} fetch call(s); precache via cache.addAll of the build's own files (relative to sw.js)`);
    } else if (TEXTS_FILE_RE.test(rel)) {
      // A language file: nothing but its words, as one string literal (no code at all).
      const m = TEXTS_FILE_BODY.exec(src);
      if (!m) bad(rel, 'not data only: a language file must be one string assigned to ccTexts[<its language>]');
      else if (m[1] !== TEXTS_FILE_RE.exec(rel)[1]) bad(rel, `holds the words of ${m[1]}, not of the language its name says`);
      else note(rel, `the words of ${m[1]} only (one string literal of ${m[2].length} characters, no code)`);
    } else if (rel === 'embed.js' || rel === 'embed-kit.js') {
      scanJs(rel, src);
    } else if (FALLBACK_RE.test(rel)) {
      // The JavaScript build of the wasm (wasm2js, scripts/postbuild.mjs): no networking
      // API, no URL, no fetch at all; and made from the very wasm scanned here (its first
      // comment names the wasm by its sha256), so the wasm's checks (its imports, the
      // URLs in its data, which wasm2js keeps base64-encoded) hold for it too.
      scanJs(rel, src);
      const mark = /^\/\*min\*\/\/\*wasm2js (sha256-[A-Za-z0-9+/=]+)\*\//.exec(src);
      const shas = new Map();
      for (const w of all.filter((f) => f.endsWith('.wasm'))) {
        shas.set(`sha256-${createHash('sha256').update(await readFile(join(dist, w))).digest('base64')}`, w);
      }
      if (!mark) bad(rel, 'does not name the wasm it was made from (/*wasm2js sha256-…*/)');
      else if (!shas.has(mark[1])) bad(rel, `made from a wasm (${mark[1]}) that is not in this build`);
      else note(rel, `the JavaScript build of ${shas.get(mark[1])} (same sha256): what that wasm can call, it can call; nothing more`);
      const imports = [...src.matchAll(/(?<![\w$.])import\b/g)].length;
      if (imports) bad(rel, `${imports} import(s): it must take everything from the glue's imports object`);
    } else {
      // wasm-bindgen glue (the widget's JavaScript).
      scanJs(rel, src, { allowLoaderFetch: true });
      const loader = [...src.matchAll(WBG_LOADER_FETCH)].length;
      if (loader > 1) bad(rel, `${loader} loader fetches (expected at most 1)`);
    }
  } else if (rel.endsWith('.wasm')) {
    const buf = await readFile(join(dist, rel));
    scanned.add(rel);
    const imports = wasmImports(buf);
    const funcs = imports.filter((i) => i.kind === 'func');
    const net = funcs.filter((i) => NET_WASM_IMPORT.test(i.name));
    for (const i of net) bad(rel, `import ${i.module}.${i.name}: a networking API`);
    const post = funcs.filter((i) => /postmessage/i.test(i.name));
    for (const i of post) note(rel, `import ${i.name}: postMessage (the height message to the embedding page's origin only)`);
    note(rel, `${funcs.length} imported functions, none for networking${net.length ? ' — NOT TRUE, see above' : ''}`);
    // Strings in the data section sit side by side without separators, so look at the
    // host right after each scheme: XML namespaces (www.w3.org, matched in full) and the
    // bare prefixes of the parent-origin check (https://, http:// + localhost / 127.0.0.1)
    // are expected; any other host would be a URL to another origin.
    const text = buf.toString('latin1');
    for (const m of text.matchAll(/(?:https?|wss?):\/\/([a-z0-9.-]*)/gi)) {
      const rest = text.slice(m.index, m.index + 120).replace(/[^\x21-\x7e].*$/s, '');
      const ns = [...NAMESPACES].find((n) => rest.startsWith(n));
      const host = m[1].toLowerCase();
      if (ns) note(rel, `namespace name ${ns} in data (not fetched)`);
      else if (host === '') note(rel, `bare scheme "${m[0]}" in data (an origin check's prefix; no host)`);
      else if (/^(?:localhost|127\.0\.0\.1)/.test(host)) note(rel, `"${rest.slice(0, 40)}" in data (the parent-origin check: http only for localhost / 127.0.0.1)`);
      else bad(rel, `URL in data: ${rest}`);
    }
  } else if (rel.endsWith('.css')) {
    const css = await read(rel);
    scanned.add(rel);
    for (const m of css.matchAll(/url\(\s*["']?([^"')]*)/gi)) {
      if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(m[1].trim())) bad(rel, `url() to another origin: ${m[1]}`);
    }
    for (const m of css.matchAll(/@import\b[^;]*/gi)) bad(rel, `@import: ${m[0]}`);
  } else if (rel.endsWith('.html') && rel !== 'index.html') {
    // The station kit (embed.html) and the content book: nothing from elsewhere, no inline script.
    const page = await read(rel);
    scanned.add(rel);
    for (const m of page.matchAll(/\b(?:src|href|action|content)\s*=\s*["']([^"']*)["']/gi)) {
      const v = m[1].trim();
      if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(v)) bad(rel, `reference to another origin: ${v}`);
    }
    for (const m of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      if (!/\bsrc\s*=/i.test(m[1]) || m[2].trim()) bad(rel, `inline script: <script${m[1]}>`);
    }
    if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(page)) bad(rel, 'an inline event handler (on…=)');
  } else if (rel.endsWith('.webmanifest')) {
    const text = await read(rel);
    scanned.add(rel);
    for (const m of text.matchAll(URL_RE)) bad(rel, `URL ${m[0]}`);
  }
}

let failed = 0;
console.log(`privacy scan of ${dist}`);
for (const file of scanned) {
  const mine = findings.filter((f) => f.file === file);
  const fails = mine.filter((f) => f.level === 'fail');
  failed += fails.length;
  console.log(`  ${fails.length ? 'FAIL' : 'ok  '} ${file}`);
  for (const f of mine) console.log(`         ${f.level === 'fail' ? '✗' : '·'} ${f.text}`);
}
console.log(failed ? `privacy scan: FAIL (${failed} finding(s))` : 'privacy scan: PASS (no way to send anything off the device)');
process.exit(failed ? 1 : 0);
