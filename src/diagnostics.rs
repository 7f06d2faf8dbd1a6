//! The one issue shape every rule reports: job definitions, deployment bodies and cron schedules alike,
//! so one UI (or one CLI printer) renders all of them.

use std::fmt;

use serde::Serialize;

/// How bad an issue is. `Error` makes a document invalid; `Warning` is advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A rule: one stable code, its default severity and a one-line description (for docs and UIs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub description: &'static str,
}

impl Rule {
    /// A rule whose issues are errors by default.
    pub const fn error(code: &'static str, description: &'static str) -> Self {
        Self {
            code,
            severity: Severity::Error,
            description,
        }
    }

    /// A rule whose issues are warnings by default.
    pub const fn warning(code: &'static str, description: &'static str) -> Self {
        Self {
            code,
            severity: Severity::Warning,
            description,
        }
    }
}

/// One step of a path into a JSON document: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<String> for PathSegment {
    fn from(key: String) -> Self {
        Self::Key(key)
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

/// A place in source text. `line` and `column` are 1-based; `column` and `offset` count UTF-16 code
/// units, the unit of JavaScript strings and of every JS editor (CodeMirror, Monaco).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

/// A span of source text, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// One edit of a [`Fix`]: replace the text in `range` (UTF-16 offsets) with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub range: Range,
    pub new_text: String,
}

/// A mechanical fix of an issue: its edits, applied together (they never overlap one another),
/// keep the document valid JSON. Made by the language service (`crate::lang::fix`) for issues
/// found in the caller's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, e.g. "Rename `imgae` to `image`".
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// Where a range should point when an issue is located in source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// The value at the path (the usual case).
    #[default]
    Value,
    /// The key of the member at the path (unknown or misplaced keys).
    Key,
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: Vec<PathSegment>,
    /// RFC 6901 JSON Pointer of `path` ("" is the document itself).
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Quick fixes, best first; always present, empty when there is none (no mechanical fix, or
    /// no source text: issues of a value passed as an object have no ranges, so no fixes).
    pub fixes: Vec<Fix>,
    #[serde(skip)]
    pub anchor: Anchor,
}

/// Messages and hints longer than this (in chars) have their quoted echoes of the caller's text
/// shortened, then are cut: a 1 MB key must not make a 1 MB message (3 MB once in UTF-16).
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// How much of one quoted echo (a key, a name, a value) a shortened message keeps.
const ECHO_CHARS: usize = 80;

/// `text`, or, when longer than [`MAX_MESSAGE_CHARS`], the same with each quoted part (`"…"`)
/// longer than [`ECHO_CHARS`] cut to its start and `…`, and the whole cut at the limit.
pub(crate) fn bounded_echo(text: String) -> String {
    if text.chars().count() <= MAX_MESSAGE_CHARS {
        return text;
    }
    let mut out = String::with_capacity(MAX_MESSAGE_CHARS * 2);
    for (n, part) in text.split('"').enumerate() {
        if n > 0 {
            out.push('"');
        }
        // Odd parts are inside quotes.
        if n % 2 == 1 && part.chars().count() > ECHO_CHARS {
            out.extend(part.chars().take(ECHO_CHARS));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    if out.chars().count() > MAX_MESSAGE_CHARS {
        out = out.chars().take(MAX_MESSAGE_CHARS - 1).collect();
        out.push('…');
    }
    out
}

impl Issue {
    /// An issue for `rule` at `path`, with the rule's default severity.
    pub fn new(rule: &Rule, path: Vec<PathSegment>, message: impl Into<String>) -> Self {
        BUILT.with(|built| built.set(built.get() + 1));
        let pointer = to_pointer(&path);
        Self {
            code: rule.code,
            severity: rule.severity,
            message: bounded_echo(message.into()),
            path,
            pointer,
            range: None,
            hint: None,
            fixes: Vec::new(),
            anchor: Anchor::Value,
        }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(bounded_echo(hint.into()));
        self
    }

    /// Point the source range at the member's key instead of its value.
    #[must_use]
    pub fn at_key(mut self) -> Self {
        self.anchor = Anchor::Key;
        self
    }

    /// Nest this issue under `prefix` (e.g. a job definition inside a deployment body).
    #[must_use]
    pub fn nested_under(mut self, prefix: &[PathSegment]) -> Self {
        let mut path = prefix.to_vec();
        path.append(&mut self.path);
        self.pointer = to_pointer(&path);
        self.path = path;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} [{}]", self.message, self.code)
    }
}

/// The result of a validation: `success` is false exactly when an issue has severity `Error`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub success: bool,
    pub issues: Vec<Issue>,
}

