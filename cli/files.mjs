// Which files to lint (operands, directories, globs), and writing fixed files back (reading them
// safely is cli/read.mjs).
// Directory walks and glob matching are tinyglobby's (fdir + picomatch).
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { escapePath, globSync } from "tinyglobby";
import { shorten, shortenMessage } from "./echo.mjs";
import { describeFsError } from "./read.mjs";
import { GitIgnores, ignoreOption, neverLinted } from "./select.mjs";
import { FileProblem } from "./text.mjs";

/** The extensions picked up when walking a directory or matching a glob. */
export const LINTED_EXTENSIONS = [".json", ".yaml", ".yml"];
/** Directories never entered while walking (name them explicitly to lint inside). */
const SKIPPED_DIRS = ["**/node_modules/**", "**/.git/**"];

const hasLintedExtension = (name) => LINTED_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));
const hasMagic = (arg) => /[*?]/.test(arg);
const toPosix = (p) => p.split("\\").join("/");

/**
 * Operands → files, in two halves: `planOperands` then `settleOperands`. `-` is stdin; a directory
 * is walked for .json/.yaml/.yml files; an operand with `*`, `?` or `**` is a glob; anything else
 * is a file, linted whatever its extension. What a walk or a glob finds is filtered
 * (cli/select.mjs): `.gitignore` (unless `gitignore` is false), the `ignore` patterns,
 * package/tsconfig/lock files, and for a walk files that do not look like a job definition (unless
 * `allFiles`). Files named explicitly are always kept.
 *
 * This first half reads no file: walks, globs and every filter but
 * the job-definition check. `checks` lists each file that needs reading once (by resolved path):
 * `sniff` when a walk must tell whether it is a job definition, `lint` when it is linted whatever
 * that says (named, or found by a glob). The checks can then run anywhere (cli/pool.mjs runs them
 * on worker threads, with the lint); settleOperands finishes with their verdicts. `onListed(n)`
 * is told the number of files listed so far as each walk or glob lists them (to start threads early).
 * @returns {{ operands: Array<object>, checks: Array<{ file: string, sniff: boolean, lint: boolean }> }}
 */
export function planOperands(operands, { ignore = [], gitignore = true, allFiles = false, onListed } = {}) {
  let listed = 0;
  /** `onListed` hears how many files the walks and globs have listed so far, before any filter. */
  const heard = (count) => {
    listed += count;
    onListed?.(listed);
  };
  const planned = [];
  const checks = [];
  const checkOf = new Map(); // resolved path → its check
  const need = (file, sniff) => {
    const key = resolve(file);
    let check = checkOf.get(key);
    if (check === undefined) {
      check = { file, sniff: false, lint: false };
      checkOf.set(key, check);
      checks.push(check);
    }
    if (sniff) check.sniff = true;
    else check.lint = true;
  };
  const ignoredByOption = ignoreOption(ignore);
  /** Found files → each with the reason it is left out (undefined: kept), but for the job-definition check. */
  const classify = (files, base, sniff) => {
    const gitIgnores = gitignore ? new GitIgnores(base) : undefined;
    return files.map((file) => {
      const reason = ignoredByOption(file) ?? gitIgnoreReason(gitIgnores, file) ?? neverLinted(file);
      if (reason === undefined) need(file, sniff);
      return { file, reason, sniff: reason === undefined && sniff };
    });
  };
  for (const operand of operands) {
    if (operand === "-") {
      planned.push({ stdin: true });
      continue;
    }
    if (hasMagic(operand)) {
      let matches;
      try {
        matches = expandGlob(operand, heard);
      } catch (err) {
        // picomatch refuses some patterns (over 65,536 characters, say): the operand's problem.
        planned.push({ problem: `cannot use the pattern: ${shortenMessage(err?.message ?? String(err))}`, operand });
        continue;
      }
      const found = classify(matches, globBase(operand), false);
      planned.push({ operand, found, empty: `no files match the pattern '${shorten(operand)}'` });
      continue;
    }
    let stat;
    try {
      stat = statSync(operand);
    } catch (err) {
      planned.push({ operand, problem: describeFsError(err) });
      continue;
    }
    if (stat.isDirectory()) {
      const files = find(operand, "**", { dot: true, heard }).filter(hasLintedExtension);
      const found = classify(files, operand, !allFiles);
      planned.push({ operand, found, empty: `no ${LINTED_EXTENSIONS.join(", ")} files in this directory` });
    } else {
      need(operand, false);
      planned.push({ operand, file: operand });
    }
  }
  return { operands: planned, checks };
}

/**
 * The second half: a plan and the job-definition check's verdict on a walked file
 * (`notJobLike(file)`: a reason, or undefined when it looks like one) → entries in operand order
 * (duplicates dropped; an operand that names or matches nothing becomes a `problem` entry in its
 * place) and `skipped`, the files left out with why.
 */
