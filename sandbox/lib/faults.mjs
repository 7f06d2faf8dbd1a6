// Injected faults (sandbox/README.md "Faults"): which ones apply to a request, and their counts.

/**
 * @typedef {object} Fault
 * @property {'latency'|'status'|'drop'|'drop-after-commit'|'malformed'|'content-type'|'truncate'|'drip'|'sse-reset'} type
 * @property {string} [route] substring of "METHOD /path" (path without the /api prefix); all routes when omitted
 * @property {number} [count] how many times it fires (unlimited when omitted)
 * @property {number} [ms] latency (latency) / delay before reset (sse-reset)
 * @property {number} [status] status code (status; default 503)
 * @property {string} [body] response body override (status, content-type)
 * @property {string} [contentType] content type (content-type fault; default text/html)
 * @property {number} [chunkSize] drip chunk size in bytes (default 16)
 * @property {number} [intervalMs] drip interval (default 50)
 */

/** @param {Fault[]} [initial] */
export function createFaults(initial = []) {
  /** @type {Fault[]} */
  let list = structuredClone(initial);
  return {
    get list() { return list; },
    /** @param {Fault[]} next */
    set(next) { list = structuredClone(next); },
    /**
     * The faults for one request: the sum of the matching latencies, and the first other matching
     * fault (sse-reset only for streams). Counts are spent here.
     * @param {string} key "METHOD /path" @param {boolean} isStream
     */
    take(key, isStream) {
      let latency = 0;
      /** @type {Fault|null} */
      let action = null;
      for (const f of list) {
        if (f.count !== undefined && f.count <= 0) continue;
        if (f.route && !key.includes(f.route)) continue;
        if (f.type === 'latency') { latency += f.ms ?? 100; if (f.count !== undefined) f.count--; continue; }
        if (f.type === 'sse-reset' && !isStream) continue;
        if (!action) { action = f; if (f.count !== undefined) f.count--; }
      }
      return { latency, action };
    },
  };
}
