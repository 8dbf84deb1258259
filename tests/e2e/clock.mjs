// The browser's clock in the end-to-end suite: no test reads the wall clock,
// the machine's time zone or the day of the week.
//
// Every page starts with its clock fixed at one instant, in one IANA time zone:
// `CLOCK` (from E2E_NOW, or a fixed default). The date-sensitive journeys run
// again at each of `INSTANTS` (a Monday just after midnight, late on a Sunday,
// a morning, an evening in a western zone, both sides of a daylight-saving
// change in Europe/London, New Year's Eve), which cover all their branches.
//
// E2E_NOW is an ISO time with its offset, e.g. 2026-12-06T23:30:00+08:00. The
// zone is E2E_TZ if set; else one that has exactly that offset at that instant
// (+08:00 → Asia/Shanghai, +00:00 / +01:00 → Europe/London when it fits,
// whole hours → Etc/GMT∓N).
//
// How each engine gets it (see README.md): the same `clockShim` before any
// script of the page, and the zone: Chromium, a Playwright init script and the
// context's `timezoneId`; Firefox, `evaluateOnNewDocument` and `TZ` for the
// browser process; WebKit, the shim served as a same-origin script that the
// test server puts before the page's first script in index.html, and `TZ`.

const MINUTE = 60_000;

/** The UTC offset (minutes east) of `zone` at instant `ms`, from Node's own ICU. */
export function offsetIn(zone, ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE);
}

function zoneFor(ms, offset) {
  const candidates = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'UTC'];
  if (offset % 60 === 0) candidates.push(`Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset / 60)}`);
  return candidates.find((z) => offsetIn(z, ms) === offset) ?? null;
}

/**
 * Reads an instant written as an ISO time with offset (`YYYY-MM-DDTHH:MM[:SS]±HH:MM`
 * or `Z`) and the zone to show it in. Throws on anything else.
 */
export function parseInstant(iso, zone = null, label = iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(iso ?? '');
  if (!m) throw new Error(`E2E_NOW: "${iso}" is not an ISO time with an offset, e.g. 2026-12-06T23:30:00+08:00`);
  const offset = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) - offset * MINUTE;
  zone ||= zoneFor(ms, offset);
  if (!zone) throw new Error(`E2E_NOW: no known time zone has offset ${iso.slice(-6)} at ${iso}; set E2E_TZ too`);
  const actual = offsetIn(zone, ms);
  if (actual !== offset) throw new Error(`E2E_NOW ${iso}: ${zone} is at offset ${actual} min then, not ${offset}`);
  return { iso, ms, offset, zone, label };
}

/** The instant every page starts at, unless a test asks for another. */
export const DEFAULT_NOW = '2026-11-25T21:30:00+08:00'; // a Wednesday evening in Beijing
export const CLOCK = parseInstant(process.env.E2E_NOW || DEFAULT_NOW, process.env.E2E_TZ || null, 'E2E_NOW');

/**
 * The instants the date-sensitive journeys (weekly counts, the trend, the
 * "last night" preselection, export file names) run at, besides CLOCK.
 */
export const INSTANTS = [
  parseInstant('2027-01-04T00:10:00+08:00', 'Asia/Shanghai', 'Monday 00:10 (Beijing), local date ahead of UTC'),
  parseInstant('2026-12-06T23:30:00+08:00', 'Asia/Shanghai', 'Sunday 23:30 (Beijing)'),
  parseInstant('2026-11-25T07:45:00+08:00', 'Asia/Shanghai', 'Wednesday morning 07:45 (Beijing)'),
  parseInstant('2026-11-27T21:15:00-05:00', 'America/New_York', 'Friday evening 21:15 (New York), local date behind UTC'),
  parseInstant('2027-03-28T00:30:00+00:00', 'Europe/London', 'daylight-saving day, 00:30 before the change (London)'),
  parseInstant('2027-03-28T09:00:00+01:00', 'Europe/London', 'daylight-saving day, 09:00 after the change (London)'),
  parseInstant('2026-12-31T23:30:00+08:00', 'Asia/Shanghai', "New Year's Eve 23:30 (Beijing)"),
];

/** CLOCK first, then the INSTANTS that differ from it. */
export const ALL_INSTANTS = [CLOCK, ...INSTANTS.filter((i) => !(i.ms === CLOCK.ms && i.zone === CLOCK.zone))];

/**
 * Runs in the page before its own scripts (Firefox, WebKit): `Date.now()` and
 * `new Date()` give the fixed instant; every other use of Date (and local time
 * in the process's TZ) is the real one. Timers are untouched. Also records
 * uncaught errors in `window.__e2eErrors` (WebDriver has no event for them).
 */
export function clockShim(fixedMs) {
  // ES2019 only (no `?.`, `??`, spread into `new`): Chromium 74 of tests/old-engines runs it too.
  var RealDate = Date;
  function FixedDate() {
    if (!(this instanceof FixedDate)) return new RealDate(fixedMs).toString();
    var args = Array.prototype.slice.call(arguments);
    if (args.length === 0) return new RealDate(fixedMs);
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  FixedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FixedDate, writable: true, configurable: true });
  FixedDate.now = function () { return fixedMs; };
  FixedDate.UTC = RealDate.UTC;
  FixedDate.parse = RealDate.parse;
  window.Date = FixedDate;
  window.__e2eClock = fixedMs;
  window.__e2eErrors = [];
  window.addEventListener('error', function (e) { window.__e2eErrors.push(String(e.error != null ? e.error : e.message)); });
  window.addEventListener('unhandledrejection', function (e) { window.__e2eErrors.push(String(e.reason)); });
}

/** The shim as the text of a classic script, for `fixedMs`. */
export function clockShimScript(fixedMs) {
  return `(${clockShim.toString()})(${Number(fixedMs)});\n`;
}

/**
 * Runs before the page's own scripts, like the clock shim: with `e2e_no_wasm`
 * in the page's query, the page sees no WebAssembly, as on a browser that
 * cannot run the widget. (The widget ignores a parameter it does not know.)
 */
export function noWasmShim() {
  // Sent to the page as its source: self-contained, ES2019.
  if (new URLSearchParams(location.search).has('e2e_no_wasm')) {
    try {
      delete window.WebAssembly;
    } catch (e) {
      window.WebAssembly = undefined;
    }
  }
}

/** No WebAssembly at all (iOS Lockdown Mode, some in-app browsers): before any script of the page. */
export function removeWebAssembly() {
  try {
    delete window.WebAssembly;
  } catch (e) {
    window.WebAssembly = undefined;
  }
}

/** `noWasmShim` as script text (WebKit's served shim). */
export function noWasmShimScript() {
  return `(${noWasmShim.toString()})();\n`;
}
