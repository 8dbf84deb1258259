// The checks of scripts/validate-fhir.mjs beyond the FHIR R4 JSON schema, in
// one module so that tests/fhir/fhir-checks.test.mjs can prove each of them
// able to fail on a broken copy:
//
// - invariants(resource): the FHIR R4 (4.0.1) invariants que-0 to que-13,
//   qrs-1, qrs-2 and dom-6, their FHIRPath expressions as the specification
//   writes them, evaluated by fhirpath.js (HL7's FHIRPath engine) with its R4
//   model, on every element they constrain (every item, at every depth);
// - narrative(resource): `text` is generated XHTML (txt-1, txt-2: one
//   well-formed <div> in the XHTML namespace, basic HTML elements only, no
//   scripts or event attributes, some text) in the resource's language, and
//   lists what it must: a Questionnaire's items, a response's answers;
// - questionnaireProblems(q): what a form filler needs: a canonical url and a
//   version, enableWhen pointing at an existing question with a value that
//   question can take;
// - registry(list): no two Questionnaires share url|version, and
//   responseProblems(qr, registry): the response names exactly one
//   Questionnaire (url|version, no fallback) in its own language, and fits it:
//   every linkId there at the same place and in its order, the item texts
//   equal, answers of the item's type, among its options, one unless it
//   repeats, none to an item that its enableWhen disables.
//
// Each function returns a list of messages (empty when all is well).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

// Invariants of FHIR R4 4.0.1 (Questionnaire, QuestionnaireResponse, DomainResource),
// by the element they constrain: [key, human text, FHIRPath expression].
const INVARIANTS = {
  Questionnaire: [
    ['que-0', 'Name should be usable as an identifier for the module by machine processing applications such as code generation', "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')"],
    ['que-2', 'The link ids for groups and questions must be unique within the questionnaire', 'descendants().linkId.isDistinct()'],
    ['dom-6', 'A resource should have narrative for robust management', 'text.`div`.exists()'],
  ],
  'Questionnaire.item': [
    ['que-1', 'Group items must have nested items, display items cannot have nested items', "(type='group' implies item.empty().not()) and (type.trace('type')='display' implies item.trace('item').empty())"],
    ['que-3', 'Display items cannot have a "code" asserted', "type!='display' or code.empty()"],
    ['que-4', 'A question cannot have both answerOption and answerValueSet', 'answerOption.empty() or answerValueSet.empty()'],
    ['que-5', "Only 'choice' and 'open-choice' items can have answerValueSet", "(type ='choice' or type = 'open-choice' or type = 'decimal' or type = 'integer' or type = 'date' or type = 'dateTime' or type = 'time' or type = 'string' or type = 'quantity') or (answerValueSet.empty() and answerOption.empty())"],
    ['que-6', "Required and repeat aren't permitted for display items", "type!='display' or (required.empty() and repeats.empty())"],
    ['que-8', "Initial values can't be specified for groups or display items", "(type!='group' and type!='display') or initial.empty()"],
    ['que-9', 'Read-only can\'t be specified for "display" items', "type!='display' or readOnly.empty()"],
    ['que-10', 'Maximum length can only be declared for simple question types', "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | 'open-choice')) or maxLength.empty()"],
    ['que-11', 'If one or more answerOption is present, initial[x] must be missing', 'answerOption.empty() or initial.empty()'],
    ['que-12', 'If there are more than one enableWhen, enableBehavior must be specified', 'enableWhen.count() > 2 implies enableBehavior.exists()'],
    ['que-13', 'Can only have multiple initial values for repeating items', 'repeats=true or initial.count() <= 1'],
  ],
  // fhirpath.js reads `Boolean` here as System.Boolean, so it would also reject
  // a valid `exists` with answerBoolean; the generator never writes `exists`.
  'Questionnaire.item.enableWhen': [
    ['que-7', "If the operator is 'exists', the value must be a boolean", "operator = 'exists' implies (answer is Boolean)"],
  ],
  QuestionnaireResponse: [['dom-6', 'A resource should have narrative for robust management', 'text.`div`.exists()']],
  'QuestionnaireResponse.item': [
    ['qrs-1', "Nested item can't be beneath both item and answer", '(answer.exists() and item.exists()).not()'],
    ['qrs-2', 'Repeated answers are combined in the answers array of a single item', 'repeat(answer|item).select(item.where(answer.value.exists()).linkId.isDistinct()).allTrue()'],
  ],
};

