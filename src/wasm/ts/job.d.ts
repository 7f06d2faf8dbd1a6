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
 * Limits, each reported as an issue: documents up to 10 MiB of UTF-8 (`documentTooLarge`; a longer
 * string is refused before it is copied), strings and keys up to 1 MiB (`stringTooLong`), nesting
 * below 128 levels (`nestingTooDeep`), up to 1,000 ops (`tooManyOps`); a report lists at most 1,000
 * issues, the last one then being `tooManyIssues`.
 * Throws only on misuse (an unknown option, a value that has no JSON form).
 */
export function validateJobDefinition(input: string | object, options?: ValidateOptions): ValidationResult;

/**
 * The job definition validator as a Standard Schema v1 object (errors only). Create it once.
 * A string is parsed as JSON text; on success `value` is the parsed object.
 */
export function jobDefinitionStandardSchema(): StandardSchemaV1<unknown, JobDefinition>;
