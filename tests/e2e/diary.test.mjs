// The cramp diary (issue 5): logging a cramp in two taps, validation, editing
// and deleting entries, the weekly chart and table with the 3-a-week line and
// the rising trend, the self-check's frequency filled in from the diary, the
// export / FHIR / import round trip, deleting everything, and damaged storage.
// Every journey also checks that no request left the page's own server.
//
// Every page's clock is fixed (clock.mjs): CLOCK (E2E_NOW, or a fixed
// default), and the date-sensitive journeys (the two-tap log with its "last
// night" preselection, the weekly table and chart with the trend, the export's
// file name and time) again at the morning instant (the "last night" branch)
// and on the daylight-saving day in Europe/London (the browser's own offset after
// the change). INSTANTS between them cover every branch: morning and not, a
// Monday just after midnight, late on a Sunday, both sides of a daylight-saving
// change, New Year's Eve, local dates ahead of and behind UTC; the chart
// scenarios and the export at every one of them are checked natively, through
// the core's diary, markup and reducer, by crates/cramp-core/tests/browser_moved.rs
// (`the_diary_scenarios_and_the_export_at_every_instant_of_the_browser_suite`).
// Nothing here reads the wall clock or the machine's time zone.
//
// Diaries are seeded into localStorage with entries built here from the
// browser's (fixed) clock (at_ms, offset_min = -getTimezoneOffset()); the expected
// Monday-based local weeks are computed here with Date's UTC calendar on the
// shifted instant, independently of the core's diary.rs.

import { before, after } from 'node:test';
import { test, ready } from './lib.mjs'; // `[chromium] …`: these journeys run in Chromium
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  setup, teardown, withPage, open, answer, answerStep, next, walkUntil, waitForStep, checkedValues,
  currentStep, readResult, axeViolations, formatViolations, sel, CONTENT, TYPICAL, LANGS,
  uiText, openDiary, foreignRequests, SAVED_KEY, DIARY_KEY, DIARY_BACKUP_KEY, STORED_VERSION, PROGRESS_FORMAT, DIARY_FORMAT, CLOCK, INSTANTS, ALL_INSTANTS, REPO,
} from './lib.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);

let tmp;
before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'cramp-diary-e2e-'));
  await setup();
});
after(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await teardown();
});

// ---------------------------------------------------------------------------
// Helpers of this file.

/** Runs a journey in a fresh page (its clock at `clock`), then checks that nothing left the device. */
async function journey(fn, clock = CLOCK) {
  await withPage({ clock }, async (page) => {
    await fn(page);
    assert.deepEqual(foreignRequests(page), [], "requests that left the page's own server");
  });
}

const diaryScreen = '[data-step="diary"]';
const entryItems = `${diaryScreen} li[data-entry]`;
const entryItem = (id) => `${diaryScreen} li[data-entry="${id}"]`;

/** The label of option `option` of question `q` (e.g. the duration labels), from the questionnaire. */
function optionLabel(q, option, lang) {
  const label = CONTENT.questions.get(q)?.labels.get(option);
  assert.ok(label, `no option ${q}.${option} in the questionnaire`);
  return lang.startsWith('zh') ? label.zh : label.en;
}

/**
 * The browser's clock: now (UTC ms) and the local offset in minutes east, as the
 * widget reads them; checked to be the instant and offset the page was fixed at.
 */
async function browserClock(page) {
  // `+ 0` turns -0 (UTC) into 0, as JSON would.
  const c = await page.evaluate(() => ({ now: Date.now(), later: new Date().getTime(), offset: -new Date().getTimezoneOffset() + 0 }));
  const want = page.e2e.clock;
  assert.deepEqual(c, { now: want.ms, later: want.ms, offset: want.offset }, `the browser's clock is fixed at ${want.iso} (${want.zone})`);
  return { now: c.now, offset: c.offset };
}

const label = (clock) => `at ${clock.iso} ${clock.zone}`;

/** The local calendar date of an instant (Date's own calendar on the shifted instant). */
function localParts(atMs, offset) {
  const d = new Date(atMs + offset * MINUTE);
  return {
    y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(),
    h: d.getUTCHours(), min: d.getUTCMinutes(),
    dow: (d.getUTCDay() + 6) % 7, // 0 = Monday
  };
}

/** The Monday of the local week of `atMs`, `weeksBack` weeks earlier, as a UTC date stamp. */
function mondayOf(atMs, offset, weeksBack = 0) {
  const p = localParts(atMs, offset);
  return Date.UTC(p.y, p.m, p.d - p.dow - 7 * weeksBack);
}

const ymd = (utcDateMs) => new Date(utcDateMs).toISOString().slice(0, 10);

/** `YYYY-MM-DD HH:MM`, an instant's local time as the entry list shows it. */
const shownTime = (atMs, offset) => new Date(atMs + offset * MINUTE).toISOString().slice(0, 16).replace('T', ' ');

/** `YYYY-MM-DDTHH:MM:SS+HH:MM`: an instant's local time with its offset. */
function isoLocal(atMs, offset) {
  const sign = offset < 0 ? '-' : '+';
  const off = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${new Date(atMs + offset * MINUTE).toISOString().slice(0, 19)}${off}`;
}

/** The expected table: 12 weeks, this week first, { week: 'YYYY-MM-DD' of the Monday, count }. */
function expectedWeeks(entries, now, offset) {
  return Array.from({ length: 12 }, (_, k) => {
    const start = mondayOf(now, offset, k);
    const count = entries.filter((e) => e.at_ms <= now && mondayOf(e.at_ms, e.offset_min) === start).length;
    return { week: ymd(start), count };
  });
}

function entry(id, atMs, offset, more = {}) {
  return {
    id, at_ms: atMs, offset_min: offset, leg: 'left', duration: 'under_10_min',
    severity: 5, woke: false, numb_after: false, ...more,
  };
}

const LEGS = ['left', 'right', 'both'];
const DURATIONS = ['seconds', 'under_10_min', 'over_10_min_not_easing'];

/**
 * A diary with `counts[k]` cramps in the local week `k` weeks back (0 = this
 * week). Past weeks: from Tuesday 12:00 local, 7 hours apart; this week: spread
 * between Monday 00:00 and now (never in the future).
 */
function diaryOf(counts, { now, offset }, tag = 'seed') {
  const list = [];
  for (const [k, n] of Object.entries(counts)) {
    const back = Number(k);
    const monday = mondayOf(now, offset, back) - offset * MINUTE;
    for (let i = 0; i < n; i++) {
      const at = back === 0
        ? monday + Math.floor(((now - monday) * (i + 1)) / (n + 1))
        : monday + DAY + 12 * HOUR + i * 7 * HOUR;
      list.push(entry(`${tag}-${back}-${i}`, at, offset, {
        leg: LEGS[i % 3], duration: DURATIONS[i % 3], severity: (3 + i) % 11, woke: i % 2 === 0,
      }));
    }
  }
  return list;
}

const getItem = (page, key) => page.evaluate((k) => window.localStorage.getItem(k), key);

/**
 * The stored diary as one text, `{"entries": […]}` from every year's key (the
 * widget keeps an index under DIARY_KEY and a key a year, see
 * crates/cramp-core/src/diary_store.rs); null when nothing of it is stored.
 */
const storedDiaryText = (page) =>
  page.evaluate(() => {
    const years = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (/^cramp-check\/diary\/\d{4}$/.test(k)) years.push(k);
    }
    if (!years.length) return localStorage.getItem('cramp-check/diary') === null ? null : '{"entries":[]}';
    years.sort();
    return JSON.stringify({ entries: years.flatMap((k) => JSON.parse(localStorage.getItem(k)).entries) });
  });

/** Every key the diary is kept under, with its text (null when none): to check nothing was written. */
const diaryKeys = (page) =>
  page.evaluate(() => {
    const out = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k === 'cramp-check/diary' || /^cramp-check\/diary\/\d{4}$/.test(k)) out.push([k, localStorage.getItem(k)]);
    }
    return out.length ? JSON.stringify(out.sort()) : null;
  });
const setItem = (page, key, value) => page.evaluate(([k, v]) => window.localStorage.setItem(k, v), [key, value]);

/**
 * Waits until `pred(parsed value, raw text)` holds for `key` (the widget saves
 * in an effect, just after rendering); returns the raw text. Polled from here:
 * the page's CSP forbids evaluating a predicate sent as text.
 */
async function waitStored(page, key, pred, what) {
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const raw = key === DIARY_KEY ? await storedDiaryText(page) : await getItem(page, key);
    let v;
    try {
      v = raw === null ? null : JSON.parse(raw);
    } catch {
      v = undefined;
    }
    if (pred(v, raw)) return raw;
    if (performance.now() > deadline) throw new Error(`${what}: ${key} is ${raw}`);
    await settleFrames(page);
  }
}

/** Two animation frames of the page (no timers). */
const settleFrames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/** The stored diary once it holds `n` entries (parsed). */
async function storedDiary(page, n) {
  const raw = await waitStored(page, DIARY_KEY, (v) => v && Array.isArray(v.entries) && v.entries.length === n, `diary of ${n}`);
  return JSON.parse(raw);
}

/** On an open page: puts `raw` (or `{version:1, entries}`) as the saved diary and reloads to the intro. */
async function seedDiary(page, entries, raw = null) {
  await setItem(page, DIARY_KEY, raw ?? JSON.stringify({ version: 1, entries }));
  await page.reload();
  await ready(page);
}

/** The ids of the entries listed on the diary screen, in page order. */
const listedIds = (page) => page.locator(entryItems).evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')));

/** Waits for notice `name` with exactly `text` (a notice may replace another of the same name). */
async function expectNotice(page, name, text) {
  await page
    .waitForFunction(
      ([n, t]) => document.querySelector(`[data-notice="${n}"] p`)?.textContent.trim() === t,
      [name, text],
      { timeout: WAIT_MS },
    )
    .catch(async (e) => {
      const shown = await page.locator('[data-notice]').evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-notice')}: ${el.textContent.trim()}`),
      );
      throw new Error(`notice ${name} "${text}" not shown; notices: ${JSON.stringify(shown)} (${e.message.split('\n')[0]})`);
    });
}

