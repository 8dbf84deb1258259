// The first screens before, and without, the widget (issue 13): the introduction
// and the emergency screen are plain HTML in index.html, in both languages.
//
// - With JavaScript disabled, and separately with WebAssembly unavailable, a
//   person can read the introduction, follow Start, answer the emergency
//   questions with native radios and see the emergency advice on "yes" and on
//   "not sure" (and not on "no"), directly under the question answered, not
//   under all of them (issue 22: sibling selectors, so engines without :has()
//   show it there too; crates/cramp-core/tests/prerender.rs checks the markup).
// - Without WebAssembly the widget runs from the JavaScript build of its wasm.
// - A browser that cannot run the widget gets a clear message (no WebAssembly and
//   no JavaScript build, a failed download, no start within 10 s); the emergency
//   screen still works.
// - When the widget starts it takes over in place: answers given before, the
//   focus and the position of what the person was looking at are kept, and a
//   Next pressed while loading is acted on.
// Waits are conditions (Playwright's auto-waiting, waitForFunction); the 10 s
// limit runs on Playwright's fake timers, not the wall clock.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DIST,
  setup,
  teardown,
  test,
  withPage,
  newPage,
  closePage,
  CONTENT,
  sel,
  axeViolations,
  axeViolationsWithoutScripts,
  formatViolations,
  start,
  answerStep,
  next,
} from './lib.mjs';

before(setup);
after(teardown);

/** The emergency step's questions that always stand on the screen (a follow-up with `show_if` waits for the widget). */
const emergencyQuestions = () => CONTENT.emergencyQuestions;
const signs = () => CONTENT.emergencySigns;

/** Follows Start (a link without scripts) to the prerendered emergency screen. */
async function toEmergency(page) {
  await page.locator('.cc-pre [data-action="start"]').click();
  await page.locator('.cc-pre #cc-emergency').waitFor({ state: 'visible' });
}

/** The advice shown after question `q` on the prerendered screen (inside its fieldset, after its answers). */
function preAlert(page, q) {
  return page.locator(`.cc-pre [data-question="${q}"] [data-alert="emergency"]`);
}

/** Where the shown advice of `q` stands: px below the question's last answer, and above the next question. */
function advicePlace(page, q) {
  return page.evaluate((q) => {
    const fieldset = document.querySelector(`.cc-pre [data-question="${q}"]`);
    const labels = fieldset.querySelectorAll('label.option');
    const alert = fieldset.querySelector('[data-alert="emergency"]').getBoundingClientRect();
    const block = fieldset.closest('.q-block');
    let next = block.nextElementSibling;
    while (next && next.getClientRects().length === 0) next = next.nextElementSibling;
    return {
      below: alert.top - labels[labels.length - 1].getBoundingClientRect().bottom,
      beforeNext: next ? next.getBoundingClientRect().top - alert.bottom : null,
      shownAlerts: [...document.querySelectorAll('.cc-pre [data-alert]')].filter((e) => e.getClientRects().length > 0).length,
    };
  }, q);
}

async function checkEmergencyScreen(page, { lang }) {
  await page.locator('.cc-pre #cc-intro h1').waitFor({ state: 'visible' });
  await toEmergency(page);
  assert.ok(!(await page.locator('.cc-pre #cc-intro').isVisible()), 'one screen at a time');
  for (const q of emergencyQuestions()) {
    for (const v of ['yes', 'no', 'not_sure']) {
      assert.equal(await page.locator(`.cc-pre ${sel.input(q, v)}[type="radio"]`).count(), 1, `${q} ${v}`);
    }
  }
  for (const q of signs()) {
    for (const v of ['yes', 'not_sure']) {
      await page.locator(`.cc-pre ${sel.input(q, v)}`).check();
      const alert = preAlert(page, q);
      await alert.waitFor({ state: 'visible' });
      assert.ok(await alert.locator('a[href="tel:120"]').isVisible(), `${q} ${v}: the call link`);
      const place = await advicePlace(page, q);
      assert.ok(place.below >= 0 && place.below <= 40, `${q} ${v}: the advice ${place.below}px below the answers`);
      assert.ok(place.beforeNext === null || place.beforeNext >= 0, `${q} ${v}: the advice before the next question`);
      assert.ok(place.shownAlerts >= 1 && place.shownAlerts <= 2, `${q} ${v}: only this question's advice (${place.shownAlerts})`);
    }
    await page.locator(`.cc-pre ${sel.input(q, 'no')}`).check();
    await preAlert(page, q).waitFor({ state: 'hidden' });
  }
  if (lang) {
    const shown = await page.evaluate(
      (l) => [...document.querySelectorAll('.cc-pre #cc-emergency h1 .l')].filter((e) => e.offsetParent !== null).map((e) => e.lang),
      lang,
    );
    assert.deepEqual(shown, [lang], 'only the language that applies is shown');
  }
}