export function settleOperands({ operands }, notJobLike) {
  const out = [];
  const skipped = [];
  const seen = new Set();
  const add = (file) => {
    const key = resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ file });
    }
  };
  for (const planned of operands) {
    if (planned.stdin) {
      if (!seen.has("-")) out.push({ file: "-", stdin: true });
      seen.add("-");
    } else if (planned.problem !== undefined) {
      out.push({ file: planned.operand, problem: planned.problem });
    } else if (planned.file !== undefined) {
      add(planned.file);
    } else {
      const kept = planned.found.filter(({ file, reason, sniff }) => {
        const why = reason ?? (sniff ? notJobLike(file) : undefined);
        if (why !== undefined && !seen.has(resolve(file))) skipped.push({ file, reason: why });
        return why === undefined;
      });
      if (kept.length === 0) out.push({ file: planned.operand, problem: nothingFound(planned.empty, planned.found) });
      for (const { file } of kept) add(file);
    }
  }
  return { entries: out, skipped };
}

const gitIgnoreReason = (gitIgnores, file) => {
  const by = gitIgnores?.ignoredBy(file);
  return by === undefined ? undefined : `ignored by ${by}`;
};

/** An empty walk or glob: say so, and when files were found but all skipped, how many. */
const nothingFound = (message, found) =>
  found.length === 0
    ? message
    : `nothing to lint: ${found.length} file${found.length === 1 ? "" : "s"} found, all skipped (--verbose says why)`;

/** The directory a glob is walked from: its segments before the first wildcard. */
function globBase(pattern) {
  const segments = toPosix(pattern).split("/");
  const base = segments.slice(0, segments.findIndex(hasMagic));
  return base.length === 0 ? "." : base.join("/") || "/";
}

/**
 * Files under `base` that `pattern` (relative to `base`) matches, as `base/relative` paths, sorted
 * as a depth-first walk of sorted directories lists them. Symlinks are followed, node_modules and
 * .git are not entered, unreadable directories are skipped. A file reached by several paths (through
 * a symlink, e.g. one back up the tree) is listed once, under its shortest path.
 */
function find(base, pattern, { dot, heard }) {
  const found = globSync(pattern, {
    cwd: base,
    dot,
    ignore: SKIPPED_DIRS,
    onlyFiles: true,
    followSymbolicLinks: true,
    expandDirectories: false,
    braceExpansion: false,
    extglob: false,
  });
  // Told before the sort and a realpath per file, so worker threads can start meanwhile.
  heard?.(found.reduce((n, rel) => (hasLintedExtension(rel) ? n + 1 : n), 0));
  return onePathPerFile(found.map((rel) => toPosix(join(base, rel))).sort(bySegments));
}

/** Sorted paths → the same, keeping for each real file the path with the fewest segments (the first on a tie). */
function onePathPerFile(paths) {
  const depth = (path) => path.split("/").length;
  const chosen = new Map();
  for (const path of paths) {
    let real;
    try {
      real = realpathSync.native(path); // one realpath(3) call, not an lstat per path segment
    } catch {
      real = resolve(path);
    }
    const best = chosen.get(real);
    if (best === undefined || depth(path) < depth(best)) chosen.set(real, path);
  }
  const kept = new Set(chosen.values());
  return paths.filter((path) => kept.has(path));
}

/** Path order of a walk: segment by segment, so `a/x` comes before `a-b/x`. */
function bySegments(a, b) {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * Glob → files. `*` matches within one path segment, `?` one character, `**` any number of segments;
 * every other character is literal. Wildcards do not match a leading `.` (as in a shell). When the
 * last segment names no extension (`jobs/*`, `jobs/**`), only .json/.yaml/.yml files are kept.
 */
export function expandGlob(pattern, heard) {
  const segments = toPosix(pattern).split("/");
  const firstMagic = segments.findIndex(hasMagic);
  const baseSegments = segments.slice(0, firstMagic);
  const rest = segments.slice(firstMagic);
  const base = baseSegments.length === 0 ? "." : baseSegments.join("/") || "/";
  const last = rest[rest.length - 1];
  const keep = /\.[^*?]+$/.test(last) ? () => true : hasLintedExtension;
  // Brackets, braces, parentheses and `!` are not glob syntax here: escape them around the wildcards.
  const glob = rest
    .map((segment) =>
      segment
        .split(/([*?])/)
        .map((part, i) => (i % 2 === 1 ? part : escapePath(part)))
        .join(""),
    )
    .join("/");
  return find(base, glob, { dot: false, heard }).filter(keep);
}

/**
 * Writes a fixed file in place: to a temporary file beside it first, then renamed over it, so an
 * interrupted write never leaves half a job definition. The file's mode is kept.
 */
export function writeTextFile(file, text) {
  let target = file;
  let temp;
  try {
    target = realpathSync(file); // a symbolic link stays a link: its target is rewritten
    temp = `${target}.nosana-fix-${process.pid}.tmp`;
    writeFileSync(temp, text, { mode: statSync(target).mode });
    renameSync(temp, target);
  } catch (err) {
    if (temp) rmSync(temp, { force: true });
    throw new FileProblem(`could not be written: ${describeFsError(err)}`);
  }
}