/** The weeks table of the diary screen: [{ week, count, over }], in page order. */
function readTable(page) {
  return page.locator(`${diaryScreen} [data-table="weeks"] tbody tr`).evaluateAll((rows) =>
    rows.map((r) => ({
      week: r.querySelector('th')?.textContent.trim(),
      count: Number(r.querySelector('td')?.textContent.trim()),
      over: r.classList.contains('over'),
    })),
  );
}

/** The chart of the diary screen: role, what labels it, the limit line, the bars (oldest first). */
function readChart(page) {
  return page.locator(`${diaryScreen} svg[role="img"]`).evaluate((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const labelledBy = ids.map((id) => {
      const el = document.getElementById(id);
      return el && svg.contains(el) ? { tag: el.tagName.toLowerCase(), text: el.textContent.trim() } : { id, missing: true };
    });
    const limit = svg.querySelector('line.limit');
    const bars = [...svg.querySelectorAll('g.week')].map((g) => {
      const r = g.querySelector('rect.bar');
      return {
        over: g.classList.contains('over'),
        y: Number(r?.getAttribute('y')),
        height: Number(r?.getAttribute('height')),
        value: g.querySelector('.bar-value')?.textContent.trim() ?? null,
      };
    });
    return {
      labelledBy,
      bars,
      limit: limit && {
        y1: Number(limit.getAttribute('y1')),
        y2: Number(limit.getAttribute('y2')),
        dash: getComputedStyle(limit).strokeDasharray,
        shown: limit.getBoundingClientRect().width > 0,
      },
    };
  });
}

/** The findings block: data-high, data-rising and the findings shown. */
function readFindings(page) {
  return page.locator(`${diaryScreen} [data-high]`).evaluate((el) => ({
    high: el.getAttribute('data-high'),
    rising: el.getAttribute('data-rising'),
    findings: [...el.querySelectorAll('[data-finding]')].map((f) => f.getAttribute('data-finding')),
    counts: el.querySelector('p')?.textContent.trim(),
  }));
}

/** Clicks `button` and returns the download it starts, saved as `tmp/<name>`, with its text. */
async function download(page, action, name) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.locator(`${diaryScreen} ${sel.action(action)}`).click(),
  ]);
  const file = path.join(tmp, name);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename(), url: dl.url(), text: readFileSync(file, 'utf8') };
}

/** Every FHIR item (recursively through item[] and answer[].item[]) as { linkId, parent, item }. */
function fhirItems(items, parent = null, out = []) {
  for (const it of items || []) {
    out.push({ linkId: it.linkId, parent, item: it });
    fhirItems(it.item, it.linkId, out);
    for (const a of it.answer || []) fhirItems(a.item, it.linkId, out);
  }
  return out;
}

/** The emergency step answered "no" everywhere, as saved and exported. */
const EMERGENCY_NO = Object.fromEntries(CONTENT.emergencyQuestions.map((q) => [q, 'no']));

// ---------------------------------------------------------------------------
// 1. Logging in two taps.

/** The hours (local, 04:00 to 11:59) in which the log form preselects "last night" (src/app/diary.rs). */
const isMorning = (clock) => {
  const h = localParts(clock.ms, clock.offset).h;
  return h >= 4 && h < 12;
};

const preselected = (clock) => (isMorning(clock) ? '"last night" preselected' : '"just now" preselected');

/**
 * On a fresh page at `clock`: opens the widget in `lang`, logs a cramp in two
 * taps on an empty diary and checks it is saved, listed, counted in its local
 * week, and still there after a reload.
 */
async function twoTapLog(page, lang, clock) {
  await open(page, lang);
  await openDiary(page);
  assert.deepEqual(await listedIds(page), [], 'a new diary lists no entries');
  await page.locator(diaryScreen).getByText(uiText('diary_empty', lang), { exact: true }).waitFor();

  const lastNight = await page.locator('#new-night').isChecked();
  assert.equal(lastNight, isMorning(clock), 'in the morning "last night" is preselected, else "just now"');
  assert.equal(await page.locator('#new-now').isChecked(), !lastNight, 'exactly one time is preselected');
  const before = await browserClock(page);
  // The two taps: the leg, and "Log it".
  await page.locator('#new-leg-left').click();
  await page.locator(`${diaryScreen} ${sel.action('log-cramp')}`).click();
  const after = await browserClock(page);

  await page.locator(entryItems).first().waitFor({ state: 'visible' });
  const ids = await listedIds(page);
  assert.equal(ids.length, 1, `one entry listed, got ${ids}`);
  await expectNotice(page, 'logged', uiText('diary_logged', lang));

  const saved = await storedDiary(page, 1);
  assert.equal(saved.format, DIARY_FORMAT, 'the stored diary names its format');
  assert.equal(saved.version, STORED_VERSION);
  const [e] = saved.entries;
  assert.equal(e.id, ids[0], 'the listed entry is the stored one');
  assert.equal(e.leg, 'left');
  assert.equal(e.duration, 'under_10_min', 'how long starts at the common answer');
  assert.equal(e.severity, 5, 'how bad starts at 5');
  assert.equal(e.woke, false);
  assert.equal(e.numb_after, false);
  assert.equal(e.offset_min, before.offset, 'the local offset is kept with the entry');
  if (lastNight) {
    // 03:00 local today, or yesterday if it is not 03:00 yet.
    const p = localParts(before.now, before.offset);
    let night = Date.UTC(p.y, p.m, p.d, 3) - before.offset * MINUTE;
    if (night > before.now) night = Date.UTC(p.y, p.m, p.d - 1, 3) - before.offset * MINUTE;
    assert.equal(e.at_ms, night, '"last night" is logged at 03:00 local time');
  } else {
    assert.equal(e.at_ms, before.now, '"just now" is the time of logging');
    assert.equal(after.now, before.now, 'the clock stayed fixed');
  }

  const item = page.locator(entryItem(e.id));
  const text = await item.textContent();
  for (const want of [
    shownTime(e.at_ms, e.offset_min),
    uiText('diary_leg_left', lang),
    optionLabel('duration', 'under_10_min', lang),
    uiText('diary_severity_value', lang, { n: 5 }),
  ]) {
    assert.ok(text.includes(want), `the entry shows "${want}": ${text}`);
  }
  const table = await readTable(page);
  const weekOf = (at) => ymd(mondayOf(at, before.offset));
  assert.equal(table[0].week, weekOf(before.now), 'the first row is this week');
  assert.deepEqual(
    table.filter((r) => r.count > 0).map(({ week, count }) => ({ week, count })),
    [{ week: weekOf(e.at_ms), count: 1 }],
    'the cramp is counted once, in the local week of its time',
  );

  const raw = await diaryKeys(page);
  await page.reload();
  await waitForStep(page, 'diary');
  assert.equal(JSON.parse(await getItem(page, SAVED_KEY)).screen, 'diary', 'the diary screen is saved');
  assert.deepEqual(await listedIds(page), [e.id], 'the entry survives a reload');
  assert.equal(await diaryKeys(page), raw, 'the stored diary is unchanged by the reload');
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
}

