// The object-input path's fuzz (issue 19): for generated JSON-like values, object input and text
// input (compact and pretty-printed) give the same issues (code, path, severity), through every
// validator that takes both, in both entries. Values use the job vocabulary for their keys, nest
// past the parser's limit now and then, and sit at the root, as an op, as `args`, as `meta` and as
// a body's `job_definition`. Seeded; the seed and run count are printed.
//   AGREE_RUNS=n AGREE_SEED=s node --test tests/robustness/object-text-agree.test.mjs
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import fc from "fast-check";

const require = createRequire(import.meta.url);
const main = require("nosana-deployments");
const job = require("nosana-deployments/job");

const SEED = Number(process.env.AGREE_SEED ?? 19_2024);
const RUNS = Number(process.env.AGREE_RUNS ?? 2_000);

const WORDS = [
  "version",
  "type",
  "ops",
  "id",
  "args",
  "image",
  "cmd",
  "env",
  "expose",
  "gpu",
  "meta",
  "execution",
  "depends_on",
  "resources",
  "container/run",
  "container",
  "0.1",
  "name",
  "market",
  "replicas",
  "timeout",
  "strategy",
  "job_definition",
];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, 1, 80, 1.5, -1, 2 ** 53, 1e300, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(...WORDS),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.double(),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: scalar },
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(key, tie("tree"), { maxKeys: 5 }),
  ),
}));
/** A chain `depth` levels deep around a value: past the parser's nesting limit at 128. */
const deepChain = fc.tuple(fc.integer({ min: 120, max: 400 }), fc.boolean(), tree).map(([depth, array, inner]) => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = array ? [value] : { args: value };
  return value;
});
const value = fc.oneof({ weight: 5, arbitrary: tree }, deepChain);

const skeleton = (op) => ({ version: "0.1", type: "container", ops: [op] });
const placed = fc.tuple(value, fc.constantFrom("root", "op", "args", "meta", "body")).map(([v, where]) => {
  switch (where) {
    case "root":
      return { where, doc: v, kind: "job" };
    case "op":
      return { where, doc: skeleton(v), kind: "job" };
    case "args":
      return { where, doc: skeleton({ id: "a", type: "container/run", args: v }), kind: "job" };
    case "meta":
      return {
        where,
        doc: { ...skeleton({ id: "a", type: "container/run", args: { image: "x" } }), meta: v },
        kind: "job",
      };
    default:
      return {
        where,
        doc: {
          name: "n",
          market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
          replicas: 1,
          timeout: 60,
          strategy: "SIMPLE",
          job_definition: v,
        },
        kind: "body",
      };
  }
});

const view = (report) => report.issues.map(({ code, path, severity }) => ({ code, path, severity }));

test(`object input and text input give the same issues (seed ${SEED}, ${RUNS} runs)`, { timeout: 5 * 60_000 }, () => {
  const started = performance.now();
  let withIssues = 0;
  let nestingTooDeep = 0;
  fc.assert(
    // A string is always text to the validators, never a value: those documents are left out.
    fc.property(
      placed.filter(({ doc }) => typeof doc !== "string"),
      ({ doc, kind }) => {
        const validators =
          kind === "job" ? [main.validateJobDefinition, job.validateJobDefinition] : [main.validateDeployment];
        for (const validate of validators) {
          for (const warnings of [true, false]) {
            const options = { warnings };
            const fromValue = view(validate(doc, options));
            const compact = JSON.stringify(doc);
            if (compact === undefined) continue; // a bare value with no JSON form: covered by the harness
            assert.deepEqual(view(validate(compact, options)), fromValue, `compact text ${compact.slice(0, 200)}`);
            assert.deepEqual(view(validate(JSON.stringify(doc, null, 2), options)), fromValue, "pretty text");
            if (fromValue.length > 0) withIssues++;
            if (fromValue.some((i) => i.code === "nestingTooDeep")) nestingTooDeep++;
          }
        }
      },
    ),
    { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
  );
  console.log(
    `object/text agreement: ${RUNS} runs in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(${withIssues} comparisons with issues, ${nestingTooDeep} with nestingTooDeep)`,
  );
  assert.ok(nestingTooDeep > 0, "the generator never crossed the nesting limit");
  assert.ok(withIssues > RUNS / 2, "the generator rarely produced issues");
});
