// The JSON form of a parsed YAML value, with its size bounded before it is built. Aliases make a
// YAML document a graph: `toJS` shares one object among all the aliases of an anchor, so a small
// file can stand for a JSON text of gigabytes (JSON.stringify would then fail with "Invalid
// string length" after a long time), and an alias inside its own anchor makes a cycle. The size
// is measured on the graph, each shared node once, then the text is built only if it fits.

/** Why a value has no JSON form within the bound: an issue code of the library's and a message. */
export class JsonFormProblem extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Deeper than this is refused here (the library refuses far less deep documents anyway). */
const MAX_DEPTH = 1000;

/**
 * `JSON.stringify(value)`, or a JsonFormProblem when that text would be longer than `maxChars`
 * (UTF-16 units; the length is measured exactly, before the text is built), when the value
 * contains itself, or when it is nested deeper than MAX_DEPTH.
 */
export function toJsonText(value, maxChars) {
  const sizes = new Map(); // object → length of its JSON text
  const open = new Set(); // objects being measured: meeting one again is a cycle
  const over = () =>
    new JsonFormProblem(
      "documentTooLarge",
      `the document's JSON form is over ${maxChars.toLocaleString("en-US")} characters (aliases repeat what they name), the --max-file-size limit`,
    );

  /** Length of JSON.stringify(v) as a member value; undefined when JSON leaves it out. */
  const measure = (v, depth) => {
    if (v === null) return 4;
    switch (typeof v) {
      case "string":
        return v.length > maxChars ? maxChars + 1 : JSON.stringify(v).length;
      case "number":
      case "boolean":
        return JSON.stringify(v).length;
      case "bigint":
        throw new JsonFormProblem("invalidYaml", "a number too large for JSON"); // not made by the CLI's options
      case "object":
        break;
      default:
        return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
    }
    if (sizes.has(v)) return sizes.get(v);
    if (open.has(v))
      throw new JsonFormProblem("invalidYaml", "an alias refers to a node that contains it, which JSON cannot express");
    if (depth > MAX_DEPTH)
      throw new JsonFormProblem("nestingTooDeep", `the document is nested more than ${MAX_DEPTH} levels deep`);
    open.add(v);
    let size;
    if (typeof v.toJSON === "function") {
      size = measure(v.toJSON(), depth + 1) ?? 4;
    } else if (Array.isArray(v)) {
      size = 1 + Math.max(v.length, 1); // [ and ] and the commas between items
      for (const item of v) {
        size += measure(item, depth + 1) ?? 4; // an array holds null where JSON drops a value
        if (size > maxChars) throw over();
      }
    } else {
      size = 1; // {
      let members = 0;
      for (const key of Object.keys(v)) {
        const member = measure(v[key], depth + 1);
        if (member === undefined) continue;
        size += JSON.stringify(key).length + 1 + member + 1; // "key":value then , or }
        members++;
        if (size > maxChars) throw over();
      }
      if (members === 0) size++; // }
    }
    open.delete(v);
    sizes.set(v, size);
    return size;
  };

  if ((measure(value, 0) ?? 4) > maxChars) throw over();
  return JSON.stringify(value) ?? "null";
}
