// Object input (src/wasm/convert.rs): a value is read as its `JSON.stringify` text would be. These
// cases were written for a JS walker that was measured and not adopted (docs/benchmarks.md, "Object
// crossing"); they hold for any crossing: same issues as the value's
// JSON text, in both entries. The random agreement fuzz is object-text-agree.test.mjs.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const main = require("nosana-deployments");
const job = require("nosana-deployments/job");

const view = (report) => report.issues.map(({ code, path, severity, message }) => ({ code, path, severity, message }));
const op = (args) => ({ version: "0.1", type: "container", ops: [{ id: "a", type: "container/run", args }] });

function assertAsItsJson(value, what) {
  const text = JSON.stringify(value);
  for (const validate of [main.validateJobDefinition, job.validateJobDefinition]) {
    for (const warnings of [true, false]) {
      assert.deepEqual(
        view(validate(value, { warnings })),
        view(validate(text, { warnings })),
        `${what}: ${text.slice(0, 120)}`,
      );
    }
  }
}

class Image {
  constructor(name) {
    this.image = name;
  }
}

test("plain values, class instances, wrappers and dropped members give their JSON's issues", () => {
  const cases = {
    plain: op({ image: "ubuntu", cmd: ["echo", "%%global.variables.X%%"] }),
    "wrong types": op({ image: 42, cmd: { x: 1 }, gpu: "yes" }),
    "dropped members and null elements": op({
      image: "x",
      cmd: ["a", undefined, () => 1, Symbol("s")],
      env: undefined,
      f() {},
    }),
    "-0, NaN and Infinity": op({ image: "x", expose: -0, gpu: Number.NaN, entrypoint: [Number.POSITIVE_INFINITY] }),
    "non-ASCII and astral strings": op({ image: "ü€𝄞😀", cmd: ["é", "日本"], κλειδί: "x" }),
    "lone surrogates at string ends": op({ image: "a\ud800", cmd: ["\udc00b", "c\ud800", "\udc00"], x: "\ud83d" }),
    "a Date (toJSON)": op({ image: "x", env: { WHEN: new Date(0) } }),
    "an own toJSON": op({ image: "x", env: { toJSON: () => ({ A: "b" }) } }),
    "a class instance": op(new Image("ubuntu")),
    "wrapper objects": op({ image: new String("x"), gpu: new Boolean(false), expose: new Number(8080) }),
    "a null-prototype object": op(Object.assign(Object.create(null), { image: "x", cmd: "ls" })),
    // Holes read as `undefined`: written as null, as JSON writes them.
    "sparse arrays": op({ image: "x", cmd: new Array(4).fill("a", 1, 2) }),
    "a Proxy": op(new Proxy({ image: "x", cmd: ["ls"] }, {})),
    "an array Proxy": op({ image: "x", cmd: new Proxy(["ls", "-l"], {}) }),
    "a long string": op({ image: "x".repeat(400_000) }),
    "nesting at the limit": (() => {
      let v = "x";
      for (let i = 0; i < 130; i++) v = [v];
      return op({ image: "x", cmd: v });
    })(),
  };
  for (const [what, value] of Object.entries(cases)) assertAsItsJson(value, what);
});

test("a getter runs once per validation, as JSON.stringify runs it", () => {
  let reads = 0;
  const args = {
    get image() {
      reads++;
      return "ubuntu";
    },
  };
  main.validateJobDefinition(op(args));
  assert.equal(reads, 1);
});

test("an enumerable property on Object.prototype or a toJSON on Array.prototype is honoured as JSON honours it", () => {
  const value = op({ image: "x", cmd: ["ls"] });
  Object.prototype.polluted = 1;
  try {
    assertAsItsJson(value, "Object.prototype.polluted");
  } finally {
    delete Object.prototype.polluted;
  }
  Array.prototype.toJSON = () => "not an array";
  try {
    assertAsItsJson(value, "Array.prototype.toJSON");
  } finally {
    delete Array.prototype.toJSON;
  }
});

test("a getter that validates another value meanwhile does not disturb the outer validation", () => {
  const inner = op({ image: 7 });
  let innerIssues;
  const args = {
    get image() {
      innerIssues = view(main.validateJobDefinition(inner));
      return "ubuntu";
    },
    cmd: ["ls", 5],
  };
  const outer = view(main.validateJobDefinition(op(args)));
  assert.deepEqual(innerIssues, view(main.validateJobDefinition(JSON.stringify(inner))));
  assert.deepEqual(outer, view(main.validateJobDefinition(JSON.stringify(op({ image: "ubuntu", cmd: ["ls", 5] })))));
});

test("cycles and BigInts are refused with a TypeError, as before", () => {
  const cyclic = op({ image: "x" });
  cyclic.ops[0].args.self = cyclic;
  assert.throws(() => main.validateJobDefinition(cyclic), TypeError);
  assert.throws(() => job.validateJobDefinition(op({ image: "x", gpu: 1n })), TypeError);
});

test("a throwing getter is refused with a TypeError naming its error", () => {
  const args = {
    get image() {
      throw new Error("no image here");
    },
  };
  assert.throws(
    () => main.validateJobDefinition(op(args)),
    (e) => e instanceof TypeError && /no image here/.test(e.message),
  );
});