// In Chinese at CLOCK; in English at every instant, below, with the chart and the
// export on the same page (both branches of the time preselection on every run).
test(`diary (zh-CN) ${label(CLOCK)}: a cramp is logged in two taps (${preselected(CLOCK)}), saved, and still there after a reload`, async () => {
  await journey((page) => twoTapLog(page, 'zh-CN', CLOCK), CLOCK);
});

// ---------------------------------------------------------------------------
// 2. Validation.

test('diary: "Log it" without a leg shows an error and logs nothing', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    await openDiary(page);
    const form = page.locator(`${diaryScreen} [data-form="log"]`);
    await form.locator(sel.action('log-cramp')).click();
    const alert = form.locator('[role="alert"]');
    await alert.waitFor({ state: 'visible' });
    assert.equal((await alert.textContent()).trim(), uiText('diary_error_leg', 'en'));
    assert.deepEqual(await listedIds(page), [], 'nothing is listed');
    assert.equal(await page.locator('[data-notice="logged"]').count(), 0, 'no "logged" notice');
    const raw = await getItem(page, DIARY_KEY);
    assert.ok(raw === null || JSON.parse(raw).entries.length === 0, `nothing is stored: ${raw}`);

    // Choosing the leg then logs it, and the error goes.
    await page.locator('#new-leg-right').click();
    await form.locator(sel.action('log-cramp')).click();
    await page.locator(entryItems).first().waitFor();
    assert.equal(await form.locator('[role="alert"]').count(), 0, 'the error is gone');
    const saved = await storedDiary(page, 1);
    assert.equal(saved.entries[0].leg, 'right');
  });
});

// ---------------------------------------------------------------------------
// 3. Edit and delete.

test('diary: an entry is edited (time, duration, severity, details) and deleted after a confirmation', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const { now, offset } = await browserClock(page);
    const p = localParts(now, offset);
    const localAt = (daysBack, h, min) => Date.UTC(p.y, p.m, p.d - daysBack, h, min) - offset * MINUTE;
    const a = entry('entry-a', localAt(3, 22, 0), offset);
    const b = entry('entry-b', localAt(1, 23, 30), offset, { leg: 'right', severity: 2, duration: 'seconds' });
    await seedDiary(page, [a, b]);
    await openDiary(page);
    assert.deepEqual(await listedIds(page), ['entry-b', 'entry-a'], 'the newest entry is listed first');

    // Edit A: the form shows its time; change time, duration, severity, woke, activity.
    await page.locator(`${entryItem('entry-a')} ${sel.action('edit-entry')}`).click();
    const form = page.locator(`${diaryScreen} [data-form="edit"]`);
    await form.waitFor({ state: 'visible' });
    const at = page.locator('#eentry-a-at');
    assert.equal(await at.inputValue(), shownTime(a.at_ms, offset).replace(' ', 'T'), 'the edit form shows the entry time');
    assert.equal(await page.locator('#eentry-a-sev-5').isChecked(), true, 'the edit form shows the severity');
    assert.equal(await page.locator('#eentry-a-leg-left').isChecked(), true, 'the edit form shows the leg');

    const newAt = localAt(4, 21, 15);
    const newValue = shownTime(newAt, offset).replace(' ', 'T');
    await at.fill(newValue);
    await page.locator('#eentry-a-dur-over_10_min_not_easing').click();
    await page.locator('#eentry-a-sev-8').click();
    await page.locator('#eentry-a-woke').check();
    await page.locator('#eentry-a-activity').fill('  walking the dog ');
    await form.locator(sel.action('save-entry')).click();
    await form.waitFor({ state: 'detached' });

    const text = await page.locator(entryItem('entry-a')).textContent();
    for (const want of [
      shownTime(newAt, offset),
      optionLabel('duration', 'over_10_min_not_easing', 'en'),
      uiText('diary_severity_value', 'en', { n: 8 }),
      uiText('diary_woke', 'en'),
      'walking the dog',
    ]) {
      assert.ok(text.includes(want), `the edited entry shows "${want}": ${text}`);
    }
    let saved = await waitStored(page, DIARY_KEY, (v) => v?.entries?.some((e) => e.id === 'entry-a' && e.severity === 8), 'edit saved');
    const editedA = JSON.parse(saved).entries.find((e) => e.id === 'entry-a');
    const browserAt = await page.evaluate((v) => {
      const d = new Date(v); // a datetime-local value is local time
      return { ms: d.getTime(), offset: -d.getTimezoneOffset() + 0 };
    }, newValue);
    assert.deepEqual(editedA, {
      ...a, at_ms: browserAt.ms, offset_min: browserAt.offset, duration: 'over_10_min_not_easing',
      severity: 8, woke: true, activity: 'walking the dog',
    });
    assert.equal(JSON.parse(saved).entries.length, 2, 'editing adds no entry');

    // A time in the future is refused; cancel leaves B as it was.
    const storedBefore = await diaryKeys(page);
    await page.locator(`${entryItem('entry-b')} ${sel.action('edit-entry')}`).click();
    await form.waitFor({ state: 'visible' });
    await page.locator('#eentry-b-at').fill(shownTime(now + 2 * DAY, offset).replace(' ', 'T'));
    await form.locator(sel.action('save-entry')).click();
    const alert = form.locator('[role="alert"]');
    await alert.waitFor({ state: 'visible' });
    assert.equal((await alert.textContent()).trim(), uiText('diary_error_future', 'en'));
    await form.locator(sel.action('cancel-edit')).click();
    await form.waitFor({ state: 'detached' });
    assert.equal(await diaryKeys(page), storedBefore, 'a refused edit changes nothing');
    assert.ok((await page.locator(entryItem('entry-b')).textContent()).includes(shownTime(b.at_ms, offset)));

    // Delete B: "keep" keeps it; confirming removes it.
    await page.locator(`${entryItem('entry-b')} ${sel.action('delete-entry')}`).click();
    const keep = page.locator(`${entryItem('entry-b')} ${sel.action('keep-entry')}`);
    await keep.waitFor({ state: 'visible' });
    await page.locator(entryItem('entry-b')).getByText(uiText('diary_delete_question', 'en')).waitFor();
    await keep.click();
    await keep.waitFor({ state: 'detached' });
    assert.deepEqual(await listedIds(page), ['entry-b', 'entry-a'], '"keep" keeps the entry');
    assert.equal(await diaryKeys(page), storedBefore, '"keep" changes nothing stored');

    await page.locator(`${entryItem('entry-b')} ${sel.action('delete-entry')}`).click();
    await page.locator(`${entryItem('entry-b')} ${sel.action('confirm-delete-entry')}`).click();
    await page.locator(entryItem('entry-b')).waitFor({ state: 'detached' });
    assert.deepEqual(await listedIds(page), ['entry-a']);
    saved = await storedDiary(page, 1);
    assert.equal(saved.entries[0].id, 'entry-a', 'the deletion is stored');

    await page.reload();
    await waitForStep(page, 'diary');
    assert.deepEqual(await listedIds(page), ['entry-a'], 'the deletion survives a reload');
  });
});

