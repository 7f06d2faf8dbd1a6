//! A tolerant walk over JSON text that may be broken or half typed (an editor's buffer): every key
//! and scalar with its path and byte span, and what the cursor is on. It never fails: unexpected
//! tokens are skipped, an unclosed string ends at its line's end, missing commas and colons are
//! assumed. The strict parser ([`crate::json`]) is for validation; this is for completion and hover.

use crate::diagnostics::PathSegment;
use crate::json::Span;

use super::model::{JsonKind, Shape};

/// Whether a token is a member's key or a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Key,
    Value,
}

/// A key or a value found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The path of the value (for a key: of the member's value).
    pub path: Vec<PathSegment>,
    pub role: Role,
    pub kind: JsonKind,
    /// Bytes of the token (for a container: its opening bracket).
    pub span: Span,
    /// A string's decoded text; a number's or a word's raw text.
    pub text: String,
}

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    /// Where a key goes in the object at `object` (`prefix` typed so far; `replace` is the text a
    /// completion replaces: the whole key token, or an empty span at the cursor).
    Key {
        object: Vec<PathSegment>,
        prefix: String,
        replace: Span,
        /// A `:` already follows the key.
        has_colon: bool,
        /// The key follows a member's value without a comma: a completion adds one.
        after_value: bool,
    },
    /// Where the value at `path` goes (`in_string`: inside a string's quotes).
    Value {
        path: Vec<PathSegment>,
        prefix: String,
        replace: Span,
        in_string: bool,
    },
}

/// The result of a scan.
#[derive(Debug, Default)]
pub struct Scan {
    pub tokens: Vec<Token>,
    pub cursor: Option<Cursor>,
}

impl Scan {
    /// The shape of the value at `path`, from the tokens (for union branches).
    pub fn shape_at(&self, path: &[PathSegment]) -> Option<Shape> {
        let value = self
            .tokens
            .iter()
            .find(|t| t.role == Role::Value && t.path == path)?;
        let mut shape = Shape {
            kind: Some(value.kind),
            members: Vec::new(),
        };
        if value.kind == JsonKind::Object {
            for key in self.tokens.iter().filter(|t| {
                t.role == Role::Key && t.path.len() == path.len() + 1 && t.path.starts_with(path)
            }) {
                let string = self
                    .tokens
                    .iter()
                    .find(|t| {
                        t.role == Role::Value && t.path == key.path && t.kind == JsonKind::String
                    })
                    .map(|t| t.text.clone());
                shape.members.push((key.text.clone(), string));
            }
        }
        Some(shape)
    }

    /// The keys present in the object at `object`.
    pub fn keys_of(&self, object: &[PathSegment]) -> Vec<&str> {
        self.tokens
            .iter()
            .filter(|t| {
                t.role == Role::Key
                    && t.path.len() == object.len() + 1
                    && t.path.starts_with(object)
            })
            .map(|t| t.text.as_str())
            .collect()
    }

    /// The string values whose path matches `pattern` (`None` segments match anything).
    pub fn strings_at<'s>(
        &'s self,
        pattern: &'s [Option<PathSegment>],
    ) -> impl Iterator<Item = &'s Token> + 's {
        self.tokens.iter().filter(move |t| {
            t.role == Role::Value && t.kind == JsonKind::String && matches(&t.path, pattern)
        })
    }
}

/// Whether `path` matches `pattern` segment by segment (`None` matches any one segment).
pub fn matches(path: &[PathSegment], pattern: &[Option<PathSegment>]) -> bool {
    path.len() == pattern.len()
        && path
            .iter()
            .zip(pattern)
            .all(|(seg, pat)| pat.as_ref().is_none_or(|p| p == seg))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    /// A string: `closed` when its closing quote was found.
    Str {
        closed: bool,
    },
    Word,
}

