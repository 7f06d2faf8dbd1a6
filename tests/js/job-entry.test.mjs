// `nosana-deployments/job` and `nosana-deployments/editor` are wasm modules of their own (built
// without the default features: no API client, no deployment functions; `/job` without the language
// service either). Each must validate exactly as the whole package does, and export only its own
// surface: every corpus document and a set of broken texts go through each of them and the whole
// package, and the reports (or the errors thrown on misuse) must be identical.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as editorImport from "nosana-deployments/editor";
import * as jobImport from "nosana-deployments/job";
import { corpusFiles } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const full = require("nosana-deployments");

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The validator alone: what a page that validates job definitions needs. */
const JOB_EXPORTS = ["jobDefinitionStandardSchema", "listRules", "validateJobDefinition", "version"];
/** The language service on top: what an in-browser editor needs. */
const LANGUAGE_SERVICE = ["applyFixes", "completionsAt", "deploymentJsonSchema", "hoverAt", "jobDefinitionJsonSchema"];
const ENTRIES = [
  {
    name: "/job",
    cjs: require("nosana-deployments/job"),
    esm: jobImport,
    dts: "pkg/job-node/nosana_deployments.d.ts",
    exports: JOB_EXPORTS,
    absent: LANGUAGE_SERVICE,
  },
  {
    name: "/editor",
    cjs: require("nosana-deployments/editor"),
    esm: editorImport,
    dts: "pkg/editor-node/nosana_deployments.d.ts",
    exports: [...JOB_EXPORTS, ...LANGUAGE_SERVICE].sort(),
    absent: [],
  },
];

const VALID = JSON.stringify({
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80, cmd: ["%%ops.web.host%%"] } }],
});

/** Texts that are broken in every way we know of: JSON syntax, encoding, limits, rules. */
const BROKEN = [
  "",
  " ",
  "{",
  "{ nope",
  "}",
  "[]",
  "null",
  "42",
  '"a string"',
  "{}",
  '{"version": 1}',
  '{"version":"0.1","type":"container","ops":[],}',
  '{"version":"0.1","version":"0.1","type":"container","ops":[]}',
  '\uFEFF{"version":"0.1","type":"container","ops":[]}',
  '{"version":"0.1","type":"container","ops":[{"id":"a\\ud800","type":"container/run","args":{"image":"x","bogus":1}}]}',
  '{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"image":42,"expose":70000}}]}',
  '{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"image":"x"},"execution":{"depends_on":["a","b"]}}]}',
  '{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"image":"x","cmd":["%%ops.b.host%%"]}}]}',
  '{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"image":"x"}},{"id":"a","type":"container/run","args":{"image":"y"}}]}',
  '{"a": 1e999999, "b": -0, "c": 123456789012345678901234567890}',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `{"version":"0.1","type":"container","ops":[${"1,".repeat(3000)}1]}`,
  VALID.replace('"nginx"', '"NGINX:::bad"'),
  VALID.slice(0, -7),
];

