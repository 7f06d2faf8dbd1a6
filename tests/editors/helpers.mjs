// Shared by the editor tests: the Node build of the library (the oracle) and the documents used.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const lib = createRequire(import.meta.url)("../../pkg/node/nosana_deployments.js");

export const VALID = `{
  "version": "0.1",
  "type": "container",
  "ops": [
    {
      "type": "container/run",
      "id": "web",
      "args": {
        "image": "nginx",
        "expose": 80
      }
    }
  ]
}
`;

/** A misspelled key ("imgae"), which the library's quick fix renames to "image". */
export const MISSPELLED = VALID.replace('"image"', '"imgae"');

/** A key being typed inside the op's args: `__KEY__` marks the cursor, inside the new key's quotes. */
export const TYPING_KEY = VALID.replace('"expose": 80', '"expose": 80,\n        "__KEY__"');

/** `marker` removed from `template`: the text, the marker's offset and its LSP position. */
export function positionOf(template, marker) {
  const offset = template.indexOf(marker);
  if (offset < 0) throw new Error(`no ${marker} in the template`);
  const text = template.slice(0, offset) + template.slice(offset + marker.length);
  const before = text.slice(0, offset).split("\n");
  return { text, offset, position: { line: before.length - 1, character: before.at(-1).length } };
}
