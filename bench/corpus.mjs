// The benchmark inputs: the pipeline-templates job definitions of the vendored corpus, the same
// documents with one injected error each, and large documents generated from the corpus ops.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Vendored in the repository (where they come from: the PROVENANCE.md beside each).
export const CORPUS_DIR = join(ROOT, "tests", "fixtures", "corpus");
export const SCHEMA_FILE = join(ROOT, "tests", "fixtures", "schema", "job-definition.components.schema.json");
const TEMPLATE = /^pipeline-templates__.*job-definition.*\.json$/;

export function loadCorpus() {
  if (!existsSync(CORPUS_DIR)) {
    throw new Error(`corpus not found at ${CORPUS_DIR}`);
  }
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => TEMPLATE.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no pipeline-templates job definitions in ${CORPUS_DIR}`);
  return files.map((file) => {
    const text = readFileSync(join(CORPUS_DIR, file), "utf8");
    return { file, text, object: JSON.parse(text) };
  });
}

/**
 * One error per document, injected in the text so the rest keeps its layout (ranges are computed
 * from the text): the first `"image": "…"` becomes `"image": 42` (a type error every validator
 * reports); a document without an image gets `"version": 0.1` instead.
 */
export function injectError(text) {
  const image = /"image"(\s*):(\s*)"(?:[^"\\]|\\.)*"/;
  if (image.test(text)) return text.replace(image, '"image"$1:$242');
  const version = /"version"(\s*):(\s*)"0\.1"/;
  if (version.test(text)) return text.replace(version, '"version"$1:$20.1');
  throw new Error("cannot inject an error: no image and no version string");
}

/**
 * A valid job definition of at least `bytes` bytes (2-space indented JSON), built from copies of the
 * corpus ops. The k-th copied document's ops get ids suffixed `-k`, with their `depends_on` and
 * `%%ops.<id>.…%%` references renamed alike, so ids stay unique and references resolve; the
 * `global.variables` of every document are merged so `%%global.variables.X%%` literals resolve.
 * Above ~600 KB the `container/run` copies get a `PADDING` environment variable, so the document
 * stays within the validator's limit of 1,000 ops (`tooManyOps`) while it grows to 1 MB.
 */
export function generateDocument(corpus, bytes) {
  const allOps = corpus.flatMap(({ object }) => object.ops);
  const meanOp = allOps.reduce((n, op) => n + JSON.stringify(op, null, 2).length, 0) / allOps.length;
  const padding = Math.max(0, Math.ceil(bytes / 900 - meanOp));
  const variables = {};
  for (const { object } of corpus) Object.assign(variables, object.global?.variables ?? {});
  const doc = { version: "0.1", type: "container", meta: { trigger: "cli" }, global: { variables }, ops: [] };
  const size = () => JSON.stringify(doc, null, 2).length;
  // Grow in batches, then trim back: exact sizing by re-stringifying after every op is quadratic.
  for (let i = 0; ; i++) {
    const source = corpus[i % corpus.length].object;
    const copy = i + 1;
    const ids = source.ops.map((op) => op.id);
    for (const op of source.ops) {
      let json = JSON.stringify(op);
      for (const id of ids) json = json.split(`%%ops.${id}.`).join(`%%ops.${id}-${copy}.`);
      const clone = JSON.parse(json);
      clone.id = `${op.id}-${copy}`;
      const deps = clone.execution?.depends_on;
      if (Array.isArray(deps)) clone.execution.depends_on = deps.map((d) => `${d}-${copy}`);
      if (padding > 0 && clone.type === "container/run")
        clone.args.env = { ...clone.args.env, PADDING: "x".repeat(padding) };
      doc.ops.push(clone);
    }
    if (i % 8 === 7 || bytes < 4096) {
      if (size() >= bytes) break;
    }
  }
  while (doc.ops.length > 1) {
    const last = doc.ops.pop();
    if (size() < bytes) {
      doc.ops.push(last);
      break;
    }
  }
  return JSON.stringify(doc, null, 2);
}

/** Small invalid documents for the memory run: bad JSON, a wrong type, a missing field. */
export const SMALL_INVALID = [
  '{"version": "0.1", "type": "container", "ops": [',
  '{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {"image": 42}}]}',
  '{"version": "0.1", "ops": [{"id": "a b", "type": "container/run", "args": {}}]}',
];
