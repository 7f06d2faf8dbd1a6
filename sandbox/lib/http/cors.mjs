// CORS as the DM does it: the origin and the requested headers reflected, credentials off.

/** @param {import('node:http').IncomingMessage} raw */
export function corsHeaders(raw) {
  /** @type {Record<string,string>} */
  const h = {};
  if (raw.headers.origin) {
    h["access-control-allow-origin"] = raw.headers.origin;
    h.vary = "Origin";
  }
  return h;
}

/**
 * The preflight answer for every path.
 * @param {boolean} allowAllMethods also allow PUT, PATCH and DELETE (the DM allows GET,HEAD,POST)
 */
export function preflightRoute(allowAllMethods) {
  return {
    method: "OPTIONS",
    url: "*",
    handler(request, reply) {
      const raw = request.raw;
      const h = {
        ...corsHeaders(raw),
        "access-control-allow-methods": allowAllMethods ? "GET,HEAD,POST,PUT,PATCH,DELETE" : "GET,HEAD,POST",
      };
      if (raw.headers["access-control-request-headers"]) {
        h["access-control-allow-headers"] = String(raw.headers["access-control-request-headers"]);
        h.vary = h.vary ? `${h.vary}, Access-Control-Request-Headers` : "Access-Control-Request-Headers";
      }
      reply.code(204).headers(h).send();
    },
  };
}
