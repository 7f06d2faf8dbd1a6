// `npm start`: the playground page and the local sandbox API, on 127.0.0.1.
//   PORT (default 8080) for the page.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { log, main, ROOT } from "./util.mjs";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm", // required for WebAssembly.instantiateStreaming
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
// What the page may load: the page itself, the built package, and the JS entry.
const MOUNTS = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/js/", join(ROOT, "js")],
  ["/", join(ROOT, "www")],
];

function resolveFile(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const relative = normalize(decodeURIComponent(urlPath.slice(prefix.length)) || "index.html");
    if (relative.startsWith("..") || relative.includes(`${sep}..`)) return null;
    const file = join(dir, relative);
    if (existsSync(file) && statSync(file).isFile()) return file;
    return null;
  }
  return null;
}

/** Serves the playground; resolves once listening. */
export function startPlayground({ port = 8080, host = "127.0.0.1" } = {}) {
  const server = createServer((req, res) => {
    const file = resolveFile(new URL(req.url ?? "/", "http://x").pathname);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(async () => {
    const page = await startPlayground({ port: Number(process.env.PORT ?? 8080) });
    log(`playground: ${page.url}`);
  });
}
