// The fastify instance the DM runs on, configured like the DM: 1 MiB bodies, JSON parsed by the
// sandbox (invalid JSON → 500), any other content type kept as a string, schema errors and handler
// errors answered with the DM's bodies, fastify's 404 body, CORS preflights, and both path styles
// (/deployments/... as the DM itself, /api/deployments/... as the public gateway). Every API request
// is recorded in the request log (GET /_sandbox/requests) as it arrives, its body once read.
import Fastify from 'fastify';
import { HttpError, internalError } from './errors.mjs';
import { preflightRoute } from './cors.mjs';
import { respond } from './respond.mjs';
import { sendChecked } from './api.mjs';
import { validatorCompiler, schemaErrorFormatter, validationBody } from './validation.mjs';

export const BODY_LIMIT = 1024 * 1024;

/** Thrown by the JSON body parser; the error handler answers 500 like the DM. */
class InvalidJsonError extends Error {}

/**
 * @param {{ oas: import('../openapi.mjs').OpenApi, strict: ReturnType<typeof import('./strict.mjs').createStrict>,
 *   strictMode: boolean, corsAllowAllMethods: boolean, log: (m: string) => void,
 *   requestLog: ReturnType<typeof import('../requestlog.mjs').createRequestLog> }} o
 */
export function createApp({ oas, strict, strictMode, corsAllowAllMethods, log, requestLog }) {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    rewriteUrl: (req) => {
      const url = req.url ?? '/';
      if (url !== '/api' && !url.startsWith('/api/') && !url.startsWith('/api?')) return url;
      const rest = url.slice(4);
      return rest.startsWith('/') ? rest : `/${rest}`;
    },
    schemaErrorFormatter,
  });
  app.setValidatorCompiler(validatorCompiler(oas));
  app.decorateRequest('fault', null);
  app.decorateRequest('user', '');
  app.decorateRequest('deployment', null);
  app.decorateRequest('logEntry', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.control || request.method === 'OPTIONS') return;
    request.logEntry = requestLog.add(request.raw, request.originalUrl);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    requestLog.setBody(request.logEntry, /** @type {string} */ (text));
    if (text === '') { done(null, undefined); return; } // no body (how the DM treats it is unverified)
    try { done(null, JSON.parse(/** @type {string} */ (text))); } catch { done(new InvalidJsonError('invalid JSON body'), undefined); }
  });
  // the DM parses other content types as a plain string (→ "body must be object")
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    requestLog.setBody(request.logEntry, /** @type {string} */ (text));
    done(null, text === '' ? undefined : text);
  });

  app.setErrorHandler((err, request, reply) => {
    const config = request.routeOptions.config ?? {};
    const op = config.op;
    if (config.control) {
      return respond(request, reply, err instanceof InvalidJsonError ? 400 : 500, { error: err instanceof InvalidJsonError ? 'invalid JSON' : 'Internal Server Error' });
    }
    const answer = (status, body, contentType) => sendChecked(request, reply, status, body, contentType, strict);
    const refused = (message) => { if (strictMode) strict.violation({ kind: 'request', route: op, message }); };
    if (err instanceof HttpError) {
      return typeof err.body === 'string' ? answer(err.status, err.body, 'text/plain; charset=utf-8') : answer(err.status, err.body);
    }
    if (err.validation) {
      strict.violation({ kind: 'request', route: op, message: err.message });
      return answer(400, validationBody(config.has400, err.message));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      refused('body larger than 1 MiB');
      request.raw.resume(); // drain the rest, so that the client reads the answer instead of a reset
      return answer(413, { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', error: 'Payload Too Large', message: 'Request body is too large' });
    }
    if (err instanceof InvalidJsonError) {
      refused('invalid JSON body');
      return answer(500, internalError().body);
    }
    log(`sandbox: handler error on ${request.method} ${request.url}: ${err?.stack ?? err}`);
    return answer(500, internalError().body);
  });

  app.setNotFoundHandler((request, reply) => respond(request, reply, 404,
    { message: `Route ${request.method}:${request.originalUrl} not found`, error: 'Not Found', statusCode: 404 }));

  app.route(preflightRoute(corsAllowAllMethods));
  // a guess at the DM's body
  app.get('/health', (request, reply) => respond(request, reply, 200, { status: 'ok' }));
  return app;
}
