// The object crossing (`object_tape.rs`): walks a JS value the way `JSON.stringify` reads it and
// writes a tape (tags in document order, numbers apart, every string in one text) that the wasm
// side turns into its document without any JSON text (src/json/tape.rs; why and the figures:
// docs/benchmarks.md, "Object crossing").
//
// The walk reads exactly what `JSON.stringify` reads, in its order (`toJSON`, then the own
// enumerable string keys, then each value; `length` and the indices of arrays), and gives up
// (returns -1, so the caller takes the `JSON.stringify` route) on anything it does not write the
// same way: a `toJSON` method, a prototype other than `Object.prototype`/`null` (wrapper objects,
// raw JSON, class instances), a BigInt, nesting deeper than `DEPTH_LIMIT` (cycles end there),
// very long strings or documents (the parser's limits decide those, on the JSON text). Any
// exception, a getter's or a Proxy trap's, also means -1: nothing thrown leaves this module.
// Giving up after reading part of a value reads that part again on the JSON route (a getter runs
// twice); values that give up are not plain data, so that is rare.

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const NUMBER = 3;
const STRING = 4;
const ARRAY = 5;
const OBJECT = 6;
const CLOSE = 7;
const KEY = 8;

// Below the parser's MAX_NESTING (128): deeper values take the JSON route, which reports them.
const DEPTH_LIMIT = 100;
// A string that may be longer than the parser's MAX_STRING_BYTES (1 MiB of UTF-8, at most 3 bytes
// per UTF-16 unit) takes the JSON route, which refuses it; so do big documents (the JSON route
// measures them against MAX_DOCUMENT_BYTES).
const MAX_STRING_UNITS = (1024 * 1024) / 3;
const MAX_TAPE = 1 << 20;
const MAX_TEXT_UNITS = 1 << 21;
// The tape length and the text bytes share the returned number: `tape + bytes * TEXT_SHIFT`.
const TEXT_SHIFT = 2 ** 22;

const GIVE_UP = {};
const encoder = new TextEncoder();
const objectProto = Object.prototype;
const getPrototypeOf = Object.getPrototypeOf;
const isArray = Array.isArray;

let tape = new Int32Array(1024);
let numbers = new Float64Array(256);
let t = 0;
let n = 0;
let text = "";
// A getter that validates another value while this walk reads it: the inner call takes the JSON
// route, so the walk's state stays the outer call's.
let busy = false;

function push(tag) {
  if (t === tape.length) {
    if (t >= MAX_TAPE) throw GIVE_UP;
    const grown = new Int32Array(t * 2);
    grown.set(tape);
    tape = grown;
  }
  tape[t++] = tag;
}

function pushNumber(value) {
  if (n === numbers.length) {
    const grown = new Float64Array(n * 2);
    grown.set(numbers);
    numbers = grown;
  }
  numbers[n++] = value;
  push(NUMBER);
}

function pushString(tag, s) {
  if (s.length > MAX_STRING_UNITS) throw GIVE_UP;
  // Strings are written back to back: a lone high surrogate at the end of one would pair with a
  // lone low one starting the next when the text is encoded (JSON writes each as U+FFFD).
  if ((s.charCodeAt(s.length - 1) & 0xfc00) === 0xd800) throw GIVE_UP;
  push(tag);
  push(s.length);
  text += s;
}

// Writes `value`, already known not to be dropped (undefined, a function, a symbol), or gives up.
function write(value, depth) {
  switch (typeof value) {
    case "string":
      return pushString(STRING, value);
    case "number":
      return Number.isFinite(value) ? pushNumber(value) : push(NULL);
    case "boolean":
      return push(value ? TRUE : FALSE);
    case "object":
      if (value === null) return push(NULL);
      return writeObject(value, depth + 1);
    default:
      // A BigInt: JSON.stringify throws, unless BigInt.prototype.toJSON exists.
      throw GIVE_UP;
  }
}

function dropped(value) {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function writeObject(value, depth) {
  if (depth > DEPTH_LIMIT) throw GIVE_UP;
  // JSON.stringify's first read of any object.
  if (typeof value.toJSON === "function") throw GIVE_UP;
  if (isArray(value)) {
    push(ARRAY);
    const length = value.length;
    for (let i = 0; i < length; i++) {
      const element = value[i];
      if (dropped(element)) push(NULL);
      else write(element, depth);
    }
    return push(CLOSE);
  }
  const proto = getPrototypeOf(value);
  if (proto !== objectProto && proto !== null) throw GIVE_UP;
  push(OBJECT);
  // `for…in` lists the own enumerable string keys, as `Object.keys` and JSON.stringify do, and
  // inherited ones, which a plain object has none of unless `Object.prototype` has gained an
  // enumerable property (`writeTape` gives up then). It is faster than `Object.keys`.
  for (const key in value) {
    const member = value[key];
    if (dropped(member)) continue;
    pushString(KEY, key);
    write(member, depth);
  }
  push(CLOSE);
}

// Views of wasm memory, remade when it grows (a grown memory has a new buffer).
let buffer = null;
let tapeView = null;
let numbersView = null;
let textView = new Uint8Array(0);

/** Copies the tape into wasm memory; the text's UTF-8 bytes written, or -1 if `textCap` is short. */
function copy(memory, tapePtr, numbersPtr, textPtr, textCap) {
  if (memory.buffer !== buffer) {
    buffer = memory.buffer;
    tapeView = new Int32Array(buffer);
    numbersView = new Float64Array(buffer);
  }
  tapeView.set(tape.subarray(0, t), tapePtr >> 2);
  if (n > 0) numbersView.set(numbers.subarray(0, n), numbersPtr >> 3);
  if (textView.buffer !== buffer || textView.byteOffset !== textPtr || textView.length !== textCap) {
    textView = new Uint8Array(buffer, textPtr, textCap);
  }
  const result = encoder.encodeInto(text, textView);
  return result.read === text.length ? result.written : -1;
}

function inheritsEnumerable() {
  for (const _ in objectProto) return true;
  return false;
}

/**
 * Walks `value` and writes its tape into wasm memory (capacities in elements). Returns
 * `tapeLength + textBytes * 2 ** 22`; -1: take the JSON route; below -1: the buffers are too
 * small, `-2 - (tapeLength + textBytesAtMost * 2 ** 22)` (grow them and call `copyTape`).
 */
export function writeTape(value, memory, tapePtr, tapeCap, numbersPtr, numbersCap, textPtr, textCap) {
  if (busy || typeof value !== "object" || value === null) return -1;
  t = 0;
  n = 0;
  text = "";
  busy = true;
  try {
    if (inheritsEnumerable()) throw GIVE_UP;
    writeObject(value, 1);
    if (text.length > MAX_TEXT_UNITS) throw GIVE_UP;
  } catch {
    text = "";
    return -1;
  } finally {
    busy = false;
  }
  const textAtMost = text.length * 3;
  if (t > tapeCap || n > numbersCap || textAtMost > textCap) return -2 - (t + textAtMost * TEXT_SHIFT);
  const written = copy(memory, tapePtr, numbersPtr, textPtr, textCap);
  text = "";
  return written < 0 ? -1 : t + written * TEXT_SHIFT;
}

/** After `writeTape` asked for bigger buffers: copies the tape it kept; the text bytes, or -1. */
export function copyTape(memory, tapePtr, numbersPtr, textPtr, textCap) {
  const written = copy(memory, tapePtr, numbersPtr, textPtr, textCap);
  text = "";
  return written;
}
