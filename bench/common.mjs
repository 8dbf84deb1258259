// What the benches share (bench.mjs, takeover.mjs, diary.mjs): the browser, the throttling
// of a phone on a slow network (Lighthouse's mobile Slow 4G and 4x CPU, as raw CDP
// values) and the median of a run's figures.

export const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--mute-audio'];
// Lighthouse's mobile Slow 4G (constants.throttling.mobileSlow4G); kbit = 1024 bits.
export const SLOW_4G = { rttMs: 150, downKbps: 1638.4, upKbps: 675 };
export const CPU_SLOWDOWN = 4;

/** The median of the finite figures (NaN when there are none). */
export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Throttles a tab: the CPU CPU_SLOWDOWN times slower and, unless `network` is false, Slow
 * 4G; `noCache` turns the HTTP cache off (DevTools' "Disable cache"). Returns the CDP
 * session.
 */
export async function throttle(context, tab, { network = true, noCache = false } = {}) {
  const cdp = await context.newCDPSession(tab);
  if (network) {
    await cdp.send('Network.enable');
    if (noCache) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW_4G.rttMs,
      downloadThroughput: (SLOW_4G.downKbps * 1024) / 8,
      uploadThroughput: (SLOW_4G.upKbps * 1024) / 8,
      connectionType: 'cellular4g',
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return cdp;
}