/** The report, or the error thrown (name, code, message), of one call. */
function outcome(fn) {
  try {
    return { returned: fn() };
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error: ${String(error)}`);
    return { threw: { name: error.name, code: error.code, message: error.message } };
  }
}

function assertSame(job, input, options, label) {
  const a = outcome(() => full.validateJobDefinition(input, options));
  const b = outcome(() => job.validateJobDefinition(input, options));
  assert.deepEqual(b, a, `${label}: the entry and the whole package disagree`);
  return a;
}

const OPTIONS = [undefined, { warnings: true }, { warnings: false }];

for (const entry of ENTRIES) {
  const job = entry.cjs;

  test(`${entry.name} exports only its own functions`, () => {
    assert.deepEqual(Object.keys(job).sort(), entry.exports);
    for (const name of [
      "validateDeployment",
      "validateSchedule",
      "nextScheduleTimes",
      "canPerform",
      "nextStatus",
      "DeploymentsClient",
    ]) {
      assert.equal(typeof full[name], "function", `the whole package lost ${name}`);
      assert.equal(job[name], undefined, `${entry.name} exports ${name}`);
    }
    for (const name of entry.absent) assert.equal(job[name], undefined, `${entry.name} exports ${name}`);
    // Every export is the same function name in the whole package.
    for (const name of entry.exports) assert.equal(typeof full[name], "function", name);
  });

  test(`import resolves ${entry.name} to the same Node build`, () => {
    assert.equal(entry.esm.validateJobDefinition, job.validateJobDefinition);
    assert.deepEqual(
      Object.keys(entry.esm)
        .filter((k) => k !== "default")
        .sort(),
      entry.exports,
    );
  });

  test(`${entry.name} is a module of its own, and reports the same version and rules`, () => {
    assert.notEqual(job.validateJobDefinition, full.validateJobDefinition);
    assert.equal(job.version(), full.version());
    assert.deepEqual(job.listRules(), full.listRules());
  });

  test(`every corpus file gets the same report from ${entry.name} and the whole package, as text and as object`, () => {
    const files = corpusFiles();
    let invalid = 0;
    for (const path of files) {
      const text = readFileSync(path, "utf8");
      const file = basename(path);
      for (const options of OPTIONS) {
        const r = assertSame(job, text, options, `${file} (text, ${JSON.stringify(options)})`);
        if (options === undefined && r.returned && !r.returned.success) invalid++;
        assertSame(job, JSON.parse(text), options, `${file} (object, ${JSON.stringify(options)})`);
      }
    }
    // The corpus holds valid documents and invalid ones: both kinds were compared.
    assert.ok(files.length > 50, `only ${files.length} corpus files`);
    assert.ok(invalid > 0 && invalid < files.length, `${invalid} of ${files.length} corpus files invalid`);
  });

  test(`broken texts and non-document values get the same issues from ${entry.name} and the whole package`, () => {
    for (const [i, text] of BROKEN.entries()) {
      for (const options of OPTIONS) {
        const r = assertSame(job, text, options, `broken text #${i}`);
        // Each one is reported (with warnings on, as by default): the comparison is not of empty reports.
        if (options === undefined) assert.ok(r.returned?.issues.length > 0, `broken text #${i} got no issue`);
      }
    }
    for (const value of [42, null, true, [], [{}], { ops: "x" }, "\u0000"]) {
      for (const options of OPTIONS) assertSame(job, value, options, `value ${JSON.stringify(value)}`);
    }
  });

  test(`misuse throws the same errors from ${entry.name} and the whole package`, () => {
    const cases = [
      [undefined, undefined],
      [Symbol("x"), undefined],
      [{ big: 1n }, undefined],
      ["{}", { warnigns: false }],
      ["{}", { warnings: "yes" }],
      ["{}", 42],
    ];
    for (const [input, options] of cases) {
      const r = assertSame(job, input, options, `misuse ${String(typeof input)} ${JSON.stringify(options)}`);
      assert.ok(r.threw, `misuse did not throw: ${String(typeof input)} ${JSON.stringify(options)}`);
    }
  });

  test(`the Standard Schema objects of ${entry.name} and the whole package validate alike`, async () => {
    const a = full.jobDefinitionStandardSchema()["~standard"];
    const b = job.jobDefinitionStandardSchema()["~standard"];
    assert.equal(b.vendor, a.vendor);
    for (const input of [VALID, JSON.parse(VALID), "{ broken", BROKEN[15], 42]) {
      assert.deepEqual(await b.validate(input), await a.validate(input));
    }
  });

  test(`${entry.name}'s .d.ts declares only its own surface`, () => {
    const declared = (file) =>
      new Set(
        [
          ...readFileSync(join(ROOT, file), "utf8").matchAll(
            /^export (?:declare )?(?:function|interface|type|namespace|class) (\w+)/gm,
          ),
        ].map((m) => m[1]),
      );
    const jobTypes = declared(entry.dts);
    const fullTypes = declared("pkg/node/nosana_deployments.d.ts");
    for (const name of jobTypes) assert.ok(fullTypes.has(name), `${name} is declared only by ${entry.name}`);
    for (const name of entry.exports) assert.ok(jobTypes.has(name), `${name} is not declared`);
    for (const name of entry.absent) assert.ok(!jobTypes.has(name), `${entry.name} declares ${name}`);
    for (const name of ["DeploymentsClient", "validateDeployment", "DeploymentStatus", "nextScheduleTimes"]) {
      assert.ok(fullTypes.has(name), `the whole package does not declare ${name}`);
      assert.ok(!jobTypes.has(name), `${entry.name} declares ${name}`);
    }
  });
}
