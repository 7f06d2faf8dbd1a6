// --fix for YAML files. The library's fixes are edits of the JSON form of the document; applied
// there, they give the fixed value, and the difference between the two values is carried into the
// YAML document node by node, so comments, key order, quoting and layout elsewhere are kept: a
// renamed key keeps its place, a changed scalar its position, new keys go at the end of their map.
import { isMap, isScalar, isSeq, parseDocument, Scalar } from "yaml";

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `text` (YAML) with the changes from `before` to `after` (plain values, `before` being the
 * document's value). Returns the new YAML text, or undefined when a change cannot be carried over
 * (an alias in the way, say): then the caller leaves the file alone.
 */
export function applyValueChanges(text, before, after) {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return undefined;
  try {
    doc.contents = merge(doc, doc.contents, before, after);
  } catch (err) {
    if (err instanceof CannotCarry) return undefined;
    throw err;
  }
  return doc.toString();
}

class CannotCarry extends Error {}

function merge(doc, node, before, after) {
  if (same(before, after)) return node;
  if (isObject(before) && isObject(after) && isMap(node)) return mergeMap(doc, node, before, after);
  if (Array.isArray(before) && Array.isArray(after) && isSeq(node) && before.length === after.length) {
    node.items = node.items.map((item, i) => merge(doc, item, before[i], after[i]));
    return node;
  }
  if (isScalar(node) && !isObject(after) && !Array.isArray(after)) {
    // A new plain scalar: `"8080"` becomes 8080, not "8080" kept quoted.
    const scalar = new Scalar(after);
    scalar.comment = node.comment;
    scalar.commentBefore = node.commentBefore;
    return scalar;
  }
  if (node && !isMap(node) && !isSeq(node) && !isScalar(node)) throw new CannotCarry("alias");
  return doc.createNode(after);
}

function mergeMap(doc, map, before, after) {
  const keyOf = (pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined);
  const removed = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
  const added = Object.keys(after).filter((k) => !Object.hasOwn(before, k));
  for (const key of removed) {
    const index = map.items.findIndex((p) => keyOf(p) === key);
    if (index < 0) throw new CannotCarry(key);
    // A rename: a new key with the removed key's value takes its place.
    const renamedTo = added.find((k) => same(after[k], before[key]));
    if (renamedTo !== undefined) {
      const pair = map.items[index];
      pair.key = isScalar(pair.key)
        ? Object.assign(new Scalar(renamedTo), { commentBefore: pair.key.commentBefore })
        : doc.createNode(renamedTo);
      added.splice(added.indexOf(renamedTo), 1);
    } else {
      map.items.splice(index, 1);
    }
  }
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key === undefined) throw new CannotCarry("a complex key");
    const old = Object.hasOwn(before, key) ? before[key] : after[key];
    pair.value = merge(doc, pair.value, old, after[key]);
  }
  for (const key of added) map.items.push(doc.createPair(key, after[key]));
  return map;
}