/// The next token at or after `i`: its kind and span.
fn lex(bytes: &[u8], mut i: usize) -> Option<(Lex, Span)> {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let start = i;
    let b = *bytes.get(i)?;
    let one = |kind| {
        Some((
            kind,
            Span {
                start,
                end: start + 1,
            },
        ))
    };
    match b {
        b'{' | b'[' => one(Lex::Open(b)),
        b'}' | b']' => one(Lex::Close(b)),
        b':' => one(Lex::Colon),
        b',' => one(Lex::Comma),
        b'"' => {
            i += 1;
            loop {
                match bytes.get(i) {
                    None | Some(b'\n' | b'\r') => {
                        return Some((Lex::Str { closed: false }, Span { start, end: i }))
                    }
                    Some(b'\\') => i += 2,
                    Some(b'"') => {
                        return Some((Lex::Str { closed: true }, Span { start, end: i + 1 }))
                    }
                    Some(_) => i += 1,
                }
            }
        }
        _ => {
            while bytes
                .get(i)
                .is_some_and(|c| !c.is_ascii_whitespace() && !b"{}[]:,\"".contains(c))
            {
                i += 1;
            }
            Some((
                Lex::Word,
                Span {
                    start,
                    end: i.max(start + 1),
                },
            ))
        }
    }
}

/// The decoded text of a string token (escapes resolved; an unclosed one up to its end).
fn string_text(text: &str, span: Span, closed: bool) -> String {
    let inner_end = if closed { span.end - 1 } else { span.end };
    let raw = text
        .get(span.start + 1..inner_end.max(span.start + 1))
        .unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    ExpectKey,
    AfterKey,
    ExpectValue,
    AfterValue,
}

#[derive(Debug)]
struct Frame {
    path: Vec<PathSegment>,
    object: bool,
    state: State,
    key: Option<String>,
    index: usize,
}

impl Frame {
    fn value_path(&self) -> Vec<PathSegment> {
        let mut path = self.path.clone();
        if self.object {
            path.push(PathSegment::Key(self.key.clone().unwrap_or_default()));
        } else {
            path.push(PathSegment::Index(self.index));
        }
        path
    }

    /// Whether the next string is a key here.
    fn wants_key(&self) -> bool {
        self.object && matches!(self.state, State::ExpectKey | State::AfterValue)
    }
}

/// Texts longer than this (bytes) are not scanned: completion and hover then offer nothing. Each
/// token keeps its own path, so memory grows with tokens × depth; job definitions are a few KB.
pub const MAX_SCAN_BYTES: usize = 1024 * 1024;

/// Nesting deeper than this gives an empty scan: the validator refuses it anyway
/// (`nestingTooDeep`), and each token's path grows with the depth.
pub const MAX_SCAN_DEPTH: usize = crate::json::MAX_NESTING;

/// The bytes the tokens' paths may hold in all (each token keeps its own path, ancestors' keys
/// included) before the scan gives up: `[` × 100,000 or a long key above many values must not
/// grow wasm memory to its limit and trap (issue 19).
pub const MAX_SCAN_PATH_BYTES: usize = 64 * 1024 * 1024;

/// What a path costs a token: one segment each, plus its key's text.
fn path_bytes(path: &[PathSegment]) -> usize {
    path.iter()
        .map(|segment| {
            std::mem::size_of::<PathSegment>()
                + match segment {
                    PathSegment::Key(key) => key.len(),
                    PathSegment::Index(_) => 0,
                }
        })
        .sum()
}

