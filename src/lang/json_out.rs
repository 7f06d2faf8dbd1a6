//! A small JSON value to write out (the JSON Schema, completion and hover results). Hand-written so
//! the job-definition wasm links no `serde_json` (docs/benchmarks.md, size).

/// A JSON value to print. Object members keep their insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Null,
    Bool(bool),
    /// A number, already in its JSON form.
    Number(String),
    Str(String),
    Array(Vec<Out>),
    Object(Vec<(String, Out)>),
}

impl Out {
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    pub fn number(n: f64) -> Self {
        Self::Number(crate::diagnostics::format_number(n))
    }

    /// Adds a member to an object (nothing for other values).
    pub fn push(&mut self, key: &str, value: Out) {
        if let Self::Object(members) = self {
            members.push((key.to_owned(), value));
        }
    }

    /// Compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// JSON indented by two spaces, with a final newline (the checked-in schema files).
    pub fn to_pretty_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, depth: usize) {
        let newline = |out: &mut String, depth: usize| {
            if let Some(width) = indent {
                out.push('\n');
                out.push_str(&" ".repeat(width * depth));
            }
        };
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Number(n) => out.push_str(n),
            Self::Str(s) => write_string(out, s),
            Self::Array(items) if items.is_empty() => out.push_str("[]"),
            Self::Array(items) => {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write(out, indent, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            Self::Object(members) if members.is_empty() => out.push_str("{}"),
            Self::Object(members) => {
                out.push('{');
                for (n, (key, value)) in members.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    write_string(out, key);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, indent, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

/// Appends `s` as a JSON string literal (control characters escaped, the rest as is).
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u");
                crate::diagnostics::push_hex(out, u32::from(c), 4, false);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_serde_json_writes() {
        let value = Out::Object(vec![
            ("a\"b".to_owned(), Out::str("tab\t é 😀 \u{1}")),
            ("empty".to_owned(), Out::Object(vec![])),
            (
                "list".to_owned(),
                Out::Array(vec![
                    Out::Null,
                    Out::Bool(true),
                    Out::number(1.5),
                    Out::Array(vec![]),
                ]),
            ),
        ]);
        let serde: serde_json::Value = serde_json::from_str(&value.to_json()).unwrap();
        assert_eq!(serde_json::to_string(&serde).unwrap(), value.to_json());
        assert_eq!(
            serde_json::to_string_pretty(&serde).unwrap() + "\n",
            value.to_pretty_json()
        );
    }
}
