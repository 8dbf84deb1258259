#!/usr/bin/env node
// The size profile of the widget's wasm, by crate and module: `make bench` prints it
// before the first-load table (bench/bench.mjs).
//
//   node bench/profile.mjs [dir] [--list REGEX]   (dir: default target/bench-profile,
//       written by scripts/bench-profile.sh; --list: also every item of the groups whose
//       name matches REGEX, to see what a group holds)
//
// Reads dir/top.csv (`twiggy top -n 100000 --format csv` of dir/cramp-check_bg.wasm,
// the widget built as shipped but with its names kept) and groups every item's bytes:
// our modules (cramp_check::app::<module>, cramp_core::<module>), the crates (yew,
// wasm_bindgen, web_sys, js_sys, gloo, serde, …), the standard library by part
// (core::fmt, alloc, dlmalloc, panicking, …), and the data segments split into the
// questionnaire's strings (found byte for byte from dir/content.rs, the content the
// build compiled in), other text and other data (tables, vtables, constants).
// A function is counted with the crate whose code it is, with three exceptions: drop
// glue (`drop_in_place<T>`) goes with T; a library's generic code compiled for one of
// our types (yew's `view` of `CompStateInner<cramp_check::app::App>` is the App's html!)
// goes with that type's module; and unresolved generic code that only ours keeps, or
// that mostly calls ours (twiggy's dominator tree), goes with that module.
//
// Prints: group, bytes, share of the code and data, and "gzip alone" (that group's
// bytes gzipped on their own: what removing it would save at most, roughly, since
// compression works across groups); then the top 40 functions. The name section
// (absent from the shipped wasm) is left out and the remainder compared with dist's wasm.

import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const listAt = args.indexOf('--list');
const list = listAt >= 0 ? new RegExp(args.splice(listAt, 2)[1] ?? '.', 'i') : null;
const dir = resolve(args[0] ?? join(root, 'target/bench-profile'));
const distDir = join(root, 'dist');
const WASM = 'cramp-check_bg.wasm';
const TOP = 40;

const kb = (n) => (n / 1024).toFixed(1);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

// ------------------------------------------------------------------ twiggy's csv
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else if (c !== '\r') field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  const [head, ...body] = rows;
  return body.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

// ------------------------------------------------------------------ the wasm itself
// Just enough of the binary format to cut out each function body and data segment,
// so each group's bytes can be gzipped on their own.
function readWasm(buf) {
  let p = 8;
  const u = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  const skipExpr = () => {
    for (;;) {
      const op = buf[p++];
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) u();
      else if (op === 0xd0) p++;
    }
  };
  const name = () => {
    const n = u();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  let importedFuncs = 0;
  const bodies = [];
  const data = [];
  const names = new Map();
  while (p < buf.length) {
    const id = buf[p++];
    const size = u();
    const end = p + size;
    if (id === 2) {
      for (let n = u(); n > 0; n--) {
        name();
        name();
        const kind = buf[p++];
        if (kind === 0) (u(), importedFuncs++);
        else if (kind === 1) (p++, buf[p++] & 1 ? (u(), u()) : u());
        else if (kind === 2) (buf[p++] & 1 ? (u(), u()) : u());
        else if (kind === 3) p += 2;
        else if (kind === 4) (p++, u());
      }
    } else if (id === 10) {
      for (let n = u(), i = 0; i < n; i++) {
        const len = u();
        bodies.push(buf.subarray(p, p + len));
        p += len;
      }
    } else if (id === 11) {
      for (let n = u(), i = 0; i < n; i++) {
        const flag = u();
        if (flag === 2) u();
        if (flag !== 1) skipExpr();
        const len = u();
        data.push(buf.subarray(p, p + len));
        p += len;
      }
    } else if (id === 0 && name() === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const len = u();
        const subEnd = p + len;
        if (sub === 1) for (let n = u(); n > 0; n--) names.set(u(), name());
        p = subEnd;
      }
    }
    p = end;
  }
  const funcs = bodies.map((bytes, i) => ({ name: names.get(importedFuncs + i) ?? `code[${i}]`, bytes }));
  return { funcs, data };
}

