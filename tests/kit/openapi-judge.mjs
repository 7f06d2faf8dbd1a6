// The OpenAPI document as a judge of HTTP answers: finds the operation of a request (the DM's own
// paths; the gateway's /api prefix stripped) and validates the JSON body against the response schema
// the document declares for its status. Its own ajv instance, compiled straight from the document, so
// it shares no code with the sandbox's request validation.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const DOC_URL = new URL('../../sandbox/openapi/deployment-manager.openapi.json', import.meta.url);

export function createJudge() {
  const doc = JSON.parse(readFileSync(DOC_URL, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, 'oas');
  const refs = (node) => (Array.isArray(node) ? node.map(refs) : node && typeof node === 'object'
    ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `oas${v}` : refs(v)])) : node);
  const routes = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) routes.push({ method: method.toUpperCase(), template, pattern, op });
  }
  const cache = new Map();
  return {
    /**
     * Judge one answer; returns `{operation, errors}` with `errors` empty when the body matches.
     * @param {string} method @param {string} path @param {number} status @param {string|null} contentType @param {any} body
     */
    check(method, path, status, contentType, body) {
      const bare = path.replace(/^\/api(?=\/)/, '');
      // a static segment wins over a parameter, as in fastify (…/vaults/create before …/{deployment})
      const matches = routes.filter((r) => r.method === method && r.pattern.test(bare));
      const route = matches.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0))[0];
      if (!route) return { operation: `${method} ${bare}`, errors: ['no operation in the document'] };
      const operation = `${method} ${route.template}`;
      const response = route.op.responses?.[String(status)];
      if (!response) return { operation, errors: [`status ${status} is not declared`] };
      const schema = response.content?.['application/json']?.schema;
      if (!schema || status === 204) return { operation, errors: body === undefined || body === '' ? [] : [`status ${status} declares no body`] };
      if (!contentType?.startsWith('application/json')) return { operation, errors: [`content type ${contentType}, not JSON`] };
      const key = `${operation} ${status}`;
      if (!cache.has(key)) cache.set(key, ajv.compile(refs(schema)));
      const validate = cache.get(key);
      return { operation, errors: validate(body) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`) };
    },
  };
}