/// Scans `text`, noting what the byte offset `cursor` is on (when given). A text over
/// [`MAX_SCAN_BYTES`], nested deeper than [`MAX_SCAN_DEPTH`] or whose paths would hold more than
/// [`MAX_SCAN_PATH_BYTES`] gives an empty scan.
pub fn scan(text: &str, cursor: Option<usize>) -> Scan {
    if text.len() > MAX_SCAN_BYTES {
        return Scan::default();
    }
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let mut cursor = cursor;
    let (mut counted, mut path_total) = (0, 0);
    loop {
        path_total += out
            .tokens
            .get(counted..)
            .unwrap_or_default()
            .iter()
            .map(|token| path_bytes(&token.path))
            .sum::<usize>();
        counted = out.tokens.len();
        if stack.len() > MAX_SCAN_DEPTH || path_total > MAX_SCAN_PATH_BYTES {
            return Scan::default();
        }
        let next = lex(bytes, i);
        if let Some(at) = cursor {
            let before_next = next.is_none_or(|(_, span)| at <= span.start);
            let inside = next.and_then(|(kind, span)| {
                let within = match kind {
                    Lex::Str { closed: true } => span.start < at && at < span.end,
                    Lex::Str { closed: false } | Lex::Word => span.start < at && at <= span.end,
                    _ => false,
                };
                within.then_some((kind, span))
            });
            if let Some((kind, span)) = inside {
                out.cursor = Some(cursor_in_token(text, &stack, kind, span, at));
                cursor = None;
            } else if before_next {
                out.cursor = Some(cursor_between(&stack, at));
                cursor = None;
            }
        }
        let Some((kind, span)) = next else { break };
        i = span.end;
        match kind {
            Lex::Open(b) => {
                let path = value_slot(&mut stack);
                let object = b == b'{';
                out.tokens.push(Token {
                    path: path.clone(),
                    role: Role::Value,
                    kind: if object {
                        JsonKind::Object
                    } else {
                        JsonKind::Array
                    },
                    span,
                    text: String::new(),
                });
                stack.push(Frame {
                    path,
                    object,
                    state: if object {
                        State::ExpectKey
                    } else {
                        State::ExpectValue
                    },
                    key: None,
                    index: 0,
                });
            }
            Lex::Close(_) => {
                stack.pop();
                if let Some(parent) = stack.last_mut() {
                    parent.state = State::AfterValue;
                }
            }
            Lex::Colon => {
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        top.state = State::ExpectValue;
                    }
                }
            }
            Lex::Comma => {
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        top.state = State::ExpectKey;
                        top.key = None;
                    } else {
                        top.index += 1;
                        top.state = State::ExpectValue;
                    }
                }
            }
            Lex::Str { closed } => {
                let decoded = string_text(text, span, closed);
                if stack.last().is_some_and(Frame::wants_key) {
                    if let Some(top) = stack.last_mut() {
                        top.key = Some(decoded.clone());
                        top.state = State::AfterKey;
                        out.tokens.push(Token {
                            path: top.value_path(),
                            role: Role::Key,
                            kind: JsonKind::String,
                            span,
                            text: decoded,
                        });
                    }
                } else {
                    let path = value_slot(&mut stack);
                    out.tokens.push(Token {
                        path,
                        role: Role::Value,
                        kind: JsonKind::String,
                        span,
                        text: decoded,
                    });
                }
            }
            Lex::Word => {
                let raw = text.get(span.start..span.end).unwrap_or("");
                let kind = match raw {
                    "true" | "false" => JsonKind::Boolean,
                    "null" => JsonKind::Null,
                    _ => JsonKind::Number,
                };
                if stack
                    .last()
                    .is_some_and(|f| f.object && f.state == State::ExpectKey)
                {
                    continue; // an unquoted key being typed: not a value
                }
                let path = value_slot(&mut stack);
                out.tokens.push(Token {
                    path,
                    role: Role::Value,
                    kind,
                    span,
                    text: raw.to_owned(),
                });
            }
        }
    }
    out
}

/// The path of the value that starts now, and the frame's state after it.
fn value_slot(stack: &mut [Frame]) -> Vec<PathSegment> {
    match stack.last_mut() {
        Some(top) => {
            let path = top.value_path();
            top.state = State::AfterValue;
            path
        }
        None => Vec::new(),
    }
}

fn cursor_in_token(text: &str, stack: &[Frame], kind: Lex, span: Span, at: usize) -> Cursor {
    let is_string = matches!(kind, Lex::Str { .. });
    let prefix_start = if is_string {
        span.start + 1
    } else {
        span.start
    };
    let prefix = text.get(prefix_start..at).unwrap_or("").to_owned();
    let top = stack.last();
    let key_here = top.is_some_and(|f| {
        f.object
            && (matches!(f.state, State::ExpectKey | State::AfterValue)
                || !is_string && f.state == State::ExpectKey)
    });
    if key_here {
        let object = top.map(|f| f.path.clone()).unwrap_or_default();
        return Cursor::Key {
            object,
            prefix,
            replace: span,
            has_colon: colon_follows(text, span.end),
            after_value: top.is_some_and(|f| f.state == State::AfterValue),
        };
    }
    let path = match top {
        Some(f) => f.value_path(),
        None => Vec::new(),
    };
    Cursor::Value {
        path,
        prefix,
        replace: span,
        in_string: is_string,
    }
}

fn cursor_between(stack: &[Frame], at: usize) -> Cursor {
    let here = Span { start: at, end: at };
    match stack.last() {
        Some(f) if f.wants_key() => Cursor::Key {
            object: f.path.clone(),
            prefix: String::new(),
            replace: here,
            has_colon: false,
            after_value: f.state == State::AfterValue,
        },
        Some(f) => Cursor::Value {
            path: f.value_path(),
            prefix: String::new(),
            replace: here,
            in_string: false,
        },
        None => Cursor::Value {
            path: Vec::new(),
            prefix: String::new(),
            replace: here,
            in_string: false,
        },
    }
}