/// A report lists at most this many issues; the rest are summed up in one `tooManyIssues` issue.
/// One broken template can produce thousands of the same issue, and every one of them crosses to
/// JS and ends up in an editor. The rules stop building issues past it ([`Issues`]).
pub const MAX_ISSUES: usize = 1000;

pub const TOO_MANY_ISSUES: Rule = Rule::error(
    "tooManyIssues",
    "More issues than a report lists (1,000): the rest are left out",
);

/// Issues found but not built: past [`MAX_ISSUES`] in document order, only counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub issues: usize,
    pub errors: usize,
}

impl LeftOut {
    pub(crate) fn count(&mut self, severity: Severity) {
        self.issues += 1;
        self.errors += usize::from(severity == Severity::Error);
    }

    pub(crate) fn add(&mut self, other: LeftOut) {
        self.issues += other.issues;
        self.errors += other.errors;
    }
}

/// What a validator returns: the issues it built, in the order the rules reported them (at most
/// [`MAX_ISSUES`], the first ones in document order), and how many more it found and only counted.
/// Derefs to the built issues; `left_out` is empty when nothing was left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Issues {
    pub issues: Vec<Issue>,
    pub left_out: LeftOut,
}

impl Issues {
    /// The built issues (without the count of the rest).
    pub fn into_vec(self) -> Vec<Issue> {
        self.issues
    }

    /// Every issue found, built or not.
    pub fn total(&self) -> usize {
        self.issues.len() + self.left_out.issues
    }
}

impl From<Vec<Issue>> for Issues {
    fn from(issues: Vec<Issue>) -> Self {
        Self {
            issues,
            left_out: LeftOut::default(),
        }
    }
}

impl std::ops::Deref for Issues {
    type Target = Vec<Issue>;

    fn deref(&self) -> &Vec<Issue> {
        &self.issues
    }
}

impl std::ops::DerefMut for Issues {
    fn deref_mut(&mut self) -> &mut Vec<Issue> {
        &mut self.issues
    }
}

impl IntoIterator for Issues {
    type Item = Issue;
    type IntoIter = std::vec::IntoIter<Issue>;

    fn into_iter(self) -> Self::IntoIter {
        self.issues.into_iter()
    }
}

impl<'a> IntoIterator for &'a Issues {
    type Item = &'a Issue;
    type IntoIter = std::slice::Iter<'a, Issue>;

    fn into_iter(self) -> Self::IntoIter {
        self.issues.iter()
    }
}

impl Report {
    /// The report of `issues`: `success` counts every issue, the list keeps the first
    /// [`MAX_ISSUES`] and then says how many were left out.
    pub fn new(issues: Vec<Issue>) -> Self {
        Self::with_left_out(issues, LeftOut::default())
    }

    /// The report of `issues` (in document order) and of `left_out`, found after them and not
    /// built: over [`MAX_ISSUES`] in all, the first `MAX_ISSUES - 1` are listed and one
    /// `tooManyIssues` issue counts the rest.
    pub fn with_left_out(mut issues: Vec<Issue>, mut left_out: LeftOut) -> Self {
        let success = !issues.iter().any(Issue::is_error) && left_out.errors == 0;
        if issues.len() + left_out.issues > MAX_ISSUES {
            for issue in issues.split_off((MAX_ISSUES - 1).min(issues.len())) {
                left_out.count(issue.severity);
            }
            let LeftOut {
                issues: count,
                errors,
            } = left_out;
            let mut summary = Issue::new(
                &TOO_MANY_ISSUES,
                Vec::new(),
                format!(
                    "{count} more issues ({errors} errors) are not listed: a report lists at most {MAX_ISSUES}"
                ),
            )
            .with_hint("Fix the issues listed first; the same mistake repeated is often the cause.");
            if errors == 0 {
                summary.severity = Severity::Warning;
            }
            issues.push(summary);
        }
        Self { success, issues }
    }
}

thread_local! {
    /// How many [`Issue`]s this thread has built: tests check that issues past the cap are only
    /// counted (a `Cell` per thread, so parallel tests do not see each other's).
    static BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The number of [`Issue`]s built on this thread so far (for tests of the cap on built issues).
#[doc(hidden)]
pub fn issues_built() -> usize {
    BUILT.with(std::cell::Cell::get)
}

thread_local! {
    /// The cap on built issues, [`MAX_ISSUES`] except inside [`with_issue_cap`].
    static CAP: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_ISSUES) };
}

/// Runs `f` with the cap on built issues set to `cap` on this thread (tests compare a capped
/// result with the uncapped one); reports still list at most [`MAX_ISSUES`].
#[doc(hidden)]
pub fn with_issue_cap<T>(cap: usize, f: impl FnOnce() -> T) -> T {
    let before = CAP.with(|c| c.replace(cap));
    let out = f();
    CAP.with(|c| c.set(before));
    out
}