// Issue 24: the list shows the last 12 weeks (the chart's weeks); older entries
// are offered by year and month, and an older month opens on demand, its
// entries editable there. (Timings are in the bench, bench/diary.mjs.)
test('diary: older entries are listed by month on demand, and one of them is edited there', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const { now, offset } = await browserClock(page);
    const p = localParts(now, offset);
    // 200 nights, one cramp at 03:00 local each, the last one last night.
    const entries = Array.from({ length: 200 }, (_, i) => {
      const at = Date.UTC(p.y, p.m, p.d - 200 + i, 3, 0) - offset * MINUTE;
      return entry(`old-${i}`, at, offset, { severity: i % 11 });
    });
    await seedDiary(page, entries);
    await openDiary(page);

    // Listed at first: the entries since the Monday of the chart's oldest week, newest first.
    const firstMonday = mondayOf(now, offset, 11);
    const localDate = (e) => {
      const q = localParts(e.at_ms, offset);
      return Date.UTC(q.y, q.m, q.d);
    };
    const recentIds = entries.filter((e) => localDate(e) >= firstMonday).map((e) => e.id).reverse();
    assert.ok(recentIds.length >= 78 && recentIds.length <= 84, `about 12 weeks listed: ${recentIds.length}`);
    assert.deepEqual(await listedIds(page), recentIds, 'only the last 12 weeks are listed at first');

    // The oldest month: its year unfolds, its button opens its entries.
    const oldest = localParts(entries[0].at_ms, offset);
    const monthId = `${oldest.y}-${String(oldest.m + 1).padStart(2, '0')}`;
    const inMonth = entries.filter((e) => {
      const q = localParts(e.at_ms, offset);
      return q.y === oldest.y && q.m === oldest.m && !recentIds.includes(e.id);
    });
    // Years first, each a button; only the unfolded year's months are drawn.
    assert.equal(await page.locator(`${diaryScreen} ${sel.action('open-month')}`).count(), 0, 'no month drawn before its year unfolds');
    const yearButton = page.locator(`${diaryScreen} ${sel.action('open-year')}[data-arg="${oldest.y}"]`);
    await yearButton.click();
    await page.waitForFunction((y) => document.getElementById(`year-${y}`)?.getAttribute('aria-expanded') === 'true', oldest.y);
    assert.equal(await page.evaluate((y) => document.activeElement?.id === `year-${y}`, oldest.y), true, "focus stays on the year's button");
    const button = page.locator(`${diaryScreen} ${sel.action('open-month')}[data-arg="${monthId}"]`);
    assert.ok((await button.textContent()).includes(String(inMonth.length)), 'the month says how many entries it holds');
    await button.click();
    const heading = page.locator(`${diaryScreen} #diary-month`);
    await heading.waitFor({ state: 'visible' });
    assert.equal(await heading.evaluate((h) => document.activeElement === h), true, "focus moves to the month's heading");
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const monthItems = `${diaryScreen} [data-list="month"] li[data-entry]`;
    const monthIds = await page.locator(monthItems).evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')));
    assert.deepEqual(monthIds, inMonth.map((e) => e.id).reverse(), "the month's entries, newest first");
    const v = await axeViolations(page);
    assert.equal(v.length, 0, `diary with an older month open:\n${formatViolations(v)}`);

    // Edit one of them: severity 9, saved, still listed in its month.
    const target = inMonth[1];
    await page.locator(`${entryItem(target.id)} ${sel.action('edit-entry')}`).click();
    const form = page.locator(`${diaryScreen} [data-form="edit"]`);
    await form.waitFor({ state: 'visible' });
    await page.locator(`#e${target.id}-sev-9`).click();
    await form.locator(sel.action('save-entry')).click();
    await form.waitFor({ state: 'detached' });
    const saved = await waitStored(page, DIARY_KEY, (v) => v?.entries?.some((e) => e.id === target.id && e.severity === 9), 'edit saved');
    assert.equal(JSON.parse(saved).entries.length, 200, 'nothing else changed');
    assert.ok((await page.locator(entryItem(target.id)).textContent()).includes(uiText('diary_severity_value', 'en', { n: 9 })));
    assert.equal(await page.locator(`${diaryScreen} [data-list="month"] ${entryItem(target.id).replace(`${diaryScreen} `, '')}`).count(), 1, 'listed in its month');

    // Closing the month gives focus back to its button.
    await page.locator(`${diaryScreen} ${sel.action('close-month')}`).click();
    await heading.waitFor({ state: 'detached' });
    assert.equal(await button.evaluate((b) => document.activeElement === b), true, "focus returns to the month's button");
  });
});

// An entry logged in another time zone (another device, a journey) is shown in
// its own local time; saving it with the time untouched must not move it.
// BUG (reported): the edit form reads its unchanged datetime-local value in the
// browser's offset, so the instant moves by the difference and the offset is
// replaced.
test('diary: editing only the severity of an entry logged in another time zone keeps its time', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const { now, offset } = await browserClock(page);
    const away = offset + 300 <= 14 * 60 ? offset + 300 : offset - 300;
    const p = localParts(now - 2 * DAY, away);
    const e = entry('travel', Date.UTC(p.y, p.m, p.d, 3, 10) - away * MINUTE, away);
    await seedDiary(page, [e]);
    await openDiary(page);
    assert.ok((await page.locator(entryItem('travel')).textContent()).includes(shownTime(e.at_ms, away)));
    await page.locator(`${entryItem('travel')} ${sel.action('edit-entry')}`).click();
    const form = page.locator(`${diaryScreen} [data-form="edit"]`);
    assert.equal(await page.locator('#etravel-at').inputValue(), shownTime(e.at_ms, away).replace(' ', 'T'));
    await page.locator('#etravel-sev-9').click();
    await form.locator(sel.action('save-entry')).click();
    await form.waitFor({ state: 'detached' });
    const saved = JSON.parse(
      await waitStored(page, DIARY_KEY, (v) => v?.entries?.[0]?.severity === 9, 'severity saved'),
    ).entries[0];
    assert.deepEqual(
      { at_ms: saved.at_ms, offset_min: saved.offset_min, severity: saved.severity },
      { at_ms: e.at_ms, offset_min: e.offset_min, severity: 9 },
      'only the severity changed',
    );
  });
});

// Keyboard users keep their place: the buttons pressed in an entry are replaced
// (delete → confirmation, keep → buttons, edit → form), so focus must be moved,
// not dropped to <body> (WCAG 2.4.3; the footer's delete confirmation does this).
// BUG (reported): focus falls back to <body> after each of these.
test('diary: focus stays with the entry through edit, cancel, delete, keep and confirm (keyboard)', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const { now, offset } = await browserClock(page);
    await seedDiary(page, [entry('k1', now - 3 * DAY, offset), entry('k2', now - 2 * DAY, offset)]);
    await openDiary(page);
    const focusIn = (selector) =>
      page.evaluate((s) => {
        const a = document.activeElement;
        const where = a && a !== document.body ? `${a.tagName.toLowerCase()}[data-action=${a.getAttribute('data-action')}]#${a.id}` : 'body';
        return { inside: Boolean(a && a !== document.body && document.querySelector(s)?.contains(a)), where };
      }, selector);
    const press = async (selector, then) => {
      await page.locator(selector).focus();
      await page.keyboard.press('Enter');
      await page.locator(then).first().waitFor();
    };
    const k1 = entryItem('k1');
    const steps = [
      [`${k1} ${sel.action('edit-entry')}`, `${diaryScreen} [data-form="edit"]`, `${diaryScreen} li.editing`, 'opening the edit form'],
      [`${diaryScreen} ${sel.action('cancel-edit')}`, `${k1} ${sel.action('edit-entry')}`, k1, 'cancelling the edit'],
      [`${k1} ${sel.action('delete-entry')}`, `${k1} ${sel.action('keep-entry')}`, k1, 'asking to delete'],
      [`${k1} ${sel.action('keep-entry')}`, `${k1} ${sel.action('delete-entry')}`, k1, 'keeping the entry'],
    ];
    const lost = [];
    for (const [button, then, within, what] of steps) {
      await press(button, then);
      const f = await focusIn(within);
      if (!f.inside) lost.push(`${what}: focus on ${f.where}`);
    }
    await page.locator(`${k1} ${sel.action('delete-entry')}`).click();
    await press(`${k1} ${sel.action('confirm-delete-entry')}`, `${entryItem('k2')}`);
    await page.locator(k1).waitFor({ state: 'detached' });
    const f = await focusIn(diaryScreen);
    if (!f.inside) lost.push(`confirming the deletion: focus on ${f.where}`);
    assert.deepEqual(lost, [], 'focus was lost');
  });
});

