//! SSH public keys: every rule of the service's key check (spec addendum §6.1, `@nosana/ssh`), one
//! table per rule with valid and invalid keys, then the set's rules (identity, count, total size)
//! and the places keys go (create body, add/revoke bodies, a job definition's `ssh` block).

// Test code: panics are how tests fail.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::{parsed, validate_job, validate_update};
use nosana_deployments::deployment::ssh::{
    check_key_list, distinct_keys, identity, key_problem, trim_key, validate_public_keys, KeyList,
    ALGORITHMS, MAX_KEYS, MAX_LINE_UNITS, MAX_TOTAL_BYTES,
};
use nosana_deployments::deployment::Action;
use nosana_deployments::diagnostics::{Issue, ValidateOptions};
use serde_json::json;

// Real public keys, made with `ssh-keygen -t <type>` for these tests (the private halves were
// thrown away). The sk- types need a hardware token, so their blobs are assembled below from
// the material of these keys, as OpenSSH lays them out.
const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";
const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDImwIOh1aIokAsxrmX916ZSLkBMWsrc54NY7+UcAox91O8C9YKgdZf95B+jLrPqJY6yAlM7123T0W86pO1RnCip0jK+uMCrSpfyGsWSMV7S+ItJCUnFRmyKVjfE5qAbK4MmVxFF5mAu7fsfUiMvUWuX0dHX2Opje3F1EqXoJElqLNuUnFd21oBQHnbZFFt9SoGK2y6PRdrHbr4e5Gi/uZwvVieoCeO4Td85/jQeGx9Wz7coUb+WRIuDs8MNX+H/0N96EP1rs5K1YY4WtR2hBxCzzFSBBJQmXiN382X68+qQbU/X8bqKy90QWnHCFzs6afckqRhVX4Nj+tPgAmSStnF test@rsab2048";
const ECDSA256: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA59lpvF5hlTFr4KV94l2a6dBWbadhcPUG5rqWN6tbur3gWRx/PKIO3zkfHmTsT1xsuMBPfYMbvPoeBTYsveFwM= test@ecdsab256";
const ECDSA384: &str = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBKH2AX0ed5j9/hSNotAVNJuFuSHvfr21wA53+yy40rkB6c0iDW1Sfd7L4jFkKiL+1Df60b3CkIRXsVbumyXbGuNYnHwb2Zmryj6TLJpCPc2r2HuJUR7b5GeWaVRDGYTrtQ== test@ecdsab384";
const ECDSA521: &str = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAIGF4V+AOxuYqfC7c1EYQ9TSBYxX/sKjX7IC6R1wJhvLOiPAkXQf976ugfZf2xjRyVdYXX5Vz/s7hW/Rd3pOlqOAGWxcsnCzI6vWuE3WG4hJsX6igPHrxrNK81aMt1eEmlepkNv0qhx4G5NYuUAGfDW30o0qZx+Bxzy86w1FVVBuvxKw== test@ecdsab521";

/// The SSH wire encoding of `fields`: each a uint32 big-endian length, then its bytes.
fn wire(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for field in fields {
        out.extend_from_slice(&u32::try_from(field.len()).unwrap().to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

/// The wire fields of a key line's blob.
fn blob_fields(key: &str) -> Vec<Vec<u8>> {
    let data = STANDARD.decode(key.split(' ').nth(1).unwrap()).unwrap();
    let mut fields = Vec::new();
    let mut rest = data.as_slice();
    while !rest.is_empty() {
        let (len, tail) = rest.split_at(4);
        let len = u32::from_be_bytes(len.try_into().unwrap()) as usize;
        fields.push(tail[..len].to_vec());
        rest = &tail[len..];
    }
    fields
}

fn line(algorithm: &str, blob: &[u8], comment: &str) -> String {
    format!("{algorithm} {} {comment}", STANDARD.encode(blob))
        .trim_end()
        .to_owned()
}

/// A FIDO ed25519 key (`sk-ssh-ed25519@openssh.com`): type, the ed25519 key, the application.
fn sk_ed25519() -> String {
    let ed = blob_fields(ED25519);
    let t = "sk-ssh-ed25519@openssh.com";
    line(t, &wire(&[t.as_bytes(), &ed[1], b"ssh:"]), "test@sk")
}

/// A FIDO ECDSA key (`sk-ecdsa-sha2-nistp256@openssh.com`): type, curve, point, application.
fn sk_ecdsa() -> String {
    let ec = blob_fields(ECDSA256);
    let t = "sk-ecdsa-sha2-nistp256@openssh.com";
    line(t, &wire(&[t.as_bytes(), b"nistp256", &ec[2], b"ssh:"]), "")
}

/// `n` distinct ed25519 keys, each line padded with its comment to `len` characters (at least
/// the bare line's 80).
fn padded_keys(n: u8, len: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let bare = line("ssh-ed25519", &wire(&[b"ssh-ed25519", &[i; 32]]), "");
            format!("{bare} {}", "c".repeat(len - bare.len() - 1))
        })
        .collect()
}

/// The rule code `key` breaks, or "" when it is valid.
fn code(key: &str) -> &'static str {
    key_problem(key).map_or("", |p| p.rule.code)
}

