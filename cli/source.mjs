// Offsets ↔ lines and columns in source text, the same convention as the library's ranges:
// 1-based lines and columns, columns and offsets in UTF-16 code units (JS string indexes), and a
// line ends at LF, CRLF or a lone CR (CRLF is one line end: the CR is the last column of its line).

export class LineIndex {
  constructor(text) {
    this.text = text;
    this.starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** The 1-based line containing `offset`. */
  lineOf(offset) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  position(offset) {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, column: clamped - this.starts[line - 1] + 1, offset: clamped };
  }

  range(start, end) {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line) {
    if (line < 1 || line > this.starts.length) return undefined;
    const start = this.starts[line - 1];
    const end = line < this.starts.length ? this.starts[line] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, "");
  }
}

/**
 * Some lines of a text, by 1-based number: what a report made away from the text needs to show
 * its issues (cli/pool.mjs). Answers lineText() as a LineIndex of the whole text would.
 */
export class LineExcerpt {
  /** @param {Array<[number, string]>} lines */
  constructor(lines) {
    this.lines = new Map(lines);
  }

  lineText(line) {
    return this.lines.get(line);
  }
}
