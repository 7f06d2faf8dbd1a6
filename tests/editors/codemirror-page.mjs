// A page with one CodeMirror editor using nosana-deployments/codemirror and the browser build of
// the library, served from 127.0.0.1 on a free port for the Chromium tests. The page's script is
// bundled with esbuild (as the playground is); the wasm module is loaded by URL through js/web.mjs.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize } from "node:path";
import { ROOT } from "./helpers.mjs";

const ENTRY = `
import * as lib from "/js/web.mjs";
import { EditorView, basicSetup } from "codemirror";
import { json } from "@codemirror/lang-json";
import { autocompletion } from "@codemirror/autocomplete";
import { nosana } from "../../js/codemirror.mjs";


window.startEditor = (doc) => {
  window.view?.destroy();
  window.results = [];
  window.view = new EditorView({
    doc,
    parent: document.getElementById("editor"),
    // interactionDelay 0: Enter accepts a completion however soon after the list opened.
    extensions: [basicSetup, json(), autocompletion({ interactionDelay: 0 }), nosana({ lib, kind: "job", delay: 50, onResult: (r) => window.results.push(r) })],
  });
};
document.body.dataset.ready = "true";
`;

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>nosana codemirror test</title></head>
<body><div id="editor" style="width: 900px; margin: 40px"></div><script type="module" src="/page.js"></script></body></html>`;

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/** Bundles the page and serves it; resolves to { url, close() }. */
export async function servePage() {
  const esbuild = await import("esbuild");
  const built = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: join(ROOT, "tests", "editors"), loader: "js" },
    bundle: true,
    format: "esm",
    target: "es2022",
    write: false,
    external: ["/js/web.mjs"],
    logLevel: "warning",
  });
  const bundle = built.outputFiles[0].text;
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (path === "/") return send(200, "text/html", HTML);
    if (path === "/page.js") return send(200, "text/javascript", bundle);
    // The library's browser entry and its wasm build, nothing else of the repository.
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