fn colon_follows(text: &str, from: usize) -> bool {
    text.get(from..)
        .and_then(|rest| rest.trim_start().chars().next())
        == Some(':')
}

/// The byte offset of UTF-16 offset `units` in `text` (the end when past it; inside a surrogate
/// pair, the character's start).
pub fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
        if seen > units {
            return i;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    fn cursor(text_with_bar: &str) -> Cursor {
        let at = text_with_bar.find('|').unwrap();
        let text = text_with_bar.replacen('|', "", 1);
        scan(&text, Some(at)).cursor.unwrap()
    }

    #[test]
    fn cursor_in_a_key_of_a_broken_document() {
        let Cursor::Key { object, prefix, .. } = cursor(r#"{"ops": [{"id": "a", "ar|"#) else {
            panic!("not a key")
        };
        assert_eq!(object, path!["ops", 0]);
        assert_eq!(prefix, "ar");
    }

    #[test]
    fn cursor_in_a_value() {
        let Cursor::Value {
            path,
            prefix,
            in_string,
            ..
        } = cursor(r#"{"version": "0.|", "type": "container"}"#)
        else {
            panic!("not a value")
        };
        assert_eq!(path, path!["version"]);
        assert_eq!(prefix, "0.");
        assert!(in_string);
        let Cursor::Value { path, .. } = cursor(r#"{"ops": [{"execution": {"depends_on": ["a", |"#)
        else {
            panic!("not a value")
        };
        assert_eq!(path, path!["ops", 0, "execution", "depends_on", 1]);
    }

    #[test]
    fn empty_object_and_after_a_member_take_keys() {
        assert!(matches!(cursor("{|}"), Cursor::Key { object, .. } if object.is_empty()));
        assert!(
            matches!(cursor(r#"{"a": {"b": 1, |}}"#), Cursor::Key { object, .. } if object == path!["a"])
        );
    }

    #[test]
    fn long_texts_are_not_scanned() {
        let long = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_SCAN_BYTES));
        let scanned = scan(&long, Some(3));
        assert!(scanned.tokens.is_empty() && scanned.cursor.is_none());
        assert!(!scan("{\"a\": 1}", Some(3)).tokens.is_empty());
    }

    #[test]
    fn deep_texts_are_not_scanned() {
        // 100,000 levels made wasm memory grow to its limit (a path per token, each as deep).
        let deep = "[".repeat(100_000);
        assert!(scan(&deep, Some(3)).tokens.is_empty());
        let ok = format!(
            "{}{}",
            "[".repeat(MAX_SCAN_DEPTH),
            "]".repeat(MAX_SCAN_DEPTH)
        );
        assert_eq!(scan(&ok, None).tokens.len(), MAX_SCAN_DEPTH);
    }

    #[test]
    fn paths_that_would_hold_too_much_stop_the_scan() {
        // A 512 KB key above 200 values: each value's path holds the key again.
        let key = "k".repeat(512 * 1024);
        let values = vec!["1"; 200].join(",");
        let text = format!("{{\"{key}\": [{values}]}}");
        assert!(text.len() < MAX_SCAN_BYTES);
        assert!(scan(&text, None).tokens.is_empty());
        let small = format!("{{\"k\": [{values}]}}");
        assert_eq!(scan(&small, None).tokens.len(), 203);
    }

    #[test]
    fn a_key_after_a_value_without_comma_is_noted() {
        assert!(matches!(
            cursor(r#"{"a": 1 |}"#),
            Cursor::Key {
                after_value: true,
                ..
            }
        ));
        assert!(matches!(
            cursor(r#"{"a": 1, |}"#),
            Cursor::Key {
                after_value: false,
                ..
            }
        ));
        assert!(matches!(
            cursor(r#"{"a": 1 "b|"#),
            Cursor::Key {
                after_value: true,
                ..
            }
        ));
    }

    #[test]
    fn utf16_offsets_map_to_bytes() {
        let text = "é😀x";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), 2);
        assert_eq!(byte_offset(text, 3), 6);
        assert_eq!(byte_offset(text, 2), 2); // inside the pair: the character's start
        assert_eq!(byte_offset(text, 99), text.len());
    }
}
