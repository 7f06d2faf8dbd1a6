// Where the tests find the corpus of real job definitions: one place, so moving it is one line.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CORPUS_DIR = join(process.env.NOSANA_SHARED_DIR ?? join(ROOT, "..", "shared"), "corpus");

/**
 * Absolute paths of the corpus documents (*.json, *.yaml, *.yml), sorted. Throws when there is no
 * corpus, so a test that needs it fails instead of passing on nothing.
 */
export function corpusFiles() {
  if (!existsSync(CORPUS_DIR)) throw new Error(`no corpus at ${CORPUS_DIR} (set NOSANA_SHARED_DIR)`);
  const files = readdirSync(CORPUS_DIR)
    .filter((name) => /\.(json|ya?ml)$/i.test(name))
    .sort()
    .map((name) => join(CORPUS_DIR, name));
  if (files.length === 0) throw new Error(`the corpus at ${CORPUS_DIR} has no documents`);
  return files;
}