// trace() in que-1 would print to the console.
const OPTIONS = { traceFn: () => {} };
const COMPILED = Object.fromEntries(
  Object.entries(INVARIANTS).map(([base, list]) => [
    base,
    list.map(([key, human, expression]) => ({ key, human, run: fhirpath.compile({ base, expression }, r4, OPTIONS) })),
  ]),
);

/** Every element an invariant's base names, with a readable path. */
function elements(resource) {
  const out = [[resource.resourceType, resource, resource.resourceType]];
  const walk = (items, path, base) => {
    (items ?? []).forEach((item, i) => {
      const here = `${path}.item[${i}]`;
      out.push([base, item, `${here} (${item.linkId})`]);
      if (base === 'Questionnaire.item') {
        (item.enableWhen ?? []).forEach((w, j) => out.push(['Questionnaire.item.enableWhen', w, `${here}.enableWhen[${j}]`]));
        walk(item.item, here, base);
      } else {
        walk(item.item, here, base);
        (item.answer ?? []).forEach((a, j) => walk(a.item, `${here}.answer[${j}]`, base));
      }
    });
  };
  walk(resource.item, resource.resourceType, `${resource.resourceType}.item`);
  return out;
}

/** The FHIR R4 invariants that fail, as "key: human (path)". */
export function invariants(resource) {
  const problems = [];
  for (const [base, element, where] of elements(resource)) {
    for (const { key, human, run } of COMPILED[base] ?? []) {
      let result;
      try {
        result = run(element);
      } catch (e) {
        result = [`error: ${e.message}`];
      }
      // An invariant holds when it evaluates to true, nothing else.
      if (!(result.length === 1 && result[0] === true)) problems.push(`${key}: ${human} (${where})`);
    }
  }
  return problems;
}

// The elements FHIR narrative may use (HTML 4 basic formatting, tables, lists,
// links and images) and the attributes this project needs.
const ELEMENTS = new Set(
  'a abbr acronym b big blockquote br caption cite code col colgroup dd dfn div dl dt em h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre q samp small span strong sub sup table tbody td tfoot th thead tr tt ul var'.split(' '),
);
const ATTRIBUTES = new Set(['xmlns', 'lang', 'xml:lang', 'class', 'style', 'title', 'id', 'href', 'name', 'src', 'alt', 'colspan', 'rowspan', 'dir']);
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses narrative XHTML: { root, text } or { error }. Text has the tags left out and entities read. */
export function parseXhtml(div) {
  const stack = [];
  let text = '';
  let root = null;
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|[<>&]/g;
  let last = 0;
  let m;
  while ((m = re.exec(div)) !== null) {
    const between = div.slice(last, m.index);
    if (stack.length === 0 && between.trim() !== '') return { error: 'text outside the <div>' };
    text += between;
    last = re.lastIndex;
    if (m[0].length === 1) return { error: `a bare "${m[0]}" (not escaped) at ${m.index}` };
    if (m[5] !== undefined) {
      const e = m[5];
      if (e.startsWith('#')) text += String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      else if (ENTITIES[e]) text += ENTITIES[e];
      else return { error: `the entity &${e}; is not XML` };
      continue;
    }
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) return { error: `</${name}> closes nothing open` };
      continue;
    }
    if (stack.length === 0 && root !== null) return { error: 'more than one root element' };
    if (!ELEMENTS.has(name)) return { error: `<${name}> is not allowed in narrative` };
    const attributes = {};
    for (const a of attrs.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const key = a[1];
      if (!ATTRIBUTES.has(key)) return { error: `the attribute ${key} is not allowed in narrative` };
      attributes[key] = a[2] ?? a[3];
    }
    if (root === null) root = { name, attributes };
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) return { error: `<${stack.at(-1)}> is not closed` };
  if (div.slice(last).trim() !== '') return { error: 'text outside the <div>' };
  if (root === null) return { error: 'no element' };
  return { root, text };
}

/** Every value an answer or option shows as text. */
function shown(v, yesNo) {
  if (v.valueCoding) return v.valueCoding.display ?? v.valueCoding.code;
  if (typeof v.valueBoolean === 'boolean') return yesNo?.[v.valueBoolean ? 0 : 1];
  for (const k of ['valueInteger', 'valueDecimal', 'valueString', 'valueDate', 'valueDateTime', 'valueTime', 'valueUri']) {
    if (v[k] !== undefined) return String(v[k]);
  }
  return undefined;
}

