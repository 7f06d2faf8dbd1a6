// Every call the page makes to the Deployments API goes through this module.
// Interim implementation with plain fetch (the library's DeploymentsClient replaces it).
import { authHeaders } from "./wallet.js";
export class ApiError extends Error {
  constructor(message, { status = 0, body = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {{ baseUrl: string, wallet?: { address: string, signMessage(b: Uint8Array): Promise<Uint8Array> }, headers?: Record<string, string>, timeoutMs?: number }} o
 *   baseUrl: where `/deployments/...` lives (the sandbox's URL, or a gateway such as https://dashboard.k8s.prd.nos.ci/api);
 *   wallet: signs the `authorization` header (one signature, reused); headers: a pre-signed `x-user-id`/`authorization` pair instead.
 */
export function createApi({ baseUrl, wallet, headers, timeoutMs = 15_000 }) {
  const root = `${baseUrl.replace(/\/+$/, "")}/deployments`;
  let signed = null;
  const auth = async () => (wallet ? (signed ??= authHeaders(wallet)) : headers ?? {});

  async function call(method, path, { body, query, signal } = {}) {
    const url = new URL(root + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    const headers = { ...(await auth()) };
    if (body !== undefined) headers["content-type"] = "application/json";
    const timeout = AbortSignal.timeout(timeoutMs);
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    }).catch((err) => {
      throw new ApiError(err.name === "TimeoutError" ? `${method} ${path}: no answer within ${timeoutMs / 1000} s` : `${method} ${path}: ${err.message}`);
    });
    if (res.status === 204) return null;
    const text = await res.text();
    let data = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* text body (401) */
    }
    if (!res.ok) {
      const detail = (data && typeof data === "object" && (data.message ?? data.error)) || text || res.statusText;
      throw new ApiError(`${method} ${path}: ${res.status} ${detail}`, { status: res.status, body: data });
    }
    return data;
  }

  const id = (d) => `/${encodeURIComponent(d)}`;
  return {
    list: (filters = {}) => call("GET", "", { query: { limit: 100, ...filters } }),
    get: (d) => call("GET", id(d)),
    create: (body) => call("POST", "/create", { body }),
    start: (d) => call("POST", `${id(d)}/start`),
    stop: (d) => call("POST", `${id(d)}/stop`),
    archive: (d) => call("POST", `${id(d)}/archive`),
    delete: (d) => call("DELETE", id(d)),
    rename: (d, name) => call("PATCH", `${id(d)}/update-name`, { body: { name } }),
    updateReplicaCount: (d, replicas) => call("PATCH", `${id(d)}/update-replica-count`, { body: { replicas } }),
    updateTimeout: (d, timeout) => call("PATCH", `${id(d)}/update-timeout`, { body: { timeout } }),
    updateSchedule: (d, schedule) => call("PATCH", `${id(d)}/update-schedule`, { body: { schedule } }),
    close() {},
    jobs: (d) => call("GET", `${id(d)}/jobs`, { query: { limit: 20 } }),
    events: (d) => call("GET", `${id(d)}/events`, { query: { limit: 20 } }),
    revisions: (d) => call("GET", `${id(d)}/revisions`, { query: { limit: 20 } }),
    /**
     * The live stream (§4.6) as an async iterator of parsed frames. Ends when `signal` aborts or the
     * server closes the stream; the caller reconnects.
     */
    async *watch(d, { signal } = {}) {
      const res = await fetch(`${root}${id(d)}/stream`, { headers: await auth(), signal });
      if (!res.ok || !res.body) throw new ApiError(`stream: ${res.status}`, { status: res.status });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
            const data = block
              .split(/\r?\n/)
              .filter((l) => l.startsWith("data:"))
              .map((l) => l.slice(5).replace(/^ /, ""))
              .join("\n");
            if (data) {
              try {
                yield JSON.parse(data);
              } catch {
                /* not JSON: skip */
              }
            }
          }
        }
      } finally {
        reader.cancel().catch(() => {});
      }
    },
  };
}
