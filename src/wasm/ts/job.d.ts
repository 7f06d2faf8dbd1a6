/**
 * A Nosana job definition (version "0.1"). Typed loosely on purpose: validation, not the type system,
 * is what tells you whether a document is right — use `validateJobDefinition`.
 */
export interface JobDefinition {
  version: string;
  type: string;
  ops: Array<{ id: string; type: string; args: Record<string, unknown>; [key: string]: unknown }>;
  [key: string]: unknown;
}

/**
 * Validates a job definition: all problems at once. Pass JSON text to get source ranges
 * (and `invalidJson` issues for syntax errors), or an already-parsed object.
 * Throws only on misuse (an unknown option, a value that has no JSON form).
 */
export function validateJobDefinition(input: string | object, options?: ValidateOptions): ValidationResult;

/**
 * The job definition validator as a Standard Schema v1 object (errors only). Create it once.
 * A string is parsed as JSON text; on success `value` is the parsed object.
 */
export function jobDefinitionStandardSchema(): StandardSchemaV1<unknown, JobDefinition>;
