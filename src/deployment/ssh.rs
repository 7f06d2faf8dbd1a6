//! SSH public keys as the service checks them: the rules of `@nosana/ssh` (spec addendum §6.1),
//! shared by the service, the official client and the node. One issue per bad key, at its index;
//! then the set's caps, counted over distinct keys (same type and key data; the comment does not
//! count). Used for `ssh_public_keys` (create), `public_keys` (add/revoke) and a job definition's
//! `ssh.public_keys`. The rules are documented in `docs/deployment-rules.md`.

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::{DecodeError, Engine as _};

use crate::diagnostics::{Issue, Issues, PathSegment, Rule, ValidateOptions};
use crate::job::rules::INVALID_TYPE;
use crate::json::{Kind, Value};
use crate::source::Collector;

/// The key types the service accepts, case-sensitive.
pub const ALGORITHMS: [&str; 7] = [
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];
/// A trimmed key line is at most this many characters (UTF-16 code units, as JavaScript counts).
pub const MAX_LINE_UNITS: usize = 8192;
/// A key set holds at most this many distinct keys.
pub const MAX_KEYS: usize = 10;
/// The distinct trimmed key lines of a set use at most this many UTF-8 bytes.
pub const MAX_TOTAL_BYTES: usize = 65_536;

pub const SSH_KEY_EMPTY: Rule = Rule::error("sshKeyEmpty", "An SSH public key must not be empty");
pub const SSH_KEY_TOO_LONG: Rule = Rule::error(
    "sshKeyTooLong",
    "An SSH public key line is at most 8,192 characters",
);
pub const SSH_KEY_MULTILINE: Rule = Rule::error(
    "sshKeyMultiline",
    "An SSH public key is one line: no line break inside it",
);
pub const SSH_KEY_FIELD_COUNT: Rule = Rule::error(
    "sshKeyFieldCount",
    "An SSH public key is \"<type> <base64> [comment]\": 2 or 3 fields, a single-word comment, no authorized_keys options",
);
pub const UNSUPPORTED_SSH_KEY_TYPE: Rule = Rule::error(
    "unsupportedSshKeyType",
    "The key type is not one of the 7 the service accepts (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521 and the two sk- types); case-sensitive",
);
pub const INVALID_SSH_KEY_BASE64: Rule = Rule::error(
    "invalidSshKeyBase64",
    "The key data must be strict canonical standard base64 (padded, no URL-safe characters, zero unused bits)",
);
pub const SSH_KEY_TYPE_MISMATCH: Rule = Rule::error(
    "sshKeyTypeMismatch",
    "The key data must start with the key's type (the first field) and hold key material after it",
);
pub const DUPLICATE_SSH_KEY: Rule = Rule::warning(
    "duplicateSshKey",
    "The same key (type and key data) is listed twice; the service keeps the first",
);
pub const TOO_MANY_SSH_KEYS: Rule = Rule::error(
    "tooManySshKeys",
    "A key set holds at most 10 distinct SSH public keys",
);
pub const SSH_KEYS_TOO_LARGE: Rule = Rule::error(
    "sshKeysTooLarge",
    "The distinct SSH public keys of a set use at most 65,536 bytes in total (comments included)",
);

/// Which checks a key list gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyList {
    /// A key set (create, add, a job definition's `ssh` block): each key, then the set's caps.
    Set,
    /// Keys to revoke: each key only. The service matches them by identity and does not validate
    /// them, but a key that is not valid cannot be among the deployment's keys.
    Revoke,
}

/// What is wrong with one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    pub rule: &'static Rule,
    /// Says what is wrong, without naming the key (the caller knows where it is).
    pub message: String,
    pub hint: Option<String>,
}