test('without JavaScript: the introduction and the emergency screen work, with advice on yes and not sure', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  try {
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    // Both languages stand in the page: no script chooses.
    const title = page.locator('.cc-pre #cc-intro h1');
    assert.ok(await title.locator('.l[lang="zh-CN"]').isVisible());
    assert.ok(await title.locator('.l[lang="en"]').isVisible());
    await checkEmergencyScreen(page, {});
    let violations = await axeViolationsWithoutScripts(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    // And with an advice shown.
    await page.locator(`.cc-pre ${sel.input(signs()[0], 'yes')}`).check();
    await preAlert(page, signs()[0]).waitFor({ state: 'visible' });
    violations = await axeViolationsWithoutScripts(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assert.ok(page.e2e.requests.every((u) => u.startsWith(page.e2e.baseUrl)), 'no request off the origin');
  } finally {
    await closePage(page);
  }
});

for (const lang of ['zh-CN', 'en']) {
  // Without WebAssembly the widget runs from the JavaScript build of its wasm (the next
  // test; tests/old-engines walks every core journey so). Where that cannot load either,
  // the page says the widget cannot run here.
  test(`without WebAssembly (${lang}): the message says so, the emergency screen works`, async () => {
    const page = await newPage();
    try {
      await page.addInitScript(() => {
        delete window.WebAssembly;
      });
      await page.route('**/cramp-check-wasm2js-*.js', (route) => route.abort('failed'));
      await page.goto(`${page.e2e.baseUrl}/?lang=${lang}`);
      const message = page.locator(`.cc-pre [data-fallback] .l[lang="${lang}"]`);
      await message.waitFor({ state: 'visible' });
      assert.match(await message.innerText(), /\S/);
      await checkEmergencyScreen(page, { lang });
      assert.ok(!(await page.locator('.cc-pre [data-action="next"]').isVisible()), 'no Next that cannot work');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(violations));
    } finally {
      // The page never started the widget: its own error (none expected) still fails the test.
      await closePage(page);
    }
  });
}

test('without WebAssembly the widget starts from the JavaScript build of its wasm, and never downloads the wasm', async () => {
  const page = await newPage();
  try {
    await page.addInitScript(() => {
      delete window.WebAssembly;
    });
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    await page.mouse.move(5, 5); // a first visit: the widget starts on the first interaction
    await page.locator('.cc-app[data-started] [data-action="start"]').waitFor({ state: 'visible' });
    const got = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(got.some((n) => /\/cramp-check-wasm2js-[0-9a-f]{16}\.js$/.test(n)), 'the JavaScript build was loaded');
    assert.ok(!got.some((n) => /_bg\.wasm$/.test(n)), 'the wasm was not downloaded');
    assert.ok(!(await page.locator('.cc-pre [data-fallback]').isVisible()), 'no failure message');
    await page.locator('.cc-app[data-started] [data-action="start"]').click();
    await page.locator(`.cc-app[data-started] [data-step="${CONTENT.firstStep}"] ${sel.input(signs()[0], 'yes')}`).check();
    await page.locator('.cc-app[data-started] [data-alert="emergency"] a[href^="tel:"]').first().waitFor({ state: 'visible' });
  } finally {
    await closePage(page);
  }
});

test('a failed download of the wasm shows the message instead of endless loading', async () => {
  await withPage(async (page) => {
    await page.route('**/*_bg.wasm', (route) => route.abort('failed'));
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    await toEmergency(page); // the first interaction starts the widget, whose download fails
    await page.locator('.cc-pre [data-fallback] .l[lang="en"]').waitFor({ state: 'visible' });
    await page.locator(`.cc-pre ${sel.input(signs()[0], 'yes')}`).check();
    await preAlert(page, signs()[0]).waitFor({ state: 'visible' });
  });
});

