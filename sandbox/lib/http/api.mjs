// Registers the API routes on fastify: per route, the faults, auth, the OpenAPI schemas, the
// job-definition check, loading the deployment, and the handler's answer (checked in strict mode).
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from './auth.mjs';
import { fail, archived } from './errors.mjs';
import { respond } from './respond.mjs';
import { jobDefinitionError } from './validation.mjs';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {import('../routes/types.mjs').RouteDef[]} defs
 * @param {{ state: import('../state.mjs').SandboxState, oas: import('../openapi.mjs').OpenApi,
 *   faults: ReturnType<typeof import('../faults.mjs').createFaults>, strict: ReturnType<typeof import('./strict.mjs').createStrict>,
 *   strictMode: boolean, apiKeys: Map<string, string> }} o
 */
export function registerApi(app, defs, { state, oas, faults, strict, strictMode, apiKeys }) {
  for (const def of defs) {
    const op = `${def.method} ${def.url.replace(/:(\w+)/g, '{$1}')}`;
    const operation = oas.operations.get(op);
    app.route({
      method: def.method,
      url: def.url,
      schema: operation ? structuredClone(operation.schema) : undefined,
      config: { op, has400: !!operation?.has400 },
      // the DM's `defaultEmptyBody` preValidation: a missing body counts as {} (duplicate)
      ...(def.defaultEmptyBody ? { async preValidation(request) { if (request.body === undefined) request.body = {}; } } : {}),
      async onRequest(request) {
        const path = request.url.split('?')[0];
        const { latency, action } = faults.take(`${request.method} ${path}`, !!def.stream);
        if (latency) await sleep(latency);
        request.fault = action;
        // auth runs before the body is read or validated, as in the DM
        request.user = authenticate(request.headers, (why) => {
          if (strictMode) strict.violation({ kind: 'request', route: op, message: `auth: ${why}` });
        }, apiKeys);
        // the client manager forwards an API-key call with the owner's identity
        request.headers['x-user-id'] = request.user;
      },
      async preHandler(request) {
        const err = jobDefinitionError(op, request.body);
        if (err) throw err;
        if (!def.load) return;
        const d = state.deployment(request.params.deployment);
        if (!d || d.owner !== request.user) throw fail(404, 'Deployment not found.');
        if (def.active && d.status === 'ARCHIVED') throw archived();
        request.deployment = d;
      },
      async handler(request, reply) {
        const ctx = { request, reply, params: request.params, query: request.query, body: request.body, user: request.user, deployment: request.deployment };
        const out = await def.handler(ctx);
        if (out === undefined) return reply; // the handler wrote the raw response (SSE)
        return sendChecked(request, reply, out.status ?? 200, out.body, undefined, strict);
      },
    });
  }
}

/** Answer, validating the response against the document first (strict mode). */
export function sendChecked(request, reply, status, body, contentType, strict) {
  const op = request.routeOptions.config?.op;
  if (op) strict.checkResponse(op, status, body, contentType ?? 'application/json');
  return respond(request, reply, status, body, contentType);
}
