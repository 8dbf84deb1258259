/*! Night-time leg cramp self-check: one-line embed.
 *
 *   <script src="https://cdn.example/widgets/cramp/embed.js" data-lang="en"
 *           data-brand-color="#0a5" data-station="…" data-logo="…"
 *           data-emergency-number="120" data-skip-intro="true" async></script>
 *
 * Puts an <iframe> with the self-check right after this <script>. The iframe loads
 * index.html from the folder of this file, with the settings (checked here first;
 * unknown or invalid ones are dropped with a console warning) as the URL parameters
 * the widget reads (crates/cramp-core/src/settings.rs, which checks them again):
 *   data-lang → lang, data-brand-color → brand, data-station → station,
 *   data-logo → logo (made absolute), data-emergency-number → phone,
 *   data-skip-intro → skip_intro, and parent_origin (this page's origin, the only
 *   origin the widget will post its height to). The iframe's height follows the widget's content: only messages
 * {type: "cramp-check:height", height: N} from that iframe (its origin and its window)
 * are read. Nothing is sent to the widget; no innerHTML; no network use of its own.
 */
(function () {
  'use strict';

  var PREFIX = 'cramp-check embed: ';

  // A host name as the widget takes it: DNS labels of a-z, 0-9 and inner hyphens
  // (the URL parser has already lower-cased it and turned IDNs into xn--).
  function hostName(host) {
    return host.length <= 253 && host.split('.').every(function (label) {
      return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label);
    });
  }

  /**
   * Checks the host's settings: `data` holds the script's data-* attributes as
   * `dataset` names them (lang, brandColor, station, logo, emergencyNumber,
   * skipIntro; anything else is ignored), `baseURI` resolves a relative logo and
   * `pageOrigin` is the host page's origin. Returns { params: [[name, value], …],
   * the URL parameters of the values that passed; problems: [{ attr, code,
   * message }], one per value dropped }. A value is passed on only in a shape the
   * widget accepts too (crates/cramp-core/src/settings.rs); tests/host-settings.json holds the cases
   * both must agree on. The station kit (embed.html) calls this same function, so
   * its snippet never holds a value this script would drop.
   */
  function check(data, baseURI, pageOrigin) {
    var params = [];
    var problems = [];
    function problem(attr, code, message) {
      problems.push({ attr: attr, code: code, message: message });
    }

    if (data.lang != null) {
      if (data.lang === 'zh-CN' || data.lang === 'en') params.push(['lang', data.lang]);
      else problem('data-lang', 'lang', 'data-lang must be "zh-CN" or "en"; ignored.');
    }

    if (data.brandColor != null) {
      if (/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(data.brandColor)) params.push(['brand', data.brandColor.toLowerCase()]);
      else problem('data-brand-color', 'brand', 'data-brand-color must be #rgb or #rrggbb; ignored.');
    }

    if (data.station != null) {
      // Plain text: no control characters, spaces collapsed, at most 40 characters.
      var station = String(data.station).replace(/\s+/g, ' ').trim();
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(station)) problem('data-station', 'station-plain', 'data-station must be plain text; ignored.');
      else if (Array.from(station).length > 40) problem('data-station', 'station-long', 'data-station is longer than 40 characters; ignored.');
      else if (station) params.push(['station', station]);
    }

    if (data.logo != null) {
      var logo = null;
      try {
        logo = new URL(data.logo, baseURI);
      } catch (e) {
        logo = null;
      }
      // As the widget takes it (crates/cramp-core/src/settings.rs): a plain host name (DNS labels)
      // or IPv4 address, a port from 1, no quote, backquote or backslash (the URL
      // parser leaves those unescaped in the query or fragment).
      if (logo && (logo.protocol === 'https:' || logo.origin === pageOrigin) && !logo.username && !logo.password &&
          logo.href.length <= 2048 && hostName(logo.hostname) && logo.port !== '0' && !/['`\\]/.test(logo.href)) {
        params.push(['logo', logo.href]);
      } else {
        problem('data-logo', 'logo', 'data-logo must be an https: URL or a URL on this site; ignored.');
      }
    }

    if (data.emergencyNumber != null) {
      if (/^[0-9]{3,15}$/.test(data.emergencyNumber)) params.push(['phone', data.emergencyNumber]);
      else problem('data-emergency-number', 'phone', 'data-emergency-number must be 3 to 15 digits; ignored.');
    }

    if (data.skipIntro != null) {
      if (data.skipIntro === 'true') params.push(['skip_intro', 'true']);
      else if (data.skipIntro !== 'false') problem('data-skip-intro', 'skip-intro', 'data-skip-intro must be "true" or "false"; ignored.');
    }

    return { params: params, problems: problems };
  }

  var script = document.currentScript;
  if (!script || !script.src) return; // not loaded by a <script src> (e.g. injected as text)

  // The station kit (embed.html) loads this file for its checks only: no iframe.
  if (script.hasAttribute('data-cramp-check-kit')) {
    window.crampCheckEmbed = Object.freeze({ check: check, hostName: hostName });
    return;
  }

  var base = new URL(script.src, document.baseURI);
  var widget = new URL('index.html', base);
  var widgetOrigin = widget.origin;

  function warn(msg) {
    if (window.console && console.warn) console.warn(PREFIX + msg);
  }

  // Each setting: attribute → URL parameter, with the check it must pass.
  // Anything not listed in check() is ignored.
  var params = new URLSearchParams();
  var checked = check(script.dataset, document.baseURI, location.origin);
  checked.params.forEach(function (p) {
    params.set(p[0], p[1]);
  });
  checked.problems.forEach(function (p) {
    warn(p.message);
  });

  // An opaque origin ("null", e.g. a sandboxed or file: page) cannot be posted to.
  if (location.origin && location.origin !== 'null') params.set('parent_origin', location.origin);
  widget.search = params.toString();

  var lang = params.get('lang') || document.documentElement.lang || '';
  var iframe = document.createElement('iframe');
  iframe.src = widget.href;
  iframe.title = /^en\b/i.test(lang) ? 'Night-time leg cramp self-check' : '夜间腿抽筋自查 · Night-time leg cramp self-check';
  iframe.className = 'cramp-check-frame';
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  iframe.setAttribute('loading', 'eager');
  // Layout through the CSSOM (allowed under a strict CSP, unlike a style attribute).
  iframe.style.display = 'block';
  iframe.style.width = '100%';
  iframe.style.maxWidth = '100%';
  iframe.style.border = '0';
  iframe.style.height = '640px'; // until the widget reports its height
  iframe.style.overflow = 'hidden';

  var MIN = 160;
  var MAX = 20000;
  window.addEventListener('message', function (event) {
    if (event.origin !== widgetOrigin || event.source !== iframe.contentWindow) return;
    var msg = event.data;
    if (!msg || typeof msg !== 'object' || msg.type !== 'cramp-check:height') return;
    var h = msg.height;
    if (typeof h !== 'number' || !isFinite(h)) return;
    h = Math.min(MAX, Math.max(MIN, Math.ceil(h)));
    iframe.style.height = h + 'px';
  });

  script.parentNode.insertBefore(iframe, script.nextSibling);
})();