fn check(rule: &str, cases: &[(&str, String, &str)]) {
    for (name, key, expected) in cases {
        assert_eq!(
            code(key),
            *expected,
            "{rule}: {name}: {:?}",
            key_problem(key)
        );
    }
}

#[test]
fn the_seven_types_are_accepted() {
    let keys = [
        ED25519.to_owned(),
        RSA.to_owned(),
        ECDSA256.to_owned(),
        ECDSA384.to_owned(),
        ECDSA521.to_owned(),
        sk_ed25519(),
        sk_ecdsa(),
    ];
    for (key, algorithm) in keys.iter().zip(ALGORITHMS) {
        assert!(key.starts_with(&format!("{algorithm} ")), "{key}");
        assert_eq!(key_problem(key), None, "{key}");
    }
}

#[test]
fn trimmed_first() {
    check(
        "trim",
        &[
            ("trailing newline", format!("{ED25519}\n"), ""),
            ("CRLF file", format!("{ED25519}\r\n"), ""),
            ("indented", format!(" \t{RSA}  "), ""),
            // JavaScript's trim() removes a byte-order mark and no-break spaces too.
            ("BOM", format!("\u{feff}{ED25519}"), ""),
            ("no-break space", format!("{ED25519}\u{a0}"), ""),
        ],
    );
    assert_eq!(trim_key(&format!("\u{feff} {ED25519}\n")), ED25519);
}

#[test]
fn rule_empty() {
    check(
        "sshKeyEmpty",
        &[
            ("a key", ED25519.to_owned(), ""),
            ("empty", String::new(), "sshKeyEmpty"),
            ("blank", " \n\t".to_owned(), "sshKeyEmpty"),
        ],
    );
    assert_eq!(key_problem("").unwrap().message, "is empty");
    assert_eq!(key_problem("  ").unwrap().message, "is blank");
}

#[test]
fn rule_line_length_in_utf16_units() {
    let at = |units: usize| format!("{ED25519}{}", "x".repeat(units - ED25519.len()));
    // "😀" is 2 UTF-16 units (4 UTF-8 bytes): JavaScript's length, not bytes or chars.
    let emoji_at = |units: usize| format!("{ED25519}{}😀", "x".repeat(units - ED25519.len() - 2));
    check(
        "sshKeyTooLong",
        &[
            ("8,192 characters", at(MAX_LINE_UNITS), ""),
            ("8,193 characters", at(MAX_LINE_UNITS + 1), "sshKeyTooLong"),
            (
                "8,192 units ending in an emoji",
                emoji_at(MAX_LINE_UNITS),
                "",
            ),
            (
                "8,193 units ending in an emoji",
                emoji_at(MAX_LINE_UNITS + 1),
                "sshKeyTooLong",
            ),
            (
                "8,192 after trimming",
                format!("  {}\n", at(MAX_LINE_UNITS)),
                "",
            ),
        ],
    );
    assert_eq!(
        key_problem(&at(8193)).unwrap().message,
        "is 8193 characters long; a key line is at most 8192"
    );
}

#[test]
fn rule_one_line() {
    check(
        "sshKeyMultiline",
        &[
            ("one line", ED25519.to_owned(), ""),
            ("two keys", format!("{ED25519}\n{RSA}"), "sshKeyMultiline"),
            (
                "CR inside",
                ED25519.replace(" test@", "\rtest@"),
                "sshKeyMultiline",
            ),
            (
                "LF before the comment",
                ED25519.replace(" test@", "\ntest@"),
                "sshKeyMultiline",
            ),
        ],
    );
}