// ---------------------------------------------------------------------------
// 4. The weekly chart and table.

// Cramps per week, by weeks back (0 = this week).
const SCENARIOS = [
  // More than 3 in the last two weeks against about 1 a week before: high and rising.
  { name: 'rising and high', counts: { 11: 1, 5: 1, 4: 1, 3: 1, 2: 1, 1: 5, 0: 4 }, high: true, rising: true },
  // 4 a week for 8 weeks: high, but flat.
  { name: 'flat and high', counts: { 7: 4, 6: 4, 5: 4, 4: 4, 3: 4, 2: 4, 1: 4, 0: 4 }, high: true, rising: false },
  // 2 a week for 12 weeks: neither.
  { name: 'flat and low', counts: Object.fromEntries(Array.from({ length: 12 }, (_, k) => [k, 2])), high: false, rising: false },
  // A rise whose diary starts exactly 6 weeks back (5 weeks before this one): rising without being high.
  { name: 'rising, not high, diary reaching back 6 weeks', counts: { 5: 1, 1: 2, 0: 1 }, high: false, rising: true, alone: true },
  // The same rise with the diary starting a week later: too short to judge a rise.
  { name: 'the same rise, diary reaching back only 5 weeks', counts: { 4: 1, 1: 2, 0: 1 }, high: false, rising: false, trendUnknown: true, alone: true },
  // 5 a week in the last two weeks only: high, but the diary is too short to judge a rise.
  { name: 'high, too short for a trend', counts: { 1: 5, 0: 5 }, high: true, rising: false, trendUnknown: true, alone: true },
];

/** On an open page: seeds the diary of scenario `sc` and checks the table, the chart and the findings. */
async function checkScenario(page, sc) {
  await page.evaluate((k) => window.localStorage.removeItem(k), SAVED_KEY);
  const clock = await browserClock(page);
  const entries = diaryOf(sc.counts, clock);
  // A cramp 20 weeks ago is outside the 12 weeks: no bar or row counts it. (It does
  // show how far back the diary reaches, so the scenarios about that are left `alone`.)
  if (!sc.alone) {
    entries.push(entry('old', mondayOf(clock.now, clock.offset, 20) - clock.offset * MINUTE + 2 * DAY, clock.offset));
  }
  await seedDiary(page, entries);
  await openDiary(page);
  const want = expectedWeeks(entries, clock.now, clock.offset);
  assert.deepEqual(
    want.map((w) => w.count),
    Array.from({ length: 12 }, (_, k) => sc.counts[k] ?? 0),
    'the seeded entries fall in the weeks meant (test set-up)',
  );

  // The table: 12 weeks, this week first, Monday dates, counts; rows over 3 marked.
  const table = await readTable(page);
  assert.deepEqual(
    table.map(({ week, count }) => ({ week, count })),
    want,
    'the weeks table (this week first)',
  );
  assert.deepEqual(table.map((r) => r.over), want.map((w) => w.count > 3), 'table rows over 3 a week');

  // The chart: an image with a title and a description, 12 bars oldest first.
  const chart = await readChart(page);
  const peak = Math.max(...want.map((w) => w.count));
  assert.deepEqual(chart.labelledBy, [
    { tag: 'title', text: uiText('chart_title', 'en') },
    { tag: 'desc', text: uiText('chart_description', 'en', { count: 12, this: want[0].count, peak }) },
  ]);
  const oldestFirst = [...want].reverse();
  assert.equal(chart.bars.length, 12, '12 bars');
  assert.deepEqual(chart.bars.map((b) => b.over), oldestFirst.map((w) => w.count > 3), 'bars over 3 are marked .over');
  assert.deepEqual(
    chart.bars.map((b) => b.value),
    oldestFirst.map((w) => (w.count > 0 ? String(w.count) : null)),
    'each bar is labelled with its count',
  );
  // The 3-a-week line: horizontal, dashed, drawn; bars over 3 reach above it, the others not.
  assert.ok(chart.limit, 'the 3-a-week line is drawn');
  assert.equal(chart.limit.y1, chart.limit.y2, 'the 3-a-week line is horizontal');
  assert.ok(chart.limit.shown, 'the 3-a-week line is visible');
  assert.notEqual(chart.limit.dash, 'none', 'the 3-a-week line is dashed');
  chart.bars.forEach((b, i) => {
    const n = oldestFirst[i].count;
    assert.equal(b.height > 0, n > 0, `bar ${i} (${n}) has a height only if there were cramps`);
    if (n > 3) assert.ok(b.y < chart.limit.y1, `bar ${i} (${n}) reaches above the line`);
    else assert.ok(b.y >= chart.limit.y1, `bar ${i} (${n}) stays at or below the line`);
  });
  const taller = chart.bars.map((b, i) => [b.height, oldestFirst[i].count]).sort((x, y) => x[1] - y[1]);
  for (let i = 1; i < taller.length; i++) {
    assert.ok(taller[i][0] >= taller[i - 1][0], 'more cramps never make a shorter bar');
  }

  // What the diary says: high, rising, the trend not known yet.
  const f = await readFindings(page);
  assert.equal(f.counts, uiText('diary_counts', 'en', { this: want[0].count, last: want[1].count }));
  assert.equal(f.high, String(sc.high), 'data-high');
  assert.equal(f.rising, String(sc.rising), 'data-rising');
  assert.equal(f.findings.includes('high'), sc.high, `findings: ${f.findings}`);
  assert.equal(f.findings.includes('rising'), sc.rising, `findings: ${f.findings}`);
  assert.equal(f.findings.includes('trend-unknown'), Boolean(sc.trendUnknown), `findings: ${f.findings}`);
}

/** On an open page at `clock` (English): the export's file name is the local date, its stamp the local time and offset. */
async function checkExport(page, clock) {
  await page.evaluate((k) => window.localStorage.removeItem(k), SAVED_KEY);
  const { now, offset } = await browserClock(page);
  await seedDiary(page, diaryOf({ 1: 1, 0: 1 }, { now, offset }));
  await openDiary(page);
  const json = await download(page, 'export-json', `export-${clock.ms}.json`);
  const p = localParts(now, offset);
  const today = ymd(Date.UTC(p.y, p.m, p.d));
  assert.equal(json.name, `cramp-check-${today}.json`, 'the file is named after the local date');
  const exported = JSON.parse(json.text);
  assert.equal(exported.exported, isoLocal(now, offset), 'the export is stamped with the local time and offset');
  assert.equal(exported.diary.entries.length, 2);
}

// The date-sensitive diary journeys at CLOCK, the morning instant and the
// daylight-saving day, the chart scenarios at CLOCK (every instant natively: see
// the top of this file), one page per instant (a page's clock and zone are fixed
// when it opens): the two-tap log with its time
// preselection; every chart scenario (weeks start on the local Monday whatever
// the weekday, hour, zone or daylight-saving change); and the export's file name
// and stamp (New Year's Eve, a Monday whose local date is ahead of UTC's, an
// evening behind it, both sides of a daylight-saving change).
const IN_BROWSER = ALL_INSTANTS.filter(
  (c) => c === CLOCK || (c.zone === CLOCK.zone && isMorning(c)) || (c.zone === 'Europe/London' && c.offset === 60),
);
for (const clock of IN_BROWSER) {
  test(`diary ${label(clock)}: the two-tap log, the weekly chart and table, the export's name and stamp`, async (t) => {
    await journey(async (page) => {
      await t.test(`diary (en) ${label(clock)}: a cramp is logged in two taps (${preselected(clock)}), saved, and still there after a reload`, () =>
        twoTapLog(page, 'en', clock),
      );
      // The chart as drawn (the dashed line, bars above and below it) at CLOCK; the
      // counts and findings at every instant natively (see the top of this file).
      for (const sc of clock === CLOCK ? SCENARIOS : []) {
        await t.test(`diary chart and table ${label(clock)}: ${sc.name}: weekly counts, the 3-a-week line, high / rising / trend unknown`, () =>
          checkScenario(page, sc),
        );
      }
      await t.test(`diary export ${label(clock)}: the file is named after the local date and stamped with the local time`, () =>
        checkExport(page, clock),
      );
    }, clock);
  });
}

