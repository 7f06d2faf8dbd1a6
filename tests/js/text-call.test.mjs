// `validateJobDefinition(text, options)` and `validateDeployment(text, options)` with a string and
// `undefined`, `null` or a plain `{ warnings }` take one JS call that reads the options and copies
// the text into a buffer reused from call to call (src/wasm/convert.rs, `validate_text_call`).
// Every other call takes the general path. These tests hold the two paths to the same answers:
// an options object of a class of its own sends the same text down the general path (its JSON form
// is the same `{ warnings }`), so each pair below must give identical reports.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { corpusFiles } from "./corpus.mjs";

const require = createRequire(import.meta.url);

const ENTRIES = { whole: require("nosana-deployments"), job: require("nosana-deployments/job") };

/** Options whose JSON form is `{ warnings }` but which the one-call reader leaves to the general path. */
class GeneralPathOptions {
  constructor(warnings) {
    this.warnings = warnings;
  }
}

const SECRET = JSON.stringify({
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", env: { API_KEY: "sk-1234567890abcdef1234" } } }],
});

/** A valid document padded with `text` repeated in an env value: long, and non-ASCII when `text` is. */
function padded(text, times) {
  const doc = JSON.parse(SECRET);
  doc.ops[0].args.env = { NOTE: text.repeat(times) };
  doc.ops[0].args.cmd = [`echo ${text}`, 42];
  return JSON.stringify(doc, null, 2);
}

function bothPaths(validate, text, warnings) {
  const fast = validate(text, warnings === undefined ? undefined : { warnings });
  const general = validate(text, new GeneralPathOptions(warnings));
  assert.deepEqual(
    fast,
    general,
    `the two paths disagree (warnings: ${warnings}) on ${JSON.stringify(text.slice(0, 80))}`,
  );
  return fast;
}

for (const [entry, lib] of Object.entries(ENTRIES)) {
  test(`${entry}: texts of every size and script get the same report on both paths`, () => {
    const texts = [
      SECRET,
      "",
      "{",
      "[]",
      padded("é", 10),
      padded("日本語", 1000),
      padded("🚀\ud800", 5000), // a lone surrogate: encodeInto writes U+FFFD
      padded("x", 300_000), // grows wasm memory: a cached view of the old buffer is detached
      SECRET,
      padded("€", 100_000),
      SECRET.slice(0, -3),
    ];
    let issues = 0;
    for (const text of texts) {
      for (const warnings of [undefined, true, false]) {
        issues += bothPaths(lib.validateJobDefinition, text, warnings).issues.length;
      }
    }
    assert.ok(issues > texts.length, `only ${issues} issues: the comparison would be of empty reports`);
  });

  test(`${entry}: every corpus file gets the same report on both paths`, () => {
    let invalid = 0;
    for (const file of corpusFiles()) {
      const text = readFileSync(file, "utf8");
      for (const warnings of [undefined, false]) {
        if (!bothPaths(lib.validateJobDefinition, text, warnings).success) invalid++;
      }
    }
    // Valid and invalid documents both went down the two paths.
    assert.ok(invalid > 0, "no corpus document was invalid: the comparison covered valid reports only");
  });

  test(`${entry}: options are read as JSON.stringify sees them`, () => {
    const withWarnings = lib.validateJobDefinition(SECRET);
    const without = lib.validateJobDefinition(SECRET, { warnings: false });
    assert.deepEqual(
      withWarnings.issues.map((i) => i.code),
      ["plainTextSecret"],
    );
    assert.deepEqual(without, { success: true, issues: [] });
    const cases = [
      [null, withWarnings],
      [{}, withWarnings],
      [{ warnings: undefined }, withWarnings],
      [Object.assign(Object.create(null), { warnings: false }), without],
      [Object.defineProperty({}, "warnings", { value: false, enumerable: false }), withWarnings], // not in its JSON
      [Object.create({ warnings: false }), withWarnings], // inherited: not in its JSON
      [
        {
          get warnings() {
            return false;
          },
        },
        without,
      ],
      [new Proxy({ warnings: false }, {}), without],
    ];
    for (const [options, expected] of cases) {
      assert.deepEqual(lib.validateJobDefinition(SECRET, options), expected, `options ${JSON.stringify(options)}`);
    }
    // An enumerable key on Object.prototype is seen by for-in but not by JSON.stringify.
    Object.prototype.warnings = false; // eslint-disable-line no-extend-native
    try {
      assert.deepEqual(lib.validateJobDefinition(SECRET, {}), withWarnings);
      assert.deepEqual(lib.validateJobDefinition(SECRET, { warnings: false }), without);
    } finally {
      delete Object.prototype.warnings;
    }
    assert.throws(() => lib.validateJobDefinition(SECRET, { warnings: false, extra: 1 }), /unknown field `extra`/);
    // A getter that validates another text while the call reads its options: each call keeps its
    // own text (the buffer is taken out while in use, so the inner call gets another one).
    const big = padded("ü", 50_000);
    let inner;
    const reentrant = {
      get warnings() {
        inner = lib.validateJobDefinition(big, { warnings: false });
        return false;
      },
    };
    assert.deepEqual(lib.validateJobDefinition(SECRET, reentrant), without);
    assert.deepEqual(inner, lib.validateJobDefinition(big, new GeneralPathOptions(false)));
    // The options are read once, also when the text does not fit the buffer and is copied again:
    // a 2 MB text (the buffer is not kept past 1 MiB), and one whose UTF-8 outgrows its length.
    for (const text of [padded("y", 2_000_000), padded("ж", 400_000)]) {
      let reads = 0;
      const counting = {
        get warnings() {
          reads++;
          return false;
        },
      };
      assert.deepEqual(
        lib.validateJobDefinition(text, counting),
        lib.validateJobDefinition(text, new GeneralPathOptions(false)),
      );
      assert.equal(reads, 1, "the options getter ran more than once");
    }
  });
}

test("validateDeployment takes the same one-call path and agrees with the general one", () => {
  const { validateDeployment } = ENTRIES.whole;
  const body = {
    name: "née 🚀",
    market: "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq",
    timeout: 60,
    replicas: 1,
    strategy: "SIMPLE",
    job_definition: JSON.parse(SECRET),
  };
  for (const text of [JSON.stringify(body), JSON.stringify({ ...body, replicas: 0 }), "{"]) {
    for (const warnings of [undefined, false]) bothPaths(validateDeployment, text, warnings);
  }
});
