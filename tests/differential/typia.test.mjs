// Differential test: our validator against the one Nosana users run today, @nosana/types@2.1.6
// (typia), over the corpus and over documents mutated from it. Any document on which the two
// verdicts differ must be explained by a deliberate difference documented in docs/differences.md;
// anything else fails the test, with the document and both reports.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import { validateJobDefinition as typia } from "@nosana/types";
import { validateJobDefinition } from "nosana-deployments";
import { corpusFiles } from "../js/corpus.mjs";

const MUTANTS_PER_DOCUMENT = 40;

// Accepted by us, rejected by 2.1.6, because the newer spec allows it (docs/differences.md).
const NEWER_SPEC_PATHS = [/^\$input\.ssh\b/, /\.execution\.timeout$/, /\.execution(\.stop_if_dependent_stops)?$/];
// Rejected by us, accepted by 2.1.6: the semantic errors (the node or the service would fail).
const STRICTER_CODES = new Set([
  "argsDoNotMatchOpType",
  "dependsOnUnknownOp",
  "dependsOnSelf",
  "dependsOnOtherGroup",
  "dependencyCycle",
  "unknownVolume",
  "literalUnknownOp",
  "literalOpIdHasDot",
  "literalUnknownResult",
  "literalPortNotExposed",
  "literalUnknownVariable",
  "invalidLiteralPath",
  "portOutOfRange",
  "invalidImageReference",
]);

function corpus() {
  return corpusFiles()
    .filter((f) => !f.endsWith("benchmarks.json")) // benchmarks.json are not job definitions
    .map((f) => ({ name: basename(f), doc: JSON.parse(readFileSync(f, "utf8")) }));
}

// A small deterministic PRNG, so a failure names a reproducible mutant.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nodes(value, path = []) {
  const out = [[path, value]];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...nodes(v, [...path, i]));
    });
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...nodes(v, [...path, k]));
  return out;
}

const REPLACEMENTS = [
  null,
  0,
  -1,
  70000,
  80.5,
  "",
  "x",
  "%%ops.nope.host%%",
  "%%global.variables.X%%",
  true,
  [],
  {},
  ["a"],
  { __spread__: "%%ops.a.results.b%%" },
];
const KEYS = ["extra", "image", "name", "depends_on", "continuous", "__spread__", "ssh", "timeout", "group"];

/** One random edit: replace a value, delete a member, add a member, or duplicate an array element. */
function mutate(doc, random) {
  const copy = structuredClone(doc);
  const all = nodes(copy);
  const [path] = all[Math.floor(random() * all.length)];
  const parent = path.slice(0, -1).reduce((v, k) => v[k], copy);
  const last = path[path.length - 1];
  const pick = (list) => list[Math.floor(random() * list.length)];
  const kind = Math.floor(random() * 4);
  if (path.length === 0) return { doc: copy, edit: "none" };
  if (kind === 0) {
    parent[last] = structuredClone(pick(REPLACEMENTS));
    return { doc: copy, edit: `set ${path.join(".")}` };
  }
  if (kind === 1 && !Array.isArray(parent)) {
    delete parent[last];
    return { doc: copy, edit: `delete ${path.join(".")}` };
  }
  const target = path.reduce((v, k) => v[k], copy);
  if (kind === 2 && target && typeof target === "object" && !Array.isArray(target)) {
    target[pick(KEYS)] = structuredClone(pick(REPLACEMENTS));
    return { doc: copy, edit: `add key under ${path.join(".")}` };
  }
  if (Array.isArray(target) && target.length > 0) {
    target.push(structuredClone(target[0]));
    return { doc: copy, edit: `duplicate ${path.join(".")}[0]` };
  }
  parent[last] = structuredClone(pick(REPLACEMENTS));
  return { doc: copy, edit: `set ${path.join(".")}` };
}

const typiaCrashes = [];

/** typia's result; when its generated code throws (it does, e.g. on `null` inside `expose`), that
 * is a rejection the user sees as an exception. */
function runTypia(doc, label) {
  try {
    return typia(doc);
  } catch (err) {
    typiaCrashes.push(`${label}: ${err.message}`);
    return { success: false, errors: [{ path: "(threw)", expected: err.message }] };
  }
}

/** Counts of the verdicts of one test's comparisons, so each test shows what it compared. */
const newTally = () => ({ bothValid: 0, bothInvalid: 0, differ: 0 });

/** null when the verdicts agree or the difference is a documented one; otherwise why not. */
function unexplained(doc, label, tally) {
  const theirs = runTypia(doc, label);
  const ours = validateJobDefinition(doc, { warnings: false });
  if (theirs.success === ours.success) tally[ours.success ? "bothValid" : "bothInvalid"]++;
  else tally.differ++;
  if (theirs.success === ours.success) return null;
  if (ours.success) {
    const paths = theirs.errors.map((e) => e.path);
    if (paths.every((p) => NEWER_SPEC_PATHS.some((re) => re.test(p)))) return null;
    return { ours: "valid", theirs: theirs.errors.map((e) => `${e.path}: ${e.expected}`) };
  }
  const codes = ours.issues.map((i) => i.code);
  if (codes.every((c) => STRICTER_CODES.has(c))) return null;
  return { ours: ours.issues.map((i) => `${i.code} ${i.pointer}: ${i.message}`), theirs: "valid" };
}

const documents = corpus();

test("every corpus job definition gets the same verdict, or a documented difference", () => {
  assert.ok(documents.length > 100, `only ${documents.length} corpus documents`);
  const tally = newTally();
  const failures = documents
    .map(({ name, doc }) => ({ name, why: unexplained(doc, name, tally) }))
    .filter((f) => f.why);
  assert.deepEqual(failures, []);
  // The corpus holds documents both validators reject: the comparison is not only of valid ones.
  assert.ok(tally.bothValid > 0 && tally.bothInvalid > 0, JSON.stringify(tally));
});

test(`${MUTANTS_PER_DOCUMENT} mutants of each corpus document get the same verdict, or a documented difference`, () => {
  const failures = [];
  const tally = newTally();
  documents.forEach(({ name, doc }, i) => {
    const random = rng(1000 + i);
    for (let m = 0; m < MUTANTS_PER_DOCUMENT; m++) {
      const mutant = mutate(doc, random);
      const why = unexplained(mutant.doc, `${name} mutant ${m} (${mutant.edit})`, tally);
      if (why) failures.push({ name, mutant: m, edit: mutant.edit, why });
    }
  });
  const compared = tally.bothValid + tally.bothInvalid + tally.differ;
  console.log(`verdicts over ${compared} mutants: ${JSON.stringify(tally)}`);
  // The mutants (not the corpus documents of the test above) must exercise both verdicts, or this
  // test would compare nothing.
  assert.ok(tally.bothValid > 100 && tally.bothInvalid > 100, JSON.stringify(tally));
  if (typiaCrashes.length > 0) {
    console.log(`@nosana/types threw instead of reporting on ${typiaCrashes.length} mutants, e.g. ${typiaCrashes[0]}`);
  }
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} unexplained disagreements out of ${compared}`);
});
