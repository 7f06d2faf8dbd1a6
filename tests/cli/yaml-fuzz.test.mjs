// Property tests (fast-check, fixed seeds) of the CLI's YAML → JSON front end (cli/yaml.mjs and
// lintText in cli/lint.mjs):
//   1. generated YAML texts — valid and broken, anchors and aliases (also undefined and nested
//      ones), tags, several documents, directives, LF/CRLF/CR line ends, random edits — never make
//      it throw anything but a FileProblem, and what comes back is bounded: the JSON form within
//      the size limit, at most 1,001 issues, short messages, ranges inside the text whose lines
//      and columns agree with the CLI's line index;
//   2. YAML that is plain JSON-compatible (the JSON text itself, with any line ends, and the
//      yaml package's block rendering of the same value) gives the same issues as the JSON text.
// Run counts: NUM_RUNS below (recorded in docs/robustness.md, "The CLI's input").
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { MAX_MESSAGE } from "../../cli/echo.mjs";
import { lintText } from "../../cli/lint.mjs";
import { LineIndex } from "../../cli/source.mjs";
import { FileProblem } from "../../cli/text.mjs";
import { parseYaml } from "../../cli/yaml.mjs";
import { lib } from "./helpers.mjs";

const SEED = 20261207;
const NUM_RUNS = { robust: 2000, agree: 1000 };
/** A small limit, so that generated aliases can reach it. */
const MAX_BYTES = 64 * 1024;

// --- generated YAML texts -------------------------------------------------------------------

const KEYS = [
  "version",
  "type",
  "ops",
  "id",
  "args",
  "image",
  "cmd",
  "meta",
  "global",
  "env",
  "gpu",
  "expose",
  "execution",
  "group",
  "depends_on",
  "job_definition",
  "x",
  "a b",
  "é",
  "",
];
const WORDS = [
  "0.1",
  "0.2",
  "container",
  "container/run",
  "ubuntu:22.04",
  "UPPER",
  "8080",
  "true",
  "null",
  "~",
  "-",
  "?",
  ":",
  "#",
  "x: y",
  "a\tb",
];

const scalar = fc.oneof(
  fc.constantFrom(...WORDS, "1", "-0", "1e400", ".inf", "-.nan", "0x1F", "0o17", "true", "False", "NULL", "''", '""'),
  fc.constantFrom(...WORDS).map((w) => JSON.stringify(w)), // double-quoted, with escapes
  fc.constantFrom(...WORDS).map((w) => `'${w.replace(/'/g, "''")}'`),
  fc
    .tuple(
      fc.constantFrom(
        "!!str",
        "!!int",
        "!!float",
        "!!bool",
        "!!null",
        "!!binary",
        "!custom",
        "!<tag:x>",
        "!!set",
        "!!omap",
      ),
      fc.constantFrom(...WORDS, "aGk=", "3"),
    )
    .map(([tag, w]) => `${tag} ${w}`),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const anchorName = fc.constantFrom("a", "b", "c", "d");
/** Anchors and aliases around nodes: defined, undefined, repeated, inside their own anchor. */
const withAnchor = (node) =>
  fc.tuple(fc.option(anchorName, { freq: 3 }), node).map(([name, text]) => (name ? `&${name} ${text}` : text));
const alias = anchorName.map((name) => `*${name}`);

/** A node as lines at an indentation: block maps and sequences, flow collections, scalars, aliases. */
const node = fc.letrec((tie) => ({
  flow: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    scalar,
    alias,
    fc.array(tie("flow"), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie("flow")), { maxLength: 4 })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
  ),
  block: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    withAnchor(tie("flow")).map((text) => [text]),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie("block")), { minLength: 1, maxLength: 5 })
      .chain((pairs) =>
        fc
          .option(anchorName, { freq: 4 })
          .map((name) => [
            ...(name ? [`&${name}`] : []),
            ...pairs.flatMap(([k, lines]) =>
              lines.length === 1
                ? [`${JSON.stringify(k)}: ${lines[0]}`]
                : [`${JSON.stringify(k)}:`, ...lines.map((l) => `  ${l}`)],
            ),
          ]),
      ),
    fc
      .array(tie("block"), { minLength: 1, maxLength: 5 })
      .map((items) => items.flatMap((lines) => [`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`)])),
  ),
})).block;