test('the instants cover every branch of the date-sensitive journeys', () => {
  const parts = ALL_INSTANTS.map((c) => ({ c, ...localParts(c.ms, c.offset) }));
  const utcDay = (c) => new Date(c.ms).getUTCDate();
  const has = (what, pred) => assert.ok(parts.some(pred), `no instant ${what}: ${ALL_INSTANTS.map((c) => c.iso).join(', ')}`);
  has('in the morning ("last night")', ({ c }) => isMorning(c));
  has('outside the morning ("just now")', ({ c }) => !isMorning(c));
  has('just after midnight on a Monday', (p) => p.dow === 0 && p.h === 0);
  has('late on a Sunday', (p) => p.dow === 6 && p.h >= 22);
  has('in the evening', (p) => p.h >= 18 && p.h < 22);
  has("on New Year's Eve", (p) => p.m === 11 && p.d === 31);
  has('whose local date is ahead of UTC', (p) => p.d !== utcDay(p.c) && p.c.offset > 0);
  has('whose local date is behind UTC', (p) => p.d !== utcDay(p.c) && p.c.offset < 0);
  const dstDays = INSTANTS.filter((c) => c.zone === 'Europe/London');
  assert.ok(dstDays.some((c) => c.offset === 0) && dstDays.some((c) => c.offset === 60), 'both sides of a daylight-saving change');
  assert.equal(new Set(dstDays.map((c) => ymd(c.ms + c.offset * MINUTE).slice(0, 10))).size, 1, 'on the same day');
  // The browser walks three of them; the native test walks every one.
  assert.ok(IN_BROWSER.some((c) => isMorning(c)) && IN_BROWSER.some((c) => !isMorning(c)), 'the browser keeps both preselections');
  const native = readFileSync(path.join(REPO, 'crates', 'cramp-core', 'tests', 'browser_moved.rs'), 'utf8');
  const missing = INSTANTS.filter((c) => !native.includes(`("${c.iso}", ${c.ms.toLocaleString('en').replace(/,/g, '_')}, ${c.offset})`));
  assert.deepEqual(missing.map((c) => c.iso), [], 'instants the native test (browser_moved.rs INSTANTS) does not walk');
});

for (const lang of LANGS) {
  test(`diary (${lang}): axe finds no violations on the diary screen, its edit form and delete confirmation`, async () => {
    await journey(async (page) => {
      await open(page, lang);
      const clock = await browserClock(page);
      await seedDiary(page, diaryOf(SCENARIOS[0].counts, clock));
      await openDiary(page);
      await page.locator(`${diaryScreen} [data-finding="rising"]`).waitFor();
      let v = await axeViolations(page);
      assert.equal(v.length, 0, `diary screen:\n${formatViolations(v)}`);

      // The log form's error, an entry's edit form.
      await page.locator(`${diaryScreen} ${sel.action('log-cramp')}`).click();
      await page.locator(`${diaryScreen} [data-form="log"] [role="alert"]`).waitFor();
      await page.locator(`${diaryScreen} ${sel.action('edit-entry')}`).first().click();
      await page.locator(`${diaryScreen} [data-form="edit"]`).waitFor();
      v = await axeViolations(page);
      assert.equal(v.length, 0, `diary with the edit form open:\n${formatViolations(v)}`);

      await page.locator(`${diaryScreen} ${sel.action('cancel-edit')}`).click();
      await page.locator(`${diaryScreen} ${sel.action('delete-entry')}`).first().click();
      await page.locator(`${diaryScreen} ${sel.action('confirm-delete-entry')}`).waitFor();
      v = await axeViolations(page);
      assert.equal(v.length, 0, `diary with a delete confirmation:\n${formatViolations(v)}`);
    });
  });
}

// ---------------------------------------------------------------------------
// 5. The self-check's frequency filled in from the diary.

const FROM_DIARY = [
  // 5 and 4 in the last two weeks, rising: "more than 3 a week" and "more frequent".
  { lang: 'en', counts: SCENARIOS[0].counts, frequency: 'more_than_3_weekly', rising: true },
  // 6 last week: "almost every night"; too short to judge a rise.
  { lang: 'zh-CN', counts: { 1: 6, 0: 2 }, frequency: 'nightly', rising: false },
];

for (const fd of FROM_DIARY) {
  test(`diary (${fd.lang}): the self-check's frequency is filled in from the diary, said on the result, and changeable`, async () => {
    await journey(async (page) => {
      await open(page, fd.lang);
      const clock = await browserClock(page);
      await seedDiary(page, diaryOf(fd.counts, clock));
      await page.locator(sel.action('start')).click();
      await waitForStep(page, CONTENT.firstStep);
      await answerStep(page, {});
      assert.equal(await next(page), 'cramps');

      // Preselected from the diary, each with a note.
      assert.deepEqual(await checkedValues(page, 'frequency'), [fd.frequency], 'frequency from the diary');
      const note = page.locator('[data-step="cramps"] [data-from-diary="frequency"]');
      await note.waitFor({ state: 'visible' });
      assert.equal((await note.textContent()).trim(), uiText('from_diary_note', fd.lang));
      const risingNote = page.locator('[data-step="cramps"] [data-from-diary="frequency_rising"]');
      if (fd.rising) {
        assert.deepEqual(await checkedValues(page, 'frequency_rising'), ['yes'], 'rising from the diary');
        await risingNote.waitFor({ state: 'visible' });
      } else {
        assert.deepEqual(await checkedValues(page, 'frequency_rising'), [], 'a diary too short says nothing about a rise');
        assert.equal(await risingNote.count(), 0);
      }

      // The rest of the self-check: typical answers, the frequency left as the diary gave it.
      const rest = { ...TYPICAL };
      delete rest.frequency;
      if (fd.rising) delete rest.frequency_rising;
      else rest.frequency_rising = false;
      await answerStep(page, rest);
      await walkUntil(page, 'review', rest);
      await next(page);
      const r = await readResult(page);
      assert.equal(r.level, 'soon', 'more than 3 a week gives "soon"');
      // The reasons sit in the result's folded "why" section (issue 14): present, not opened.
      const reason = page.locator('[data-step="result"] li[data-reason="frequency_high"]');
      await reason.waitFor({ state: 'attached' });
      const reasonNote = reason.locator('[data-from-diary="reason"]');
      assert.equal(await reasonNote.count(), 1, 'the frequency_high reason says the figure came from the diary');
      assert.equal((await reasonNote.textContent()).trim(), uiText('from_diary_reason', fd.lang));
      const risingReason = page.locator('[data-step="result"] li[data-reason="frequency_rising"]');
      assert.equal(await risingReason.count(), fd.rising ? 1 : 0, 'the frequency_rising reason only when the diary shows a rise');
      if (fd.rising) assert.equal(await risingReason.locator('[data-from-diary="reason"]').count(), 1);
      assert.deepEqual(
        JSON.parse(await getItem(page, SAVED_KEY)).from_diary.sort(),
        (fd.rising ? ['frequency', 'frequency_rising'] : ['frequency']).sort(),
        'the saved progress remembers what came from the diary',
      );

      // Changing the frequency by hand removes the note, here and on the result.
      await page.locator(`[data-step="result"] ${sel.action('back')}`).first().click();
      await waitForStep(page, 'review');
      await page.locator('[data-step="review"] [data-action="edit"][data-edit-step="cramps"]').click();
      await waitForStep(page, 'cramps');
      await note.waitFor({ state: 'visible' });
      const other = fd.frequency === 'nightly' ? 'more_than_3_weekly' : 'nightly';
      await answer(page, 'frequency', other);
      await note.waitFor({ state: 'detached' });
      assert.deepEqual(await checkedValues(page, 'frequency'), [other]);
      if (fd.rising) await risingNote.waitFor({ state: 'visible' });
      await walkUntil(page, 'review', rest);
      await next(page);
      await page.locator('[data-step="result"]').waitFor();
      await reason.waitFor({ state: 'attached' });
      assert.equal(await reason.locator('[data-from-diary]').count(), 0, 'an answer changed by hand is not "from the diary"');
      if (fd.rising) assert.equal(await risingReason.locator('[data-from-diary="reason"]').count(), 1, 'the rise still is');
      await waitStored(
        page, SAVED_KEY,
        (v) => Array.isArray(v?.from_diary) && !v.from_diary.includes('frequency'),
        'from_diary without frequency',
      );
    });
  });
}