// ------------------------------------------------------------------ who owns a symbol
// Symbols as twiggy prints them: demangled, with a hash (`::h<16 hex>`) and, for the
// precompiled standard library, crate disambiguators (`core[c5930c85a12de822]::`).
const clean = (name) => name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
const STD = new Set(['core', 'alloc', 'std']);
const crateOf = (path) => (/^([a-z_][a-z0-9_]*)::/.exec(path) ?? [])[1];

/** The path whose crate wrote a symbol's code: `<T as Trait>::f` is T's, unless T is a
 *  standard or primitive type and Trait is not standard (then the impl is Trait's);
 *  `drop_in_place<T>` is T's drop glue; `<impl …>` its type. */
function owner(sym) {
  let s = sym.trim().replace(/^(?:&(?:mut\s+)?|\*(?:const|mut)\s+|dyn\s+|[[(])+/, '');
  // Drop glue belongs to the first non-standard type it drops (Option<yew::…> → yew).
  const drop = /^core::ptr::drop_in_place<(.*)>$/.exec(s);
  if (drop) return [...drop[1].matchAll(/([a-z_][a-z0-9_]*)::[\w:]*/g)].find((m) => !STD.has(m[1]))?.[0] ?? owner(drop[1]);
  if (!s.startsWith('<')) return s;
  // <A as B>::rest, or <A>::rest
  let depth = 0;
  let i = 1;
  let as = -1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && as < 0 && s.startsWith(' as ', i)) as = i;
  }
  const self = owner(s.slice(1, as < 0 ? i : as).replace(/^impl\s+/, ''));
  const trait = as < 0 ? null : s.slice(as + 4, i);
  const selfCrate = crateOf(self);
  if (trait && (!selfCrate || (STD.has(selfCrate) && !STD.has(crateOf(trait))))) return trait;
  return self;
}

