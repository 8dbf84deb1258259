// Proves every check of scripts/validate-fhir.mjs able to fail: the real
// Questionnaires and responses that `make test-fhir` writes pass them all, and
// a copy broken in one way is rejected with the message that names it.
//
// Run by `make test-fhir` after the resources are written:
//   FHIR_SAMPLES=target/fhir-samples node --test tests/fhir/
// (the folder holds prerender/fhir/questionnaire.*.json and responses/*.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAll, invariants, parseXhtml } from './fhir-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const samples = process.env.FHIR_SAMPLES ?? join(root, 'target/fhir-samples');

function jsonFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? jsonFiles(p) : n.endsWith('.json') ? [p] : [];
    });
}

const all = jsonFiles(samples).map((p) => ({ name: p, resource: JSON.parse(readFileSync(p, 'utf8')) }));
const questionnaires = all.filter((r) => r.resource.resourceType === 'Questionnaire');
const byLang = (lang) => {
  const q = questionnaires.find((r) => r.resource.language === lang);
  assert.ok(q, `a Questionnaire in ${lang} among ${samples}`);
  return q.resource;
};
const response = (file) => {
  const r = all.find((x) => x.name.endsWith(`/responses/${file}`));
  assert.ok(r, `${file} in ${samples}/responses`);
  return r.resource;
};

const clone = (x) => structuredClone(x);

/** The problems of zh + en Questionnaires and a set of responses, as one list of "name: message". */
function problemsOf({ zh = byLang('zh-CN'), en = byLang('en'), responses = [] }) {
  const set = [
    { name: 'questionnaire.zh-CN', resource: zh },
    { name: 'questionnaire.en', resource: en },
    ...responses.map((resource, i) => ({ name: `response-${i}`, resource })),
  ];
  return checkAll(set).problems.flatMap(({ name, found }) => found.map((f) => `${name}: ${f}`));
}

