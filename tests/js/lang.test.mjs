// The language service from JS: fixes on every issue, applyFixes, completionsAt, hoverAt, and the
// JSON Schemas, from the main entry and `/editor` alike (`/job` has the fixes in issues alone). The schemas are checked with a standard
// validator (ajv, draft 2020-12) against the corpus and our own verdicts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { corpusFiles } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const full = require("nosana-deployments");
const job = require("nosana-deployments/job");
const editor = require("nosana-deployments/editor");
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LANG = ["applyFixes", "completionsAt", "hoverAt", "jobDefinitionJsonSchema", "deploymentJsonSchema"];

const TYPO = `{
  "version": "0.1",
  "type": "container",
  "ops": [{"id": "web", "type": "container/run", "args": {"imgae": "nginx", "gpu": "true", "expose": "8080"}}]
}`;

test("the main entry and /editor export the language service; /job none of it", () => {
  for (const entry of [full, editor]) {
    for (const name of LANG) assert.equal(typeof entry[name], "function", name);
  }
  for (const name of LANG) assert.equal(job[name], undefined, `/job exports ${name}`);
});

test("every issue carries fixes; applyFixes applies them and the result validates", () => {
  for (const entry of [full, job, editor]) {
    const report = entry.validateJobDefinition(TYPO);
    for (const issue of report.issues) assert.ok(Array.isArray(issue.fixes), issue.code);
    const codes = report.issues
      .filter((i) => i.fixes.length > 0)
      .map((i) => i.code)
      .sort();
    assert.deepEqual(codes, ["invalidType", "invalidType", "unknownKey"]);
    // /job has no applyFixes: its issues (the same fixes) are applied by /editor's.
    const fixed = (entry.applyFixes ?? editor.applyFixes)(TYPO, report.issues);
    assert.deepEqual(JSON.parse(fixed).ops[0].args, { image: "nginx", gpu: true, expose: 8080 });
    assert.equal(entry.validateJobDefinition(fixed).success, true);
  }
  // An object input has no text: no ranges, no fixes (but the field is there).
  const fromObject = full.validateJobDefinition(JSON.parse(TYPO));
  assert.ok(fromObject.issues.every((i) => Array.isArray(i.fixes) && i.fixes.length === 0));
});

test("a valid document's report and issues without fixes are unchanged by applyFixes", () => {
  assert.equal(full.applyFixes(TYPO, []), TYPO);
  assert.equal(full.applyFixes(TYPO, [{ code: "x", fixes: [] }]), TYPO);
  assert.throws(() => full.applyFixes(TYPO, "nope"), TypeError);
  assert.throws(() => full.applyFixes(42, []), TypeError);
  assert.throws(() => full.applyFixes(TYPO, [{ fixes: [{ edits: [{ range: {}, newText: "" }] }] }]), TypeError);
});

test("deployment bodies get fixes too, in the nested job definition as well", () => {
  const body = `{"name": "d", "market": "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr", "replica": 1, "timeout": 60, "strategy": "simple", "confidential": true,
    "job_definition": {"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {"imag": "nginx"}}]}}`;
  const report = full.validateDeployment(body);
  const fixed = JSON.parse(full.applyFixes(body, report.issues));
  assert.equal(fixed.replicas, 1);
  assert.equal(fixed.strategy, "SIMPLE");
  assert.equal(fixed.job_definition.ops[0].args.image, "nginx");
});

