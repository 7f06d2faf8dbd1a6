// Request/response validation against the DM's OpenAPI 3.0 document, with ajv.
// The same compiled request schemas are what the real fastify server validates with
// (ajv, coerceTypes: false, useDefaults: true, allErrors: false), so the 400 messages match.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [
  process.env.NOSANA_DM_OPENAPI,
  path.join(HERE, '..', 'openapi', 'deployment-manager.openapi.json'),
].filter(Boolean);

export function loadOpenApi() {
  for (const p of CANDIDATES) {
    try { return { doc: JSON.parse(readFileSync(/** @type {string} */ (p), 'utf8')), file: p }; } catch { /* next */ }
  }
  return null;
}

/** Rewrite local component refs so they resolve against the registered document. */
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `oas.json${v}` : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

/**
 * @typedef {{ validate: (d:any)=>boolean, errors?: any[] } | null} Check
 * @typedef {{ params: Check, querystring: Check, headers: Check, body: Check, responses: Record<string, Check>, has400: boolean }} RouteSchemas
 */

/**
 * Compile every operation. Returns null when ajv is not installed.
 * @returns {Promise<{ routes: Map<string, RouteSchemas>, warnings: string[], file: string } | null>}
 */
export function compileOpenApi() {
  cached ??= compileOpenApiUncached();
  return cached;
}
/** @type {Promise<any>|null} compiled once per process: ajv compilation of the document takes ~0.7 s */
let cached = null;

async function compileOpenApiUncached() {
  let Ajv, addFormats;
  try {
    Ajv = (await import('ajv')).default;
    try { addFormats = (await import('ajv-formats')).default; } catch { addFormats = null; }
  } catch { return null; }
  const loaded = loadOpenApi();
  if (!loaded) return null;
  const { doc, file } = loaded;
  const warnings = [];
  // fastify's defaults, with the DM's coerceTypes: false
  const ajv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: false, strict: false, validateFormats: true });
  if (addFormats) addFormats(ajv);
  else {
    warnings.push('ajv-formats is not installed: using a simplified date-time format check');
    ajv.addFormat('date-time', (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  }
  ajv.addSchema({ $id: 'oas.json', components: rewriteRefs(doc.components) });
  const compile = (schema, where) => {
    try { return ajv.compile(rewriteRefs(schema)); } catch (err) {
      warnings.push(`cannot compile ${where}: ${err.message} (not validated)`);
      return null;
    }
  };
  const routes = new Map();
  /** Lazily compiled (compiling the whole document eagerly costs ~1 s of CPU); `compileAll` forces it. */
  const lazy = (schema, where) => {
    let fn; let done = false;
    return () => { if (!done) { done = true; fn = schema ? compile(schema, where) : null; } return fn; };
  };
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${p}`;
      /** @type {Record<string, any>} */
      const groups = { path: null, query: null, header: null };
      for (const prm of op.parameters ?? []) {
        const g = (groups[prm.in] ??= { type: 'object', properties: {}, required: [] });
        const name = prm.in === 'header' ? prm.name.toLowerCase() : prm.name;
        g.properties[name] = prm.schema ?? {};
        if (prm.required) g.required.push(name);
      }
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const getters = {
        params: lazy(groups.path, `${key} params`),
        querystring: lazy(groups.query, `${key} querystring`),
        headers: lazy(groups.header, `${key} headers`),
        body: lazy(bodySchema, `${key} body`),
      };
      const responseGetters = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const s = r.content?.['application/json']?.schema;
        if (s && Object.keys(s).some((k) => k !== 'description')) responseGetters[status] = lazy(s, `${key} response ${status}`);
      }
      const responses = new Proxy({}, { get: (_, status) => responseGetters[String(status)]?.() ?? null });
      routes.set(key, {
        get params() { return getters.params(); },
        get querystring() { return getters.querystring(); },
        get headers() { return getters.headers(); },
        get body() { return getters.body(); },
        responses,
        has400: !!op.responses?.['400'],
        compileAll() { Object.values(getters).forEach((g) => g()); Object.values(responseGetters).forEach((g) => g()); },
      });
    }
  }
  const compileAll = () => { for (const r of routes.values()) r.compileAll(); return warnings; };
  return { routes, warnings, file, compileAll };
}

/** fastify's defaultSchemaErrorFormatter */
export function formatAjvErrors(errors, dataVar) {
  return (errors ?? []).map((e) => `${dataVar}${e.instancePath || ''} ${e.message}`).join(', ');
}
