// YAML hover support of the language server: the path under the cursor, and JSON text with the
// offset of every path, so the library can be asked about the same place.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonWithOffsets, yamlHover, yamlPathAt } from "../../lsp/yaml-hover.mjs";

const YAML =
  'version: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      image: nginx\n      cmd: [a, b]\n';

test("yamlPathAt: keys, values and sequence items, with the node's range", () => {
  const at = (word, n = 1) => yamlPathAt(YAML, YAML.indexOf(word) + n);
  assert.deepEqual(at("version"), { path: ["version"], role: "key", range: [0, 7] });
  assert.deepEqual(at("container/run").path, ["ops", 0, "type"]);
  assert.equal(at("container/run").role, "value");
  assert.deepEqual(at("image"), {
    path: ["ops", 0, "args", "image"],
    role: "key",
    range: [YAML.indexOf("image"), YAML.indexOf("image") + 5],
  });
  assert.deepEqual(at("[a", 1).path, ["ops", 0, "args", "cmd", 0]);
  assert.equal(yamlPathAt(YAML, YAML.indexOf("ops:") + 3), undefined, "the colon is no scalar");
  assert.equal(yamlPathAt("a: [", 1), undefined, "broken YAML has no paths");
});

test("jsonWithOffsets: JSON.stringify's text, and each key's and value's first character", () => {
  const value = { a: [1, { "b/c": "x" }], d: null };
  const { text, offsetOf } = jsonWithOffsets(value);
  assert.equal(text, JSON.stringify(value));
  assert.equal(text.slice(offsetOf(["a", 1, "b/c"], "key")).slice(0, 6), '"b/c":');
  assert.equal(text.slice(offsetOf(["a", 1, "b/c"], "value")).slice(0, 3), '"x"');
  assert.equal(text.slice(offsetOf(["d"], "value")).slice(0, 4), "null");
  assert.equal(offsetOf(["nope"], "key"), undefined);
});

test("yamlHover asks about the JSON offset of the same path and answers with the YAML range", () => {
  const asked = [];
  const hover = yamlHover(
    (json, offset) => {
      asked.push(json.slice(offset - 1, offset + 7));
      return { from: 0, to: 0, markdown: "the image" };
    },
    YAML,
    YAML.indexOf("image") + 2,
  );
  assert.deepEqual(asked, ['"image":']);
  assert.deepEqual(hover, { from: YAML.indexOf("image"), to: YAML.indexOf("image") + 5, markdown: "the image" });
  assert.equal(
    yamlHover(() => null, YAML, 2),
    null,
  );
});
