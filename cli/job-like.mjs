// The job-definition check of a directory walk: does a found file look like a job definition or
// a deployment body? Loaded alone by the worker threads (cli/lint-worker.mjs), which check a
// walked file and lint it from one read.
import { createRequire } from "node:module";
import { readTextFile } from "./read.mjs";
import { DEFAULT_MAX_BYTES } from "./text.mjs";

// The yaml package loads only when a YAML file is looked at (as in cli/lint-text.mjs).
const parseYamlText = (text) =>
  createRequire(import.meta.url)("yaml").parse(text, { maxAliasCount: 1000, logLevel: "error" });

/**
 * Why a file found by a directory walk is not a job definition or deployment body, or undefined
 * when it looks like one: a JSON or YAML object with `ops`, `type` and `version`, or
 * `job_definition` at the top. A file that does not parse is judged by its text, so a broken job
 * definition is still linted (and its syntax error reported); so is one that cannot be read.
 */
export function notJobLike(file, maxBytes = DEFAULT_MAX_BYTES) {
  let text;
  try {
    // Too large, not a regular file, unreadable, binary or not UTF-8: linted, so that the lint
    // step reports why it cannot be read rather than the file being passed over in silence.
    text = readTextFile(file, maxBytes);
  } catch {
    return undefined;
  }
  return notJobLikeText(text, file);
}

/** notJobLike of a file already read: `text` is its content, `file` its path (for the language). */
export function notJobLikeText(text, file) {
  const yaml = /\.ya?ml$/i.test(file);
  let value;
  try {
    value = yaml ? parseYamlText(text) : JSON.parse(text);
  } catch {
    return looksJobLike(text, yaml) ? undefined : "does not parse and does not look like a job definition";
  }
  if (isJobLike(value)) return undefined;
  return "not a job definition or deployment (no top-level `ops`, `type` and `version`, or `job_definition`)";
}

function isJobLike(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const has = (key) => Object.hasOwn(value, key);
  return has("ops") || has("job_definition") || (has("type") && has("version"));
}

function looksJobLike(text, yaml) {
  const key = (name) => (yaml ? new RegExp(`^${name}\\s*:`, "m") : new RegExp(`"${name}"\\s*:`)).test(text);
  return key("ops") || key("job_definition") || (key("type") && key("version"));
}
