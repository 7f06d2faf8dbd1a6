//! What `fetch` accepts as a header, checked before anything is sent: a name is an RFC 9110
//! token, a value a byte string (every character ≤ U+00FF) without NUL, CR or LF. `fetch` throws
//! a bare TypeError on anything else, from deep inside the transport; here the caller gets a
//! TypeError that names the header, when the client is made.

use super::error::ApiError;

/// Names and values are echoed up to this many characters.
const ECHO_CHARS: usize = 60;

fn echo(text: &str) -> String {
    format!("{:?}", super::error::truncate(text, ECHO_CHARS))
}

/// A character as a reader can find it: `'é' (U+00E9)`.
fn describe(c: char) -> String {
    let mut out = String::new();
    let shown = !(c.is_control() || c == ' ');
    if shown {
        out.push('\'');
        out.push(c);
        out.push_str("' (");
    }
    out.push_str("U+");
    crate::diagnostics::push_hex(&mut out, u32::from(c), 4, true);
    if shown {
        out.push(')');
    }
    out
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Why `name` is not a header name (`None`: it is one).
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a header name must not be empty".to_owned());
    }
    name.chars().find(|c| !is_tchar(*c)).map(|c| {
        format!(
            "the header name {} contains {}: a name is letters, digits and !#$%&'*+-.^_`|~ only",
            echo(name),
            describe(c)
        )
    })
}

/// Why `value` is not a header value (`None`: it is one).
pub fn value_problem(value: &str) -> Option<String> {
    value
        .chars()
        .find(|c| u32::from(*c) > 0xFF || matches!(c, '\0' | '\r' | '\n'))
        .map(|c| {
            let why = if u32::from(c) > 0xFF {
                "a header value holds Latin-1 characters only (U+0000–U+00FF)"
            } else {
                "a header value must not contain NUL, CR or LF"
            };
            format!("it contains {}: {why}", describe(c))
        })
}

/// Checks a caller's header: a TypeError (`INVALID_ARGUMENT`) naming it, or `Ok`.
pub fn check(name: &str, value: &str) -> Result<(), ApiError> {
    if let Some(problem) = name_problem(name) {
        return Err(ApiError::invalid_argument(format!("headers: {problem}")));
    }
    match value_problem(value) {
        None => Ok(()),
        Some(problem) => Err(ApiError::invalid_argument(format!(
            "headers[{}]: the value is not a valid HTTP header value: {problem}",
            echo(name)
        ))),
    }
}

/// Checks the message signed for the `authorization` header. It is signed as UTF-8 and sent as
/// Latin-1, and `fetch` trims a value's outer whitespace: only printable ASCII without outer
/// spaces reaches the server as the bytes that were signed.
pub fn auth_message_problem(message: &str) -> Option<String> {
    let bad = message
        .chars()
        .find(|c| !(' '..='~').contains(c) || *c == ':');
    if message.is_empty() {
        Some("authMessage must not be empty".to_owned())
    } else if let Some(c) = bad {
        Some(format!(
            "authMessage contains {}: it is sent in the authorization header, so it must be \
             printable ASCII without ':'",
            describe(c)
        ))
    } else if message.starts_with(' ') || message.ends_with(' ') {
        Some("authMessage must not start or end with a space (fetch would trim it)".to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tokens() {
        for good in ["x-trace", "X_Id", "a!#$%&'*+-.^_`|~9"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        for (bad, shown) in [
            ("X Bad", "U+0020"),
            ("a:b", "':'"),
            ("é", "U+00E9"),
            ("a\r\nb", "U+000D"),
            ("a(b)", "'('"),
        ] {
            let p = name_problem(bad).unwrap();
            assert!(p.contains(shown), "{bad}: {p}");
        }
        assert!(name_problem("").is_some());
    }

    #[test]
    fn values_are_latin1_byte_strings_without_line_breaks() {
        for good in ["", "plain", "café", "tab\there", " spaced "] {
            assert_eq!(value_problem(good), None, "{good:?}");
        }
        for (bad, shown) in [
            ("✓", "U+2713"),
            ("a\nInjected: 1", "U+000A"),
            ("a\rb", "U+000D"),
            ("a\0", "U+0000"),
            ("😀", "U+1F600"),
        ] {
            let p = value_problem(bad).unwrap();
            assert!(p.contains(shown), "{bad:?}: {p}");
        }
    }

    #[test]
    fn a_bad_header_is_a_type_error_naming_it_with_a_bounded_echo() {
        let e = check("x-note", "ok ✓").unwrap_err();
        assert_eq!(e.code, "INVALID_ARGUMENT");
        assert!(e.message.contains("headers[\"x-note\"]"), "{}", e.message);
        let long = "n ".repeat(10_000);
        let e = check(&long, "v").unwrap_err();
        assert!(e.message.len() < 400, "{}", e.message.len());
        assert!(check("x-ok", "fine").is_ok());
    }

    #[test]
    fn auth_messages_are_printable_ascii() {
        assert_eq!(auth_message_problem("NosanaApiAuthentication"), None);
        assert_eq!(auth_message_problem("Sign in to app 1"), None);
        for bad in ["", "a:b", "é", "line\nbreak", " lead", "trail ", "✓"] {
            assert!(auth_message_problem(bad).is_some(), "{bad:?}");
        }
    }
}
