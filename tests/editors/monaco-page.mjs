// A page with a real Monaco editor (monaco-editor's editor API, its editor worker) and
// nosana-deployments/monaco attached, for the Chromium test. Bundled with esbuild; the library's
// browser build is loaded by URL through js/web.mjs, as on the playground.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize } from "node:path";
import { ROOT } from "./helpers.mjs";

const ENTRY = `
import * as lib from "/js/web.mjs";
import * as monaco from "monaco-editor/editor/editor.api.js";
// The editor contributions the adapter feeds (editor.main.js would bring every language too).
import "monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution.js";
import "monaco-editor/editor/contrib/snippet/browser/snippetController2.js";
import "monaco-editor/editor/contrib/suggest/browser/suggestController.js";
import { attachNosana } from "../../js/monaco.mjs";

self.MonacoEnvironment = { getWorker: () => new Worker("/editor.worker.js", { type: "module" }) };
// The editor API alone has no languages: "json" is registered bare (the adapter gives everything).
monaco.languages.register({ id: "json" });
window.monaco = monaco;
window.markers = () => monaco.editor.getModelMarkers({ owner: "nosana-deployments" });
window.startEditor = (text) => {
  window.monacoEditor?.getModel()?.dispose();
  window.monacoEditor?.dispose();
  window.adapter ??= attachNosana(monaco, { lib, delay: 0 });
  const model = monaco.editor.createModel(text, "json", monaco.Uri.parse("file:///web.nosana.json"));
  window.monacoEditor = monaco.editor.create(document.getElementById("editor"), { model, wordBasedSuggestions: "off", quickSuggestions: false, hover: { delay: 100 } });
};
document.body.dataset.ready = "true";
`;

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>nosana monaco test</title>
<link rel="stylesheet" href="/page.css"></head>
<body><div id="editor" style="width: 900px; height: 600px; margin: 40px"></div><script type="module" src="/page.js"></script></body></html>`;

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Bundles the page and Monaco's editor worker and serves them; resolves to { url, close() }. */
export async function serveMonacoPage() {
  const esbuild = await import("esbuild");
  const common = {
    bundle: true,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "error",
    loader: { ".ttf": "dataurl" },
  };
  const page = await esbuild.build({
    ...common,
    stdin: { contents: ENTRY, resolveDir: join(ROOT, "tests", "editors"), loader: "js", sourcefile: "page.js" },
    outdir: "/out",
    external: ["/js/web.mjs"],
  });
  const worker = await esbuild.build({
    ...common,
    entryPoints: [join(ROOT, "node_modules/monaco-editor/esm/vs/editor/editor.worker.js")],
    outdir: "/out",
  });
  const built = new Map();
  for (const f of page.outputFiles) built.set(f.path.endsWith(".css") ? "/page.css" : "/page.js", f.text);
  built.set("/editor.worker.js", worker.outputFiles.find((f) => f.path.endsWith(".js")).text);
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (path === "/") return send(200, "text/html", HTML);
    if (built.has(path)) return send(200, TYPES[path.slice(path.lastIndexOf("."))], built.get(path));
    const file = normalize(join(ROOT, path));
    const allowed =
      path === "/js/web.mjs" || (path.startsWith("/pkg/web/") && file.startsWith(join(ROOT, "pkg", "web")));
    if (!allowed) return send(404, "text/plain", "not found");
    try {
      return send(200, TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream", readFileSync(file));
    } catch {
      return send(404, "text/plain", "not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
