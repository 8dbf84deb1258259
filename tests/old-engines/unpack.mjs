#!/usr/bin/env node
// Unpacks the two 2019-2020 Chromium builds that the npm package chrome-aws-lambda
// ships brotli-compressed (bin/chromium*.br), once, into tests/old-engines/.browsers/:
//   chrome-aws-lambda@1.13.0 → .browsers/chromium-74/chromium  (Chromium 74.0.3723)
//   chrome-aws-lambda@3.1.1  → .browsers/chromium-83/chromium  (Chromium 83)
// Idempotent: a binary already unpacked from the same .br (same size and time, noted in
// a stamp file next to it) is left alone. scripts/setup.sh runs it after `npm ci
// --ignore-scripts` here; by hand: `node tests/old-engines/unpack.mjs`.
// Only the binary is needed: the system's own libraries (Debian's chromium brings them)
// serve both (the packages' aws.tar.br holds libraries for AWS Lambda).

import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BROWSERS = {
  'chromium-74': 'chrome-aws-lambda-74',
  'chromium-83': 'chrome-aws-lambda-83',
};

/** The executable of an unpacked engine ('chromium-74' or 'chromium-83'). */
export const executable = (name) => path.join(HERE, '.browsers', name, 'chromium');

export function unpack(name) {
  const pkg = path.join(HERE, 'node_modules', BROWSERS[name], 'bin');
  if (!existsSync(pkg)) throw new Error(`${BROWSERS[name]} is not installed in tests/old-engines/node_modules (scripts/setup.sh test; by hand: cd tests/old-engines && npm ci --ignore-scripts)`);
  const br = readdirSync(pkg).find((f) => /^chromium.*\.br$/.test(f) && !f.includes('.tar'));
  if (!br) throw new Error(`no bin/chromium*.br in ${pkg}`);
  const source = path.join(pkg, br);
  const st = statSync(source);
  const want = `${br} ${st.size} ${Math.round(st.mtimeMs)}\n`;
  const out = executable(name);
  const stamp = `${out}.unpacked`;
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { out, unpacked: false };
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  writeFileSync(tmp, brotliDecompressSync(readFileSync(source)));
  chmodSync(tmp, 0o755);
  renameSync(tmp, out);
  writeFileSync(stamp, want);
  return { out, unpacked: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(BROWSERS)) {
    try {
      const { out, unpacked } = unpack(name);
      console.log(`old-engines: ${name} ${unpacked ? 'unpacked to' : 'already at'} ${path.relative(process.cwd(), out)}`);
    } catch (e) {
      console.error(`old-engines: could not unpack ${name}: ${e.message}`);
      process.exit(1);
    }
  }
}
