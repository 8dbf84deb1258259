/*! Station kit (embed.html): settings in, a live preview and the embed code out.
 *
 * Each setting goes through embed.js's own check() (loaded in "kit" mode, so the
 * code written here holds only values embed.js passes on; tests/host-settings.json
 * holds the cases embed.js and the widget agree on). A value that fails shows its
 * message, in both languages, next to its field (aria-invalid, aria-describedby)
 * and is left out of the code and the preview. The preview is an iframe of
 * index.html beside this page, with the same URL parameters embed.js would add.
 * Every visible text is in embed.html; this file only shows, hides and fills in,
 * with textContent (never innerHTML). No network use: the only URLs are built from
 * this page's own address.
 */
(function () {
  'use strict';

  var embed = window.crampCheckEmbed;
  if (!embed || typeof embed.check !== 'function') return; // embed.js missing: the page says nothing wrong, the fields stay inert

  var root = document.documentElement;
  var byId = function (id) {
    return document.getElementById(id);
  };
  var here = new URL(location.href);
  var embedUrl = new URL('embed.js', here).href;
  var widgetUrl = new URL('index.html', here).href;
  var pageOrigin = here.origin;

  // The settings embed.js knows: field id → data-* attribute and dataset name.
  var FIELDS = [
    { name: 'lang', id: 'f-lang', attr: 'data-lang', key: 'lang' },
    { name: 'brand', id: 'f-brand', attr: 'data-brand-color', key: 'brandColor' },
    { name: 'station', id: 'f-station', attr: 'data-station', key: 'station' },
    { name: 'logo', id: 'f-logo', attr: 'data-logo', key: 'logo' },
    { name: 'phone', id: 'f-phone', attr: 'data-emergency-number', key: 'emergencyNumber' },
    { name: 'skip', id: 'f-skip', attr: 'data-skip-intro', key: 'skipIntro' },
  ];
  var site = { name: 'site', id: 'f-site' };
  var touched = {}; // fields whose problems are shown (after a change, or once shown, until fixed)

  // ---------------------------------------------------------------- interface language
  function setUiLang(lang) {
    if (lang !== 'en') lang = 'zh-CN';
    root.lang = lang;
    var key = lang === 'en' ? 'titleEn' : 'titleZh';
    document.title = root.dataset[key];
    var preview = byId('preview');
    preview.title = preview.dataset[key];
    document.querySelectorAll('[data-ui-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-ui-lang') === lang));
    });
    var url = new URL(location.href);
    if (lang === 'en') url.searchParams.set('lang', 'en');
    else url.searchParams.delete('lang');
    if (url.href !== location.href) history.replaceState(null, '', url.href);
  }

  // ---------------------------------------------------------------- reading and checking
  function fieldValue(f) {
    var el = byId(f.id);
    if (el.type === 'checkbox') return el.checked ? 'true' : undefined;
    var v = el.value.trim();
    return v === '' ? undefined : v;
  }

  /** The site address typed for the iframe code, as an origin the widget takes (src/settings.rs `origin`). */
  function siteOrigin(value) {
    var u;
    try {
      u = new URL(value);
    } catch (e) {
      return null;
    }
    var local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
    if (!(u.protocol === 'https:' || (u.protocol === 'http:' && local))) return null;
    if (u.username || u.password || u.port === '0' || !embed.hostName(u.hostname)) return null;
    return u.origin;
  }

  function evaluate() {
    var data = {};
    FIELDS.forEach(function (f) {
      var v = fieldValue(f);
      if (v !== undefined) data[f.key] = v;
    });
    var checked = embed.check(data, here.href, pageOrigin);
    var params = {};
    checked.params.forEach(function (p) {
      params[p[0]] = p[1];
    });
    var problems = {};
    checked.problems.forEach(function (p) {
      problems[p.attr] = p.code;
    });
    var siteValue = fieldValue(site);
    var origin = siteValue === undefined ? null : siteOrigin(siteValue);
    if (siteValue !== undefined && !origin) problems.site = 'site';
    return { data: data, params: params, problems: problems, origin: origin };
  }

  // ---------------------------------------------------------------- showing problems
  function problemOf(state, f) {
    return f.attr ? state.problems[f.attr] : state.problems[f.name];
  }

  function showProblems(state) {
    FIELDS.concat([site]).forEach(function (f) {
      var el = byId(f.id);
      var box = byId(f.id + '-error');
      var code = problemOf(state, f);
      if (!code) touched[f.name] = false;
      var shown = Boolean(code) && touched[f.name];
      if (!box) return;
      box.hidden = !shown;
      box.querySelectorAll('[data-error]').forEach(function (p) {
        p.hidden = p.getAttribute('data-error') !== code;
      });
      if (shown) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    });
    byId('left-out').hidden = Object.keys(state.problems).length === 0;
    var swatch = byId('f-brand-swatch');
    swatch.style.backgroundColor = state.params.brand || 'transparent';
    swatch.classList.toggle('empty', !state.params.brand);
  }

  // ---------------------------------------------------------------- the code
  function attrEscape(s) {
    return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** The one-line script tag: each accepted setting as the host writes it (trimmed), in README's order. */
  function scriptCode(state) {
    var parts = ['<script src="' + attrEscape(embedUrl) + '"'];
    FIELDS.forEach(function (f) {
      if (!(f.key in state.data) || problemOf(state, f)) return;
      // The station as embed.js passes it on (spaces collapsed); everything else as typed.
      var value = f.name === 'station' ? state.params.station : state.data[f.key];
      if (value === undefined) return;
      parts.push(f.attr + '="' + attrEscape(value) + '"');
    });
    return parts.join(' ') + ' async></script>';
  }

  /** The URL parameters of the widget, in embed.js's order, plus parent_origin when known. */
  function widgetParams(params, parentOrigin) {
    var q = new URLSearchParams();
    ['lang', 'brand', 'station', 'logo', 'phone', 'skip_intro'].forEach(function (k) {
      if (params[k] !== undefined) q.set(k, params[k]);
    });
    if (parentOrigin) q.set('parent_origin', parentOrigin);
    return q;
  }

  /** The plain iframe: as README documents it (src with the settings and parent_origin, title). */
  function iframeCode(state) {
    var params = {};
    Object.keys(state.params).forEach(function (k) {
      params[k] = state.params[k];
    });
    delete params.logo;
    // A logo typed as a path belongs to the host's site: resolve it there, once known.
    if (state.params.logo !== undefined && state.origin) {
      var resolved = embed.check({ logo: state.data.logo }, state.origin + '/', state.origin);
      if (resolved.params.length) params.logo = resolved.params[0][1];
    } else if (state.params.logo !== undefined && /^https:/i.test(state.data.logo)) {
      params.logo = state.params.logo;
    }
    var src = widgetUrl + '?' + widgetParams(params, state.origin).toString();
    var box = byId('code-iframe');
    var title = state.params.lang === 'en' ? box.dataset.titleEn : box.dataset.titleZh;
    return '<iframe src="' + attrEscape(src) + '" title="' + attrEscape(title) + '" height="760" referrerpolicy="no-referrer"></iframe>';
  }

  // ---------------------------------------------------------------- the preview
  var previewTimer = null;
  function previewUrl(state) {
    // The kit page plays the host: the same parameters embed.js would add here.
    return widgetUrl + '?' + widgetParams(state.params, pageOrigin).toString();
  }

  function updatePreview(state, now) {
    var url = previewUrl(state);
    var frame = byId('preview');
    clearTimeout(previewTimer);
    var apply = function () {
      if (frame.getAttribute('src') !== url) frame.setAttribute('src', url);
    };
    if (now) apply();
    else previewTimer = setTimeout(apply, 350); // not on every key press
  }

  // The preview reports its height like any embed: from this origin and that frame only.
  window.addEventListener('message', function (event) {
    var frame = byId('preview');
    if (event.origin !== pageOrigin || event.source !== frame.contentWindow) return;
    var msg = event.data;
    if (!msg || typeof msg !== 'object' || msg.type !== 'cramp-check:height') return;
    var h = msg.height;
    if (typeof h !== 'number' || !isFinite(h)) return;
    frame.style.height = Math.min(4000, Math.max(320, Math.ceil(h))) + 'px';
  });

  // ---------------------------------------------------------------- update
  function update(now) {
    var state = evaluate();
    showProblems(state);
    byId('code-script').value = scriptCode(state);
    byId('code-iframe').value = iframeCode(state);
    updatePreview(state, now);
  }

  FIELDS.concat([site]).forEach(function (f) {
    var el = byId(f.id);
    el.addEventListener('input', function () {
      update(false);
    });
    // A problem shows once the person leaves or commits the field, then follows each key press until fixed.
    el.addEventListener('change', function () {
      touched[f.name] = true;
      update(false);
    });
  });

  // ---------------------------------------------------------------- copying
  var statusTimer = null;
  function announce(templateId) {
    var status = byId('copy-status');
    status.textContent = '';
    clearTimeout(statusTimer);
    // Emptied first, then filled a moment later, so that a second copy is announced again.
    statusTimer = setTimeout(function () {
      status.replaceChildren(byId(templateId).content.cloneNode(true));
    }, 100);
  }

  function copyFrom(box) {
    var fallback = function () {
      box.focus();
      box.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) {
        ok = false;
      }
      announce(ok ? 'msg-copied' : 'msg-select');
    };
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      navigator.clipboard.writeText(box.value).then(function () {
        announce('msg-copied');
      }, fallback);
    } else {
      fallback();
    }
  }

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      copyFrom(byId(button.getAttribute('data-copy')));
    });
  });

  document.querySelectorAll('[data-ui-lang]').forEach(function (button) {
    button.addEventListener('click', function () {
      setUiLang(button.getAttribute('data-ui-lang'));
    });
  });

  document.querySelectorAll('.widget-origin').forEach(function (el) {
    el.textContent = pageOrigin;
  });
  byId('kit-form').addEventListener('submit', function (event) {
    event.preventDefault();
  });

  setUiLang(here.searchParams.get('lang') === 'en' ? 'en' : 'zh-CN');
  root.classList.add('kit-ready');
  update(true);
})();
