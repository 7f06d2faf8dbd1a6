// Bytes → text for the linter: the size limit, and the refusals of what is not a UTF-8 text
// document (binary data, UTF-16, invalid UTF-8), each as a FileProblem with a plain reason.

/**
 * Inputs above this are refused before they are parsed (`--max-file-size` changes it): 10 MiB, the
 * library's own limit for a document. Measured (docs/cli.md): a 10 MiB JSON job definition lints
 * in ~2.5 s with ~90 MB of memory; YAML costs the parser ~100 bytes of memory per byte of dense
 * small nodes, so 10 MiB of such YAML takes ~1 GB and ~15 s (lower the limit for untrusted input).
 */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** `--max-file-size` at most this: the decoded text must fit in one JS string with room to spare. */
export const MAX_MAX_BYTES = 256 * 1024 * 1024;
/** A file that cannot be linted: why, in one sentence. */
export class FileProblem extends Error {}

/** A size in bytes for messages: `512 bytes`, `1.5 KiB`, `16 MiB`, `16.2 MiB`. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "KiB"] : [bytes / 1024 / 1024, "MiB"];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** The FileProblem for an input over the limit; without `size` when only a prefix was read (stdin). */
export function tooLarge(maxBytes, size) {
  const what = size === undefined ? "is over" : `is ${formatSize(size)}, over`;
  return new FileProblem(`${what} the ${formatSize(maxBytes)} limit (--max-file-size); not read`);
}

/** Bytes → string, or a FileProblem for binary data, UTF-16 and invalid UTF-8. A BOM is kept. */
export function decodeText(bytes) {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new FileProblem("is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8");
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new FileProblem(`looks like a binary file (NUL byte at ${where(bytes, nul)}); not linted`);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FileProblem(
      `is not valid UTF-8 (first bad byte at ${where(bytes, firstInvalidUtf8(bytes))}); save it as UTF-8`,
    );
  }
}

/** Line number and byte offset of a byte, for messages. */
function where(bytes, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return `line ${line}, byte offset ${offset}`;
}

/** Offset of the first byte that makes the UTF-8 decoding fail (binary search over streamed prefixes). */
function firstInvalidUtf8(bytes) {
  const validPrefix = (n) => {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0; // validPrefix(lo) holds
  let hi = bytes.length; // validPrefix(hi) fails, or a sequence is cut off at the end
  if (validPrefix(hi)) return Math.max(0, lastSequenceStart(bytes));
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (validPrefix(mid)) lo = mid;
    else hi = mid;
  }
  // Byte hi-1 broke the decoding. If it is not a continuation byte, it cut short a sequence whose
  // lead byte comes before it: that lead is where the bad text starts.
  const isContinuation = (b) => (b & 0xc0) === 0x80;
  const bad = hi - 1;
  if (isContinuation(bytes[bad])) return bad;
  let lead = bad - 1;
  while (lead > 0 && bad - lead < 3 && isContinuation(bytes[lead])) lead--;
  return lead >= 0 && bytes[lead] >= 0xc0 ? lead : bad;
}

/** Where the last (truncated) multi-byte sequence starts. */
function lastSequenceStart(bytes) {
  let i = bytes.length - 1;
  while (i > 0 && (bytes[i] & 0xc0) === 0x80) i--;
  return i;
}