const GROUPS = [
  // [group, test on the owner path]
  // A module is a lower-case segment followed by more path; anything else (a type, a
  // function) is an item of the parent module itself (mod.rs, lib.rs, main.rs).
  [(p) => /^cramp_check::app::[a-z_][a-z0-9_]*(?=::)/.exec(p)?.[0] ?? (/^cramp_check::app::/.test(p) ? 'cramp_check::app (App; its view inlines the screens)' : null)],
  [(p) => /^cramp_check::[a-z_][a-z0-9_]*/.exec(p)?.[0]],
  [(p) => /^cramp_core::[a-z_][a-z0-9_]*(?=::)/.exec(p)?.[0] ?? (/^cramp_core::/.test(p) ? 'cramp_core (lib.rs)' : null)],
  [(p) => (/^(yew|implicit_clone|prokio)\b/.test(p) ? 'yew (and implicit_clone, prokio)' : null)],
  [(p) => (/^(wasm_bindgen|__wbg_|__wbindgen|__externref|wasm_bindgen_futures)/.test(p) ? 'wasm_bindgen (and futures, shims)' : null)],
  [(p) => (/^web_sys\b/.test(p) ? 'web_sys' : null)],
  [(p) => (/^js_sys\b/.test(p) ? 'js_sys' : null)],
  [(p) => (/^gloo\w*\b/.test(p) ? 'gloo' : null)],
  [(p) => (/^serde\w*\b/.test(p) ? 'serde' : null)],
  [(p) => (/^(console_error_panic_hook|std::panicking|core::panicking|std::panic|core::panic|std::rt|std::sys::backtrace|rust_panic|__rust_start_panic|rust_begin_unwind|__rdl_|__rust_alloc_error|std::alloc::default_alloc_error_hook|std::alloc::rust_oom)/.test(p) ? 'panicking (std, core, console_error_panic_hook)' : null)],
  [(p) => (/^core::fmt\b|^<?core::fmt\b/.test(p) ? 'core::fmt' : null)],
  [(p) => (/^core::num\b/.test(p) ? 'core::num (number parsing/printing)' : null)],
  [(p) => (/^(core::str|core::unicode|core::char)\b/.test(p) ? 'core::str, char, unicode' : null)],
  [(p) => (/^core::slice::sort\b/.test(p) ? 'core::slice::sort (one copy per sorted type)' : null)],
  [(p) => (/^core::iter\b/.test(p) ? 'core::iter (adapters, per closure)' : null)],
  [(p) => (/^(core::hash|core::cell|core::ptr|core::ops|core::option|core::result|core::any)\b/.test(p) ? 'core::hash, cell, ptr, ops, option' : null)],
  [(p) => (/^(compiler_builtins|memcpy|memset|memmove|memcmp|bcmp)\b/.test(p) ? 'compiler_builtins (memcpy, libm)' : null)],
  [(p) => (/^core\b/.test(p) ? 'core (other)' : null)],
  [(p) => (/^(dlmalloc|__rustc::__rust_|__rust_alloc|__rust_dealloc|__rust_realloc|__rg_|__rdl|__rust_no_alloc_shim|malloc|free|realloc)/.test(p) ? 'dlmalloc (allocator)' : null)],
  [(p) => (/^alloc::fmt\b/.test(p) ? 'alloc::fmt (format!)' : null)],
  [(p) => (/^alloc\b/.test(p) ? 'alloc (Vec, String, Rc, BTreeMap, …)' : null)],
  [(p) => (/^std\b/.test(p) ? 'std (other)' : null)],
  [(p) => (/^(hashbrown|indexmap|slab|scoped_tls|once_cell|pin_project|futures\w*|tracing\w*|bincode|thiserror|anymap\w*|console_error)\b/.test(p) ? /^\w+/.exec(p)[0] : null)],
  [(p) => (/^[a-z_][a-z0-9_]*::/.test(p) ? /^\w+/.exec(p)[0] : null)],
];

