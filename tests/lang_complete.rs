//! Completion and hover at every path of a representative document, and at the places an author
//! types (table-driven), on valid and on broken text.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

use nosana_deployments::lang::{completions_at, hover_at, model, scan, CompletionKind};

mod lang_common;
use lang_common::DOC;

fn utf16(text: &str, byte: usize) -> usize {
    text[..byte].encode_utf16().count()
}

#[test]
fn hover_at_every_key_shows_its_model_description() {
    let scan = scan::scan(DOC, None);
    let mut checked = 0;
    for token in scan.tokens.iter().filter(|t| t.role == scan::Role::Key) {
        let node = model::node_at(&model::JOB_DEFINITION, &token.path, |p| scan.shape_at(p))
            .unwrap_or_else(|| panic!("no model node at {:?}", token.path));
        let hover = hover_at(DOC, utf16(DOC, token.span.start + 1))
            .unwrap_or_else(|| panic!("no hover at {:?}", token.path));
        assert!(
            hover.contents.contains(node.description),
            "{:?}: {}",
            token.path,
            hover.contents
        );
        assert!(
            hover.contents.contains(&format!("`{}`", token.text)),
            "{}",
            hover.contents
        );
        assert_eq!(hover.span, token.span);
        checked += 1;
    }
    assert!(checked > 80, "only {checked} keys");
}

#[test]
fn completion_inside_every_key_offers_that_key() {
    let scan = scan::scan(DOC, None);
    for token in scan.tokens.iter().filter(|t| t.role == scan::Role::Key) {
        let parent = &token.path[..token.path.len() - 1];
        let node = model::node_at(&model::JOB_DEFINITION, parent, |p| scan.shape_at(p)).unwrap();
        if node
            .fields(scan.shape_at(parent).as_ref())
            .is_none_or(|f| f.iter().all(|f| f.name != token.text))
        {
            continue; // a record's free key (env names, result names): nothing to complete
        }
        let items = completions_at(DOC, utf16(DOC, token.span.start + 2));
        assert!(
            items
                .iter()
                .any(|c| c.kind == CompletionKind::Key && c.label == token.text),
            "{:?}: {:?}",
            token.path,
            items.iter().map(|c| &c.label).collect::<Vec<_>>()
        );
    }
}

/// `|` marks the cursor.
fn labels(text_with_cursor: &str) -> Vec<String> {
    let at = text_with_cursor.find('|').unwrap();
    let text = text_with_cursor.replacen('|', "", 1);
    completions_at(&text, utf16(&text, at))
        .into_iter()
        .map(|c| c.label)
        .collect()
}

