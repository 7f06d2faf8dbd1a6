// nosana-deployments-lsp over stdio, as an editor talks to it: initialize, didOpen, diagnostics,
// completion, hover, code actions, didChange, shutdown and exit. The library (Node build) is the
// oracle for what the server must answer.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { lib, MISSPELLED, positionOf, ROOT, TYPING_KEY, VALID } from "./helpers.mjs";

const uri = (name) => pathToFileURL(join(ROOT, "tests/fixtures/editors", name)).href;

let server;
let rpc;
let stderr = "";
/** uri → every publishDiagnostics params received, in order. */
const published = new Map();
const waiters = [];

function onDiagnostics(params) {
  if (!published.has(params.uri)) published.set(params.uri, []);
  published.get(params.uri).push(params);
  for (const w of [...waiters]) if (w.check()) waiters.splice(waiters.indexOf(w), 1);
}

/** The next diagnostics for `target` after the `seen`-th, within 10 s. */
function nextDiagnostics(target, seen = published.get(target)?.length ?? 0) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${target}; server stderr: ${stderr}`)), 10_000);
    const w = {
      check() {
        const list = published.get(target) ?? [];
        if (list.length <= seen) return false;
        clearTimeout(timer);
        resolve(list[seen]);
        return true;
      },
    };
    if (!w.check()) waiters.push(w);
  });
}

before(async () => {
  server = spawn(process.execPath, [join(ROOT, "lsp", "index.mjs"), "--stdio"], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  server.stderr.on("data", (chunk) => (stderr += chunk));
  rpc = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  rpc.onNotification("textDocument/publishDiagnostics", onDiagnostics);
  rpc.listen();
});

after(() => {
  rpc?.dispose();
  if (server && server.exitCode === null) server.kill();
});

const open = (name, text, languageId = "json", version = 1) => {
  const target = uri(name);
  const seen = published.get(target)?.length ?? 0;
  rpc.sendNotification("textDocument/didOpen", { textDocument: { uri: target, languageId, version, text } });
  return nextDiagnostics(target, seen);
};

/** What the server should publish for a JSON text: the library's issues at their offsets. */
function expectedDiagnostics(text) {
  const doc = TextDocument.create("x", "json", 1, text);
  return lib.validateJobDefinition(text, { warnings: true }).issues.map((i) => ({
    code: i.code,
    severity: i.severity === "error" ? 1 : 2,
    range: { start: doc.positionAt(i.range.start.offset), end: doc.positionAt(i.range.end.offset) },
  }));
}

test("initialize: the server announces completion, hover and code actions", async () => {
  const result = await rpc.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(ROOT).href,
    capabilities: {},
  });
  assert.equal(result.serverInfo.name, "nosana-deployments-lsp");
  assert.equal(result.serverInfo.version, lib.version());
  assert.ok(result.capabilities.completionProvider);
  assert.equal(result.capabilities.hoverProvider, true);
  assert.deepEqual(result.capabilities.codeActionProvider.codeActionKinds, ["quickfix", "source.fixAll.nosana"]);
  rpc.sendNotification("initialized", {});
});

test("didOpen of a job definition publishes the library's issues as diagnostics", async () => {
  const params = await open("job-definition.json", MISSPELLED);
  const want = expectedDiagnostics(MISSPELLED);
  assert.ok(want.length > 0, "the fixture has issues");
  assert.deepEqual(
    params.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range })),
    want,
  );
  for (const d of params.diagnostics) assert.equal(d.source, "nosana-deployments");
});

test("a file that is not a Nosana document gets no diagnostics; the next Nosana file does", async () => {
  rpc.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri("package.json"), languageId: "json", version: 1, text: "{ nope" },
  });
  const params = await open("web.nosana.json", VALID);
  assert.deepEqual(params.diagnostics, []);
  // Messages are handled in order: had package.json been validated, its diagnostics would be here already.
  assert.equal(published.has(uri("package.json")), false);
});

test("completion at a key position lists what the library offers there", async () => {
  const { text, offset, position } = positionOf(TYPING_KEY, "__KEY__");
  const target = uri("complete.nosana.json");
  await open("complete.nosana.json", text);
  const items = await rpc.sendRequest("textDocument/completion", { textDocument: { uri: target }, position });
  const list = Array.isArray(items) ? items : items.items;
  const want = [...lib.completionsAt(text, offset)].map((c) => c.label);
  assert.ok(want.length > 0, "the library offers completions at the key position");
  assert.deepEqual(
    list.map((i) => i.label),
    want,
  );
  for (const item of list) {
    assert.ok(item.textEdit?.range, `${item.label} has a text edit`);
    assert.equal(item.kind, 10, `${item.label} is a Property`);
    assert.equal(
      item.insertTextFormat,
      item.textEdit.newText.includes("$") ? 2 : 1,
      `${item.label}: snippet format iff snippet`,
    );
  }
});

test("hover over a key shows the library's description", async () => {
  const target = uri("hover.nosana.json");
  const offset = VALID.indexOf('"image"') + 2;
  await open("hover.nosana.json", VALID);
  const doc = TextDocument.create(target, "json", 1, VALID);
  const hover = await rpc.sendRequest("textDocument/hover", {
    textDocument: { uri: target },
    position: doc.positionAt(offset),
  });
  const expected = lib.hoverAt(VALID, offset);
  assert.ok(expected, "the library has a hover for the image key");
  assert.equal(hover.contents.kind, "markdown");
  assert.equal(
    hover.contents.value,
    typeof expected === "string" ? expected : (expected.markdown ?? expected.contents),
  );
});

test("code actions: the quick fix for the misspelled key, applied, makes the issue go away", async () => {
  const target = uri("job-definition.json");
  const { diagnostics } = published.get(target).at(-1);
  const fixable = diagnostics.find((d) => d.code === "unknownKey");
  assert.ok(fixable, "an unknownKey diagnostic");
  const actions = await rpc.sendRequest("textDocument/codeAction", {
    textDocument: { uri: target },
    range: fixable.range,
    context: { diagnostics: [fixable] },
  });
  const quickFix = actions.find((a) => a.kind === "quickfix" && a.diagnostics?.[0]?.code === "unknownKey");
  assert.ok(quickFix, `a quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  const doc = TextDocument.create(target, "json", 1, MISSPELLED);
  const fixed = TextDocument.applyEdits(doc, quickFix.edit.changes[target]);
  assert.ok(!lib.validateJobDefinition(fixed).issues.some((i) => i.code === "unknownKey"), `fixed:\n${fixed}`);

  // The fix-all source action gives what `lint --fix` writes: the rename, and no placeholder
  // for the field the rename supplies.
  const only = await rpc.sendRequest("textDocument/codeAction", {
    textDocument: { uri: target },
    range: fixable.range,
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.equal(only.length, 1);
  assert.equal(only[0].kind, "source.fixAll.nosana");
  const issues = lib.validateJobDefinition(MISSPELLED, { warnings: true }).issues;
  assert.ok(
    issues.some((i) => i.code === "missingField"),
    "the renamed key was a missing field",
  );
  const all = TextDocument.applyEdits(doc, only[0].edit.changes[target]);
  assert.equal(all, VALID);
});

