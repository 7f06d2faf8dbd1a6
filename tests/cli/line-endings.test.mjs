// CR, LF and CRLF line ends, mixed and at the very end, give the same lines, columns and excerpts:
// the library's ranges (JSON) count a lone CR as a line end, and so must the CLI's own line index
// (used for YAML ranges and every excerpt) and the YAML parser's view of the text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { lintText } from "../../cli/lint.mjs";
import { codeFrame, palette } from "../../cli/report.mjs";
import { LineIndex } from "../../cli/source.mjs";
import { cli, lib } from "./helpers.mjs";

const JSON_LINES = [
  "{",
  '  "version": "0.2",',
  '  "type": "container",',
  '  "ops": [',
  '    { "id": "x", "type": "container/run",',
  '      "args": { "image": "UPPER" } }',
  "  ]",
  "}",
];
const YAML_LINES = [
  "# a job",
  'version: "0.2"',
  "type: container",
  "ops:",
  "  - id: x",
  "    type: container/run",
  "    args:",
  '      image: "UPPER"',
];

/** Each style joins the lines and ends the text with its line end; "mixed" cycles LF, CRLF, CR. */
const STYLES = {
  LF: (lines) => `${lines.join("\n")}\n`,
  CRLF: (lines) => `${lines.join("\r\n")}\r\n`,
  CR: (lines) => `${lines.join("\r")}\r`,
  mixed: (lines) => lines.map((l, i) => l + ["\n", "\r\n", "\r"][i % 3]).join(""),
  "lone CR at the end": (lines) => `${lines.join("\n")}\r`,
};

const plain = palette(false);
const where = (issue) => ({
  code: issue.code,
  start: [issue.range.start.line, issue.range.start.column],
  end: [issue.range.end.line, issue.range.end.column],
});

for (const [language, lines] of [
  ["json", JSON_LINES],
  ["yaml", YAML_LINES],
]) {
  test(`${language}: LF, CRLF, CR, mixed and a lone CR at the end give the same lines, columns and excerpts`, async () => {
    const name = `job.${language}`;
    const baseline = await lintText(STYLES.LF(lines), { name, kind: "auto", lib });
    assert.deepEqual(
      baseline.issues.map((i) => i.code),
      ["invalidVersion", "invalidImageReference"],
    );
    for (const [style, join] of Object.entries(STYLES)) {
      const text = join(lines);
      const result = await lintText(text, { name, kind: "auto", lib });
      assert.deepEqual(result.issues.map(where), baseline.issues.map(where), style);
      const index = new LineIndex(text);
      for (const [i, issue] of result.issues.entries()) {
        const { start, end } = issue.range;
        // The offsets point at the same source text as with LF…
        const base = baseline.issues[i].range;
        assert.equal(
          text.slice(start.offset, end.offset),
          STYLES.LF(lines).slice(base.start.offset, base.end.offset),
          style,
        );
        // …the CLI's line index agrees with the range (for JSON, the library's own numbers)…
        assert.deepEqual(index.position(start.offset), start, `${style}: ${issue.code}`);
        assert.deepEqual(index.position(end.offset), end, `${style}: ${issue.code}`);
        // …and the excerpt is the source line, without its line end.
        const [source] = codeFrame(index, issue.range, plain, (s) => s);
        assert.equal(source, `  ${start.line} | ${lines[start.line - 1]}`, style);
      }
    }
  });
}

test("JSON: a syntax error after a lone CR at the end is placed on the line the CR opens", async () => {
  for (const [text, line] of [
    ['{\r"a": 1,\r', 3],
    ['{\r\n"a": 1,\r\n', 3],
    ['{\n"a": 1,\r', 3],
  ]) {
    const [issue] = (await lintText(text, { name: "x.json", kind: "job", lib })).issues;
    assert.equal(issue.code, "invalidJson");
    assert.equal(issue.range.start.line, line, JSON.stringify(text));
    assert.deepEqual(new LineIndex(text).position(issue.range.start.offset), issue.range.start);
  }
});

test("LineIndex: lone CR, CRLF and LF each end one line; lineText drops the line end", () => {
  const index = new LineIndex("a\rb\r\nc\nd\r");
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => index.lineText(n)),
    ["a", "b", "c", "d", ""],
  );
  assert.equal(index.lineText(6), undefined);
  assert.deepEqual(index.position(2), { line: 2, column: 1, offset: 2 });
  assert.deepEqual(index.position(3), { line: 2, column: 2, offset: 3 }); // the CR of a CRLF
  assert.deepEqual(index.position(5), { line: 3, column: 1, offset: 5 });
  assert.deepEqual(index.position(9), { line: 5, column: 1, offset: 9 });
});

test("the human report of a CR-only YAML file shows each line apart (the real CLI)", () => {
  const run = cli(["lint", "--stdin-filename", "job.yaml", "-", "--no-color"], { input: STYLES.CR(YAML_LINES) });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^job\.yaml:2:10 {2}error {2}invalidVersion/m);
  assert.match(run.stdout, /^ {2}2 \| version: "0\.2"$/m);
  assert.match(run.stdout, /^job\.yaml:8:14 {2}error {2}invalidImageReference/m);
  assert.ok(!run.stdout.includes("\r"), JSON.stringify(run.stdout));
});
