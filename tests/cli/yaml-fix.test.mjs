// Carrying a fixed value back into YAML text (cli/yaml-fix.mjs), without the library: renames in
// place, scalars retyped, keys added at the end and removed, comments and untouched layout kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { applyValueChanges } from "../../cli/yaml-fix.mjs";

const YAML = `# a job
version: "0.1" # the only version
type: container
ops:
  - type: container/run
    id: web
    args:
      imgae: nginx # an image
      expose: "8080"
      cmd:
        - serve
`;

const change = (edit) => {
  const before = parse(YAML);
  const after = structuredClone(before);
  edit(after);
  return { before, after, text: applyValueChanges(YAML, before, after) };
};

test("a renamed key keeps its place, its value and its comment", () => {
  const { text, after } = change((v) => {
    const args = v.ops[0].args;
    v.ops[0].args = { image: args.imgae, expose: args.expose, cmd: args.cmd };
  });
  assert.equal(text, YAML.replace("imgae:", "image:"));
  assert.deepEqual(parse(text), after);
});

test("a string that becomes a number is written plain", () => {
  const { text, after } = change((v) => (v.ops[0].args.expose = 8080));
  assert.equal(text, YAML.replace('expose: "8080"', "expose: 8080"));
  assert.deepEqual(parse(text), after);
});

test("a new key goes at the end of its map; a removed key goes", () => {
  const { text, after } = change((v) => {
    v.ops[0].args.gpu = true;
    delete v.ops[0].args.cmd;
  });
  assert.deepEqual(parse(text), after);
  assert.ok(text.startsWith('# a job\nversion: "0.1" # the only version\n'), text);
  assert.match(text, /imgae: nginx # an image\n {6}expose: "8080"\n {6}gpu: true\n$/);
});

test("sequence items and nested values change in place; nothing changes when the values are equal", () => {
  const { text, after } = change((v) => (v.ops[0].id = "web-1"));
  assert.equal(text, YAML.replace("id: web", "id: web-1"));
  assert.deepEqual(parse(text), after);
  assert.equal(applyValueChanges(YAML, parse(YAML), parse(YAML)), YAML);
});

test("broken YAML is left alone (undefined)", () => {
  assert.equal(applyValueChanges("a: [", { a: 1 }, { a: 2 }), undefined);
});
