// `npm start`: the playground page and the local sandbox API, on 127.0.0.1.
//   PORT (default 8080) for the page; SANDBOX_PORT (default 8787) for the sandbox API;
//   SANDBOX_TIME_SCALE (default 1: the sandbox's clock is the real one, so the page has one clock).
// The sandbox is seeded with a demo wallet and persisted to .cache/sandbox.json, so deployments made in
// the page survive a restart. The page is bundled from www/src/ into www/dist/ with esbuild first.
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
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
  ".map": "application/json",
};
// What the page may load: the page itself (with its bundle in www/dist), the built package, and the JS entry.
const MOUNTS = [
  ["/pkg/", join(ROOT, "pkg")],
  ["/js/", join(ROOT, "js")],
  ["/", join(ROOT, "www")],
];
// Never served: the page's sources are bundled into /dist/.
const HIDDEN = [join(ROOT, "www", "src")];

function resolveFile(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    let relative;
    try {
      relative = normalize(decodeURIComponent(urlPath.slice(prefix.length)) || "index.html");
    } catch {
      return null;
    }
    if (relative.startsWith("..") || relative.includes(`${sep}..`)) return null;
    const file = join(dir, relative);
    if (HIDDEN.some((h) => file.startsWith(h + sep))) return null;
    if (existsSync(file) && statSync(file).isFile()) return file;
    return null;
  }
  return null;
}

/** Bundles www/src/main.js (CodeMirror and the page code) into www/dist/; the wasm module stays external. */
export async function buildPage({ minify = true } = {}) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(ROOT, "www", "src", "main.js")],
    outdir: join(ROOT, "www", "dist"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify,
    sourcemap: true,
    // Loaded by URL at runtime: fetched once and stream-compiled by js/web.mjs.
    external: ["/js/web.mjs"],
    logLevel: "warning",
  });
}

async function loadSandbox() {
  // NOSANA_SANDBOX_MODULE: use a sandbox checked out elsewhere (development only).
  const file = process.env.NOSANA_SANDBOX_MODULE ?? join(ROOT, "sandbox", "server.mjs");
  if (!existsSync(file)) throw new Error(`the sandbox is missing: ${file}`);
  return import(pathToFileURL(file).href);
}

/**
 * Serves the playground; resolves once listening.
 * @param {object} [o]
 * @param {number} [o.port] 0 = any free port
 * @param {boolean|object} [o.sandbox] also start the sandbox API (an object is passed to startSandbox)
 * @param {boolean} [o.build] bundle the page first (default true)
 */
export async function startPlayground({ port = 8080, host = "127.0.0.1", sandbox = false, build = true } = {}) {
  if (build) await buildPage();
  let sb = null;
  if (sandbox) {
    const { startSandbox } = await loadSandbox();
    // One clock: the sandbox runs at real time (a faster clock made its times disagree with the page's),
    // and a listed job gets a node after half a second instead. Endpoints get a reserved `.invalid`
    // domain (RFC 2606), so nothing on the sandbox ever links to production hosts.
    const options = {
      port: 0,
      seed: true,
      timeScale: 1,
      queueDelaySeconds: 0.5,
      domain: "node.sandbox.invalid",
      log: () => {},
      ...(sandbox === true ? {} : sandbox),
    };
    if (options.persistFile) mkdirSync(dirname(options.persistFile), { recursive: true });
    sb = await startSandbox(options);
  }
  // What the page needs to talk to the sandbox. The demo wallet is a public throw-away key that only
  // the local sandbox accepts: never use it anywhere else.
  const config = JSON.stringify({
    sandboxUrl: sb?.url ?? null,
    demoWallet: sb?.demoWallet ? { address: sb.demoWallet.address, secretBase58: sb.demoWallet.secretBase58 } : null,
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(config);
      return;
    }
    const file = resolveFile(path);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    // The bundle and the wasm module compress to about a third; streaming compilation still works.
    const gzip =
      /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) &&
      !type.startsWith("image/") &&
      statSync(file).size > 8192;
    res.writeHead(200, {
      "content-type": type,
      "cache-control": "no-cache",
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    const stream = createReadStream(file);
    if (gzip) stream.pipe(createGzip({ level: 6 })).pipe(res);
    else stream.pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  }).catch(async (err) => {
    await sb?.close();
    throw err;
  });
  const { port: actual } = server.address();
  return {
    url: `http://${host}:${actual}/`,
    sandboxUrl: sb?.url ?? null,
    sandbox: sb,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await sb?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(async () => {
    const page = await startPlayground({
      port: Number(process.env.PORT ?? 8080),
      sandbox: {
        port: Number(process.env.SANDBOX_PORT ?? 8787),
        timeScale: Number(process.env.SANDBOX_TIME_SCALE ?? 1),
        persistFile: join(ROOT, ".cache", "sandbox.json"),
        log: (m) => log(m),
      },
    });
    log(`playground:  ${page.url}`);
    log(`sandbox API: ${page.sandboxUrl}/deployments (gateway-style: ${page.sandboxUrl}/api/deployments)`);
    log(`sandbox state: .cache/sandbox.json (delete it to start from the demo data again)`);
    if (page.sandbox?.demoWallet) {
      log(
        `demo wallet ${page.sandbox.demoWallet.address}: a PUBLIC THROW-AWAY key the page signs with; only the local sandbox accepts it`,
      );
    }
    const shutdown = async () => {
      await page.close();
      process.exit(0);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
}