test('no start within 10 seconds shows the message (on a fake clock)', async () => {
  await withPage(async (page) => {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.abort('failed').catch(() => {});
    });
    await page.clock.install();
    await page.goto(`${page.e2e.baseUrl}/?lang=zh-CN`);
    await page.locator('.cc-pre #cc-intro').waitFor({ state: 'visible' });
    // A first visit: the 10 s count from the first interaction, which starts the widget.
    await page.clock.runFor(10_500);
    assert.ok(!(await page.locator('.cc-pre [data-fallback]').isVisible()), 'a message before the widget was asked to start');
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-cc-start') === 'now');
    await page.clock.runFor(9_000);
    assert.ok(!(await page.locator('.cc-pre [data-fallback]').isVisible()), 'not before the time is up');
    await page.clock.runFor(1_500);
    await page.locator('.cc-pre [data-fallback] .l[lang="zh-CN"]').waitFor({ state: 'visible' });
    release();
  });
});

/** Waits until the widget's script and wasm have been downloaded (the loader's warm-up after the first paint). */
const widgetDownloaded = (page) =>
  page.waitForFunction(() => {
    const got = performance.getEntriesByType('resource').map((e) => e.name);
    return [/\/cramp-check-[0-9a-f]+\.js$/, /\/cramp-check-[0-9a-f]+_bg\.wasm$/].every((re) => got.some((n) => re.test(n)));
  });

/** After the load event, two frames and a task: when the loader of a page that starts at once has begun. */
const settledAfterLoad = (page) =>
  page.evaluate(
    () =>
      new Promise((ok) => {
        const on = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0)));
        if (document.readyState === 'complete') on();
        else addEventListener('load', on, { once: true });
      }),
  );

for (const [how, act] of [
  ['a tap on Start', (page) => page.locator('.cc-pre [data-action="start"]').tap()],
  ['a key', (page) => page.keyboard.press('Tab')],
  ['a scroll', (page) => page.mouse.wheel(0, 200)],
]) {
  test(`a first visit shows the plain first screens until ${how} starts the widget`, async () => {
    // Tall enough that Start is in view: scrolling to it would be the first interaction.
    await withPage({ hasTouch: true, viewport: { width: 360, height: 2000 } }, async (page) => {
      // Counts the page's calls to compile and to instantiate a wasm. The widget's wasm is
      // compiled ahead of the first interaction (off the main thread: nothing of the widget
      // runs); a start instantiates it, and only a start does.
      await page.addInitScript(() => {
        window.__wasmCalls = 0;
        window.__wasmCompiles = 0;
        for (const k of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
          const f = WebAssembly[k];
          WebAssembly[k] = function (...args) {
            if (k.startsWith('compile')) window.__wasmCompiles++;
            else window.__wasmCalls++;
            return f.apply(this, args);
          };
        }
      });
      await page.goto(`${page.e2e.baseUrl}/?lang=en`);
      await settledAfterLoad(page);
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-cc-start')), 'on-interaction');
      await widgetDownloaded(page); // ready, so the start needs no request
      assert.ok((await page.evaluate(() => window.__wasmCompiles)) > 0, 'the wasm is compiled ahead of the first interaction');
      assert.equal(await page.evaluate(() => window.__wasmCalls), 0, 'the widget started before any interaction');
      assert.equal(await page.locator('.cc-app[data-started]').count(), 0);
      await act(page);
      await page.locator('.cc-app[data-started]').waitFor({ state: 'attached' });
      assert.ok((await page.evaluate(() => window.__wasmCalls)) > 0, 'the count above cannot see a start');
      if (how === 'a tap on Start') await page.locator(sel.step(CONTENT.firstStep)).waitFor({ state: 'visible' });
    });
  });
}

test('the widget starts at once where the plain page cannot show what is asked: skip_intro, saved progress', async () => {
  await withPage(async (page) => {
    await page.goto(`${page.e2e.baseUrl}/?lang=en&skip_intro=true`);
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-cc-start')), 'now');
    await page.locator('.cc-app[data-started]').waitFor({ state: 'attached' });
  });
  await withPage(async (page) => {
    await start(page, 'en');
    await answerStep(page, {});
    const step = await next(page);
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-cc-start')), 'now');
    await page.locator(`.cc-app[data-started] ${sel.step(step)}`).waitFor({ state: 'visible' });
  });
});

