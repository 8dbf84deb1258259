// A small static file server that behaves like a CDN in front of dist/: correct MIME
// types (application/wasm included), brotli or gzip when the client accepts it,
// Cache-Control for hashed and unhashed files, optional extra headers (CSP).
// Used by bench/bench.mjs, examples/serve.mjs and tests/e2e/lib.mjs. Node built-ins
// only; listens on 127.0.0.1 only.
//
//   import { startStaticServer } from './static-server.mjs';
//   const s = await startStaticServer({ mounts: [{ prefix: '/', root: 'dist' }], port: 0 });
//   console.log(s.origin); … await s.close();

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.wasm', '.json', '.webmanifest', '.svg', '.txt', '.map']);

/** Trunk's hashed names: `name-<16 hex>.ext` (and `_bg.wasm`). Safe to cache for a year. */
export function isHashed(path) {
  return /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path);
}

/** Cache-Control a CDN should send for this file (see bench/DEPLOY-draft.md). */
export function cacheControl(path) {
  return isHashed(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The encoding to use for an Accept-Encoding header: 'br', 'gzip' or null. */
export function pickEncoding(accept = '') {
  const offered = new Map();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (n) => (offered.get(n) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

const compressedCache = new Map(); // key: content hash|enc → Buffer

function compress(buf, enc) {
  return enc === 'br'
    ? brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } })
    : gzipSync(buf, { level: 9 });
}

/**
 * Starts a server. `mounts`: [{ prefix: '/widgets/cramp/', root: '/abs/dist' }, …]
 * (longest prefix wins). `headers(urlPath, filePath)` may return extra headers.
 * `transform(urlPath, filePath, buffer)` may return a replacement body (for templating).
 */
export async function startStaticServer({ mounts, host = '127.0.0.1', port = 0, headers, transform, log } = {}) {
  const table = mounts
    .map((m) => ({ prefix: m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`, root: resolve(m.root) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url, 'http://localhost');
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      // "/widgets/cramp" → "/widgets/cramp/" so relative URLs resolve inside the folder.
      const bare = table.find((m) => `${path}/` === m.prefix && m.prefix !== '/');
      if (bare) {
        res.writeHead(301, { Location: `${bare.prefix}${url.search}` }).end();
        return;
      }
      const mount = table.find((m) => path.startsWith(m.prefix));
      if (!mount || path.includes('\0')) return notFound(req, res);
      let rel = path.slice(mount.prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = resolve(join(mount.root, rel));
      if (file !== mount.root && !file.startsWith(mount.root + sep)) return notFound(req, res);
      let st;
      try {
        st = await stat(file);
      } catch {
        return notFound(req, res);
      }
      if (!st.isFile()) return notFound(req, res);
      const ext = extname(file).toLowerCase();
      let body = await readFile(file);
      let transformed = false;
      if (transform) {
        const out = await transform(path, file, body);
        if (out != null) {
          body = Buffer.from(out);
          transformed = true;
        }
      }
      const h = {
        'Content-Type': MIME[ext] ?? 'application/octet-stream',
        'Cache-Control': cacheControl(file),
        'X-Content-Type-Options': 'nosniff',
        ...(headers ? headers(path, file) ?? {} : {}),
      };
      const enc = COMPRESSIBLE.has(ext) ? pickEncoding(req.headers['accept-encoding']) : null;
      if (COMPRESSIBLE.has(ext)) h.Vary = 'Accept-Encoding';
      if (enc) {
        // Keyed by content, not mtime: a file rewritten twice within a millisecond
        // (as a redeploy in a test does) must never be served stale.
        const key = `${createHash('sha1').update(body).digest('hex')}|${enc}`;
        let packed = compressedCache.get(key);
        if (!packed) {
          packed = compress(body, enc);
          compressedCache.set(key, packed);
        }
        body = packed;
        h['Content-Encoding'] = enc;
      }
      h['Content-Length'] = body.length;
      res.writeHead(200, h);
      res.end(req.method === 'HEAD' ? undefined : body);
      log?.(`${req.method} ${req.url} 200 ${enc ?? 'identity'} ${body.length}`);
    } catch (err) {
      res.writeHead(500).end();
      log?.(`${req.method} ${req.url} 500 ${err}`);
    }
  });

  function notFound(req, res) {
    log?.(`${req.method} ${req.url} 404`);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('not found\n');
  }

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  return {
    server,
    port: actual,
    origin: `http://${host}:${actual}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/**
 * The Content-Security-Policy header for a built dist/ (from its csp.txt, written by
 * scripts/postbuild.mjs), with `frame-ancestors` set to `ancestors`; null if no csp.txt.
 */
export async function cspHeader(distDir, ancestors) {
  let csp;
  try {
    csp = (await readFile(join(distDir, 'csp.txt'), 'utf8')).trim();
  } catch {
    return null;
  }
  csp = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
  return `${csp}; frame-ancestors ${ancestors}`;
}

// `make run`: node scripts/static-server.mjs DIST ADDRESS PORT serves a built dist/ as a
// CDN would (its CSP from csp.txt as a header too) until stopped.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = 'dist', host = '127.0.0.1', port = '8080'] = process.argv.slice(2);
  const csp = await cspHeader(resolve(dist), "'self'");
  const s = await startStaticServer({
    mounts: [{ prefix: '/', root: dist }],
    host,
    port: Number(port),
    headers: () => (csp ? { 'Content-Security-Policy': csp } : {}),
  });
  console.log(`Serving ${dist}/ on ${s.origin}/ (Ctrl-C stops)`);
}
