// The DM's OpenAPI 3.0 document turned into fastify route schemas and ajv validators.
// The real DM validates requests with fastify's ajv (coerceTypes: false, useDefaults, removeAdditional,
// allErrors: false); the sandbox compiles the same schemas with the same options, so its 400 messages
// match. One ajv instance per process: compiling the whole document costs about a second of CPU, and
// tests start many sandboxes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [
  process.env.NOSANA_DM_OPENAPI,
  path.join(HERE, "..", "openapi", "deployment-manager.openapi.json"),
].filter(Boolean);

export function loadOpenApi() {
  for (const p of CANDIDATES) {
    try {
      return { doc: JSON.parse(readFileSync(/** @type {string} */ (p), "utf8")), file: p };
    } catch {
      /* next */
    }
  }
  return null;
}

/** Rewrite local component refs so they resolve against the registered components document. */
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `oas.json${v}` : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

/**
 * @typedef {{ params?: object, querystring?: object, headers?: object, body?: object }} RouteSchema fastify's `schema` route option
 * @typedef {{ schema: RouteSchema, responses: Record<string, object>, has400: boolean }} Operation
 */

/**
 * One entry per operation, keyed "METHOD /path/{param}": the request parts as fastify route schemas,
 * the JSON response schemas by status, and whether the DM answers its 400s with a bare "Bad Request".
 * @returns {Map<string, Operation>}
 */
export function operationsOf(doc) {
  const ops = new Map();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      /** @type {Record<string, any>} */
      const parts = {};
      const partOf = { path: "params", query: "querystring", header: "headers" };
      for (const prm of op.parameters ?? []) {
        const g = (parts[partOf[prm.in]] ??= { type: "object", properties: {}, required: [] });
        const name = prm.in === "header" ? prm.name.toLowerCase() : prm.name;
        g.properties[name] = rewriteRefs(prm.schema ?? {});
        if (prm.required) g.required.push(name);
      }
      const body = op.requestBody?.content?.["application/json"]?.schema;
      if (body) parts.body = rewriteRefs(body);
      const responses = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const s = r.content?.["application/json"]?.schema;
        if (s && Object.keys(s).some((k) => k !== "description")) responses[status] = rewriteRefs(s);
      }
      ops.set(`${method.toUpperCase()} ${p}`, { schema: parts, responses, has400: !!op.responses?.["400"] });
    }
  }
  return ops;
}

/**
 * @typedef {((data: any) => boolean) & { errors?: any[] | null }} Validator
 * @typedef {{ file: string, operations: Map<string, Operation>, warnings: string[],
 *   validator: (schema: object, where: string) => Validator,
 *   responseValidator: (op: string, status: number|string) => Validator | null,
 *   compileAll: () => string[] }} OpenApi
 */

/** @type {OpenApi | null | undefined} */
let shared;

/** The document, its operations and a validator factory, built once per process. Null without the document. */
export function openApi() {
  if (shared !== undefined) return shared;
  const loaded = loadOpenApi();
  if (!loaded) return (shared = null);
  const { doc, file } = loaded;
  const warnings = [];
  const ajv = new Ajv({
    coerceTypes: false,
    useDefaults: true,
    removeAdditional: true,
    allErrors: false,
    strict: false,
    validateFormats: true,
  });
  addFormats(ajv);
  ajv.addSchema({ $id: "oas.json", components: rewriteRefs(doc.components) });
  /** @type {Map<string, Validator>} compiled validators by schema text */
  const cache = new Map();
  const compile = (schema, where) => {
    const key = JSON.stringify(schema);
    let fn = cache.get(key);
    if (fn) return fn;
    try {
      fn = ajv.compile(schema);
    } catch (err) {
      warnings.push(`cannot compile ${where}: ${err.message} (not validated)`);
      fn = Object.assign(() => true, { errors: null });
    }
    cache.set(key, fn);
    return fn;
  };
  /** Compiled at the first call, so that a sandbox starts without compiling the whole document. */
  const validator = (schema, where) => {
    let fn;
    /** @type {Validator} */
    const v = (data) => {
      fn ??= compile(schema, where);
      const ok = fn(data);
      v.errors = fn.errors;
      return ok;
    };
    v.compile = () => {
      fn ??= compile(schema, where);
    };
    return v;
  };
  const operations = operationsOf(doc);
  const responseValidators = new Map();
  const responseValidator = (op, status) => {
    const schema = operations.get(op)?.responses[String(status)];
    if (!schema) return null;
    const key = `${op} ${status}`;
    if (!responseValidators.has(key)) responseValidators.set(key, validator(schema, `${op} response ${status}`));
    return responseValidators.get(key);
  };
  const compileAll = () => {
    for (const [op, o] of operations) {
      for (const [part, schema] of Object.entries(o.schema)) compile(schema, `${op} ${part}`);
      for (const [status, schema] of Object.entries(o.responses)) compile(schema, `${op} response ${status}`);
    }
    return warnings;
  };
  return (shared = { file, operations, warnings, validator, responseValidator, compileAll });
}

/** fastify's defaultSchemaErrorFormatter */
export function formatAjvErrors(errors, dataVar) {
  return (errors ?? []).map((e) => `${dataVar}${e.instancePath || ""} ${e.message}`).join(", ");
}
