// Read aloud (issue 14): on a step, the heading then each question with its
// options; on the result its essentials; in the current language, with an
// on-device voice only (`localService`), never a network one; a clear message
// when this phone has no voice for the language; reading stops when the step
// changes. The browser's speechSynthesis is replaced by a recording stub before
// the page's scripts run, so what is said, in which voice, is checked exactly.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, teardown, test, withPage, start, answerStep, next, walkToResult, RAW_CONTENT, BY_LEVEL,
  axeViolations, formatViolations,
} from './lib.mjs';

before(setup);
after(teardown);

/** Installs the stub: `voices` as [lang, localService, name]. Everything said lands in window.__speech. */
function stubSpeech(voices) {
  window.__speech = { spoken: [], cancels: 0 };
  const list = voices.map(([lang, localService, name]) => ({ lang, localService, name, voiceURI: name, default: false }));
  class Utterance {
    constructor(text) {
      this.text = text;
      this.lang = '';
      this.voice = null;
      this.onend = null;
    }
  }
  const synth = {
    getVoices: () => list.slice(),
    speak(u) {
      window.__speech.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && { ...u.voice } });
    },
    cancel() {
      window.__speech.cancels += 1;
    },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
}

const BOTH = [
  ['zh-CN', false, 'Network Chinese'],
  ['en-US', false, 'Network English'],
  ['zh-CN', true, 'Local Chinese'],
  ['en-GB', true, 'Local English'],
];

const ui = (key, lang) => RAW_CONTENT.ui.find((u) => u.key === key).text[lang === 'en' ? 'en' : 'zh'];
const spoken = (page) => page.evaluate(() => window.__speech.spoken);

for (const lang of ['zh-CN', 'en']) {
  test(`read aloud (${lang}): the step's heading, then each question and its options, in an on-device voice`, async () => {
    await withPage(async (page) => {
      await page.addInitScript(stubSpeech, BOTH);
      await start(page, lang);
      const button = page.locator('[data-action="read-aloud"]');
      assert.equal((await button.innerText()).trim(), ui('read_aloud', lang));
      await button.click();
      await page.waitForFunction(() => window.__speech.spoken.length === 1);
      const [said] = await spoken(page);
      assert.equal(said.voice.localService, true, 'only an on-device voice');
      assert.ok(said.voice.lang.startsWith(lang === 'en' ? 'en' : 'zh'), said.voice.lang);
      assert.equal(said.lang, lang);
      const step = RAW_CONTENT.steps[0];
      const k = lang === 'en' ? 'en' : 'zh';
      let at = said.text.indexOf(step.title[k]);
      assert.equal(at, 0, `starts with the heading: ${said.text.slice(0, 80)}`);
      for (const q of step.questions.filter((q) => q.show_if.length === 0)) {
        const i = said.text.indexOf(q.text[k], at);
        assert.ok(i > at, `${q.id} in order`);
        at = i;
        const options = [ui('answer_yes', lang), ui('answer_no', lang), ui('answer_not_sure', lang)];
        const rest = said.text.slice(at);
        for (const o of options) assert.ok(rest.includes(o), `${q.id}: option ${o}`);
      }
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
    });
  });
}

test('reading stops when the step changes', async () => {
  await withPage(async (page) => {
    await page.addInitScript(stubSpeech, BOTH);
    await start(page, 'en');
    await answerStep(page, {});
    await page.locator('[data-action="read-aloud"]').click();
    await page.waitForFunction(() => window.__speech.spoken.length === 1);
    const cancelsBefore = await page.evaluate(() => window.__speech.cancels);
    await next(page);
    await page.waitForFunction((n) => window.__speech.cancels > n, cancelsBefore);
    assert.equal(await page.locator('[data-action="read-aloud"]').getAttribute('aria-pressed'), 'false');
    assert.equal((await spoken(page)).length, 1, 'nothing more was said');
  });
});

for (const [lang, voices] of [
  ['en', [['en-US', false, 'Network English'], ['zh-CN', true, 'Local Chinese']]],
  ['zh-CN', [['zh-CN', false, 'Network Chinese'], ['en-US', true, 'Local English']]],
]) {
  test(`with no on-device voice for the language (${lang}), it says so and says nothing`, async () => {
    await withPage(async (page) => {
      await page.addInitScript(stubSpeech, voices);
      await start(page, lang);
      await page.locator('[data-action="read-aloud"]').click();
      const message = page.locator('[data-speech="no-voice"]');
      await message.waitFor({ state: 'visible' });
      assert.equal((await message.innerText()).trim(), ui('read_aloud_no_voice', lang));
      assert.deepEqual(await spoken(page), [], 'a network voice is never used, nor one of another language');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
    });
  });
}

test('read aloud on the result: its essentials', async () => {
  await withPage(async (page) => {
    await page.addInitScript(stubSpeech, BOTH);
    await start(page, 'zh-CN');
    await walkToResult(page, BY_LEVEL.urgent);
    await page.locator('[data-action="read-aloud"]').click();
    await page.waitForFunction(() => window.__speech.spoken.length === 1);
    const [said] = await spoken(page);
    const level = RAW_CONTENT.levels.find((l) => l.level === 'urgent');
    assert.ok(said.text.startsWith(level.title.zh), said.text.slice(0, 60));
    assert.ok(said.text.includes(level.by_when.zh));
    assert.ok(said.text.includes(level.action.zh.replace('{phone}', '120').slice(0, 10)));
    assert.ok(said.text.includes(ui('call_button', 'zh-CN').replace('{phone}', '120')));
    assert.equal(said.lang, 'zh-CN');
  });
});

test('nothing is sent anywhere while reading aloud', async () => {
  await withPage(async (page) => {
    await page.addInitScript(stubSpeech, BOTH);
    await start(page, 'en');
    await page.locator('[data-action="read-aloud"]').click();
    await page.waitForFunction(() => window.__speech.spoken.length === 1);
    assert.ok(page.e2e.requests.every((u) => u.startsWith(page.e2e.baseUrl)), page.e2e.requests.join('\n'));
  });
});