#[test]
fn rule_fields() {
    check(
        "sshKeyFieldCount",
        &[
            (
                "no comment",
                ED25519.rsplit_once(' ').unwrap().0.to_owned(),
                "",
            ),
            ("tabs and spaces", ED25519.replace(' ', " \t  "), ""),
            ("type only", "ssh-ed25519".to_owned(), "sshKeyFieldCount"),
            (
                "comment with spaces",
                format!("{ED25519} laptop key"),
                "sshKeyFieldCount",
            ),
            (
                "authorized_keys options",
                format!("from=\"10.0.0.1\" {ED25519}"),
                "sshKeyFieldCount",
            ),
        ],
    );
    let hint = |key: String| key_problem(&key).unwrap().hint.unwrap();
    assert!(hint(format!("{ED25519} laptop key")).contains("single word"));
    assert!(hint(format!("from=\"10.0.0.1\" {ED25519}")).contains("authorized_keys options"));
}

#[test]
fn rule_algorithm() {
    let blob = ED25519.split(' ').nth(1).unwrap();
    check(
        "unsupportedSshKeyType",
        &[
            ("ssh-ed25519", ED25519.to_owned(), ""),
            (
                "upper case",
                ED25519.replace("ssh-ed25519", "SSH-ED25519"),
                "unsupportedSshKeyType",
            ),
            ("DSA", format!("ssh-dss {blob}"), "unsupportedSshKeyType"),
            (
                "signature algorithm",
                RSA.replace("ssh-rsa", "rsa-sha2-512"),
                "unsupportedSshKeyType",
            ),
            (
                "certificate",
                format!("ssh-ed25519-cert-v01@openssh.com {blob}"),
                "unsupportedSshKeyType",
            ),
            (
                "one option before the key",
                format!("no-pty ssh-ed25519 {blob}"),
                "unsupportedSshKeyType",
            ),
        ],
    );
    let hint = |key: String| key_problem(&key).unwrap().hint.unwrap();
    assert_eq!(
        hint(ED25519.replace("ssh-ed25519", "SSH-Ed25519")),
        "key types are case-sensitive: use ssh-ed25519"
    );
    assert!(hint(format!("ssh-dss {blob}")).contains("ssh-keygen -t ed25519"));
    assert!(hint(RSA.replace("ssh-rsa", "rsa-sha2-256")).contains("ssh-rsa"));
    assert!(hint(format!("no-pty ssh-ed25519 {blob}")).contains("authorized_keys options"));
}

#[test]
fn rule_strict_canonical_base64() {
    // ECDSA256's data ends "FwM=": 'M' (001100) leaves 2 unused bits, zero; 'N' (001101) sets one.
    // ECDSA384's ends "tQ==": 'Q' (010000) leaves 4 unused bits, zero; 'R' sets one.
    check(
        "invalidSshKeyBase64",
        &[
            ("padded with =", ECDSA256.to_owned(), ""),
            ("padded with ==", ECDSA384.to_owned(), ""),
            (
                "unused bits set (one =)",
                ECDSA256.replace("FwM=", "FwN="),
                "invalidSshKeyBase64",
            ),
            (
                "unused bits set (==)",
                ECDSA384.replace("tQ==", "tR=="),
                "invalidSshKeyBase64",
            ),
            (
                "unpadded",
                ECDSA256.replace("FwM=", "FwM"),
                "invalidSshKeyBase64",
            ),
            (
                "URL-safe",
                RSA.replace('+', "-").replace('/', "_"),
                "invalidSshKeyBase64",
            ),
            (
                "= inside",
                ED25519.replace("AAAAC3Nz", "AAAAC3N="),
                "invalidSshKeyBase64",
            ),
            (
                "not a base64 character",
                ED25519.replace("AAAAC3Nz", "AAAAC3N*"),
                "invalidSshKeyBase64",
            ),
            (
                "three padding characters",
                ECDSA256.replace("FwM=", "F==="),
                "invalidSshKeyBase64",
            ),
        ],
    );
    let message = |key: String| key_problem(&key).unwrap().message;
    assert!(message(RSA.replace('+', "-")).contains("URL-safe"));
    assert!(message(ECDSA256.replace("FwM=", "FwN=")).contains("not canonical"));
    assert!(message(ECDSA256.replace("FwM=", "FwM")).contains("not a multiple of 4"));
}

