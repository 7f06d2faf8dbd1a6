// Writes one API response: the request's fault (if any) is applied here, on the way out, so the
// handler has already run (a `status` fault on create still creates, as a gateway error would).
import { corsHeaders } from './cors.mjs';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * @param {import('fastify').FastifyRequest & { fault?: import('../faults.mjs').Fault | null }} request
 * @param {import('fastify').FastifyReply} reply
 * @param {number} status @param {any} body @param {string} [contentType]
 */
export function respond(request, reply, status, body, contentType = JSON_TYPE) {
  if (reply.sent || reply.raw.destroyed) return reply;
  let text = body === undefined ? '' : typeof body === 'string' && !contentType.startsWith('application/json') ? body : JSON.stringify(body);
  /** @type {Record<string, string|number>} */
  const headers = corsHeaders(request.raw);
  if (status !== 204) headers['content-type'] = contentType;
  const f = request.fault;
  if (f && f.type !== 'sse-reset') {
    if (f.type === 'status') {
      status = f.status ?? 503;
      text = f.body ?? JSON.stringify({ error: status >= 500 ? 'Internal Server Error' : 'Bad Request' });
      headers['content-type'] = f.contentType ?? JSON_TYPE;
    } else if (f.type === 'content-type') {
      headers['content-type'] = f.contentType ?? 'text/html; charset=utf-8';
      if (f.body !== undefined) text = f.body;
    } else if (f.type === 'malformed') {
      text = text.length > 2 ? `${text.slice(0, Math.ceil(text.length / 2))}<<malformed` : '{"error":';
    } else if (f.type === 'drop-after-commit') {
      // the handler has committed its change; the caller never hears of it (a response lost on the way)
      reply.hijack();
      reply.raw.socket?.destroy();
      return reply;
    } else if (f.type === 'drop' || f.type === 'truncate' || f.type === 'drip') {
      writeBroken(reply, f, status, headers, Buffer.from(text || (f.type === 'drip' ? '' : '{}')));
      return reply;
    }
  }
  reply.code(status).headers(headers);
  return status === 204 ? reply.send() : reply.send(text);
}

/** The faults that break the transport itself: written on the raw socket, outside fastify. */
function writeBroken(reply, f, status, headers, buf) {
  reply.hijack();
  const res = reply.raw;
  if (f.type === 'drop') {
    // more bytes promised than ever sent, then the socket goes
    res.writeHead(status, { ...headers, 'content-length': buf.length + 64 });
    res.write(buf.subarray(0, Math.floor(buf.length / 2)));
    setImmediate(() => res.socket?.destroy());
  } else if (f.type === 'truncate') {
    res.writeHead(status, { ...headers, 'content-length': buf.length });
    res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.end());
  } else {
    res.writeHead(status, { ...headers, 'content-length': buf.length });
    const size = f.chunkSize ?? 16;
    let off = 0;
    const step = () => {
      if (res.destroyed) return;
      if (off >= buf.length) { res.end(); return; }
      res.write(buf.subarray(off, off + size)); off += size;
      setTimeout(step, f.intervalMs ?? 50).unref?.();
    };
    step();
  }
}
