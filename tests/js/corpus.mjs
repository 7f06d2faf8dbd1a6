// The real job definitions vendored in tests/fixtures/corpus (see its PROVENANCE.md) and the
// verdicts Nosana's own validators gave them. Every Node test reads the corpus through here, and
// a missing or emptied corpus throws: a test over it fails instead of skipping or looping over nothing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS_DIR = fileURLToPath(new URL("../fixtures/corpus", import.meta.url));
/** Verdicts of @nosana/sdk 0.4.69 and @nosana/types 2.1.6 for every job definition of the corpus. */
export const EXPECTED_CSV = join(CORPUS_DIR, "expected-results.csv");

/** The corpus has 107 job definitions and 3 benchmark files: fewer means a broken copy. */
const MIN_DOCUMENTS = 100;

function listDir() {
  if (!existsSync(CORPUS_DIR))
    throw new Error(`the corpus is missing: no ${CORPUS_DIR} (see tests/fixtures/corpus/PROVENANCE.md)`);
  return readdirSync(CORPUS_DIR).sort();
}

/**
 * Absolute paths of the JSON documents of the corpus, sorted (the job definitions and the three
 * pipeline-templates `benchmarks.json`, which are not job definitions; the one YAML document is
 * not included). Throws when the corpus is missing or holds fewer than 100 documents.
 * @returns {string[]}
 */
export function corpusFiles() {
  const files = listDir()
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(CORPUS_DIR, f));
  if (files.length < MIN_DOCUMENTS)
    throw new Error(`only ${files.length} JSON documents in ${CORPUS_DIR}: the corpus copy is incomplete`);
  return files;
}

/**
 * The rows of expected-results.csv as objects keyed by the header, e.g.
 * `{ file, source_repo, source_path, sdk_0_4_69_valid: "true", types_2_1_6_valid: "false", … }`.
 * Throws when the file is missing or lists fewer than 100 documents.
 * @returns {Array<Record<string, string>>}
 */
export function expectedResults() {
  listDir();
  const [header, ...rows] = parseCsv(readFileSync(EXPECTED_CSV, "utf8"));
  const records = rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
  if (records.length < MIN_DOCUMENTS) throw new Error(`only ${records.length} rows in ${EXPECTED_CSV}`);
  return records;
}

/** RFC 4180: quoted fields with `""` escapes, CRLF or LF line ends (the verdicts file has no newline inside a field, but may). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