#[test]
fn rule_blob_starts_with_its_type() {
    let ed = blob_fields(ED25519);
    let ec = blob_fields(ECDSA256);
    check(
        "sshKeyTypeMismatch",
        &[
            (
                "rsa data under ed25519",
                format!("ssh-ed25519 {}", RSA.split(' ').nth(1).unwrap()),
                "sshKeyTypeMismatch",
            ),
            (
                "nistp384 data under nistp256",
                format!(
                    "ecdsa-sha2-nistp256 {}",
                    ECDSA384.split(' ').nth(1).unwrap()
                ),
                "sshKeyTypeMismatch",
            ),
            (
                "type only, no key material",
                line("ssh-ed25519", &wire(&[b"ssh-ed25519"]), ""),
                "sshKeyTypeMismatch",
            ),
            (
                "type name cut short",
                line("ssh-ed25519", &wire(&[b"ssh-ed25519"])[..10], ""),
                "sshKeyTypeMismatch",
            ),
            (
                "empty type name",
                line("ssh-ed25519", &wire(&[b"", &ed[1]]), ""),
                "sshKeyTypeMismatch",
            ),
            (
                "shorter than a length",
                "ssh-ed25519 AAAA".to_owned(),
                "sshKeyTypeMismatch",
            ),
            (
                "type name in another case",
                line("ssh-ed25519", &wire(&[b"SSH-ED25519", &ed[1]]), ""),
                "sshKeyTypeMismatch",
            ),
            // Not checked, as in the service: the key material itself.
            (
                "ECDSA curve field of another curve",
                line(
                    "ecdsa-sha2-nistp256",
                    &wire(&[b"ecdsa-sha2-nistp256", b"nistp384", &ec[2]]),
                    "",
                ),
                "",
            ),
            (
                "ed25519 key of 3 bytes",
                line("ssh-ed25519", &wire(&[b"ssh-ed25519", b"abc"]), ""),
                "",
            ),
        ],
    );
    let problem = key_problem(&format!("ssh-ed25519 {}", RSA.split(' ').nth(1).unwrap())).unwrap();
    assert_eq!(
        problem.message,
        "says \"ssh-ed25519\", but its key data is a \"ssh-rsa\" key"
    );
    assert_eq!(
        problem.hint.as_deref(),
        Some("the first field must match the key data: use ssh-rsa")
    );
}

fn list(keys: &serde_json::Value, kind: KeyList) -> Vec<(&'static str, String)> {
    parsed(keys, |v| check_key_list(v, "keys", kind))
        .iter()
        .map(|i: &Issue| (i.code, i.pointer.clone()))
        .collect()
}

fn pairs(expected: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    expected
        .iter()
        .map(|(c, p)| (*c, (*p).to_owned()))
        .collect()
}

#[test]
fn set_identity_is_type_and_data() {
    let other_comment = ED25519.replace("test@ed25519", "alice@laptop");
    assert_eq!(identity(ED25519), identity(&other_comment));
    assert_eq!(
        identity(&format!(" {}\n", ED25519.replace(' ', "\t"))),
        identity(ED25519)
    );
    assert_ne!(identity(ED25519), identity(RSA));
    // Duplicates collapse to the first: a warning, not an error.
    assert_eq!(
        list(&json!([ED25519, RSA, other_comment]), KeyList::Set),
        pairs(&[("duplicateSshKey", "/2")])
    );
    assert_eq!(
        distinct_keys([format!("{ED25519}\n").as_str(), " ", RSA, &other_comment]),
        vec![ED25519, RSA]
    );
}

#[test]
fn set_count() {
    let ten = padded_keys(10, 100);
    let eleven = padded_keys(11, 100);
    assert_eq!(MAX_KEYS, 10);
    assert_eq!(list(&json!(ten), KeyList::Set), pairs(&[]));
    assert_eq!(
        list(&json!(eleven), KeyList::Set),
        pairs(&[("tooManySshKeys", "")])
    );
    // 11 entries, 10 distinct keys: counted after collapsing.
    let mut with_repeat = ten.clone();
    with_repeat.push(ten[3].replace(" ccc", " ddd"));
    assert_eq!(
        list(&json!(with_repeat), KeyList::Set),
        pairs(&[("duplicateSshKey", "/10")])
    );
    // Revoking is not capped.
    assert_eq!(list(&json!(eleven), KeyList::Revoke), pairs(&[]));
    assert_eq!(list(&json!([]), KeyList::Set), pairs(&[]));
}