test('the widget takes over in place: answers, focus and the element in view are kept', async () => {
  await withPage({ viewport: { width: 360, height: 740 } }, async (page) => {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${page.e2e.baseUrl}/?lang=zh-CN`);
    await toEmergency(page);
    const [first, second] = emergencyQuestions();
    await page.locator(`.cc-pre ${sel.input(first, 'no')}`).check();
    const sign = signs().find((q) => q !== first) ?? second;
    const input = page.locator(`.cc-pre ${sel.input(sign, 'yes')}`);
    await input.check();
    await input.focus();
    await page.evaluate((q) => document.getElementById(`q-${q}`).scrollIntoView({ block: 'center' }), sign);
    const measure = (q) =>
      page.evaluate((q) => {
        const rect = (id) => document.getElementById(id)?.getBoundingClientRect().top ?? null;
        return { scrollY: window.scrollY, question: rect(`q-${q}`), focus: document.activeElement?.id ?? '' };
      }, q);
    const before = await measure(sign);
    assert.equal(before.focus, `in-${sign}-yes`);
    release();
    await page.locator('.cc-app[data-started]').waitFor({ state: 'attached' });
    await page.waitForFunction(() => !document.querySelector('.cc-pre'));
    const after = await measure(sign);
    assert.ok(Math.abs(after.question - before.question) <= 1, `the question moved: ${before.question} → ${after.question}`);
    assert.equal(after.focus, before.focus, 'focus kept');
    assert.ok(await page.locator(sel.input(first, 'no')).isChecked());
    assert.ok(await page.locator(sel.input(sign, 'yes')).isChecked());
    assert.equal(await page.locator(sel.alert).count(), 1, 'one emergency alert, after the sign');
    assert.equal(await page.locator(`${sel.step(CONTENT.firstStep)}`).count(), 1);
  });
});

test('Next pressed while the widget loads is acted on when it starts', async () => {
  await withPage(async (page) => {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    await toEmergency(page);
    for (const q of emergencyQuestions()) await page.locator(`.cc-pre ${sel.input(q, 'no')}`).check();
    await page.locator('.cc-pre [data-action="next"]').click();
    await page.locator('.cc-pre [data-pre-loading] .l[lang="en"]').waitFor({ state: 'visible' });
    release();
    await page.locator(sel.step(CONTENT.steps[1].id)).waitFor({ state: 'visible' });
    for (const q of emergencyQuestions()) {
      assert.equal(await page.evaluate((q) => JSON.parse(localStorage.getItem('cramp-check/progress')).answers[q], q), 'no');
    }
  });
});

test('the first frame of the widget already shows the answers, focus and place of the prerendered page (4x CPU)', async () => {
  await withPage({ viewport: { width: 360, height: 740 } }, async (page) => {
    // When the widget's nodes appear (a mutation) and at the frame after (before it is
    // painted): whether the answer is chosen, where the next question stands, the focus.
    await page.addInitScript(() => {
      window.__first = null;
      const seen = new MutationObserver(() => {
        if (window.__first || !document.querySelector('.cc-app[data-started]')) return;
        const snap = () => {
          const input = document.querySelector('.cc-app[data-started] [data-question] input:checked');
          return {
            checked: input ? `${input.name}=${input.value}` : null,
            chosen: !!input?.parentElement?.classList.contains('chosen'),
            focus: document.activeElement?.id ?? '',
            top: Math.round(document.querySelector(window.__watch)?.getBoundingClientRect().top ?? NaN),
          };
        };
        window.__first = [snap()];
        requestAnimationFrame(() => window.__first.push(snap()));
      });
      seen.observe(document, { subtree: true, childList: true });
    });
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    // A slow phone: Yew's first render takes more than its 16 ms slice, and it runs the
    // render's effects a task later, after the browser may have painted. Yew reads that
    // slice on Date.now, which the harness fixes: here it moves on from the fixed instant
    // with the page's own monotonic time (no wall clock).
    await page.addInitScript(() => {
      const fixed = Date.now();
      Date.now = () => fixed + performance.now();
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${page.e2e.baseUrl}/?lang=zh-CN`);
    await toEmergency(page);
    const [first, second] = emergencyQuestions();
    const input = page.locator(`.cc-pre ${sel.input(first, 'no')}`);
    await input.check();
    await input.focus();
    await page.evaluate((q) => (window.__watch = `#q-${q}`), second);
    const top = await page.evaluate((q) => Math.round(document.getElementById(`q-${q}`).getBoundingClientRect().top), second);
    release();
    await page.waitForFunction(() => window.__first?.length === 2);
    for (const [i, got] of (await page.evaluate(() => window.__first)).entries()) {
      const when = i === 0 ? 'when the widget appears' : 'in its first frame';
      assert.equal(got.checked, `${first}=no`, `${when}: the answer`);
      assert.ok(got.chosen, `${when}: the answer shown as chosen`);
      assert.equal(got.focus, `in-${first}-no`, `${when}: the focus`);
      assert.equal(got.top, top, `${when}: the next question where it was`);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  });
});