// ---------------------------------------------------------------------------
// 6. Export, FHIR, delete everything, import.

test('diary: export JSON and FHIR, delete everything, import the export back without duplicates; bad files are refused', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const clock = await browserClock(page);
    const entries = diaryOf({ 3: 1, 2: 1, 0: 1 }, clock);
    entries[0].activity = 'long drive';
    entries[1].numb_after = true;
    await seedDiary(page, entries);
    await page.locator(sel.action('start')).click();
    await answerStep(page, {});
    assert.equal(await next(page), 'cramps');
    await openDiary(page);
    assert.equal((await listedIds(page)).length, 3);

    // The JSON export: everything, entries as stored plus their local time.
    const json = await download(page, 'export-json', 'export.json');
    const p = localParts(clock.now, clock.offset);
    const today = ymd(Date.UTC(p.y, p.m, p.d));
    assert.equal(json.name, `cramp-check-${today}.json`, 'dated today (local)');
    assert.match(json.url, /^blob:/, 'the file is made on the device');
    const exported = JSON.parse(json.text);
    assert.equal(exported.format, 'cramp-check-export');
    assert.equal(exported.version, STORED_VERSION);
    assert.equal(exported.exported, isoLocal(clock.now, clock.offset), 'stamped with the local time');
    assert.equal(typeof exported.app_version, 'string');
    // The progress and the diary inside, each in its stored format.
    assert.equal(exported.progress.format, PROGRESS_FORMAT);
    assert.equal(exported.diary.format, DIARY_FORMAT);
    assert.deepEqual(exported.progress.answers, EMERGENCY_NO, 'the answers so far');
    const byId = (list) => [...list].sort((x, y) => x.at_ms - y.at_ms);
    assert.deepEqual(
      byId(exported.diary.entries).map(({ time, ...e }) => e),
      byId(entries),
      'every diary entry, as logged',
    );
    for (const e of exported.diary.entries) {
      assert.equal(e.time, isoLocal(e.at_ms, e.offset_min), 'each entry carries its local time');
    }

    // FHIR: a QuestionnaireResponse whose items all exist, in the same place, in the Questionnaire.
    const fhir = JSON.parse((await download(page, 'export-fhir', 'fhir.json')).text);
    const q = JSON.parse((await download(page, 'export-questionnaire', 'questionnaire.json')).text);
    assert.equal(q.resourceType, 'Questionnaire');
    assert.ok(['draft', 'active', 'retired', 'unknown'].includes(q.status), `Questionnaire.status ${q.status}`);
    assert.equal(typeof q.url, 'string');
    assert.equal(fhir.resourceType, 'QuestionnaireResponse');
    assert.ok(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'].includes(fhir.status), `status ${fhir.status}`);
    assert.equal(fhir.questionnaire, `${q.url}|${q.version}`, 'the response names the Questionnaire');
    // One canonical per language (issue 25): the page is in English, so is the
    // Questionnaire offered and the one the response names; the version
    // is the question files' hash, not the app's.
    assert.equal(q.url, 'urn:cramp-check:questionnaire:en');
    assert.equal(q.language, 'en');
    assert.equal(fhir.language, 'en');
    assert.match(q.version, /^0\.2\.0\+[0-9a-f]{8}$/);
    for (const r of [q, fhir]) {
      assert.equal(r.text?.status, 'generated', `${r.resourceType} has a generated narrative`);
      assert.match(r.text.div, /^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml" lang="en" xml:lang="en">/);
    }
    assert.equal(fhir.authored, isoLocal(clock.now, clock.offset), 'authored now, local time');
    const qItems = fhirItems(q.item);
    const qByLink = new Map(qItems.map((x) => [x.linkId, x]));
    assert.equal(qByLink.size, qItems.length, 'Questionnaire linkIds are unique');
    for (const x of qItems) assert.ok(x.item.linkId && x.item.type, `Questionnaire item without linkId or type: ${JSON.stringify(x.item).slice(0, 80)}`);
    const rItems = fhirItems(fhir.item);
    for (const x of rItems) {
      const def = qByLink.get(x.linkId);
      assert.ok(def, `response linkId ${x.linkId} is not in the Questionnaire`);
      assert.equal(x.parent, def.parent, `response item ${x.linkId} sits under ${x.parent}, the Questionnaire has it under ${def.parent}`);
      assert.equal(x.item.text, def.item.text, `response item ${x.linkId} has the Questionnaire's text`);
      for (const a of x.item.answer || []) {
        if (a.valueCoding) {
          const codes = (def.item.answerOption || []).map((o) => o.valueCoding?.code);
          assert.ok(codes.includes(a.valueCoding.code), `${x.linkId}: code ${a.valueCoding.code} not offered`);
        }
      }
    }
    const links = rItems.map((x) => x.linkId);
    for (const qid of CONTENT.emergencyQuestions) assert.ok(links.includes(qid), `the response has ${qid}`);
    assert.equal(links.filter((l) => l === 'diary.entry').length, 3, 'one diary.entry per entry');
    assert.ok(links.includes('result.level'), 'the response has the result level');

    // Delete everything (footer), with a confirmation: both keys go.
    await page.locator(sel.action('delete-answers')).click();
    await page.locator(sel.action('confirm-delete')).click();
    await expectNotice(page, 'deleted', uiText('deleted_notice', 'en'));
    await waitStored(page, DIARY_KEY, (v, raw) => raw === null, 'diary deleted');
    await waitStored(page, SAVED_KEY, (v, raw) => raw === null, 'answers deleted');
    assert.equal(await getItem(page, DIARY_BACKUP_KEY), null);

    // Import the JSON export: entries and answers come back.
    await openDiary(page);
    assert.deepEqual(await listedIds(page), [], 'the diary is empty after deleting everything');
    await page.setInputFiles('#diary-import', json.file);
    await expectNotice(page, 'imported', uiText('diary_imported', 'en', { added: 3, same: 0 }));
    assert.deepEqual((await listedIds(page)).sort(), entries.map((e) => e.id).sort());
    const back = await storedDiary(page, 3);
    assert.deepEqual(byId(back.entries), byId(entries), 'the stored diary is the exported one');
    await waitStored(page, SAVED_KEY, (v) => v && Object.keys(v.answers || {}).length > 0, 'answers imported');
    assert.deepEqual(JSON.parse(await getItem(page, SAVED_KEY)).answers, EMERGENCY_NO, 'the answers come back too');

    // The same file again adds nothing.
    const stored = await diaryKeys(page);
    await page.setInputFiles('#diary-import', json.file);
    await expectNotice(page, 'imported', uiText('diary_imported', 'en', { added: 0, same: 3 }));
    assert.equal((await listedIds(page)).length, 3, 'no duplicates listed');
    assert.equal((await storedDiary(page, 3)).entries.length, 3, 'no duplicates stored');

    // Bad files are refused with a message and change nothing.
    const bad = [
      ['not-json.json', 'this is not JSON {', 'import_not_json'],
      ['other.json', JSON.stringify({ resourceType: 'Patient', entries: [] }), 'import_not_export'],
      ['diary-not-list.json', JSON.stringify({ format: 'cramp-check-export', version: 1, diary: { a: 1 } }), 'import_not_export'],
      ['newer.json', JSON.stringify({ format: 'cramp-check-export', version: 99, diary: [] }), 'import_newer'],
      ['huge.json', `{"format":"cramp-check-export","version":1,"diary":[],"pad":"${'x'.repeat(5_000_001)}"}`, 'import_too_large'],
    ];
    for (const [name, text, key] of bad) {
      const file = path.join(tmp, name);
      writeFileSync(file, text);
      await page.setInputFiles('#diary-import', file);
      await expectNotice(page, 'import-refused', uiText(key, 'en'));
      assert.equal((await listedIds(page)).length, 3, `${name}: entries unchanged`);
      assert.equal(await diaryKeys(page), stored, `${name}: the stored diary is unchanged`);
    }

    // An export with one damaged entry: the intact new one is added, nothing is lost.
    // It is the newest entry (halfway between the newest seeded one and now).
    const newest = Math.max(...entries.map((e) => e.at_ms));
    assert.ok(newest < clock.now, 'the seeded entries are in the past (test set-up)');
    const fresh = entry('fresh-1', newest + Math.floor((clock.now - newest) / 2), clock.offset, { leg: 'both', severity: 9 });
    const mixed = path.join(tmp, 'mixed.json');
    writeFileSync(mixed, JSON.stringify({
      format: 'cramp-check-export', version: 1, answers: {},
      diary: [fresh, { ...fresh, id: 'broken', leg: 'tail' }, exported.diary.entries[0]],
    }));
    await page.setInputFiles('#diary-import', mixed);
    // The notice also says how many damaged entries were left out.
    await expectNotice(
      page,
      'imported',
      `${uiText('diary_imported', 'en', { added: 1, same: 1 })} ${uiText('diary_imported_dropped', 'en', { n: 1 })}`,
    );
    const merged = await storedDiary(page, 4);
    assert.deepEqual(merged.entries.map((e) => e.id).sort(), [...entries.map((e) => e.id), 'fresh-1'].sort());
    assert.deepEqual(merged.entries.find((e) => e.id === 'fresh-1'), fresh);
    assert.equal((await listedIds(page))[0], 'fresh-1', 'the newest entry is listed first');
  });
});

