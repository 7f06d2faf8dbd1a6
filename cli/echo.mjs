// Bounds on what the CLI echoes back: a user's key, name, path, option value or cron expression in
// a message is cut to MAX_ECHO characters with an ellipsis, so a 1 MB key gives a readable line,
// not a megabyte of output. Machine fields (an issue's `path` and `pointer` in --format json) are
// kept whole.

/** Echoed user strings longer than this are cut (UTF-16 code units, never inside a surrogate pair). */
export const MAX_ECHO = 200;
/** A whole message (the library's, which may quote several user strings) is cut beyond this. */
export const MAX_MESSAGE = 1000;

/** `text` cut to `max` characters, the last being "…", when longer; a surrogate pair is not split. */
export function shorten(text, max = MAX_ECHO) {
  const s = String(text);
  if (s.length <= max) return s;
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // keep a pair whole: drop its high half
  return `${s.slice(0, end)}…`;
}

/**
 * A message that quotes user strings (`key`, "value", 'name'): each quoted part longer than
 * MAX_ECHO is shortened inside its quotes, then the whole is cut at MAX_MESSAGE.
 */
export function shortenMessage(message) {
  const s = String(message);
  if (s.length <= MAX_ECHO) return s;
  const quoted = s.replace(/`([^`]*)`|"([^"]*)"|'([^']*)'/g, (whole, a, b, c) => {
    const inner = a ?? b ?? c;
    return inner.length > MAX_ECHO ? `${whole[0]}${shorten(inner)}${whole[0]}` : whole;
  });
  return shorten(quoted, MAX_MESSAGE);
}