function* allItems(items) {
  for (const item of items ?? []) {
    yield item;
    yield* allItems(item.item);
    for (const a of item.answer ?? []) yield* allItems(a.item);
  }
}

/**
 * The narrative's problems: generated XHTML in the resource's language that
 * lists the Questionnaire's item texts, or the response's item texts and
 * answers. `yesNo`: how a boolean reads ([yes, no]) in the resource's language.
 */
export function narrative(resource, yesNo) {
  const t = resource.text;
  if (!t?.div) return ['narrative: no text.div (dom-6)'];
  const problems = [];
  if (t.status !== 'generated') problems.push(`narrative: status is ${t.status}, not generated`);
  const parsed = parseXhtml(t.div);
  if (parsed.error) return [...problems, `narrative: not valid narrative XHTML (txt-1): ${parsed.error}`];
  const { root, text } = parsed;
  if (root.name !== 'div' || root.attributes.xmlns !== 'http://www.w3.org/1999/xhtml') {
    problems.push('narrative: the root is not <div xmlns="http://www.w3.org/1999/xhtml"> (txt-1)');
  }
  if (text.trim() === '') problems.push('narrative: no text (txt-2)');
  const lang = resource.language;
  if (root.attributes.lang !== lang || root.attributes['xml:lang'] !== lang) {
    problems.push(`narrative: lang="${root.attributes.lang}" xml:lang="${root.attributes['xml:lang']}", not the resource's language ${lang}`);
  }
  const missing = [];
  for (const item of allItems(resource.item)) {
    const wanted = [item.text];
    const values = resource.resourceType === 'Questionnaire' ? item.answerOption : item.answer;
    for (const v of values ?? []) wanted.push(shown(v, yesNo));
    for (const w of wanted) if (w !== undefined && !text.includes(w)) missing.push(`${item.linkId}: "${w}"`);
  }
  if (missing.length > 0) {
    const what = resource.resourceType === 'Questionnaire' ? 'item or option' : 'item or answer';
    problems.push(`narrative: does not list ${missing.length} ${what} text(s), e.g. ${missing.slice(0, 3).join('; ')}`);
  }
  return problems;
}

/** A Questionnaire's items by linkId, each with its parent's linkId (null at the top). */
function index(q) {
  const byId = new Map();
  const walk = (items, parent) => {
    for (const item of items ?? []) {
      if (!byId.has(item.linkId)) byId.set(item.linkId, { item, parent });
      walk(item.item, item.linkId);
    }
  };
  walk(q.item, null);
  return byId;
}

// The answer value[x] each item type takes.
const VALUE_OF_TYPE = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  choice: ['valueCoding'],
  'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'],
  reference: ['valueReference'],
  quantity: ['valueQuantity'],
};
const DATE_TIME = /^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;

function valueKey(v) {
  return Object.keys(v).find((k) => k.startsWith('value'));
}

/** An enableWhen's answer[x] key. */
function answerKey(w) {
  return Object.keys(w).find((k) => k.startsWith('answer'));
}

function sameCoding(a, b) {
  return a.code === b.code && (a.system ?? null) === (b.system ?? null);
}

