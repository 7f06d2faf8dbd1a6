// Reading an input safely: only regular files, never more than the size limit (+1 byte, to tell
// "at the limit" from "over it"), and never a hang. A FIFO, a device or a socket named as a file
// is refused after an open that cannot block (O_NONBLOCK) and an fstat of the opened descriptor,
// so what is checked is what would be read (no race between a stat and an open).
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { decodeText, FileProblem, tooLarge } from "./text.mjs";

// O_NONBLOCK is POSIX; Windows has no FIFOs to block on.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a file that is not a regular file is, for the message. */
function kindOf(stat) {
  if (stat.isDirectory()) return "is a directory";
  if (stat.isFIFO()) return "is a named pipe (FIFO), not a regular file";
  if (stat.isCharacterDevice()) return "is a character device, not a regular file";
  if (stat.isBlockDevice()) return "is a block device, not a regular file";
  if (stat.isSocket()) return "is a socket, not a regular file";
  return "is not a regular file";
}

/**
 * The bytes of a regular file, at most `maxBytes`; a FileProblem for anything else (not regular,
 * over the limit, unreadable). Reads at most `maxBytes + 1` bytes whatever the file claims.
 */
export function readRegularFile(file, maxBytes) {
  let fd;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileProblem(kindOf(stat));
    if (stat.size > maxBytes) throw tooLarge(maxBytes, stat.size);
    // The size may change under us (a file being written): read to EOF, never past limit + 1.
    const chunks = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk.subarray(0, n));
      chunk = Buffer.allocUnsafe(64 * 1024);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    throw new FileProblem(describeFsError(err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A regular file as UTF-8 text (see readRegularFile and decodeText). */
export function readTextFile(file, maxBytes) {
  return decodeText(readRegularFile(file, maxBytes));
}

/**
 * Reads stdin to the end as UTF-8 text, with the same limit as a file. Stdin may be a pipe, a
 * terminal or a redirected file or device (`< /dev/zero` stops at the limit).
 */
export async function readStdin(maxBytes, stream = process.stdin) {
  const chunks = [];
  let size = 0;
  try {
    // `< some/dir` gives a descriptor that reads as empty on some systems: say what it is instead.
    if (stream === process.stdin && fstatSync(0).isDirectory()) throw new FileProblem("is a directory");
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    throw new FileProblem(describeFsError(err));
  } finally {
    // Stop reading an endless source (a device, a pipe that keeps writing) once we are done with it.
    stream.destroy?.();
  }
  return decodeText(Buffer.concat(chunks));
}

/** An fs error → a short, plain reason. */
export function describeFsError(err) {
  switch (err?.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "file name too long";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ENXIO":
      return "is a socket or a device with nothing behind it, not a regular file";
    case "EAGAIN":
      return "would block (not a regular file)";
    case "EBADF":
      return "is not open for reading";
    default:
      return `could not be read (${err?.code ?? "unknown error"})`;
  }
}
