// Which files found by a directory walk or a glob are linted: not those `.gitignore` or `--ignore`
// excludes (gitignore syntax, by the `ignore` package), never package.json, tsconfig or lock files,
// and, from a directory walk, only files that look like a job definition or a deployment body.
// Files named explicitly are always linted: none of this applies to them.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import ignore from "ignore";
import { readTextFile } from "./read.mjs";
import { DEFAULT_MAX_BYTES } from "./text.mjs";

// The yaml package loads only when a YAML file is looked at (as in cli/lint.mjs).
const parseYamlText = (text) =>
  createRequire(import.meta.url)("yaml").parse(text, { maxAliasCount: 1000, logLevel: "error" });

const toPosix = (p) => p.split("\\").join("/");

/** Configuration and lock files: never job definitions, never linted from a walk or a glob. */
const NEVER_LINTED = /^(?:package\.json|npm-shrinkwrap\.json|[jt]sconfig(?:\..+)?\.json|.+[-.]lock\.(?:json|ya?ml))$/i;

/** Why `file` is never linted from a walk or a glob, or undefined. */
export function neverLinted(file) {
  const name = toPosix(file).split("/").pop() ?? "";
  return NEVER_LINTED.test(name) ? `${name} is a package, TypeScript or lock file, never linted` : undefined;
}

/**
 * The `.gitignore` files that apply under `base`: those from the repository root (the nearest
 * directory up from `base` with a `.git`; `base` itself outside a repository) down to each file.
 */
export class GitIgnores {
  constructor(base) {
    this.top = repositoryRoot(resolve(base)) ?? resolve(base);
    this.cache = new Map();
  }

  /** The `.gitignore` that ignores `file`, as a path, or undefined. */
  ignoredBy(file) {
    const absolute = resolve(file);
    const dirs = [];
    for (let dir = dirname(absolute); ; dir = dirname(dir)) {
      dirs.unshift(dir);
      if (dir === this.top || dirname(dir) === dir) break;
    }
    if (dirs[0] !== this.top) return undefined; // not under the root: no .gitignore of ours applies
    // Deeper files win, as in git: a later `!pattern` re-includes, a later pattern excludes again.
    let by;
    for (const dir of dirs) {
      const rules = this.rulesOf(dir);
      if (!rules) continue;
      const verdict = rules.test(toPosix(relative(dir, absolute)));
      if (verdict.ignored) by = join(dir, ".gitignore");
      else if (verdict.unignored) by = undefined;
    }
    return by === undefined ? undefined : toPosix(relative(process.cwd(), by)) || ".gitignore";
  }

  rulesOf(dir) {
    if (!this.cache.has(dir)) {
      const path = join(dir, ".gitignore");
      let rules;
      try {
        rules = existsSync(path) ? ignore().add(readTextFile(path, DEFAULT_MAX_BYTES)) : undefined;
      } catch {
        // An unreadable .gitignore ignores nothing, as git does; one that is not a regular file
        // (a FIFO) is not waited on.
        rules = undefined;
      }
      this.cache.set(dir, rules);
    }
    return this.cache.get(dir);
  }
}

function repositoryRoot(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** `--ignore` patterns (gitignore syntax), relative to the current directory. */
export function ignoreOption(patterns = []) {
  if (patterns.length === 0) return () => undefined;
  const each = patterns.map((pattern) => ({ pattern, rules: ignore().add(pattern) }));
  return (file) => {
    const rel = toPosix(isAbsolute(file) ? relative(process.cwd(), file) : file).replace(/^(?:\.\/)+/, "");
    if (rel === "" || rel.startsWith("../")) return undefined; // outside the current directory
    const hit = each.find(({ rules }) => rules.ignores(rel));
    return hit ? `ignored by --ignore '${hit.pattern}'` : undefined;
  };
}

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