#[test]
fn set_total_size() {
    // 8 lines of 8,192 characters: exactly 65,536 bytes.
    let full = padded_keys(8, MAX_LINE_UNITS);
    assert_eq!(full.iter().map(String::len).sum::<usize>(), MAX_TOTAL_BYTES);
    assert_eq!(list(&json!(full), KeyList::Set), pairs(&[]));
    let mut over = full.clone();
    over.push(ED25519.to_owned());
    assert_eq!(
        list(&json!(over), KeyList::Set),
        pairs(&[("sshKeysTooLarge", "")])
    );
    // A repeated key (another comment) is not counted again.
    let mut repeat = full.clone();
    repeat.push(full[0].replace("cccc", "dddd"));
    assert_eq!(
        list(&json!(repeat), KeyList::Set),
        pairs(&[("duplicateSshKey", "/8")])
    );
    // UTF-8 bytes: a comment of "é" costs 2 bytes each.
    let mut accented = padded_keys(7, MAX_LINE_UNITS);
    let last = padded_keys(8, 80 + 1 + 4096)[7].replace(&"c".repeat(4096), &"é".repeat(4096));
    accented.push(last);
    assert_eq!(
        list(&json!(accented), KeyList::Set),
        pairs(&[("sshKeysTooLarge", "")])
    );
}

#[test]
fn one_issue_per_bad_key_at_its_index() {
    let keys = json!([ED25519, "", 7, "ssh-dss AAAA", RSA.replace('+', "-")]);
    assert_eq!(
        list(&keys, KeyList::Set),
        pairs(&[
            ("sshKeyEmpty", "/1"),
            ("invalidType", "/2"),
            ("unsupportedSshKeyType", "/3"),
            ("invalidSshKeyBase64", "/4"),
        ])
    );
    assert_eq!(
        list(&json!(ED25519), KeyList::Set),
        pairs(&[("invalidType", "")])
    );
    // A bad key with the identity of an earlier one: its own issue, not also a repeat.
    assert_eq!(
        list(
            &json!([ED25519, format!("{ED25519} laptop key")]),
            KeyList::Set
        ),
        pairs(&[("sshKeyFieldCount", "/1")])
    );
    let issues = parsed(&json!(["ssh-ed25519"]), |v| {
        check_key_list(v, "public_keys", KeyList::Set)
    });
    assert_eq!(
        issues[0].message,
        "public_keys[0] has only one field (\"ssh-ed25519\"); a key is \"<type> <base64> [comment]\""
    );
}

#[test]
fn standalone_validation_and_warnings_off() {
    let keys = json!([ED25519, ED25519]);
    let all = parsed(&keys, |v| {
        validate_public_keys(v, ValidateOptions { warnings: true })
    });
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].code, "duplicateSshKey");
    let quiet = parsed(&keys, |v| {
        validate_public_keys(v, ValidateOptions { warnings: false })
    });
    assert!(quiet.is_empty());
}

#[test]
fn every_place_keys_go() {
    let bad = "ssh-ed25519 AAAA";
    let all = ValidateOptions::default();
    let pointers =
        |issues: Vec<Issue>| -> Vec<String> { issues.into_iter().map(|i| i.pointer).collect() };
    assert_eq!(
        pointers(validate_update(
            Action::AddSshKeys,
            &json!({"public_keys": [ED25519, bad]}),
            all
        )),
        ["/public_keys/1"]
    );
    assert_eq!(
        pointers(validate_update(
            Action::RevokeSshKeys,
            &json!({"public_keys": [bad]}),
            all
        )),
        ["/public_keys/0"]
    );
    let job = json!({"version": "0.1", "type": "container", "ssh": {"public_keys": [ED25519, bad]},
        "ops": [{"id": "a", "type": "container/run", "args": {"image": "ubuntu"}}]});
    assert_eq!(pointers(validate_job(&job, all)), ["/ssh/public_keys/1"]);
    assert_eq!(
        pointers(validate_update(Action::CreateRevision, &job, all)),
        ["/ssh/public_keys/1"]
    );
}