const EOLS = ["\n", "\r\n", "\r"];
/** One or more documents, with markers and directives, joined by any line ends, maybe edited at random. */
const yamlText = fc
  .tuple(
    fc.array(
      fc.tuple(fc.constantFrom("", "---", "--- ", "%YAML 1.2\n---", "# comment"), node, fc.constantFrom("", "...")),
      { minLength: 1, maxLength: 3 },
    ),
    fc.array(fc.constantFrom(...EOLS), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  )
  .map(([docs, eols, edits]) => {
    const lines = docs.flatMap(([start, body, end]) => [...(start ? [start] : []), ...body, ...(end ? [end] : [])]);
    let text = lines.map((line, i) => line + eols[i % eols.length]).join("");
    // Broken YAML: a few characters deleted or replaced somewhere.
    for (const [at, remove, insert] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    return text;
  });

/** Nested aliases: each level repeats the one before, so the JSON form grows geometrically. */
const aliasLadder = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 2, max: 12 }),
    fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom(...EOLS),
  )
  .map(([levels, width, leaf, eol]) => {
    const lines = [`l0: &l0 "${"x".repeat(leaf)}"`];
    for (let i = 1; i <= levels; i++)
      lines.push(
        `l${i}: &l${i} [${Array(width)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    return lines.join(eol) + eol;
  });

/** A collection that holds an alias of itself, somewhere inside. */
const selfReference = fc
  .tuple(anchorName, node, fc.constantFrom("[%, *@]", "{k: [x, *@], v: %}", "[{a: [*@]}]"))
  .map(
    ([name, lines, shape]) =>
      `root: &${name} ${shape.replace("%", JSON.stringify(lines.join(" "))).replace("@", name)}\n`,
  );

// --- property 1: never an uncaught error, always bounded ----------------------------------------

/** What the generated texts turned out to be, so that a vacuous run (all valid, say) fails. */
const seen = { syntaxError: 0, aliasRefused: 0, cycle: 0, tooLarge: 0, validated: 0, fileProblem: 0 };

async function checkBounded(text) {
  let result;
  try {
    result = await lintText(text, { name: "fuzz.yaml", kind: "auto", lib, maxBytes: MAX_BYTES });
  } catch (err) {
    if (!(err instanceof FileProblem)) throw err;
    seen.fileProblem++; // the validator could not check it: a per-file message
    return;
  }
  const parsed = parseYaml(text, { maxBytes: MAX_BYTES });
  if (parsed.issues) {
    const [first] = parsed.issues;
    if (first.code === "documentTooLarge") seen.tooLarge++;
    else if (/Excessive alias count/.test(first.message)) seen.aliasRefused++;
    else if (/contains it/.test(first.message)) seen.cycle++;
    else seen.syntaxError++;
  } else {
    seen.validated++;
    assert.ok(parsed.json.length <= MAX_BYTES, `a JSON form of ${parsed.json.length}`);
  }
  assert.ok(result.issues.length <= 1001, `${result.issues.length} issues`);
  const index = new LineIndex(text);
  for (const issue of result.issues) {
    assert.equal(typeof issue.code, "string");
    assert.ok(issue.message.length > 0 && issue.message.length <= MAX_MESSAGE, issue.message.slice(0, 200));
    if (!issue.range) continue;
    const { start, end } = issue.range;
    assert.ok(
      0 <= start.offset && start.offset <= end.offset && end.offset <= text.length,
      JSON.stringify(issue.range),
    );
    assert.deepEqual(index.position(start.offset), start);
    assert.deepEqual(index.position(end.offset), end);
  }
}

test(`YAML front end: ${NUM_RUNS.robust} generated texts never throw and stay bounded`, async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(yamlText, aliasLadder, selfReference, fc.string({ maxLength: 200 })), checkBounded),
    {
      seed: SEED,
      numRuns: NUM_RUNS.robust,
    },
  );
  t.diagnostic(JSON.stringify(seen));
  for (const kind of ["syntaxError", "aliasRefused", "cycle", "tooLarge", "validated"])
    assert.ok(seen[kind] > 0, `no generated text was of the kind ${kind}: ${JSON.stringify(seen)}`);
});

// --- property 2: JSON-compatible YAML gives the JSON text's issues -----------------------------

/** Job-shaped values with vocabulary keys and JSON leaves, so that the validator has things to say. */
const jsonLeaf = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    jsonLeaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie("value"), { maxKeys: 5 }),
  ),
})).value;
const op = fc.record(
  {
    id: fc.constantFrom("run", "a.b", "", "x"),
    type: fc.constantFrom("container/run", "container/create-volume", "nope"),
    args: fc.dictionary(fc.constantFrom("image", "cmd", "expose", "gpu", "env", "imgae"), jsonish, { maxKeys: 4 }),
  },
  { requiredKeys: [] },
);
const jobValue = fc.oneof(
  fc.record(
    {
      version: fc.constantFrom("0.1", "0.2", 1),
      type: fc.constantFrom("container", "other"),
      ops: fc.array(op, { maxLength: 3 }),
      meta: jsonish,
      extra: jsonish,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { name: fc.string({ maxLength: 5 }), job_definition: jsonish, replicas: jsonLeaf },
    { requiredKeys: ["job_definition"] },
  ),
  jsonish,
);

const comparable = (issues) => issues.map((i) => [i.code, i.severity, i.pointer, i.message]);

test(`YAML front end: ${NUM_RUNS.agree} JSON-compatible YAML texts give the JSON text's issues`, async (t) => {
  let withIssues = 0;
  await fc.assert(
    fc.asyncProperty(jobValue, fc.constantFrom(...EOLS), fc.constantFrom(0, 2, "\t"), async (value, eol, indent) => {
      const json = JSON.stringify(value, null, indent).replace(/\n/g, eol);
      const expected = comparable((await lintText(json, { name: "job.json", kind: "auto", lib })).issues);
      if (expected.length > 0) withIssues++;
      // JSON is YAML: the same text, read by the YAML front end.
      const asYaml = (await lintText(json, { name: "job.yaml", kind: "auto", lib })).issues;
      assert.deepEqual(comparable(asYaml), expected, "the JSON text as YAML");
      // The same value in YAML's block style, with the same line ends.
      const block = stringify(value).replace(/\n/g, eol);
      const asBlock = (await lintText(block, { name: "job.yaml", kind: "auto", lib })).issues;
      assert.deepEqual(comparable(asBlock), expected, `block YAML:\n${block}`);
    }),
    { seed: SEED, numRuns: NUM_RUNS.agree },
  );
  t.diagnostic(`${withIssues} of ${NUM_RUNS.agree} values had issues`);
  // Counted over every run, shrinking included: most values must give the validator something to say.
  assert.ok(withIssues >= NUM_RUNS.agree / 2, `${withIssues} values with issues`);
});
