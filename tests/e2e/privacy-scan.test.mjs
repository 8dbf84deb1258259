// The privacy scan (scripts/privacy-scan.mjs) on broken copies of the build: the
// language files (issue 24) are let through only as data, and the page's loader may
// add a <script> element only for them. Each control must make the scan fail, so the
// scan's PASS on the real build (subfolder.test.mjs) means something. No browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyBuild, removeDir, REPO } from './lib.mjs';

function scan(dir) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'privacy-scan.mjs'), dir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Scans a copy of the build after `edit(dir, files)`; returns the scan's result. */
function scanBroken(edit) {
  const dir = copyBuild();
  try {
    edit(dir, readdirSync(dir));
    return scan(dir);
  } finally {
    removeDir(path.dirname(dir));
  }
}

const textsFile = (files, lang) => files.find((f) => new RegExp(`^cramp-texts-${lang}-[0-9a-f]{16}\\.js$`).test(f));
const change = (dir, file, fn) => writeFileSync(path.join(dir, file), fn(readFileSync(path.join(dir, file), 'utf8')));

test('the privacy scan passes the build with its two language files, as data', () => {
  const r = scanBroken(() => {});
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /the words of zh-CN only/);
  assert.match(r.out, /the words of en only/);
  assert.match(r.out, /adds a same-folder <script> for a language file only/);
});

const controls = [
  ['a language file that also calls fetch', (dir, files) => change(dir, textsFile(files, 'en'), (s) => `${s}fetch('/x');\n`), /cramp-texts-en-.*[\s\S]*not data only|line \d+: fetch/],
  ['a language file whose string is closed early to run code', (dir, files) =>
    change(dir, textsFile(files, 'zh-CN'), (s) => s.replace('="', '="";navigator.sendBeacon("/x");x="')), /not data only|sendBeacon/],
  ['a language file that holds the other language', (dir, files) =>
    change(dir, textsFile(files, 'en'), (s) => s.replace('["en"]', '["zh-CN"]')), /not of the language its name says/],
  ['a loader that adds a <script> of another file', (dir) =>
    change(dir, 'index.html', (s) => s.replace(/\.\/cramp-texts-en-[0-9a-f]{16}\.js/, './tracker.js')), /only the build's language files may be added/],
];
for (const [name, edit, says] of controls) {
  test(`control: the privacy scan fails on ${name}`, () => {
    const r = scanBroken(edit);
    assert.equal(r.status, 1, `the scan passed:\n${r.out}`);
    assert.match(r.out, says);
  });
}
