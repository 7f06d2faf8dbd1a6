// The request log behind GET /_sandbox/requests: every API request in the order it arrived, as
// {method, path, query, contentType, body}, so that client tests can check exactly what was sent.
// Control routes (/_sandbox/...) and CORS preflights are not recorded.

/** Oldest entries are dropped beyond this many, so a long-running sandbox does not grow without end. */
export const REQUEST_LOG_LIMIT = 10_000;

/**
 * @typedef {{ method: string, path: string, query: Record<string, any>, contentType: string|null, body: any }} LoggedRequest
 * `path` is the path as received (an `/api` prefix kept); `body` is the parsed JSON when the text is
 * JSON (whatever its label), the text otherwise, and null when no body was sent.
 */

export function createRequestLog() {
  /** @type {LoggedRequest[]} */
  let entries = [];
  return {
    get entries() { return entries; },
    clear() { entries = []; },
    /**
     * Record a request as it arrives; the body is filled in by `setBody` once it has been read.
     * @param {import('node:http').IncomingMessage} raw @param {string} originalUrl the URL before the `/api` rewrite
     * @returns {LoggedRequest}
     */
    add(raw, originalUrl) {
      const url = new URL(originalUrl, 'http://sandbox.invalid');
      /** @type {Record<string, string|string[]>} */
      const query = {};
      for (const [k, v] of url.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      const contentType = raw.headers['content-type'];
      const entry = { method: String(raw.method), path: url.pathname, query, contentType: contentType === undefined ? null : String(contentType), body: null };
      entries.push(entry);
      if (entries.length > REQUEST_LOG_LIMIT) entries = entries.slice(entries.length - REQUEST_LOG_LIMIT);
      return entry;
    },
    /** @param {LoggedRequest|null|undefined} entry @param {string} text the raw body */
    setBody(entry, text) {
      if (!entry || text === '') return;
      try { entry.body = JSON.parse(text); } catch { entry.body = text; }
    },
  };
}
