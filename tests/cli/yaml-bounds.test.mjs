// The YAML front end's bounds: alias expansion (a "billion laughs" document), the size of the
// document's JSON form, aliases that contain themselves, deep nesting, several documents. Each is
// an issue with a clear message and exit 1, never a crash, an "internal error" or a long wait.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_ALIAS_COUNT, parseYaml } from "../../cli/yaml.mjs";
import { toJsonText } from "../../cli/yaml-json.mjs";
import { cliJson } from "./helpers.mjs";

const HANG_GUARD_MS = 20_000;
const lintYaml = (text, ...args) =>
  cliJson(["lint", "--stdin-filename", "job.yaml", "-", ...args], { input: text, timeout: HANG_GUARD_MS });

/** The classic: 9 levels of 9 aliases each, 9^9 (387 million) leaves from 10 short lines. */
function billionLaughs() {
  const lines = ['lol: &a0 "lol"'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `l${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
}

test("a billion laughs document is an invalidYaml issue at once (alias count bounded)", () => {
  const started = performance.now();
  const run = lintYaml(billionLaughs());
  assert.equal(run.code, 1);
  const [issue] = run.report.files[0].issues;
  assert.equal(issue.code, "invalidYaml");
  assert.match(issue.message, /Excessive alias count/);
  assert.ok(!run.stderr.includes("internal error"), run.stderr);
  // Generous: a process start plus the parse; unbounded expansion takes minutes and gigabytes.
  assert.ok(performance.now() - started < HANG_GUARD_MS);
});

test(`the alias count is set to ${MAX_ALIAS_COUNT} (the yaml package's default is 100)`, () => {
  // As measured with yaml 2.9: 999 aliases of a plain node pass, the 1000th is refused.
  const doc = (n) => `a: &x 1\nb: [${Array(n).fill("*x").join(", ")}]\n`;
  const within = parseYaml(doc(MAX_ALIAS_COUNT - 1));
  assert.equal(within.issues, undefined);
  assert.equal(within.value.b.length, MAX_ALIAS_COUNT - 1);
  const over = parseYaml(doc(MAX_ALIAS_COUNT));
  assert.equal(over.issues?.[0].code, "invalidYaml");
  assert.match(over.issues[0].message, /Excessive alias count/);
});

test("aliases that expand the JSON form past --max-file-size: documentTooLarge, without building it", () => {
  // 100 aliases of a 20,000-character list: a 2 MB JSON form from a 20 KB file.
  const item = JSON.stringify("x".repeat(98));
  const text = `big: &big [${Array(200).fill(item).join(", ")}]\ncopies: [${Array(100).fill("*big").join(", ")}]\n`;
  assert.ok(text.length < 25_000);
  const small = lintYaml(text, "--max-file-size", "1MiB");
  assert.equal(small.code, 1);
  const [issue] = small.report.files[0].issues;
  assert.equal(issue.code, "documentTooLarge");
  assert.match(issue.message, /JSON form is over 1,048,576 characters/);
  // With room for it, the same document goes to the validator (not a job definition: its issues).
  const roomy = lintYaml(text, "--max-file-size", "4MiB");
  assert.ok(!roomy.report.files[0].issues.some((i) => i.code === "documentTooLarge"));
});

test("an alias inside its own anchor (a cycle) is an invalidYaml issue, not a crash", () => {
  for (const text of [
    "a: &x [1, *x]\n",
    "&a [*a]\n",
    "a: &a {b: *a}\n",
    "version: '0.1'\nops: &o [{id: x, next: *o}]\n",
  ]) {
    const run = lintYaml(text);
    assert.equal(run.code, 1, text);
    assert.deepEqual(
      run.report.files[0].issues.map((i) => [i.code, i.message]),
      [["invalidYaml", "an alias refers to a node that contains it, which JSON cannot express"]],
      text,
    );
  }
});

test("deep nesting is an issue with a plain message, block or flow", () => {
  for (const text of [`${"[".repeat(5000)}${"]".repeat(5000)}\n`, `${"- ".repeat(3000)}x\n`]) {
    const run = lintYaml(text);
    assert.equal(run.code, 1);
    const codes = run.report.files[0].issues.map((i) => i.code);
    assert.ok(
      codes.includes("invalidYaml") || codes.includes("nestingTooDeep"),
      JSON.stringify(run.report.files[0].issues[0]),
    );
    assert.ok(!run.report.files[0].issues.some((i) => /call stack/i.test(i.message)));
  }
});

test("several documents, tags, binary and set values: issues or values, never a crash", () => {
  const many = lintYaml("version: '0.1'\n---\nversion: '0.1'\n");
  assert.equal(many.report.files[0].issues[0].code, "invalidYaml");
  assert.match(many.report.files[0].issues[0].message, /multiple documents/);
  const tagged = lintYaml("version: !!str 0.1\ntype: !custom container\nops: !!set {a}\nmeta: !!binary aGVsbG8=\n");
  assert.equal(tagged.code, 1);
  assert.ok(tagged.report.files[0].issues.length > 0);
  assert.equal(tagged.stderr, ""); // no process warning about unresolved tags on stderr
});

test("a file of 200,000 YAML syntax errors: 999 issues and a tooManyIssues summary, as the library caps its own", () => {
  const run = lintYaml("]\n".repeat(200_000));
  assert.equal(run.code, 1);
  const { issues } = run.report.files[0];
  assert.equal(issues.length, 1000);
  assert.ok(issues.slice(0, 999).every((i) => i.code === "invalidYaml" && i.range));
  assert.equal(issues[999].code, "tooManyIssues");
  assert.equal(issues[999].message, "199001 more issues (199001 errors) are not listed: a report lists at most 1000");
  assert.equal(issues[999].range, undefined);
  assert.equal(run.report.counts.errors, 1000);
});

test("toJsonText measures exactly: it accepts a limit equal to the JSON length and refuses one less", () => {
  const shared = { a: [1, 'x\u0000"é'], b: null };
  for (const value of [
    {},
    [],
    [undefined],
    { a: undefined, b: 1 },
    { x: [shared, shared] },
    Buffer.from("hi"),
    1e21,
    "s",
  ]) {
    const json = JSON.stringify(value);
    assert.equal(toJsonText(value, json.length), json);
    assert.throws(() => toJsonText(value, json.length - 1), { code: "documentTooLarge" });
  }
});
