// `--format sarif`: one SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the format
// GitHub code scanning reads (github/codeql-action/upload-sarif). Our columns count UTF-16 code units
// and our range ends are exclusive, which is SARIF's default columnKind and region convention.
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { LineIndex } from "./source.mjs";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://www.npmjs.com/package/nosana-deployments";

const level = (severity) => (severity === "error" ? "error" : "warning");

/** A file name as the report shows it → a SARIF artifact location (relative to the checkout root). */
export function artifactLocation(file) {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const relative = file.split("\\").join("/").replace(/^\.\//, "");
  return { uri: encodeURI(relative), uriBaseId: "%SRCROOT%" };
}

/** A library range → a SARIF region (1-based lines and columns; endColumn is exclusive in both). */
export function region(range) {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

/**
 * @param {{ files: object[], version?: string }} report the lint report (files with issues or a problem)
 * @param {{ code: string, severity: string, description: string }[]} rules every rule the CLI knows
 * @param {(issues: object[]) => object[]} visible the issues to show (--quiet)
 */
export function sarifLog({ files, version }, rules, visible) {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const results = [];
  const notifications = [];
  for (const f of files) {
    const location = artifactLocation(f.file);
    if (f.problem) {
      notifications.push({
        level: "error",
        message: { text: `cannot lint ${f.file}: ${f.problem}` },
        locations: [{ physicalLocation: { artifactLocation: location } }],
      });
      continue;
    }
    for (const issue of visible(f.issues)) results.push(result(issue, location, ruleIndex, f));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "nosana-deployments",
            ...(version ? { version, semanticVersion: version } : {}),
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.code,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: level(r.severity) },
            })),
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

function result(issue, location, ruleIndex, file) {
  const index = ruleIndex.get(issue.code);
  const text = issue.hint ? `${issue.message}\nHint: ${issue.hint}` : issue.message;
  // A result without a range (a document-wide issue) is placed at the start of the file, which
  // GitHub needs to show it at all.
  const physical = {
    artifactLocation: location,
    region: issue.range ? region(issue.range) : { startLine: 1, startColumn: 1 },
  };
  const out = {
    ruleId: issue.code,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: level(issue.severity),
    message: { text },
    locations: [
      {
        physicalLocation: physical,
        ...(issue.pointer !== undefined
          ? { logicalLocations: [{ fullyQualifiedName: issue.pointer || "/", kind: "element" }] }
          : {}),
      },
    ],
  };
  const fixes = sarifFixes(issue, location, file);
  if (fixes.length > 0) out.fixes = fixes;
  return out;
}

/** The issue's quick fixes as SARIF fixes, for JSON files (their edits are ranges in the file's text). */
function sarifFixes(issue, location, file) {
  if (file.language !== "json" || !Array.isArray(issue.fixes) || !file.lines) return [];
  const lines = file.lines instanceof LineIndex ? file.lines : new LineIndex(String(file.lines));
  return issue.fixes
    .filter((fix) => Array.isArray(fix.edits) && fix.edits.length > 0)
    .map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: fix.edits.map((edit) => ({
            deletedRegion: region(lines.range(edit.range.start.offset, edit.range.end.offset)),
            insertedContent: { text: edit.newText },
          })),
        },
      ],
    }));
}
