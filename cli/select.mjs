// Which files found by a directory walk or a glob are linted: not those `.gitignore` or `--ignore`
// excludes (gitignore syntax, by the `ignore` package), never package.json, tsconfig or lock files,
// and, from a directory walk, only files that look like a job definition or a deployment body
// (that check is cli/job-like.mjs).
// Files named explicitly are always linted: none of this applies to them.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import ignore from "ignore";
import { readTextFile } from "./read.mjs";
import { DEFAULT_MAX_BYTES } from "./text.mjs";

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