impl KeyProblem {
    fn new(rule: &'static Rule, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            rule,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// JavaScript's whitespace (`trim()`, `\s`): the service trims and splits keys with it.
fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The key as the service reads it: without leading and trailing whitespace (a trailing newline
/// from a `.pub` file is fine).
pub fn trim_key(key: &str) -> &str {
    key.trim_matches(is_js_whitespace)
}

fn fields(line: &str) -> impl Iterator<Item = &str> {
    line.split(is_js_whitespace).filter(|f| !f.is_empty())
}

/// The key's identity, `"<type> <base64>"`: keys with the same identity are the same key,
/// whatever their comments.
pub fn identity(key: &str) -> String {
    let mut parts = fields(trim_key(key));
    let mut id = parts.next().unwrap_or_default().to_owned();
    if let Some(blob) = parts.next() {
        id.push(' ');
        id.push_str(blob);
    }
    id
}

/// The keys to send: trimmed, blank ones dropped, each identity once (its first occurrence), in
/// order. Older servers reject exact duplicates, and the newer ones keep the first anyway.
pub fn distinct_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .map(trim_key)
        .filter(|key| !key.is_empty() && seen.insert(identity(key)))
        .collect()
}

const FORMAT_HINT: &str =
    "paste the whole line of your .pub file, e.g. \"ssh-ed25519 AAAAC3Nza… alice@laptop\"";
const COPY_HINT: &str =
    "copy the key again from your .pub file: the key data must be exactly as ssh-keygen wrote it";

/// Why `key` (one line of a `.pub` file) is not a key the service accepts; `None` when it is.
/// The checks run in the service's order; the first that fails is the problem.
pub fn key_problem(key: &str) -> Option<KeyProblem> {
    let line = trim_key(key);
    if line.is_empty() {
        let message = if key.is_empty() {
            "is empty"
        } else {
            "is blank"
        };
        return Some(KeyProblem::new(&SSH_KEY_EMPTY, message, FORMAT_HINT));
    }
    let units = line.encode_utf16().count();
    if units > MAX_LINE_UNITS {
        return Some(KeyProblem::new(
            &SSH_KEY_TOO_LONG,
            format!("is {units} characters long; a key line is at most {MAX_LINE_UNITS}"),
            "an RSA key of 16,384 bits is about 2,800 characters: check that only one key was pasted",
        ));
    }
    if line.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Some(KeyProblem::new(
            &SSH_KEY_MULTILINE,
            "spans more than one line; a key is one line",
            "give each key as its own entry",
        ));
    }
    let parts: Vec<&str> = fields(line).collect();
    let (algorithm, blob) = match parts.as_slice() {
        [algorithm, blob] | [algorithm, blob, _] => (*algorithm, *blob),
        [only] => {
            return Some(KeyProblem::new(
                &SSH_KEY_FIELD_COUNT,
                format!(
                    "has only one field (\"{}\"); a key is \"<type> <base64> [comment]\"",
                    shorten(only)
                ),
                FORMAT_HINT,
            ))
        }
        more => {
            let hint = if more.iter().skip(1).any(|f| ALGORITHMS.contains(f)) {
                "remove what comes before the key type: authorized_keys options (from=…, no-pty) are not accepted"
            } else {
                "the comment must be a single word: remove its spaces, e.g. \"alice@laptop\""
            };
            return Some(KeyProblem::new(
                &SSH_KEY_FIELD_COUNT,
                format!(
                    "has {} fields; a key is \"<type> <base64> [comment]\" with a single-word comment",
                    more.len()
                ),
                hint,
            ));
        }
    };
    if !ALGORITHMS.contains(&algorithm) {
        return Some(unsupported_type(algorithm, blob));
    }
    let data = match decode_strict(blob) {
        Ok(data) => data,
        Err(problem) => return Some(problem),
    };
    blob_problem(&data, algorithm)
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn unsupported_type(algorithm: &str, blob: &str) -> KeyProblem {
    let message = format!(
        "has the type \"{}\", which the service does not accept",
        shorten(algorithm)
    );
    let hint = if let Some(right) = ALGORITHMS
        .iter()
        .find(|a| a.eq_ignore_ascii_case(algorithm))
    {
        format!("key types are case-sensitive: use {right}")
    } else if algorithm.starts_with("rsa-sha2-") {
        "rsa-sha2-256/512 are signature algorithms; an RSA key's type is ssh-rsa".to_owned()
    } else if algorithm == "ssh-dss" {
        "DSA keys are not accepted: make an ed25519 key with ssh-keygen -t ed25519".to_owned()
    } else if algorithm.ends_with("-cert-v01@openssh.com") {
        "certificates are not accepted: use the plain public key (the .pub file without -cert)"
            .to_owned()
    } else if ALGORITHMS.contains(&blob) {
        "remove what comes before the key type: authorized_keys options (from=…, no-pty) are not accepted".to_owned()
    } else {
        format!("use one of {}", ALGORITHMS.join(", "))
    };
    KeyProblem::new(&UNSUPPORTED_SSH_KEY_TYPE, message, hint)
}

/// The key data decoded as strict canonical standard base64 (the `base64` crate's standard engine
/// requires canonical padding and zero unused bits).
fn decode_strict(blob: &str) -> Result<Vec<u8>, KeyProblem> {
    let problem = |message: String| KeyProblem::new(&INVALID_SSH_KEY_BASE64, message, COPY_HINT);
    let char_at = |offset: usize| blob.get(offset..).and_then(|rest| rest.chars().next());
    match STANDARD.decode(blob) {
        Ok(data) => Ok(data),
        Err(DecodeError::InvalidByte(offset, _)) => {
            let bad = char_at(offset).unwrap_or('?');
            Err(problem(match bad {
                '-' | '_' => format!(
                    "has key data with '{bad}' at position {offset}: URL-safe base64 is not accepted, only standard base64 (+ and /)"
                ),
                '=' => format!(
                    "has key data with '=' at position {offset}: padding may only end the key data"
                ),
                _ => format!(
                    "has key data with '{bad}' at position {offset}, which is not a base64 character"
                ),
            }))
        }
        Err(DecodeError::InvalidLength(_) | DecodeError::InvalidPadding) => Err(problem(
            if blob.len() % 4 == 0 {
                "has key data with wrong '=' padding".to_owned()
            } else {
                format!(
                    "has key data of {} characters, not a multiple of 4: it is truncated or unpadded (the '=' padding is required)",
                    blob.len()
                )
            },
        )),
        Err(DecodeError::InvalidLastSymbol(offset, _)) => Err(problem(format!(
            "has key data that is not canonical base64: the unused bits of its last character (position {offset}) are not zero"
        ))),
    }
}

/// The key data is an SSH wire blob whose first field (a uint32 big-endian length and that many
/// bytes) is the key type; key material must follow it.
fn blob_problem(data: &[u8], algorithm: &str) -> Option<KeyProblem> {
    let problem =
        |message: String| Some(KeyProblem::new(&SSH_KEY_TYPE_MISMATCH, message, COPY_HINT));
    let Some((length, rest)) = data.split_first_chunk::<4>() else {
        return problem(format!(
            "has key data of {} bytes, too short to hold its type",
            data.len()
        ));
    };
    let length = u32::from_be_bytes(*length) as usize;
    if length == 0 {
        return problem("has key data that starts with an empty type name".to_owned());
    }
    let Some(name) = rest.get(..length) else {
        return problem(format!(
            "has key data that is cut short: its type name claims {length} bytes, {} remain",
            rest.len()
        ));
    };
    if name != algorithm.as_bytes() {
        return match std::str::from_utf8(name) {
            Ok(name) => Some(KeyProblem::new(
                &SSH_KEY_TYPE_MISMATCH,
                format!(
                    "says \"{algorithm}\", but its key data is a \"{}\" key",
                    shorten(name)
                ),
                if ALGORITHMS.contains(&name) {
                    format!("the first field must match the key data: use {name}")
                } else {
                    COPY_HINT.to_owned()
                },
            )),
            Err(_) => problem(format!(
                "has key data that does not start with its type \"{algorithm}\""
            )),
        };
    }
    if rest.len() == length {
        return problem(format!(
            "has key data that holds only its type \"{algorithm}\" and no key material"
        ));
    }
    None
}

/// Checks a JSON value that should be a list of keys. Issue paths are relative to the list: `[i]`
/// for a key, `[]` for the list; `name` names the list in messages (`ssh_public_keys`).
pub fn check_key_list(value: Value<'_>, name: &str, list: KeyList) -> Vec<Issue> {
    let mut out = Collector::new(value, true);
    collect_key_list(value, name, list, &[], &mut out);
    out.finish().into_vec()
}

/// [`check_key_list`] into `out`, issue paths under `prefix`: each key's issue is built only when
/// kept (a list of many bad keys costs no message past the cap).
pub(crate) fn collect_key_list(
    value: Value<'_>,
    name: &str,
    list: KeyList,
    prefix: &[PathSegment],
    out: &mut Collector<'_>,
) {
    let at = |tail: Option<usize>| {
        let mut path = prefix.to_vec();
        path.extend(tail.map(PathSegment::Index));
        path
    };
    let list_start = value.span().start;
    let Some(items) = value.as_array() else {
        out.offer(list_start, INVALID_TYPE.severity, || {
            Issue::new(
                &INVALID_TYPE,
                at(None),
                format!(
                    "{name} must be an array of strings, not {}",
                    value.type_name()
                ),
            )
        });
        return;
    };
    // Distinct keys so far: identity → index of its first occurrence.
    let mut distinct: HashMap<String, usize> = HashMap::new();
    let mut total_bytes = 0usize;
    for (i, item) in items.iter().enumerate() {
        let position = item.span().start;
        let Kind::String(key) = item.kind() else {
            out.offer(position, INVALID_TYPE.severity, || {
                Issue::new(
                    &INVALID_TYPE,
                    at(Some(i)),
                    format!("{name}[{i}] must be a string, not {}", item.type_name()),
                )
            });
            continue;
        };
        let problem = key_problem(key);
        let bad = problem.is_some();
        if let Some(problem) = problem {
            out.offer(position, problem.rule.severity, || {
                let mut issue = Issue::new(
                    problem.rule,
                    at(Some(i)),
                    format!("{name}[{i}] {}", problem.message),
                );
                if let Some(hint) = problem.hint {
                    issue = issue.with_hint(hint);
                }
                issue
            });
        }
        let line = trim_key(key);
        if line.is_empty() {
            continue;
        }
        let id = identity(line);
        if let Some(&first) = distinct.get(&id) {
            // One issue per key: a bad key is not also called a repeat.
            if bad {
                continue;
            }
            out.offer(position, DUPLICATE_SSH_KEY.severity, || {
                Issue::new(
                    &DUPLICATE_SSH_KEY,
                    at(Some(i)),
                    format!(
                        "{name}[{i}] is the same key as {name}[{first}] (same type and key data); the service keeps only the first"
                    ),
                )
                .with_hint("remove it")
            });
        } else {
            distinct.insert(id, i);
            total_bytes += line.len();
        }
    }
    if list == KeyList::Set {
        if distinct.len() > MAX_KEYS {
            out.push(
                Issue::new(
                    &TOO_MANY_SSH_KEYS,
                    at(None),
                    format!(
                        "{name} has {} distinct keys; a deployment holds at most {MAX_KEYS}",
                        distinct.len()
                    ),
                )
                .with_hint(format!("remove {} of them", distinct.len() - MAX_KEYS)),
            );
        }
        if total_bytes > MAX_TOTAL_BYTES {
            out.push(Issue::new(
                &SSH_KEYS_TOO_LARGE,
                at(None),
                format!(
                    "{name} uses {total_bytes} bytes; the distinct keys of a set may use at most {MAX_TOTAL_BYTES} bytes in total, comments included"
                ),
            ));
        }
    }
}

/// `validateSshPublicKeys`: the document is a list of keys, checked as a key set.
pub fn validate_public_keys(value: Value<'_>, options: ValidateOptions) -> Issues {
    let mut out = Collector::new(value, options.warnings);
    collect_key_list(value, "keys", KeyList::Set, &[], &mut out);
    out.finish()
}