// ---------------------------------------------------------------------------
// 7. Damaged storage.

test('diary: damaged entries are left out with a notice; the intact ones and the raw text are kept', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const clock = await browserClock(page);
    const good = diaryOf({ 2: 2, 0: 2 }, clock);
    const damaged = [
      { ...good[0], id: 'bad-leg', leg: 'middle' },
      { ...good[0], id: 'bad-severity', severity: 42 },
      { id: 'bad-no-time', leg: 'left', duration: 'seconds', severity: 1 },
      'not an entry',
    ];
    const raw = JSON.stringify({ version: 1, entries: [good[0], damaged[0], good[1], damaged[1], good[2], damaged[2], good[3], damaged[3]] });
    await seedDiary(page, null, raw);
    await expectNotice(page, 'diary-partial', uiText('diary_partial', 'en', { n: 4 }));
    assert.equal(await getItem(page, DIARY_BACKUP_KEY), raw, 'the raw text is kept aside');
    const saved = await storedDiary(page, 4);
    assert.deepEqual(saved.entries.map((e) => e.id).sort(), good.map((e) => e.id).sort(), 'the intact entries are kept');
    await openDiary(page);
    assert.deepEqual((await listedIds(page)).sort(), good.map((e) => e.id).sort(), 'the intact entries are listed');
    assert.equal((await readTable(page))[0].count, 2);
  });
});

test('diary: a wholly unreadable diary is kept aside with a notice and the page works', async () => {
  for (const raw of ['{"version":1,"entries":[{"id":"a","at_ms":', '{"version":7,"entries":[]}', '{"version":1,"entries":"none"}', '[1,2,3]']) {
    await journey(async (page) => {
      await open(page, 'en');
      await seedDiary(page, null, raw);
      await expectNotice(page, 'diary-unreadable', uiText('diary_unreadable', 'en'));
      assert.equal(await getItem(page, DIARY_BACKUP_KEY), raw, `${raw}: the raw text is kept aside`);
      assert.equal(await getItem(page, DIARY_KEY), null, `${raw}: the unreadable diary is not read again`);

      // The page works: the self-check starts, and a new diary can be kept.
      await page.locator(sel.action('start')).click();
      await waitForStep(page, CONTENT.firstStep);
      await openDiary(page);
      assert.deepEqual(await listedIds(page), []);
      await page.locator('#new-leg-both').click();
      await page.locator(`${diaryScreen} ${sel.action('log-cramp')}`).click();
      const saved = await storedDiary(page, 1);
      assert.equal(saved.entries[0].leg, 'both');
      assert.equal(await getItem(page, DIARY_BACKUP_KEY), raw, `${raw}: logging anew keeps the copy set aside`);
      assert.equal(await currentStep(page), 'diary');
    });
  }
});

// ---------------------------------------------------------------------------
// 8. Issue 24: the diary is kept by year (crates/cramp-core/src/diary_store.rs): an
// index under DIARY_KEY and a key a local year. A whole diary saved by an older
// version is split on first read; a damaged year is set aside, the others load.

/** `n` nights up to last night, one cramp at 03:00 local each (a few years at 900). */
function nights(n, { now, offset }, tag) {
  const p = localParts(now, offset);
  return Array.from({ length: n }, (_, i) =>
    entry(`${tag}-${i}`, Date.UTC(p.y, p.m, p.d - n + i, 3, 0) - offset * MINUTE, offset, { severity: i % 11 }));
}

const byTime = (list) => [...list].sort((x, y) => x.at_ms - y.at_ms || (x.id < y.id ? -1 : 1));
const withoutTime = (list) => list.map(({ time, ...e }) => e);

test('diary: a whole diary saved by an older version is split into years on first read; every entry is kept and exported', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const clock = await browserClock(page);
    const entries = nights(900, clock, 'up');
    await seedDiary(page, null, JSON.stringify({ format: DIARY_FORMAT, version: 2, entries }));
    const split = await waitStored(page, DIARY_KEY, (v) => v?.entries?.length === 900, 'the diary split into years');
    assert.deepEqual(byTime(JSON.parse(split).entries), byTime(entries), 'every entry, unchanged');
    const years = [...new Set(entries.map((e) => localParts(e.at_ms, clock.offset).y))].sort();
    assert.ok(years.length >= 3, `about three years: ${years}`);
    const index = JSON.parse(await getItem(page, DIARY_KEY));
    assert.equal(index.format, 'cramp-check-diary-index');
    assert.deepEqual(index.years.map((y) => y.year), years, 'the index names every year');
    for (const y of years) {
      const part = JSON.parse(await getItem(page, `${DIARY_KEY}/${y}`));
      assert.equal(part.format, DIARY_FORMAT);
      assert.ok(part.entries.every((e) => localParts(e.at_ms, e.offset_min).y === y), `${y}: only its own entries`);
    }

    // Read again: nothing is rewritten, and the export holds every year.
    const keys = await diaryKeys(page);
    await page.reload();
    await ready(page);
    await openDiary(page);
    const json = await download(page, 'export-json', 'upgraded.json');
    assert.deepEqual(byTime(withoutTime(JSON.parse(json.text).diary.entries)), byTime(entries), 'exported whole');
    assert.equal(await diaryKeys(page), keys, 'reading and exporting write nothing');
  });
});

test('diary: a damaged year is set aside with a notice; the other years load and are exported', async () => {
  await journey(async (page) => {
    await open(page, 'en');
    const clock = await browserClock(page);
    const entries = nights(900, clock, 'dmg');
    await seedDiary(page, null, JSON.stringify({ format: DIARY_FORMAT, version: 2, entries }));
    await waitStored(page, DIARY_KEY, (v) => v?.entries?.length === 900, 'the diary split into years');
    const thisYear = localParts(clock.now, clock.offset).y;
    const damaged = `{"format":"${DIARY_FORMAT}","version":2,"entries":[{"id":`;
    await setItem(page, `${DIARY_KEY}/${thisYear}`, damaged);
    await page.reload();
    await ready(page);
    await expectNotice(page, 'diary-unreadable', uiText('diary_unreadable', 'en'));
    assert.equal(await getItem(page, `${DIARY_KEY}/unreadable/${thisYear}`), damaged, 'the damaged year is kept aside as it was');
    assert.equal(await getItem(page, `${DIARY_KEY}/${thisYear}`), null, 'and not read again');

    await openDiary(page);
    const others = entries.filter((e) => localParts(e.at_ms, clock.offset).y !== thisYear);
    const older = await page.locator(`${diaryScreen} ${sel.action('open-year')}`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-arg'))));
    assert.deepEqual(older.sort(), [thisYear - 2, thisYear - 1], "the other years are offered");
    const json = await download(page, 'export-json', 'damaged.json');
    assert.deepEqual(byTime(withoutTime(JSON.parse(json.text).diary.entries)), byTime(others), 'every other year is exported');
  });
});