/// The cap on built issues a new collector takes.
pub(crate) fn issue_cap() -> usize {
    CAP.with(std::cell::Cell::get)
}

/// Options shared by every `validate*` entry point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Report warnings (good-practice rules) as well as errors.
    pub warnings: bool,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        Self { warnings: true }
    }
}

/// RFC 6901: `~` becomes `~0`, `/` becomes `~1`.
pub fn to_pointer(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            PathSegment::Key(key) => {
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            PathSegment::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Builds a path from a mix of keys and indexes: `path!["ops", 0, "args"]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => {
        vec![$($crate::diagnostics::PathSegment::from($seg)),*]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        code: "testRule",
        severity: Severity::Error,
        description: "test",
    };

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let path = path!["a/b", 0, "c~d"];
        assert_eq!(to_pointer(&path), "/a~1b/0/c~0d");
        assert_eq!(to_pointer(&[]), "");
    }

    #[test]
    fn nesting_prefixes_path_and_pointer() {
        let prefix = path!["job_definition"];
        let issue = Issue::new(&RULE, path!["ops", 1], "x").nested_under(&prefix);
        assert_eq!(issue.path, path!["job_definition", "ops", 1]);
        assert_eq!(issue.pointer, "/job_definition/ops/1");
    }

    #[test]
    fn report_success_ignores_warnings() {
        let warning = Rule {
            severity: Severity::Warning,
            ..RULE
        };
        assert!(Report::new(vec![Issue::new(&warning, vec![], "w")]).success);
        assert!(!Report::new(vec![Issue::new(&RULE, vec![], "e")]).success);
    }

    #[test]
    fn serializes_camel_case_without_internal_fields() {
        let json =
            serde_json::to_value(Issue::new(&RULE, path!["a", 2], "m").with_hint("h")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code":"testRule","severity":"error","message":"m","path":["a",2],"pointer":"/a/2","hint":"h","fixes":[]})
        );
    }
}

/// Formats a number for a message the way JavaScript prints it (`1`, `1.5`, `1e+300`). Whole
/// numbers go through `i64`; others through `zmij` (the shortest round-trip digits, as JS prints
/// them): core's `{}` for `f64` would add ~14 KB of float formatting to the wasm.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        // Exact: a whole number below 2^53 fits an i64 without loss.
        #[allow(clippy::cast_possible_truncation)]
        return (value as i64).to_string();
    }
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let text = zmij::Buffer::new().format_finite(value).to_owned();
    // JS writes a positive exponent with its sign: 1e+300.
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with(['-', '+']) => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// Appends `value` in hexadecimal, zero-padded to at least `width` digits: what `{:04x}` (or
/// `{:04X}` when `upper`) writes, without core's hex formatting impls in the wasm.
pub fn push_hex(out: &mut String, value: u32, width: u32, upper: bool) {
    let digits = (u32::BITS - value.leading_zeros())
        .div_ceil(4)
        .max(width)
        .max(1);
    for n in (0..digits).rev() {
        let nibble = value.checked_shr(n * 4).unwrap_or(0) & 0xf;
        let digit = char::from_digit(nibble, 16).unwrap_or('0');
        out.push(if upper {
            digit.to_ascii_uppercase()
        } else {
            digit
        });
    }
}

#[cfg(test)]
mod number_tests {
    use super::format_number;

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(format_number(80.0), "80");
        assert_eq!(format_number(-1.0), "-1");
        assert_eq!(format_number(80.5), "80.5");
        assert_eq!(format_number(0.1), "0.1");
        assert_eq!(format_number(f64::NAN), "NaN");
        assert_eq!(format_number(f64::INFINITY), "Infinity");
        assert_eq!(format_number(1e300), "1e+300");
        assert_eq!(format_number(-2.5e-7), "-2.5e-7");
        assert_eq!(format_number(123456.789), "123456.789");
    }

    #[test]
    fn hex_matches_core_formatting() {
        for value in [
            0,
            1,
            0x1f,
            0xab,
            0xfff,
            0xffff,
            0x1_0000,
            0x10_ffff,
            u32::MAX,
        ] {
            for width in [2, 4] {
                let (mut lower, mut upper) = (String::new(), String::new());
                super::push_hex(&mut lower, value, width, false);
                super::push_hex(&mut upper, value, width, true);
                let w = width as usize;
                assert_eq!(lower, format!("{value:0w$x}"));
                assert_eq!(upper, format!("{value:0w$X}"));
            }
        }
    }
}
