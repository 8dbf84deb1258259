/* Night-time leg cramp self-check: service worker registration and the "updated" signal.
 *
 * scripts/postbuild.mjs puts it inline at the end of index.html (its hash goes into the
 * CSP), so it needs no request of its own: as a file it held up the load event. Like
 * boot.js it is written for old browsers (ES5).
 *
 * - Registers sw.js (relative to the page, so it works from any folder) after the load
 *   event, when the page is a secure context (https:, or http://localhost / 127.0.0.1)
 *   and the browser has service workers. A failed registration only means no offline
 *   use: it is not an error.
 * - "Updated": each build carries its version in <meta name="cramp-check-version">
 *   (scripts/postbuild.mjs). When it differs from the version this browser showed last
 *   time (kept in localStorage under "cramp-check/last-version"; a version string, no
 *   answers), the page is a new version: this sets data-cramp-check-updated="true" on
 *   <html> at once and, once the widget has started (Trunk's TrunkApplicationStarted),
 *   dispatches the event "cramp-check:updated" on document. The widget shows its notice
 *   on either (the attribute covers a widget that attached its listener late).
 * It posts nothing to the service worker and listens to no messages.
 */
(function () {
  'use strict';

  var KEY = 'cramp-check/last-version';
  var meta = document.querySelector('meta[name="cramp-check-version"]');
  var version = meta && meta.getAttribute('content');

  function announce() {
    document.documentElement.setAttribute('data-cramp-check-updated', 'true');
    var fire = function () {
      document.dispatchEvent(new Event('cramp-check:updated'));
    };
    // window.wasmBindings is set by Trunk's loader just before TrunkApplicationStarted.
    if (window.wasmBindings) setTimeout(fire, 0);
    else window.addEventListener('TrunkApplicationStarted', function () { setTimeout(fire, 0); }, { once: true });
  }

  if (version) {
    try {
      var seen = window.localStorage.getItem(KEY);
      if (seen !== version) window.localStorage.setItem(KEY, version);
      if (seen && seen !== version) announce();
    } catch (e) {
      // No storage (privacy mode, blocked third-party storage): no notice, nothing else changes.
    }
  }

  // Reading navigator.serviceWorker throws a SecurityError in a sandboxed frame
  // without allow-same-origin: that only means no offline use there.
  function register() {
    try {
      if (window.isSecureContext && 'serviceWorker' in navigator) {
        navigator.serviceWorker.register('sw.js').catch(function (err) {
          if (window.console && console.info) console.info('cramp-check: works online only here (' + (err && err.name) + ')');
        });
      }
    } catch (e) {
      if (window.console && console.info) console.info('cramp-check: works online only here (' + (e && e.name) + ')');
    }
  }
  // After the load event and the frame that follows it (a link into the page,
  // #cc-emergency, is shown at load): the worker's first install downloads the
  // whole build, which must not hold up the page's own files on a slow connection.
  function afterLoad() {
    window.requestAnimationFrame(function () {
      window.setTimeout(register, 0);
    });
  }
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad);
})();
