//! Plain-text secrets (warnings): a job definition that is not confidential is pinned to IPFS, where
//! anyone can read it.

use crate::json::Object;

use super::ctx::Ctx;
use super::rules::PLAIN_TEXT_SECRET;

const HINT: &str =
    "A job definition that is not posted as confidential is pinned publicly on IPFS. \
Post it with --confidential (or as a confidential deployment), or pass the secret at run time.";

/// Words that mark an env key as secret, matched against `_`/`-`-separated, upper-cased segments.
const SECRET_WORDS: &[&str] = &[
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "APIKEY",
    "PRIVATE",
    "CREDENTIALS",
];

fn key_is_secret(key: &str) -> bool {
    let mut previous: Option<&str> = None;
    for segment in key.split(['_', '-', '.']) {
        if SECRET_WORDS.iter().any(|w| segment.eq_ignore_ascii_case(w)) {
            return true;
        }
        let pair_key = segment.eq_ignore_ascii_case("KEY")
            && previous.is_some_and(|p| {
                ["API", "ACCESS", "SECRET"]
                    .iter()
                    .any(|w| p.eq_ignore_ascii_case(w))
            });
        if pair_key {
            return true;
        }
        previous = Some(segment);
    }
    let ends = |suffix: &str| {
        key.len() >= suffix.len()
            && key
                .get(key.len() - suffix.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
    };
    ends("TOKEN") || ends("PASSWORD") || ends("APIKEY")
}

/// Well-known token shapes: Hugging Face, OpenAI, GitHub, GitLab, Slack, AWS access key ids.
pub(crate) fn looks_like_token(value: &str) -> bool {
    let tail_ok = |prefix: &str, min: usize| {
        value.strip_prefix(prefix).is_some_and(|t| {
            t.len() >= min
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    };
    tail_ok("hf_", 30)
        || tail_ok("sk-", 20)
        || tail_ok("ghp_", 30)
        || tail_ok("gho_", 30)
        || tail_ok("github_pat_", 30)
        || tail_ok("glpat-", 20)
        || tail_ok("xoxb-", 20)
        || tail_ok("xoxp-", 20)
        || (value.len() == 20
            && value.starts_with("AKIA")
            && value
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

/// A value is a real secret unless it is empty, a flag, a literal resolved elsewhere or a placeholder
/// such as `<token>` or `MY_SECRET_TOKEN` (upper-case letters and underscores only).
fn is_filled(value: &str) -> bool {
    let v = value.trim();
    let flag = ["true", "false", "yes", "no", "on", "off", "0", "1"]
        .iter()
        .any(|f| v.eq_ignore_ascii_case(f));
    let placeholder = v.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    if flag || placeholder {
        return false;
    }
    let literal = v.starts_with("%%") && v.ends_with("%%");
    !(v.is_empty() || literal || v.starts_with('<'))
}

/// Checks the members of an env-like object (op env, global env, global variables).
pub(crate) fn env<'a>(c: &mut Ctx<'a>, env: Object<'a>) {
    if !c.wants(&PLAIN_TEXT_SECRET) {
        return;
    }
    for (key, value) in env.iter() {
        let Some(value) = value.as_str() else {
            continue;
        };
        let token = looks_like_token(value);
        if !(token || key_is_secret(key)) || !is_filled(value) {
            continue;
        }
        if token {
            c.key(key, |c| {
                c.report_hint(
                    &PLAIN_TEXT_SECRET,
                    format!("\"{key}\" holds what looks like an access token in plain text"),
                    HINT,
                );
            });
        } else {
            c.key(key, |c| {
                c.report_hint(
                    &PLAIN_TEXT_SECRET,
                    format!("\"{key}\" looks like a secret and is written in plain text"),
                    HINT,
                );
            });
        }
    }
}

/// A field that is a secret by definition (docker password, S3 secret key, HF token).
pub(crate) fn plain(c: &mut Ctx<'_>, value: &str, what: &str) {
    if is_filled(value) {
        c.report_hint(
            &PLAIN_TEXT_SECRET,
            format!("{what} is written in plain text"),
            HINT,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys() {
        for k in [
            "HF_TOKEN",
            "API_KEY",
            "OPENAI_API_KEY",
            "db-password",
            "SECRET",
            "AWS_SECRET_ACCESS_KEY",
            "apikey",
            "GITHUB_TOKEN",
        ] {
            assert!(key_is_secret(k), "{k}");
        }
        for k in [
            "MODEL",
            "PORT",
            "KEYBOARD",
            "MONKEY",
            "PASSTHROUGH",
            "TOKENIZER",
            "MAX_TOKENS",
            "PWD",
            "PASS_THROUGH",
            "WEBUI_AUTH",
        ] {
            assert!(!key_is_secret(k), "{k}");
        }
    }

    #[test]
    fn token_shapes() {
        assert!(looks_like_token("hf_abcdefghijklmnopqrstuvwxyz0123456789"));
        assert!(looks_like_token("AKIAIOSFODNN7EXAMPLE"));
        assert!(!looks_like_token("hf_short"));
        assert!(!looks_like_token("hello"));
    }
}
