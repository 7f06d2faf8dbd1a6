// Request validation: fastify runs the route schemas generated from the OpenAPI document (params,
// body, querystring, headers, in that order) with the process-wide ajv; the typia-style
// job-definition check of create / create-revision runs after them.
import { checkJobDefinition } from "../jobdef.mjs";
import { formatAjvErrors } from "../openapi.mjs";

/** fastify's validatorCompiler hook, backed by the shared, lazily compiling validators. */
export function validatorCompiler(oas) {
  return ({ schema, method, url, httpPart }) => oas.validator(schema, `${method} ${url} ${httpPart}`);
}

/** fastify's schemaErrorFormatter: the same text as fastify's default ("body/name must ..."). */
export function schemaErrorFormatter(errors, dataVar) {
  return new Error(formatAjvErrors(errors, dataVar));
}

/** A validation failure the way fastify reports one (the error handler answers it). */
export function validationError(message) {
  return Object.assign(new Error(message), { validation: [], validationContext: "body", statusCode: 400 });
}

/**
 * The DM's typia check of a job definition, which its route schemas leave to the handler.
 * @param {string} op @param {any} body @returns {Error|null}
 */
export function jobDefinitionError(op, body) {
  if (op === "POST /deployments/create") {
    const errs = checkJobDefinition(body?.job_definition);
    return errs.length
      ? validationError(errs.map((e) => `job_definition${e.path.slice(6)}: ${e.expected}`).join(", "))
      : null;
  }
  if (op === "POST /deployments/{deployment}/create-revision") {
    const errs = checkJobDefinition(body);
    return errs.length ? validationError(errs.map((e) => `${e.path}: ${e.expected}`).join(", ")) : null;
  }
  return null;
}

/** The 400 body: a bare "Bad Request" on routes whose document declares a 400, fastify's otherwise. */
export function validationBody(has400, message) {
  return has400
    ? { error: "Bad Request" }
    : { statusCode: 400, code: "FST_ERR_VALIDATION", error: "Bad Request", message };
}
