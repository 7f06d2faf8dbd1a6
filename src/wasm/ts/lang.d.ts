/** What a completion inserts. */
export type CompletionKind = "key" | "value" | "opId" | "literal" | "image";

/** One completion at a cursor. */
export interface Completion {
  /** What to show in the list. */
  label: string;
  kind: CompletionKind;
  /** The type, with limits, e.g. `"integer (1–65535), required"`. */
  detail: string;
  /** The spec's description of the field or value (may be empty). */
  documentation: string;
  /** What replaces `range`. With `snippet`, it uses the snippet syntax of LSP, Monaco and CodeMirror (`$1`, `${1:default}`). */
  insertText: string;
  snippet: boolean;
  /** The text the completion replaces (the token under the cursor, or an empty range at it). */
  range: Range;
}

/** What to show when hovering a key or value. */
export interface HoverInfo {
  /** Markdown: the name, its type and limits, whether it is required, and the spec's description. */
  contents: string;
  /** The key or value it is about. */
  range: Range;
}

/** A JSON Schema (draft 2020-12) document. */
export type JsonSchema = Record<string, unknown>;

/**
 * Applies the first fix of each issue to `text` and returns the new text. A fix that overlaps or
 * touches one already applied is left out (validate again and apply the rest); the result of
 * fixes made by `validate*` for this text is always valid JSON. Pass the issues of a `validate*`
 * call on this same `text`. Throws a `TypeError` on an argument of the wrong shape.
 */
export function applyFixes(text: string, issues: ReadonlyArray<Pick<Issue, "fixes">>): string;

/**
 * Completions at `offset` (UTF-16 code units) of a job definition or a create-deployment body
 * (a document whose top level has `job_definition`, `market`, `replicas`, `strategy`, `vault`,
 * `idempotency_key`, `requirements`, `ssh_public_keys` or `startup_timeout`, and no `ops`). Works on broken, half-typed text. The list is not filtered by what is typed:
 * editors filter and rank it.
 */
export function completionsAt(text: string, offset: number): Completion[];

/** The description, type and limits of the key or value at `offset` (UTF-16), or `null`. */
export function hoverAt(text: string, offset: number): HoverInfo | null;

/** The JSON Schema (2020-12) of job definitions, generated from the same model as completion and hover (also shipped as `schema/job-definition.schema.json`). */
export function jobDefinitionJsonSchema(): JsonSchema;

/** The JSON Schema (2020-12) of create-deployment bodies (also shipped as `schema/deployment.schema.json`). */
export function deploymentJsonSchema(): JsonSchema;