/** Asserts that `problems` has one matching `pattern` (and shows them all if not). */
function rejected(problems, pattern) {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got:\n${problems.join('\n') || '(none)'}`,
  );
}

// Items by linkId, in a Questionnaire or a response (every depth).
function find(items, linkId) {
  for (const item of items ?? []) {
    if (item.linkId === linkId) return item;
    const inner = find(item.item, linkId);
    if (inner) return inner;
  }
  return undefined;
}
function* walk(items, parent = null) {
  for (const item of items ?? []) {
    yield [item, parent];
    yield* walk(item.item, item);
  }
}

const RICH = 'diary-with-answers.zh-CN.json';

test('the real resources pass every check, in both languages', () => {
  const rs = all.filter((r) => r.resource.resourceType === 'QuestionnaireResponse');
  assert.ok(rs.length >= 100, `${rs.length} responses in ${samples}`);
  const { problems, canonicals, responses } = checkAll(all);
  assert.deepEqual(problems, []);
  assert.equal(responses, rs.length);
  const zh = byLang('zh-CN');
  const en = byLang('en');
  assert.match(zh.url, /^urn:cramp-check:questionnaire:zh-CN$/);
  assert.match(en.url, /^urn:cramp-check:questionnaire:en$/);
  assert.match(zh.version, /^0\.2\.0\+[0-9a-f]{8}$/);
  assert.equal(zh.version, en.version);
  assert.deepEqual(canonicals.sort(), [`${en.url}|${en.version}`, `${zh.url}|${zh.version}`]);
  for (const { resource } of rs) {
    const q = resource.language === 'en' ? en : zh;
    assert.equal(resource.questionnaire, `${q.url}|${q.version}`);
  }
});

// ---------------------------------------------------------------- the invariants

/** The zh Questionnaire with `change` applied to a copy; its problems. */
function brokenQuestionnaire(change) {
  const zh = clone(byLang('zh-CN'));
  change(zh);
  return problemsOf({ zh });
}
const firstOfType = (q, type) => [...walk(q.item)].find(([i]) => i.type === type)[0];
const withEnableWhen = (q) => [...walk(q.item)].find(([i]) => (i.enableWhen ?? []).length > 1)[0];
const addDisplay = (q, extra) => q.item[0].item.push({ linkId: 'display.note', type: 'display', text: 'x', ...extra });

const invariantCases = [
  // fhirpath.js's matches() finds the pattern anywhere, so only a name with no capital at all fails.
  ['que-0', /que-0: Name should be usable/, (q) => (q.name = 'cramp-check')],
  ['que-1', /que-1: Group items must have nested items.*\(step\.emergency\)/, (q) => (q.item[0].item = [])],
  ['que-2', /que-2: The link ids for groups and questions must be unique/, (q) => (q.item[1].item[0].linkId = q.item[0].item[0].linkId)],
  ['que-3', /que-3: Display items cannot have a "code" asserted/, (q) => addDisplay(q, { code: [{ code: 'x' }] })],
  ['que-4', /que-4: A question cannot have both answerOption and answerValueSet/, (q) => (firstOfType(q, 'choice').answerValueSet = 'urn:x')],
  ['que-5', /que-5: Only 'choice' and 'open-choice' items can have answerValueSet/, (q) => (firstOfType(q, 'boolean').answerValueSet = 'urn:x')],
  ['que-6', /que-6: Required and repeat aren't permitted for display items/, (q) => addDisplay(q, { required: true })],
  ['que-7', /que-7: If the operator is 'exists', the value must be a boolean/, (q) => (withEnableWhen(q).enableWhen[0].operator = 'exists')],
  ['que-8', /que-8: Initial values can't be specified for groups/, (q) => (q.item[0].initial = [{ valueBoolean: true }])],
  ['que-9', /que-9: Read-only can't be specified for "display" items/, (q) => addDisplay(q, { readOnly: true })],
  ['que-10', /que-10: Maximum length can only be declared for simple question types/, (q) => (firstOfType(q, 'choice').maxLength = 3)],
  ['que-11', /que-11: If one or more answerOption is present, initial\[x\] must be missing/, (q) => (firstOfType(q, 'choice').initial = [{ valueCoding: { code: 'yes' } }])],
  [
    'que-12',
    /que-12: If there are more than one enableWhen, enableBehavior must be specified/,
    (q) => {
      const item = withEnableWhen(q);
      while (item.enableWhen.length < 3) item.enableWhen.push(clone(item.enableWhen[0]));
      delete item.enableBehavior;
    },
  ],
  ['que-13', /que-13: Can only have multiple initial values for repeating items/, (q) => (firstOfType(q, 'integer').initial = [{ valueInteger: 1 }, { valueInteger: 2 }])],
  ['dom-6', /dom-6: A resource should have narrative/, (q) => delete q.text],
];

for (const [key, pattern, change] of invariantCases) {
  test(`Questionnaire invariant ${key} fails on a copy that breaks it`, () => {
    rejected(brokenQuestionnaire(change), pattern);
  });
}

test('qrs-1 and qrs-2 fail on responses that break them', () => {
  const r1 = clone(response(RICH));
  const group = r1.item[0];
  group.answer = [{ valueBoolean: true }];
  rejected(invariants(r1), /^qrs-1: Nested item can't be beneath both item and answer \(QuestionnaireResponse\.item\[0\]/);
  // Answers to one question split over two items of one linkId, inside a
  // diary entry. (R4's qrs-2 looks from each item at the items two levels
  // down, so a split right under a top-level group is found by the
  // response check's "appears twice" instead.)
  const r2 = clone(response(RICH));
  const entry = find(r2.item, 'diary.entry');
  entry.item.splice(4, 0, clone(entry.item[3]));
  rejected(invariants(r2), /^qrs-2: Repeated answers are combined in the answers array of a single item \(QuestionnaireResponse\.item\[\d\] \(diary\)\)$/);
  rejected(problemsOf({ responses: [r2] }), /linkId diary\.entry\.severity appears twice under diary\.entry, but does not repeat/);
  const r3 = clone(response(RICH));
  const [multi, parent] = [...walk(r3.item)].find(([i]) => (i.answer ?? []).length > 1);
  parent.item.splice(parent.item.indexOf(multi), 1, { ...multi, answer: [multi.answer[0]] }, { ...multi, answer: multi.answer.slice(1) });
  rejected(problemsOf({ responses: [r3] }), new RegExp(`linkId ${multi.linkId} appears twice under ${parent.linkId}`));
});

test('the invariants hold on the real resources, element by element (every depth)', () => {
  for (const { resource } of all.slice(0, 40)) assert.deepEqual(invariants(resource), []);
  // And the nested items are reached: a broken item three levels down is found.
  const r = clone(response(RICH));
  const entry = find(r.item, 'diary.entry');
  entry.item[0].item = [{ linkId: 'x', answer: [{ valueBoolean: true }] }];
  rejected(invariants(r), /^qrs-1: .*\.item\[0\]\.item\[0\] \(diary\.entry\.time\)\)$/);
});

// ---------------------------------------------------------------- the Questionnaires

test('an enableWhen that points at a missing item, or waits for an option the item lacks, is rejected', () => {
  let target;
  rejected(
    brokenQuestionnaire((q) => {
      target = withEnableWhen(q);
      target.enableWhen[0].question = 'no_such_item';
    }),
    new RegExp(`enableWhen of ${target?.linkId ?? '\\w+'} refers to no_such_item, which is not in the Questionnaire`),
  );
  rejected(
    brokenQuestionnaire((q) => (withEnableWhen(q).enableWhen[0].answerCoding.code = 'moon')),
    /enableWhen of \w+ waits for urn:cramp-check:code:\w+\|moon, which is not among the options of \w+/,
  );
  rejected(
    brokenQuestionnaire((q) => {
      const w = withEnableWhen(q).enableWhen[0];
      delete w.answerCoding;
      w.answerBoolean = true;
    }),
    /enableWhen of \w+ compares \w+ \(choice\) with answerBoolean/,
  );
  rejected(brokenQuestionnaire((q) => (withEnableWhen(q).enableWhen[0].question = q.item[0].linkId)), /refers to step\.emergency, a group, not a question/);
});

test('one canonical for two Questionnaires, or a Questionnaire without url or version, is rejected', () => {
  const zh = byLang('zh-CN');
  const en = clone(byLang('en'));
  en.url = zh.url;
  rejected(problemsOf({ en }), new RegExp(`two Questionnaires have the canonical ${zh.url.replace(/[.+|]/g, '\\$&')}\\|`));
  rejected(brokenQuestionnaire((q) => delete q.version), /Questionnaire urn:cramp-check:questionnaire:zh-CN: no version/);
  rejected(brokenQuestionnaire((q) => (q.url += '|1')), /url urn:cramp-check:questionnaire:zh-CN\|1 holds \| or #/);
});

// ---------------------------------------------------------------- responses against their Questionnaire

/** The problems of one copy of the rich zh response after `change`. */
function brokenResponse(change, file = RICH) {
  const r = clone(response(file));
  change(r);
  return problemsOf({ responses: [r] });
}

test('a response that names another Questionnaire, or none that exists, is rejected', () => {
  const en = byLang('en');
  const other = brokenResponse((r) => (r.questionnaire = `${en.url}|${en.version}`));
  rejected(other, /language zh-CN, but its Questionnaire urn:cramp-check:questionnaire:en\|\S+ is in en/);
  rejected(other, /text of linkId \S+ does not match the Questionnaire/);
  rejected(brokenResponse((r) => (r.questionnaire = r.questionnaire.replace(/\+\w+$/, '+00000000'))), /questionnaire urn:cramp-check:questionnaire:zh-CN\|0\.2\.0\+00000000 resolves to no Questionnaire/);
  // Strict: no version, no fallback to whichever version is at hand.
  rejected(brokenResponse((r) => (r.questionnaire = r.questionnaire.split('|')[0])), /questionnaire urn:cramp-check:questionnaire:zh-CN resolves to no Questionnaire/);
  rejected(brokenResponse((r) => (r.questionnaire = 'urn:cramp-check:questionnaire|0.1.0')), /resolves to no Questionnaire/);
});

test('linkIds must exist, sit where the Questionnaire has them, in its order, and not repeat unless they may', () => {
  rejected(brokenResponse((r) => (r.item[0].item[0].linkId = 'no_such_question')), /linkId no_such_question is not in the Questionnaire urn:cramp-check:questionnaire:zh-CN\|/);
  rejected(
    brokenResponse((r) => r.item[1].item.push(r.item[0].item.pop())),
    /linkId \w+ is under step\.\w+, but the Questionnaire has it under step\.emergency/,
  );
  rejected(brokenResponse((r) => r.item[0].item.reverse()), /linkId \w+ is out of the Questionnaire's order under step\.emergency/);
  rejected(brokenResponse((r) => r.item[0].item.push(clone(r.item[0].item.at(-1)))), /linkId \w+ appears twice under step\.emergency, but does not repeat/);
});

test('item text must match the Questionnaire', () => {
  rejected(
    brokenResponse((r) => (r.item[0].item[0].text += '!')),
    /text of linkId ces_saddle_numbness does not match the Questionnaire: ".*!" is not ".*"/,
  );
  rejected(brokenResponse((r) => (r.item[0].text = 'Emergency')), /text of linkId step\.emergency does not match/);
});

test('answers must be among the options, of the item type, one unless it repeats', () => {
  rejected(
    brokenResponse((r) => (r.item[0].item[0].answer[0].valueCoding.code = 'moon')),
    /answer urn:cramp-check:code:ces_saddle_numbness\|moon of linkId ces_saddle_numbness is not among its options/,
  );
  rejected(
    brokenResponse((r) => (r.item[0].item[0].answer[0].valueCoding.system = 'urn:cramp-check:code:other')),
    /answer urn:cramp-check:code:other\|\w+ of linkId ces_saddle_numbness is not among its options/,
  );
  rejected(brokenResponse((r) => (r.item[0].item[0].answer[0].valueCoding.display = 'Maybe')), /answer \w+ of linkId ces_saddle_numbness shows "Maybe"/);
  rejected(
    brokenResponse((r) => (r.item[0].item[0].answer = [{ valueString: 'no' }])),
    /answer of linkId ces_saddle_numbness is valueString, but a choice item takes valueCoding/,
  );
  rejected(
    brokenResponse((r) => r.item[0].item[0].answer.push(clone(r.item[0].item[0].answer[0]))),
    /linkId ces_saddle_numbness takes one answer, but has 2/,
  );
  rejected(brokenResponse((r) => (find(r.item, 'diary.entry.woke').answer = [{ valueInteger: 1 }])), /answer of linkId diary\.entry\.woke is valueInteger, but a boolean item takes valueBoolean/);
  rejected(brokenResponse((r) => (find(r.item, 'diary.entry.time').answer[0].valueDateTime = 'last night')), /answer of linkId diary\.entry\.time is not a FHIR dateTime: last night/);
  rejected(brokenResponse((r) => (find(r.item, 'diary.entry.severity').answer[0].valueInteger = 2.5)), /answer of linkId diary\.entry\.severity is not an integer/);
  rejected(
    brokenResponse((r) => (find(r.item, 'diary.entry.activity').answer[0].valueString = 'x'.repeat(201))),
    /answer of linkId diary\.entry\.activity is longer than 200 characters/,
  );
  rejected(brokenResponse((r) => (r.item[0].item[0].answer = [])), /linkId ces_saddle_numbness has no answer/);
});

test('an answer to an item that its enableWhen disables is rejected', () => {
  const zh = byLang('zh-CN');
  const base = response(RICH);
  // A question with enableWhen, in a group the response has, whose conditions
  // are all on answered questions and none holds.
  const codesOf = (id) => (find(base.item, id)?.answer ?? []).map((a) => a.valueCoding?.code ?? a.valueBoolean);
  const [def, group] = [...walk(zh.item)].find(
    ([i, parent]) =>
      parent &&
      find(base.item, parent.linkId) &&
      !find(base.item, i.linkId) &&
      i.answerOption &&
      (i.enableWhen ?? []).length > 0 &&
      i.enableWhen.every((w) => codesOf(w.question).length > 0 && !codesOf(w.question).includes(w.answerCoding?.code ?? w.answerBoolean)),
  );
  const problems = brokenResponse((r) => {
    const g = find(r.item, group.linkId);
    const order = group.item.map((i) => i.linkId);
    g.item.push({ linkId: def.linkId, text: def.text, answer: [{ valueCoding: clone(def.answerOption[0].valueCoding) }] });
    g.item.sort((a, b) => order.indexOf(a.linkId) - order.indexOf(b.linkId));
  });
  assert.deepEqual(
    problems.filter((p) => !/narrative/.test(p)),
    [`response-0: linkId ${def.linkId} is answered, but its enableWhen disables it`],
  );
});

// ---------------------------------------------------------------- narrative

test('a missing, foreign-language, invalid or incomplete narrative is rejected', () => {
  const missing = brokenResponse((r) => delete r.text);
  rejected(missing, /dom-6: A resource should have narrative/);
  rejected(missing, /narrative: no text\.div \(dom-6\)/);
  rejected(brokenResponse((r) => (r.text.status = 'extensions')), /narrative: status is extensions, not generated/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace(/lang="zh-CN" xml:lang="zh-CN"/, 'lang="en" xml:lang="en"'))), /narrative: lang="en" xml:lang="en", not the resource's language zh-CN/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace('<ul>', '<ul><script>alert(1)</script>'))), /not valid narrative XHTML \(txt-1\): <script> is not allowed/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace('<ul>', '<ul onclick="x()">'))), /the attribute onclick is not allowed/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace('<ul>', '<ul>a & b'))), /not valid narrative XHTML \(txt-1\): a bare "&"/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace('</ul>', ''))), /not valid narrative XHTML \(txt-1\): <\w+> is not closed|closes nothing open/);
  rejected(brokenResponse((r) => (r.text.div = r.text.div.replace(' xmlns="http://www.w3.org/1999/xhtml"', ''))), /the root is not <div xmlns=/);
  rejected(brokenResponse((r) => (r.text.div = '<div xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN" xml:lang="zh-CN"> </div>')), /narrative: no text \(txt-2\)/);
  // The narrative must list the answers: one left out is found.
  const r = response(RICH);
  const answer = find(r.item, 'age_band').answer[0].valueCoding.display;
  rejected(brokenResponse((x) => (x.text.div = x.text.div.replace(answer, '…'))), new RegExp(`narrative: does not list 1 item or answer text\\(s\\), e\\.g\\. age_band: "${answer}"`));
  // And a Questionnaire's must list its questions.
  const q = byLang('zh-CN');
  const question = find(q.item, 'age_band').text;
  rejected(brokenQuestionnaire((x) => (x.text.div = x.text.div.replace(question, '…'))), /narrative: does not list 1 item or option text\(s\), e\.g\. age_band:/);
});

test('the narrative reader handles entities and refuses HTML ones', () => {
  const ok = parseXhtml('<div xmlns="http://www.w3.org/1999/xhtml"><p>a &amp; b &lt;c&gt; &#x4e2d;&#25991;</p><br/></div>');
  assert.equal(ok.error, undefined);
  assert.equal(ok.text, 'a & b <c> 中文');
  assert.match(parseXhtml('<div xmlns="http://www.w3.org/1999/xhtml">&nbsp;</div>').error, /&nbsp; is not XML/);
  assert.match(parseXhtml('<div xmlns="http://www.w3.org/1999/xhtml"></div><div></div>').error, /more than one root/);
});

// ---------------------------------------------------------------- the command

test('validate-fhir.mjs exits 1 naming each file and its problem', () => {
  // (That it exits 0 on the real set is `make test-fhir`'s own run of it.)
  const dir = mkdtempSync(join(tmpdir(), 'fhir-checks-'));
  try {
    mkdirSync(join(dir, 'q'));
    for (const lang of ['zh-CN', 'en']) writeFileSync(join(dir, 'q', `${lang}.json`), JSON.stringify(byLang(lang)));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(response(RICH)));
    const text = clone(response(RICH));
    text.item[0].item[0].text = 'changed';
    writeFileSync(join(dir, 'bad-text.json'), JSON.stringify(text));
    const schema = clone(response(RICH));
    schema.status = 'finished';
    writeFileSync(join(dir, 'bad-schema.json'), JSON.stringify(schema));
    const script = join(root, 'scripts/validate-fhir.mjs');
    const out = spawnSync(process.execPath, [script, '--require', 'Questionnaire,QuestionnaireResponse', dir], { encoding: 'utf8' });
    assert.equal(out.status, 1, out.stderr);
    assert.match(out.stdout, /5 FHIR R4 resources validated .* \(3 QuestionnaireResponse, 2 Questionnaire\)/);
    assert.match(out.stdout, /2 responses against their own Questionnaire/);
    assert.match(out.stderr, /validate-fhir: 2 problem\(s\):/);
    assert.match(out.stderr, /bad-text\.json: fails \d check\(s\):\n\s+text of linkId ces_saddle_numbness does not match the Questionnaire/);
    assert.match(out.stderr, /bad-schema\.json: QuestionnaireResponse does not match the FHIR R4 schema/);
    assert.doesNotMatch(out.stderr, /good\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