test("didChange to a valid text clears the diagnostics", async () => {
  const target = uri("job-definition.json");
  const next = nextDiagnostics(target);
  rpc.sendNotification("textDocument/didChange", {
    textDocument: { uri: target, version: 2 },
    contentChanges: [{ text: VALID }],
  });
  const params = await next;
  assert.equal(params.version, 2);
  assert.deepEqual(params.diagnostics, []);
});

test("YAML: diagnostics at YAML positions", async () => {
  const yaml =
    'version: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      imgae: nginx\n';
  const params = await open("web.nosana.yaml", yaml, "yaml");
  const unknown = params.diagnostics.find((d) => d.code === "unknownKey");
  assert.ok(unknown, JSON.stringify(params.diagnostics));
  assert.deepEqual(unknown.range.start, { line: 6, character: 6 });
});

test("YAML: hover over a key describes it as the same key in JSON does", async () => {
  const yaml =
    'version: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      image: nginx\n';
  await open("hover.nosana.yaml", yaml, "yaml");
  const hover = await rpc.sendRequest("textDocument/hover", {
    textDocument: { uri: uri("hover.nosana.yaml") },
    position: { line: 6, character: 8 },
  });
  const expected = lib.hoverAt(VALID, VALID.indexOf('"image"') + 2);
  assert.ok(expected, "the library describes the image key");
  assert.equal(
    hover.contents.value,
    typeof expected === "string" ? expected : (expected.markdown ?? expected.contents),
  );
  assert.deepEqual(hover.range, { start: { line: 6, character: 6 }, end: { line: 6, character: 11 } });
});

test("YAML: the quick fix rewrites the YAML (the fix of the JSON form, carried back)", async () => {
  const target = uri("web.nosana.yaml");
  const yaml =
    'version: "0.1"\ntype: container\nops:\n  - type: container/run\n    id: web\n    args:\n      imgae: nginx\n';
  const { diagnostics } = published.get(target).at(-1);
  const unknown = diagnostics.find((d) => d.code === "unknownKey");
  const actions = await rpc.sendRequest("textDocument/codeAction", {
    textDocument: { uri: target },
    range: unknown.range,
    context: { diagnostics: [unknown] },
  });
  const quickFix = actions.find((a) => a.kind === "quickfix" && a.diagnostics[0].code === "unknownKey");
  assert.ok(quickFix, JSON.stringify(actions));
  const fixed = TextDocument.applyEdits(TextDocument.create(target, "yaml", 1, yaml), quickFix.edit.changes[target]);
  assert.equal(fixed, yaml.replace("imgae:", "image:"));
});

test("didClose clears a document's diagnostics", async () => {
  const target = uri("web.nosana.yaml");
  const next = nextDiagnostics(target);
  rpc.sendNotification("textDocument/didClose", { textDocument: { uri: target } });
  assert.deepEqual((await next).diagnostics, []);
});

test("shutdown and exit: the process ends with code 0", async () => {
  const exited = new Promise((resolve) => server.once("exit", (code) => resolve(code)));
  assert.equal(await rpc.sendRequest("shutdown"), null);
  rpc.sendNotification("exit");
  assert.equal(await exited, 0);
});