/** Group of one twiggy item; null for what the shipped wasm does not have (names). */
function groupOf(item) {
  const n = item.name;
  if (/^data\[\d+\]$|^data segment /.test(n)) return 'DATA';
  if (/"function names" subsection|"local names" subsection|subsection|^custom section|^producers|^target_features|name section/i.test(n)) return null;
  if (/^(import|export) |section headers/.test(n)) return 'wasm structure (imports, exports, types, table)';
  if (/^(type\[|table\[|elem\[|global\[|memory\[|start|wasm magic|header|code section|data section|func section|function section)/i.test(n)) return 'wasm structure (imports, exports, types, table)';
  // Unnamed: the functions wasm-bindgen writes itself (adapters, externref table).
  if (/^code\[\d+\]$/.test(n)) return 'wasm_bindgen (and futures, shims)';
  if (/externref shim|^Closure\(/.test(n)) return 'wasm_bindgen (and futures, shims)';
  let p = owner(clean(n));
  // Methods of primitive types live in core; `main` is std's entry point.
  if (/^(?:u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64|bool)\b/.test(p)) p = `core::num::${p}`;
  else if (/^(?:str|char|u8\]|\[u8\])/.test(p)) p = `core::str::${p}`;
  else if (p === 'main' || p === '__main_void') p = 'std::main';
  for (const [test] of GROUPS) {
    const g = test(p);
    if (g) return g;
  }
  return `other: ${p.slice(0, 40)}`;
}

// ------------------------------------------------------------------ the questionnaire's strings
function contentStrings(rust) {
  const out = new Set();
  for (const m of rust.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const s = m[1].replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, e, hex) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : { n: '\n', r: '\r', t: '\t', 0: '\0' }[e] ?? e,
    );
    if (Buffer.byteLength(s) >= 4) out.add(s);
  }
  return [...out].sort((a, b) => Buffer.byteLength(b) - Buffer.byteLength(a));
}

/** Splits data segments into content strings, other text and the rest, in bytes and as byte arrays. */
function splitData(segments, strings) {
  const parts = { content: [], text: [], other: [] };
  for (const seg of segments) {
    const mark = new Uint8Array(seg.length); // 1 content, 2 other text
    for (const s of strings) {
      const needle = Buffer.from(s);
      for (let at = seg.indexOf(needle); at !== -1; at = seg.indexOf(needle, at + needle.length)) mark.fill(1, at, at + needle.length);
    }
    // Other text: runs of 8 or more printable ASCII or UTF-8 bytes (messages, names).
    let start = -1;
    for (let i = 0; i <= seg.length; i++) {
      const b = i < seg.length ? seg[i] : 0;
      const printable = mark[i] === 0 && (b === 9 || b === 10 || (b >= 0x20 && b < 0x7f) || b >= 0x80);
      if (printable && start < 0) start = i;
      if (!printable && start >= 0) {
        if (i - start >= 8) mark.fill(2, start, i);
        start = -1;
      }
    }
    let from = 0;
    for (let i = 1; i <= seg.length; i++) {
      if (i === seg.length || mark[i] !== mark[from]) {
        parts[['other', 'content', 'text'][mark[from]]].push(seg.subarray(from, i));
        from = i;
      }
    }
  }
  return parts;
}

// ------------------------------------------------------------------ main
const items = parseCsv(await readFile(join(dir, 'top.csv'), 'utf8')).map((r) => ({
  name: r.Name ?? r.name ?? Object.values(r)[0],
  bytes: Number(r.ShallowSize ?? r['Shallow Bytes'] ?? Object.values(r)[1]),
}));
const wasmBuf = await readFile(join(dir, WASM));
const wasm = readWasm(wasmBuf);
let strings = [];
try {
  strings = contentStrings(await readFile(join(dir, 'content.rs'), 'utf8'));
} catch {
  // no content.rs: the data is not split
}
const dataParts = splitData(wasm.data, strings);

// Generic code is compiled where it is used: yew's `view::<COMP>` of a function component
// is that component's html!, `Vec<T>::clone` exists for whoever clones that Vec. twiggy's
// dominator tree (dir/dominators.csv) says who keeps an item in the binary; a generic
// item (unresolved type parameters in its name) of a library goes to our module
//   - top-down: when one of our items dominates it (only that item calls it), or
//   - bottom-up: when most of what it alone calls is ours (yew's view::<App> is called
//     through the function table, so nothing of ours dominates it).
const GENERIC = /<(?:[A-Z][A-Za-z0-9_]*|'\w+)(?:,\s*(?:[A-Z][A-Za-z0-9_]*|'\w+))*>/;
const ours = (g) => g && /^cramp_/.test(g);
const attributed = new Map(); // twiggy name → our group
let viaGenerics = 0;
try {
  const rows = parseCsv(await readFile(join(dir, 'dominators.csv'), 'utf8'));
  const nodes = new Map(rows.map((r) => [r.Id, { id: r.Id, name: r.Name, bytes: Number(r.ShallowSize), dom: r.ImmediateDominator, kids: [] }]));
  for (const n of nodes.values()) if (n.dom !== n.id) nodes.get(n.dom)?.kids.push(n);
  const own = (n) => groupOf({ name: n.name });
  const isGenericLib = (n) => GENERIC.test(clean(n.name)) && !ours(own(n)) && own(n) !== 'DATA' && own(n) !== null;
  const final = (n) => attributed.get(n.name) ?? own(n);
  // Bottom-up: our share of what a generic item alone keeps (its dominator subtree).
  const subtree = (n, acc = new Map()) => {
    for (const k of n.kids) {
      acc.set(final(k), (acc.get(final(k)) ?? 0) + k.bytes);
      subtree(k, acc);
    }
    return acc;
  };
  for (const n of nodes.values()) {
    if (!isGenericLib(n) || n.bytes < 2000) continue;
    const below = subtree(n);
    const all = [...below.values()].reduce((t, b) => t + b, 0);
    const mine = [...below].filter(([g]) => ours(g)).sort((a, b) => b[1] - a[1]);
    const oursBytes = mine.reduce((t, [, b]) => t + b, 0);
    if (!all || oursBytes < all / 2) continue;
    attributed.set(n.name, mine[0][1] >= oursBytes / 2 ? mine[0][0] : 'cramp_check::app::* (App view: html! of several modules)');
  }
  // Names with their type parameters spelled out (the standard library rebuilt with v0
  // symbols): a library item instantiated for one of our types is that type's module's.
  for (const it of items) {
    const g = groupOf(it);
    if (!g || g === 'DATA' || ours(g) || attributed.has(it.name)) continue;
    const mine = /\b(cramp_check|cramp_core)::[A-Za-z0-9_:]*[A-Za-z0-9_]/.exec(clean(it.name));
    if (mine) attributed.set(it.name, groupOf({ name: mine[0] }));
  }
  // Top-down, from the root: generic library items kept only by one of ours.
  const walk = (n, parentGroup) => {
    if (isGenericLib(n) && !attributed.has(n.name) && ours(parentGroup)) attributed.set(n.name, parentGroup);
    for (const k of n.kids) walk(k, final(k));
  };
  for (const n of nodes.values()) if (n.dom === n.id) walk(n, null);
} catch {
  // no dominators.csv: generic code stays with the crate that defines it
}

const groups = new Map(); // group → { bytes, bufs: [] }
const add = (g, bytes, buf) => {
  const e = groups.get(g) ?? { bytes: 0, bufs: [] };
  e.bytes += bytes;
  if (buf) e.bufs.push(buf);
  groups.set(g, e);
};
// Function bodies by name, to gzip each group's code on its own.
const bodiesByName = new Map();
for (const f of wasm.funcs) bodiesByName.set(f.name, [...(bodiesByName.get(f.name) ?? []), f.bytes]);
let names = 0;
let dataTwiggy = 0;
for (const it of items) {
  const g = groupOf(it);
  if (g === null) {
    names += it.bytes;
    continue;
  }
  if (g === 'DATA') {
    dataTwiggy += it.bytes;
    continue;
  }
  const body = bodiesByName.get(it.name)?.shift();
  const mine = attributed.get(it.name);
  if (mine) viaGenerics += it.bytes;
  add(mine ?? g, it.bytes, body);
}
const dataBytes = (k) => dataParts[k].reduce((t, b) => t + b.length, 0);
if (dataTwiggy) {
  const split = dataBytes('content') + dataBytes('text') + dataBytes('other');
  // twiggy counts each segment's header too; put that difference with "other data".
  add(`data: questionnaire strings${strings.length ? '' : ' (not split: no content.rs)'}`, dataBytes('content'), Buffer.concat(dataParts.content));
  add('data: other text (messages, names, CSS classes)', dataBytes('text'), Buffer.concat(dataParts.text));
  add('data: other (tables, vtables, constants, content structs)', dataBytes('other') + (dataTwiggy - split), Buffer.concat(dataParts.other));
}

const total = [...groups.values()].reduce((t, g) => t + g.bytes, 0);
let shipped = null;
try {
  const f = (await readdir(distDir)).find((n) => /^cramp-check-[0-9a-f]+_bg\.wasm$/.test(n));
  if (f) shipped = (await readFile(join(distDir, f))).length;
} catch {
  // no dist/
}

console.log(`Size profile: ${join(dir, WASM)} (twiggy top, names kept), by crate and module`);
console.log(`   code and data ${kb(total)} KB (${total} bytes)${shipped ? `; shipped wasm in dist/ ${kb(shipped)} KB (${shipped} bytes)` : ''}; name section ${kb(names)} KB, not shipped, left out`);
console.log(`   whole file gzip -9 ${kb(gz(wasmBuf))} KB with names; "gzip alone" = that group's bytes gzipped on their own`);
console.log(`   ${pad('group', 58)}${lpad('bytes', 9)}${lpad('share', 8)}${lpad('gzip alone', 12)}`);
const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
const small = rows.filter(([, g]) => g.bytes / total < 0.001);
for (const [name, g] of rows.filter((r) => !small.includes(r))) {
  const z = g.bufs.length ? kb(gz(Buffer.concat(g.bufs))) : '';
  console.log(`   ${pad(name, 58)}${lpad(g.bytes, 9)}${lpad(((100 * g.bytes) / total).toFixed(1) + '%', 8)}${lpad(z, 12)}`);
}
if (small.length) {
  const b = small.reduce((t, [, g]) => t + g.bytes, 0);
  const z = kb(gz(Buffer.concat(small.flatMap(([, g]) => g.bufs))));
  console.log(`   ${pad(`${small.length} smaller groups (each < 0.1%): ${small.slice(0, 6).map(([n]) => n.replace(/ \(.*/, '')).join(', ')}…`, 58).slice(0, 58)}${lpad(b, 9)}${lpad(((100 * b) / total).toFixed(1) + '%', 8)}${lpad(z, 12)}`);
}
const gzAlone = rows.reduce((t, [, g]) => t + (g.bufs.length ? gz(Buffer.concat(g.bufs)) : 0), 0);
console.log(`   ${pad('total', 58)}${lpad(total, 9)}${lpad('100%', 8)}${lpad(kb(gzAlone), 12)}`);
if (viaGenerics) console.log(`   (${kb(viaGenerics)} KB of generic yew/std code is counted with our modules: its instance exists for, or mostly calls, that module; see dominators.csv)`);

// Rolled up: ours, the framework and bindings, the standard library, data.
const OTHER = 'other crates (hashbrown, indexmap, …) and wasm structure';
const roll = { 'ours (cramp_check, cramp_core)': 0, 'framework and bindings (yew, wasm_bindgen, web_sys, js_sys, gloo, serde)': 0, 'standard library (core, alloc, std, dlmalloc, panicking)': 0, 'data (all segments)': 0, [OTHER]: 0 };
for (const [name, g] of rows) {
  const k = /^cramp_/.test(name)
    ? 'ours (cramp_check, cramp_core)'
    : /^(yew|wasm_bindgen|web_sys|js_sys|gloo|serde)/.test(name)
      ? 'framework and bindings (yew, wasm_bindgen, web_sys, js_sys, gloo, serde)'
      : /^(core|alloc|std|dlmalloc|panicking|compiler_builtins)/.test(name)
        ? 'standard library (core, alloc, std, dlmalloc, panicking)'
        : /^data:/.test(name)
          ? 'data (all segments)'
          : OTHER;
  roll[k] += g.bytes;
}
console.log('   rolled up:');
for (const [k, b] of Object.entries(roll)) if (b) console.log(`     ${pad(k, 84)}${lpad(b, 9)}${lpad(((100 * b) / total).toFixed(1) + '%', 8)}`);

console.log(`\n   top ${TOP} functions (bytes, group, name)`);
const fns = items.filter((it) => {
  const g = groupOf(it);
  return g && g !== 'DATA' && !g.startsWith('wasm structure');
});
for (const it of fns.slice(0, TOP)) {
  const name = clean(it.name);
  const g = (attributed.get(it.name) ?? groupOf(it)).replace(/ \(.*/, '');
  console.log(`   ${lpad(it.bytes, 7)}  ${pad(g, 26)} ${name.length > 100 ? `${name.slice(0, 99)}…` : name}`);
}

if (list) {
  console.log(`\n   items of the groups matching ${list}`);
  for (const it of items) {
    const g = attributed.get(it.name) ?? groupOf(it);
    if (g && g !== 'DATA' && list.test(g)) console.log(`   ${lpad(it.bytes, 7)}  ${pad(g.replace(/ \(.*/, ''), 26)} ${clean(it.name)}`);
  }
}