#[test]
fn completions_where_authors_type() {
    let op = |inner: &str| {
        format!(
            r#"{{"version": "0.1", "type": "container", "ops": [{{"id": "api", "type": "container/run", "args": {{"image": "nginx", "expose": 8080}}}}, {inner}]}}"#
        )
    };
    let table: Vec<(String, &[&str], &[&str])> = vec![
        // top-level keys, without those present
        (
            r#"{"version": "0.1", |}"#.to_owned(),
            &["type", "ops", "meta", "global", "logistics", "ssh"],
            &["version"],
        ),
        // an empty document's keys
        ("{|".to_owned(), &["version", "type", "ops"], &[]),
        (r#"{"version": "|"#.to_owned(), &["\"0.1\""], &[]),
        (r#"{"type": |}"#.to_owned(), &["\"container\""], &[]),
        // an op skeleton with its required children
        (r#"{"ops": [|]}"#.to_owned(), &["{operation}"], &[]),
        (
            op(r#"{"id": "b", |}"#),
            &["type", "args", "results", "execution"],
            &["id"],
        ),
        (
            op(r#"{"id": "b", "type": "|"#),
            &["\"container/run\"", "\"container/create-volume\""],
            &[],
        ),
        // run args (broken text: no closing brackets)
        (
            op(r#"{"id": "b", "type": "container/run", "args": {"image": "x", "|"#),
            &["cmd", "env", "expose", "resources", "restart_policy"],
            &["image", "name"],
        ),
        // create-volume args
        (
            op(r#"{"id": "b", "type": "container/create-volume", "args": {"name": "v", |}}"#),
            &[],
            &["image"],
        ),
        (
            op(
                r#"{"id": "b", "type": "container/run", "args": {"image": "x", "expose": [{"port": 80, "health_checks": [{"type": "http", "method": "|"#,
            ),
            &["\"GET\"", "\"POST\"", "\"PUT\"", "\"DELETE\""],
            &[],
        ),
        (
            op(
                r#"{"id": "b", "type": "container/run", "args": {"image": "x", "restart_policy": "|"#,
            ),
            &[
                "\"no\"",
                "\"always\"",
                "\"unless-stopped\"",
                "\"on-failure\"",
            ],
            &[],
        ),
        (
            op(
                r#"{"id": "b", "type": "container/run", "args": {"image": "x", "resources": [{"type": "HF", |}]}}"#,
            ),
            &["target", "repo", "revision", "accessToken"],
            &["bucket", "model"],
        ),
        (
            op(r#"{"id": "b", "type": "container/run", "args": {"image": "x", "gpu": |"#),
            &["true", "false"],
            &[],
        ),
        // op ids in depends_on, without the op's own
        (
            op(
                r#"{"id": "b", "type": "container/run", "args": {"image": "x"}, "execution": {"depends_on": ["|"#,
            ),
            &["api"],
            &["b"],
        ),
        (
            op(r#"{"id": "b", "type": "container/run", "args": {"image": "x"}, "execution": {|"#),
            &["group", "depends_on", "stop_if_dependent_stops", "timeout"],
            &[],
        ),
        // literals: ops' host, endpoints of exposed ports, global ones
        (
            op(
                r#"{"id": "b", "type": "container/run", "args": {"image": "x", "env": {"URL": "http://%%|"#,
            ),
            &[
                "%%ops.api.host%%",
                "%%ops.api.endpoint.8080%%",
                "%%global.job%%",
            ],
            &[],
        ),
        // images already used
        (
            op(r#"{"id": "b", "type": "container/run", "args": {"image": "|"#),
            &["nginx"],
            &[],
        ),
        (
            r#"{"logistics": {"send": {"type": "|"#.to_owned(),
            &["\"api\"", "\"api-listen\""],
            &[],
        ),
        (
            r#"{"ops": [{"results": {"x": {"logType": ["|"#.to_owned(),
            &["\"stdout\"", "\"stderr\"", "\"stdin\"", "\"nodeerr\""],
            &[],
        ),
        // deployment bodies
        (
            r#"{"market": "m", |}"#.to_owned(),
            &[
                "name",
                "replicas",
                "timeout",
                "strategy",
                "job_definition",
                "confidential",
                "startup_timeout",
                "idempotency_key",
                "requirements",
                "ssh_public_keys",
            ],
            &["market", "ops"],
        ),
        (
            r#"{"market": "m", "strategy": "|"#.to_owned(),
            &[
                "\"SIMPLE\"",
                "\"SIMPLE-EXTEND\"",
                "\"SCHEDULED\"",
                "\"INFINITE\"",
            ],
            &[],
        ),
        (
            r#"{"market": "m", "job_definition": {"version": "0.1", |"#.to_owned(),
            &["type", "ops"],
            &["version", "market"],
        ),
        // A body begun with one of the newer create fields is a deployment body, not a job
        // definition.
        (
            r#"{"idempotency_key": "app:1", |"#.to_owned(),
            &["market", "job_definition", "startup_timeout"],
            &["ops", "version"],
        ),
        (
            r#"{"ssh_public_keys": [], |"#.to_owned(),
            &["market", "requirements"],
            &["ops"],
        ),
    ];
    for (text, want, not) in table {
        let got = labels(&text);
        for w in want {
            assert!(got.iter().any(|g| g == w), "{text}: missing {w} in {got:?}");
        }
        for n in not {
            assert!(
                !got.iter().any(|g| g == n),
                "{text}: unexpected {n} in {got:?}"
            );
        }
    }
}

#[test]
fn key_completion_inserts_a_snippet_with_required_children() {
    let text = r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "|"#;
    let at = text.find('|').unwrap();
    let text = text.replacen('|', "", 1);
    let items = completions_at(&text, at);
    let args = items.iter().find(|c| c.label == "args").unwrap();
    assert!(args.snippet);
    assert!(
        args.insert_text.starts_with("\"args\": {"),
        "{}",
        args.insert_text
    );
    assert!(
        args.insert_text.contains("\"image\": \"$1\""),
        "{}",
        args.insert_text
    );
    // It replaces the key being typed (the opening quote).
    assert_eq!(args.replace.start, at - 1);
}

#[test]
fn hover_on_values_and_limits() {
    let cases: &[(&str, &str, &[&str])] = &[
        (DOC, "8080, \"type\"", &["1–65535", "port"]),
        (DOC, "\"GET\"", &["HTTP method"]),
        (DOC, "\"container/create-volume\"", &["container/run"]),
        (DOC, "\"logType\"", &["1 to 4 items", "distinct"]),
        (DOC, "\"ops\"", &["required", "1,000"]),
        (DOC, "\"server\"", &["matching /^[^ ]*$/", "without spaces"]),
        (
            r#"{"market": "m", "replicas": 2}"#,
            "\"replicas\"",
            &["integer", "at least 1"],
        ),
        (r#"{"version": "0.2"}"#, "\"0.2\"", &["Allowed: \"0.1\""]),
        // the create body's newer fields (issue 20), with their limits
        (
            r#"{"market": "m", "idempotency_key": "app:1"}"#,
            "\"idempotency_key\"",
            &["1–128 characters", "/^[A-Za-z0-9:/_.-]+$/", "409"],
        ),
        (
            r#"{"market": "m", "startup_timeout": 5}"#,
            "\"startup_timeout\"",
            &["number (at least 1)", "INFINITE only", "exposes a port"],
        ),
        (
            r#"{"market": "m", "requirements": {"gpu": "RTX"}}"#,
            "\"requirements\"",
            &["record, at least 1 entry", "1–256 characters", "minimum"],
        ),
        (
            r#"{"market": "m", "ssh_public_keys": ["k"]}"#,
            "\"k\"",
            &["SSH public key", "at least 1 character", "ssh-ed25519"],
        ),
        (
            r#"{"market": "m"}"#,
            "\"m\"",
            &["43–44 base58", "[1-9A-HJ-NP-Za-km-z]{43,44}"],
        ),
    ];
    for (text, needle, want) in cases {
        let at = text.find(needle).unwrap() + 1;
        let hover =
            hover_at(text, utf16(text, at)).unwrap_or_else(|| panic!("no hover at {needle}"));
        for w in *want {
            assert!(
                hover.contents.contains(w),
                "{needle}: {} lacks {w}",
                hover.contents
            );
        }
    }
    assert!(hover_at(DOC, 0).is_some_and(|h| h.contents.contains("job definition")));
    assert_eq!(hover_at("", 0), None);
}

#[test]
fn a_key_completed_after_a_value_brings_its_comma() {
    let text = r#"{"version": "0.1" }"#;
    let at = text.find(" }").unwrap() + 1;
    let items = completions_at(text, at);
    let ty = items.iter().find(|c| c.label == "type").unwrap();
    assert_eq!(ty.insert_text, r#", "type": "container""#);
    // Applied, the document stays JSON.
    let fixed = format!(
        "{}{}{}",
        &text[..ty.replace.start],
        ty.insert_text,
        &text[ty.replace.end..]
    );
    serde_json::from_str::<serde_json::Value>(&fixed).unwrap();
}

#[test]
fn hover_on_a_literal_says_what_it_resolves_to() {
    let needle = "%%global.variables.MODEL%%";
    let at = DOC.find(needle).unwrap() + 5;
    let hover = hover_at(DOC, utf16(DOC, at)).unwrap();
    assert!(
        hover.contents.contains("global.variables.MODEL"),
        "{}",
        hover.contents
    );
    assert_eq!(&DOC[hover.span.start..hover.span.end], needle);
    // Off the literal, in the same string: the field's hover.
    let text = r#"{"ops": [{"id": "a", "args": {"env": {"U": "x %%ops.a.host%%"}}}]}"#;
    let hover = hover_at(text, text.find("x %%").unwrap()).unwrap();
    assert!(!hover.contents.contains("host name"), "{}", hover.contents);
    let hover = hover_at(text, text.find(".host").unwrap()).unwrap();
    assert!(
        hover.contents.contains("host name of operation a"),
        "{}",
        hover.contents
    );
}