test("completionsAt and hoverAt, with UTF-16 offsets, on broken text", () => {
  const text = `{"meta": {"note": "é😀"}, "ops": [{"id": "a", "type": "container/run", "args": {"image": "x", "restart_policy": "`;
  for (const entry of [full, editor]) {
    const items = entry.completionsAt(text, text.length);
    assert.deepEqual(
      items.map((c) => c.label),
      ['"no"', '"always"', '"unless-stopped"', '"on-failure"'],
    );
    // The replaced range is the open string, in UTF-16 units.
    assert.equal(items[0].range.start.offset, text.length - 1);
    assert.equal(items[0].range.end.offset, text.length);
    const hover = entry.hoverAt(text, text.indexOf('"image"') + 2);
    assert.match(hover.contents, /docker image/);
    assert.equal(hover.range.start.offset, text.indexOf('"image"'));
    assert.equal(entry.hoverAt("", 0), null);
  }
  assert.throws(() => full.completionsAt(text, -1), TypeError);
  assert.throws(() => full.hoverAt(text, 1.5), TypeError);
});

test("the shipped schema files are what the package generates", () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8"));
  assert.ok(pkg.files.includes("schema/"), "schema/ is in package.json files");
  for (const [file, make] of [
    ["job-definition.schema.json", "jobDefinitionJsonSchema"],
    ["deployment.schema.json", "deploymentJsonSchema"],
  ]) {
    const shipped = JSON.parse(readFileSync(`${ROOT}/schema/${file}`, "utf8"));
    assert.deepEqual(full[make](), shipped, file);
    assert.deepEqual(editor[make](), shipped, `${file} from /editor`);
  }
});

/** Our rules the schema expresses too; the others are deliberate gaps (docs/language-service.md). */
const SCHEMA_CODES = new Set([
  "invalidType",
  "missingField",
  "unknownKey",
  "invalidVersion",
  "invalidJobType",
  "invalidEnumValue",
  "conflictingFields",
  "invalidLiteral",
  "portRangeNotSupported",
  "invalidLogType",
  "healthCheckMissingContinuous",
  "portOutOfRange",
  "invalidOpId",
]);

test("ajv (2020-12) with the job definition schema agrees with our structural verdict on the whole corpus", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(full.jobDefinitionJsonSchema());
  let checked = 0;
  let invalid = 0;
  for (const file of corpusFiles().filter((f) => !f.endsWith("benchmarks.json"))) {
    const text = readFileSync(file, "utf8");
    const ours = full.validateJobDefinition(text, { warnings: false }).issues.filter((i) => SCHEMA_CODES.has(i.code));
    const theirs = validate(JSON.parse(text));
    assert.equal(
      theirs,
      ours.length === 0,
      `${basename(file)}: ajv ${theirs ? "accepts" : `rejects (${JSON.stringify(validate.errors?.slice(0, 3))})`}, we report ${JSON.stringify(ours.map((i) => `${i.code} ${i.pointer}`))}`,
    );
    checked += 1;
    if (!theirs) invalid += 1;
  }
  assert.ok(checked > 100, `${checked} documents`);
  assert.ok(invalid > 0, "the corpus has structurally invalid documents too");
});

test("ajv with the deployment schema: a valid body passes, broken ones fail where we report errors", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(full.deploymentJsonSchema());
  const jobDefinition = {
    version: "0.1",
    type: "container",
    ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
  };
  const valid = {
    name: "d",
    market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
    replicas: 1,
    timeout: 60,
    strategy: "SIMPLE",
    confidential: true,
    job_definition: jobDefinition,
  };
  assert.equal(validate(valid), true, JSON.stringify(validate.errors));
  assert.equal(full.validateDeployment(valid).success, true);
  for (const broken of [
    { ...valid, replicas: "1" },
    { ...valid, strategy: "simple" },
    { ...valid, replicas: 0 },
    { ...valid, job_definition: { ...jobDefinition, version: "0.2" } },
    { ...valid, job_definition: { ...jobDefinition, ops: [{ ...jobDefinition.ops[0], id: "my op" }] } },
    (({ market, ...rest }) => rest)(valid),
  ]) {
    assert.equal(validate(broken), false, JSON.stringify(broken));
    assert.equal(full.validateDeployment(broken).success, false, JSON.stringify(broken));
  }
});

