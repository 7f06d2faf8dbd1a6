// GET /deployments/:deployment/stream: the SSE route, written on the raw response.
import { corsHeaders } from "../http/cors.mjs";

/** @param {import('./types.mjs').Deps} deps */
export function streamRoutes({ streams }) {
  return [
    {
      method: "GET",
      url: "/deployments/:deployment/stream",
      load: true,
      stream: true,
      handler(ctx) {
        const { request, reply } = ctx;
        const f = request.fault;
        // any other fault answers a (faulted) JSON body instead of a stream
        if (f && f.type !== "sse-reset") return { body: { error: "fault" } };
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          ...corsHeaders(request.raw),
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        res.flushHeaders?.();
        streams.attach(res, ctx.deployment, f?.type === "sse-reset" ? (f.ms ?? 0) : null);
        return undefined;
      },
    },
  ];
}