test('a tap while the wasm is still being compiled ahead: the start waits for that compile, the answer is kept, the wasm is fetched once', async () => {
  await withPage(async (page) => {
    let release;
    const held = new Promise((r) => (release = r));
    let fetches = 0;
    let asked;
    const requested = new Promise((r) => (asked = r));
    await page.route('**/*_bg.wasm', async (route) => {
      fetches++;
      asked();
      await held;
      await route.continue();
    });
    await page.goto(`${page.e2e.baseUrl}/?lang=en`);
    await settledAfterLoad(page);
    // The compile ahead has asked for the wasm (held here) before any interaction.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-cc-start') === 'on-interaction');
    await requested;
    assert.equal(await page.locator('.cc-app[data-started]').count(), 0);
    await toEmergency(page); // the first interaction: the start waits for the compile under way
    const q = emergencyQuestions()[0];
    await page.locator(`.cc-pre ${sel.input(q, 'no')}`).check();
    assert.equal(await page.locator('.cc-app[data-started]').count(), 0, 'no start without the wasm');
    release();
    await page.locator('.cc-app[data-started]').waitFor({ state: 'attached' });
    assert.ok(await page.locator(sel.input(q, 'no')).isChecked(), 'the answer given while it compiled is kept');
    assert.equal(fetches, 1, 'the start used the wasm compiled ahead (one request)');
  });
});

/** The style rules of a stylesheet, each with the at-rules around it (comments removed; no nesting). */
function styleRules(css) {
  const rules = [];
  const around = [];
  let text = '';
  for (const ch of css.replace(/\/\*[\s\S]*?\*\//g, '')) {
    if (ch === '{') {
      around.push(text.trim());
      text = '';
    } else if (ch === '}') {
      const prelude = around.pop();
      if (prelude !== undefined && !prelude.startsWith('@')) rules.push({ prelude, body: text.trim(), within: [...around] });
      text = '';
    } else {
      text += ch;
    }
  }
  return rules;
}

// Issue 22: engines from before 2021 drop a declaration or a whole rule they cannot parse.
// The release build's minifier targets current browsers: it drops a plain fallback
// declared beside a newer value and merges rules into selector lists. So the newer forms
// stand in @supports blocks, and this checks that the stylesheet as shipped still has them there.
test('the shipped stylesheet keeps its fallbacks for older engines', () => {
  const file = readdirSync(DIST).find((f) => /^app-[0-9a-f]+\.css$/.test(f));
  assert.ok(file, 'the stylesheet in dist/');
  const rules = styleRules(readFileSync(path.join(DIST, file), 'utf8'));
  assert.ok(rules.length > 100, `parsed ${rules.length} rules`);
  const supports = (r, what) => r.within.some((a) => a.startsWith('@supports') && a.includes(what));
  for (const r of rules) {
    // A selector an old engine cannot parse would take the whole list with it.
    if (/:focus-visible|:has\(/.test(r.prelude)) {
      assert.ok(supports(r, 'selector('), `${r.prelude}: outside @supports selector(…)`);
    }
    if (/\b(min|max|clamp)\(/.test(r.body)) {
      assert.ok(supports(r, '('), `${r.prelude} { ${r.body} }: min()/max() without a fallback`);
    }
  }
  const app = rules.filter((r) => r.prelude === '.cc-app' && r.within.length === 0 && /padding:/.test(r.body));
  assert.ok(app.length > 0 && app.every((r) => !/min\(/.test(r.body)), 'the side padding without min()');
  // Flex gap: margins where it is missing (no language button touching the next).
  const noGap = rules.filter((r) => supports(r, 'not (aspect-ratio'));
  assert.ok(noGap.some((r) => /\.lang-switch\s*>\s*\*/.test(r.prelude) && /margin/.test(r.body)), 'margins between the language buttons');
});