test("ajv with the deployment schema agrees with our rules on the create body's newer fields, at their limits", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(full.deploymentJsonSchema());
  const ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";
  const infinite = {
    name: "d",
    market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
    replicas: 1,
    timeout: 60,
    strategy: "INFINITE",
    confidential: true,
    startup_timeout: 1,
    idempotency_key: `app:${"a".repeat(124)}`,
    requirements: { gpu: "RTX 4090", vram_gb: 24, cuda: true, ["k".repeat(256)]: 1 },
    ssh_public_keys: [ed25519],
    job_definition: {
      version: "0.1",
      type: "container",
      ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
    },
  };
  assert.equal(validate(infinite), true, JSON.stringify(validate.errors));
  assert.equal(
    full.validateDeployment(infinite).success,
    true,
    JSON.stringify(full.validateDeployment(infinite).issues),
  );
  // Each one breaks a limit the schema states; our rules report it too (and with which code).
  for (const [code, change] of [
    ["startupTimeoutTooShort", { startup_timeout: 0.5 }],
    ["invalidType", { startup_timeout: "5" }],
    ["invalidIdempotencyKey", { idempotency_key: "" }],
    ["invalidIdempotencyKey", { idempotency_key: "a".repeat(129) }],
    ["invalidIdempotencyKey", { idempotency_key: "app key" }],
    ["requirementsEmpty", { requirements: {} }],
    ["invalidRequirementKey", { requirements: { ["k".repeat(257)]: 1 } }],
    ["invalidRequirementKey", { requirements: { "a\nb": 1 } }],
    ["invalidRequirementValue", { requirements: { gpu: null } }],
    ["invalidRequirementValue", { requirements: { gpu: ["RTX"] } }],
    ["invalidType", { requirements: null }],
    ["sshKeyEmpty", { ssh_public_keys: [""] }],
    ["invalidType", { ssh_public_keys: ed25519 }],
    ["invalidMarket", { market: "not-a-key" }],
    ["invalidMarket", { market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwA0" }],
    ["invalidVault", { vault: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85S" }],
  ]) {
    const body = { ...infinite, ...change };
    assert.equal(validate(body), false, `ajv accepts ${JSON.stringify(change)}`);
    const codes = full.validateDeployment(body).issues.map((i) => i.code);
    assert.ok(codes.includes(code), `${JSON.stringify(change)}: ${codes}`);
  }
});

test("did you mean: the unknown key's hint names the key its rename fix gives, in plain text", () => {
  for (const entry of [full, job, editor]) {
    const issue = entry.validateJobDefinition(TYPO).issues.find((i) => i.code === "unknownKey");
    assert.match(issue.hint, /^Did you mean "image"\? Allowed keys: /);
    assert.equal(issue.message, '"imgae" is not a field of container/run args');
    assert.equal(issue.fixes[0].title, 'Rename "imgae" to "image"');
    assert.equal(issue.fixes[0].edits[0].newText, '"image"');
  }
});

test("one message per problem: invalid JSON gets the core parser's message from every entry and adapter", async () => {
  const { toDiagnostic } = await import("nosana-deployments/codemirror");
  const broken = '{\n  "version": "0.1",\n  "ops": [1,,]\n}';
  const messages = new Set();
  for (const entry of [full, job, editor]) {
    const [issue] = entry.validateJobDefinition(broken).issues;
    assert.equal(issue.code, "invalidJson");
    assert.doesNotMatch(issue.message, /`/);
    messages.add(issue.message);
    const doc = { length: broken.length, line: () => ({ from: 0, to: 0 }) };
    messages.add(toDiagnostic(issue, doc).message);
  }
  // A deployment body broken the same way, at the same kind of place.
  const [deployment] = full.validateDeployment('{\n  "name": "d",\n  "replicas": [1,,]\n}').issues;
  messages.add(deployment.message);
  assert.deepEqual(
    [...messages],
    ["Invalid JSON: Expected a value (object, array, string, number, true, false or null)"],
  );
});
