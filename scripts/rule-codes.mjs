// Writes the `RuleCode` union of src/wasm/ts/diagnostics.d.ts from what `listRules()` returns, so
// the declaration follows the rules in Rust. Needs a build (pkg/node). tests/types checks the two agree.
//   node scripts/rule-codes.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./util.mjs";

const FILE = join(ROOT, "src/wasm/ts/diagnostics.d.ts");
const BLOCK = /(\/\/ RULE CODES BEGIN[^\n]*\n)[\s\S]*?(\/\/ RULE CODES END)/;

/** The `RuleCode` declaration for these codes, one literal a line. */
export function ruleCodeDeclaration(codes) {
  const members = [...codes]
    .sort()
    .map((code) => `  | ${JSON.stringify(code)}`)
    .join("\n");
  return `/** Every rule code this library reports: the \`code\` of an \`Issue\` (see \`listRules()\`). */\nexport type RuleCode =\n${members};\n`;
}

const { listRules } = createRequire(import.meta.url)(join(ROOT, "pkg/node/nosana_deployments.js"));
const text = readFileSync(FILE, "utf8");
if (!BLOCK.test(text)) throw new Error(`${FILE}: no RULE CODES BEGIN/END block`);
const updated = text.replace(
  BLOCK,
  (_, begin, end) => `${begin}${ruleCodeDeclaration(listRules().map((r) => r.code))}${end}`,
);
if (process.argv.includes("--check")) {
  if (updated !== text) {
    console.error("RuleCode is out of date: run `node scripts/rule-codes.mjs`");
    process.exit(1);
  }
} else if (updated !== text) {
  writeFileSync(FILE, updated);
  console.log("RuleCode updated");
}
