#!/usr/bin/env node
// Serves the embed example on two origins, both on 127.0.0.1:
//   host   (HOST_PORT, default 8081):   examples/  → http://127.0.0.1:8081/host.html
//   widget (WIDGET_PORT, default 8082): dist/ under /widgets/cramp/ (a sub-folder, as on a
//          CDN) and under / too, with the CSP of dist/csp.txt and frame-ancestors set to
//          the host origin, like the deployment docs say.
// host.html names the widget origin as http://127.0.0.1:8082; when WIDGET_PORT differs the
// page is rewritten on the fly. Port 0 picks a free port.
//
//   node examples/serve.mjs [dist-folder]        (default: dist/, or $DIST)
//   → prints one JSON line: {"host", "hostPage", "widget", "widgetRoot"} and serves until stopped.
//
// Tests can import it instead: `const s = await startExampleServers({ dist, hostPort: 0, widgetPort: 0 })`
// … `await s.close()`.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cspHeader, startStaticServer } from '../scripts/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_WIDGET_ORIGIN = 'http://127.0.0.1:8082';
export const WIDGET_PATH = '/widgets/cramp/';

export async function startExampleServers({ dist, hostPort = 8081, widgetPort = 8082, log } = {}) {
  dist = resolve(dist ?? process.env.DIST ?? join(here, '..', 'dist'));
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no build in ${dist} (run make dist)`);

  // The widget server is started first: the host page needs its origin.
  let hostOrigin = null;
  let csp = null;
  const widget = await startStaticServer({
    mounts: [
      { prefix: WIDGET_PATH, root: dist },
      { prefix: '/', root: dist },
    ],
    port: widgetPort,
    log,
    headers: () => (csp ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
  });
  const host = await startStaticServer({
    mounts: [{ prefix: '/', root: here }],
    port: hostPort,
    log,
    transform: (path, file, body) =>
      file.endsWith('.html') ? body.toString('utf8').replaceAll(DEFAULT_WIDGET_ORIGIN, widget.origin) : null,
  });
  hostOrigin = host.origin;
  csp = await cspHeader(dist, `'self' ${hostOrigin}`);
  return {
    host: host.origin,
    hostPage: `${host.origin}/host.html`,
    widget: `${widget.origin}${WIDGET_PATH}`,
    widgetRoot: `${widget.origin}/`,
    widgetOrigin: widget.origin,
    csp,
    close: async () => {
      await host.close();
      await widget.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = (v, d) => (v === undefined || v === '' ? d : Number(v));
  const s = await startExampleServers({
    dist: process.argv[2],
    hostPort: port(process.env.HOST_PORT, 8081),
    widgetPort: port(process.env.WIDGET_PORT, 8082),
    log: process.env.VERBOSE ? (line) => console.error(line) : undefined,
  });
  const { close, csp, ...urls } = s;
  console.log(JSON.stringify(urls));
  if (!csp) console.error('serve: dist/ has no csp.txt (was scripts/postbuild.mjs run?); serving without CSP.');
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
