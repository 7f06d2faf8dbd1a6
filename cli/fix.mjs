// `--fix` and `--fix-dry-run`: apply the quick fixes the library attaches to issues (`Issue.fixes`)
// with its `applyFixes`, then validate again, since one fix can make room for the next (a renamed
// key reveals a missing field). A fix's edits are ranges in the text the library validated: the
// file itself for JSON, the JSON form of the document for YAML (cli/yaml-fix.mjs carries the
// result back into the YAML).
import { isAbsolute, relative } from "node:path";
import { createTwoFilesPatch } from "diff";
import { fixRound } from "../js/editor-common.mjs";
import { requireFunction } from "./library.mjs";

/** Validate-and-fix rounds at most: fixes that keep producing new fixes stop here. */
const MAX_PASSES = 10;

const identity = (issue) => `${issue.code}\u0000${issue.pointer}\u0000${issue.message}`;
const isSyntaxError = (issue) => issue.code === "invalidJson" || issue.code === "invalidYaml";

/**
 * How to apply fixes to a file's text: `applyFixes` itself for JSON, through the JSON form for YAML
 * (read with the lint's own `maxBytes`, so a file the lint read is never passed over here).
 */
export async function fixApplier(lib, language, maxBytes) {
  const applyFixes = requireFunction(lib, "applyFixes", "apply fixes (--fix)");
  if (language !== "yaml") return (text, issues) => applyQuietly(applyFixes, text, issues);
  // The yaml package loads only when YAML is fixed, as cli/lint.mjs loads it only for YAML.
  const [{ parseYaml }, { applyValueChanges }] = await Promise.all([import("./yaml.mjs"), import("./yaml-fix.mjs")]);
  return (text, issues) => {
    const parsed = parseYaml(text, { maxBytes });
    if (parsed.issues) return undefined;
    // The same JSON text the CLI validated (cli/lint.mjs), which the fixes' ranges refer to.
    let fixedValue;
    try {
      fixedValue = JSON.parse(applyQuietly(applyFixes, parsed.json, issues));
    } catch {
      return undefined;
    }
    try {
      return applyValueChanges(text, parsed.value, fixedValue);
    } catch {
      return undefined; // a change the YAML document cannot take: the file is left alone
    }
  };
}

/** The library's applyFixes, or undefined (nothing applied: the file is left alone) if it throws. */
function applyQuietly(applyFixes, text, issues) {
  try {
    return applyFixes(text, issues);
  } catch {
    return undefined;
  }
}

/**
 * @param {string} text the file's text
 * @param {(text: string) => Promise<object[]>} check the issues of a text, after --rule/--no-warnings
 * @param {(text: string, issues: object[]) => string | undefined} apply see fixApplier
 * @returns {Promise<{ text: string, fixed: { code: string, title: string, pointer: string }[] }>}
 *   the fixed text (the same string when nothing applied) and the issues that went away, in order.
 */
export async function fixText(text, check, apply) {
  const fixed = [];
  let current = text;
  let issues = await check(current);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = fixRound(issues);
    if (candidates.length === 0) break;
    const next = apply(current, candidates);
    if (typeof next !== "string" || next === current) break;
    const nextIssues = await check(next);
    // A fix must never break the document: if it would, keep the last good text.
    if (nextIssues.filter(isSyntaxError).length > issues.filter(isSyntaxError).length) break;
    // applyFixes leaves out a fix that would touch another's edit; its issue is still there, and
    // the next pass takes it. What went away is what this pass fixed.
    const remaining = new Set(nextIssues.map(identity));
    for (const issue of candidates) {
      if (!remaining.has(identity(issue)))
        fixed.push({
          code: issue.code,
          title: issue.fixes.find((f) => f.edits?.length > 0).title,
          pointer: issue.pointer,
        });
    }
    current = next;
    issues = nextIssues;
  }
  return { text: current, fixed };
}

/**
 * A unified diff of one file, "" when unchanged. A path inside the working directory gets git's
 * `a/` and `b/` prefixes (so `git apply` takes it); one outside it is named as it is.
 */
export function unifiedDiff(file, before, after, cwd = process.cwd()) {
  if (before === after) return "";
  const inside = isAbsolute(file) ? relative(cwd, file) : file;
  const outside = inside.startsWith("..") || isAbsolute(inside);
  const name = (outside ? file : inside).split("\\").join("/");
  const [oldName, newName] = outside ? [name, name] : [`a/${name}`, `b/${name}`];
  return createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { context: 3 }).replace(
    /^(Index: .*\n)?=+\n/,
    "",
  );
}