/** What a Questionnaire needs for responses to be checked against it. */
export function questionnaireProblems(q) {
  const problems = [];
  const c = q.url ?? '';
  if (!c) problems.push('Questionnaire: no url (canonical)');
  if (/[|# ]/.test(c)) problems.push(`Questionnaire: url ${c} holds | or # or a space`);
  if (!q.version) problems.push(`Questionnaire ${c}: no version`);
  const byId = index(q);
  for (const [linkId, { item }] of byId) {
    if (!VALUE_OF_TYPE[item.type] && item.type !== 'group' && item.type !== 'display') {
      problems.push(`Questionnaire ${c}: item ${linkId} has the unknown type ${item.type}`);
    }
    for (const w of item.enableWhen ?? []) {
      const target = byId.get(w.question);
      if (!target) {
        problems.push(`Questionnaire ${c}: enableWhen of ${linkId} refers to ${w.question}, which is not in the Questionnaire`);
        continue;
      }
      const t = target.item;
      if (t.type === 'group' || t.type === 'display') {
        problems.push(`Questionnaire ${c}: enableWhen of ${linkId} refers to ${w.question}, a ${t.type}, not a question`);
        continue;
      }
      if (w.operator === 'exists') continue;
      const key = answerKey(w)?.replace(/^answer/, 'value');
      if (!(VALUE_OF_TYPE[t.type] ?? []).includes(key)) {
        problems.push(`Questionnaire ${c}: enableWhen of ${linkId} compares ${w.question} (${t.type}) with ${answerKey(w)}`);
      } else if (key === 'valueCoding' && t.answerOption && !t.answerOption.some((o) => o.valueCoding && sameCoding(o.valueCoding, w.answerCoding))) {
        problems.push(`Questionnaire ${c}: enableWhen of ${linkId} waits for ${w.answerCoding.system}|${w.answerCoding.code}, which is not among the options of ${w.question}`);
      }
    }
  }
  return problems;
}

/** The Questionnaires by `url|version`; problems when one canonical names two. */
export function registry(list) {
  const byCanonical = new Map();
  const problems = [];
  for (const { q, name } of list) {
    const c = `${q.url}|${q.version}`;
    if (byCanonical.has(c)) problems.push(`two Questionnaires have the canonical ${c}: ${byCanonical.get(c).name} and ${name}`);
    else byCanonical.set(c, { q, name });
  }
  return { byCanonical, problems };
}

/** Is the item `def` enabled, given the response's answers (`answersOf(linkId)`)? */
function enabled(def, answersOf) {
  const list = def.enableWhen ?? [];
  if (list.length === 0) return true;
  const results = list.map((w) => {
    const answers = answersOf(w.question);
    if (w.operator === 'exists') return (answers.length > 0) === w.answerBoolean;
    const key = answerKey(w);
    if (!key) return false;
    const wanted = w[key];
    const values = answers.map((a) => a[key.replace(/^answer/, 'value')]).filter((v) => v !== undefined);
    const cmp = (v) => {
      if (key === 'answerCoding') return sameCoding(v, wanted) ? 0 : NaN;
      return v === wanted ? 0 : v < wanted ? -1 : v > wanted ? 1 : NaN;
    };
    switch (w.operator) {
      case '=':
        return values.some((v) => cmp(v) === 0);
      case '!=':
        return values.length > 0 && values.every((v) => cmp(v) !== 0);
      case '>':
        return values.some((v) => cmp(v) > 0);
      case '<':
        return values.some((v) => cmp(v) < 0);
      case '>=':
        return values.some((v) => cmp(v) >= 0);
      case '<=':
        return values.some((v) => cmp(v) <= 0);
      default:
        return false;
    }
  });
  return def.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

/**
 * A response against the Questionnaire it names (`reg` from registry()):
 * strict canonical resolution, then every item and answer.
 */
export function responseProblems(qr, reg) {
  const c = qr.questionnaire;
  if (!c) return ['QuestionnaireResponse: no questionnaire (canonical)'];
  const found = reg.byCanonical.get(c);
  if (!found) {
    const known = [...reg.byCanonical.keys()].join(', ');
    return [`questionnaire ${c} resolves to no Questionnaire (known: ${known})`];
  }
  const q = found.q;
  const problems = [];
  if (qr.language !== q.language) problems.push(`language ${qr.language}, but its Questionnaire ${c} is in ${q.language}`);

  // Answers by linkId, across the whole response (the enableWhen context here:
  // the Questionnaire's enableWhen only points at non-repeating questions).
  const answers = new Map();
  for (const item of allItems(qr.item)) {
    if (item.answer) answers.set(item.linkId, [...(answers.get(item.linkId) ?? []), ...item.answer]);
  }
  const answersOf = (linkId) => answers.get(linkId) ?? [];
  const byId = index(q);

  const walk = (items, defs, where) => {
    let lastIndex = -1;
    const seen = new Set();
    for (const item of items ?? []) {
      const id = item.linkId;
      const at = defs.findIndex((d) => d.linkId === id);
      if (at < 0) {
        const elsewhere = byId.get(id);
        problems.push(
          elsewhere
            ? `linkId ${id} is under ${where}, but the Questionnaire has it under ${elsewhere.parent ?? 'the top'}`
            : `linkId ${id} is not in the Questionnaire ${c}`,
        );
        continue;
      }
      const def = defs[at];
      if (at < lastIndex) problems.push(`linkId ${id} is out of the Questionnaire's order under ${where}`);
      lastIndex = at;
      if (seen.has(id) && !(def.type === 'group' && def.repeats)) problems.push(`linkId ${id} appears twice under ${where}, but does not repeat`);
      seen.add(id);
      if (item.text !== undefined && item.text !== def.text) {
        problems.push(`text of linkId ${id} does not match the Questionnaire: "${item.text}" is not "${def.text}"`);
      }
      if (!enabled(def, answersOf)) problems.push(`linkId ${id} is answered, but its enableWhen disables it`);
      if (def.type === 'group') {
        if (item.answer) problems.push(`group ${id} has answers`);
        if (!item.item?.length) problems.push(`group ${id} holds no item`);
        walk(item.item, def.item ?? [], id);
        continue;
      }
      if (def.type === 'display') {
        problems.push(`display item ${id} is in the response`);
        continue;
      }
      const list = item.answer ?? [];
      if (list.length === 0 && !item.item?.length) problems.push(`linkId ${id} has no answer`);
      if (list.length > 1 && !def.repeats) problems.push(`linkId ${id} takes one answer, but has ${list.length}`);
      for (const a of list) {
        const key = valueKey(a);
        const allowed = VALUE_OF_TYPE[def.type] ?? [];
        if (!allowed.includes(key)) {
          problems.push(`answer of linkId ${id} is ${key}, but a ${def.type} item takes ${allowed.join(' or ')}`);
          continue;
        }
        const v = a[key];
        if (key === 'valueCoding') {
          const option = (def.answerOption ?? []).find((o) => o.valueCoding && sameCoding(o.valueCoding, v));
          if (!option) problems.push(`answer ${v.system}|${v.code} of linkId ${id} is not among its options`);
          else if (v.display !== undefined && v.display !== option.valueCoding.display) {
            problems.push(`answer ${v.code} of linkId ${id} shows "${v.display}", its option "${option.valueCoding.display}"`);
          }
        } else if (key === 'valueBoolean' && typeof v !== 'boolean') {
          problems.push(`answer of linkId ${id} is not a boolean`);
        } else if (key === 'valueInteger' && !Number.isInteger(v)) {
          problems.push(`answer of linkId ${id} is not an integer`);
        } else if (key === 'valueDateTime' && !(typeof v === 'string' && DATE_TIME.test(v))) {
          problems.push(`answer of linkId ${id} is not a FHIR dateTime: ${v}`);
        } else if (key === 'valueString') {
          if (typeof v !== 'string' || v.trim() === '') problems.push(`answer of linkId ${id} is not a text`);
          else if (def.maxLength !== undefined && [...v].length > def.maxLength) problems.push(`answer of linkId ${id} is longer than ${def.maxLength} characters`);
        }
        if (a.item) walk(a.item, def.item ?? [], id);
      }
      if (item.item && !item.answer) walk(item.item, def.item ?? [], id);
    }
    for (const def of defs) {
      if (def.required && enabled(def, answersOf) && !seen.has(def.linkId)) problems.push(`required item ${def.linkId} is not answered under ${where}`);
    }
  };
  walk(qr.item, q.item ?? [], 'the top');
  return problems;
}

/** How yes and no read in `q`'s language: the options of a yes/no/not-sure item, else English. */
export function yesNoOf(q) {
  for (const item of allItems(q.item)) {
    const codes = (item.answerOption ?? []).map((o) => o.valueCoding?.code);
    if (codes.includes('yes') && codes.includes('no')) {
      const d = (code) => item.answerOption.find((o) => o.valueCoding.code === code).valueCoding.display;
      return [d('yes'), d('no')];
    }
  }
  return ['Yes', 'No'];
}

/**
 * Every check beyond the schema on a set of resources ({ name, resource }),
 * as scripts/validate-fhir.mjs runs them: { problems: [{ name, found }],
 * canonicals, responses }.
 */
export function checkAll(resources) {
  const questionnaires = resources.filter((r) => r.resource.resourceType === 'Questionnaire');
  const reg = registry(questionnaires.map(({ name, resource }) => ({ name, q: resource })));
  const problems = reg.problems.map((p) => ({ name: '(the Questionnaires)', found: [p] }));
  let responses = 0;
  for (const { name, resource } of resources) {
    const found = invariants(resource);
    if (resource.resourceType === 'Questionnaire') {
      found.push(...questionnaireProblems(resource));
      found.push(...narrative(resource, yesNoOf(resource)));
    } else if (resource.resourceType === 'QuestionnaireResponse') {
      const q = reg.byCanonical.get(resource.questionnaire)?.q;
      found.push(...responseProblems(resource, reg));
      found.push(...narrative(resource, q && yesNoOf(q)));
      responses += 1;
    } else {
      found.push(...narrative(resource));
    }
    if (found.length > 0) problems.push({ name, found });
  }
  return { problems, canonicals: [...reg.byCanonical.keys()], responses };
}
