//! Headers checked up front: a header name, a header value or an auth message that `fetch`
//! cannot send is a TypeError (`INVALID_ARGUMENT`) naming it when the client is made, so no
//! request is ever built with it.

use nosana_deployments::api::credentials::{auth_message, Credentials};
use nosana_deployments::api::options::ClientOptions;
use serde_json::json;

#[test]
fn a_header_fetch_cannot_send_is_refused_naming_it() {
    for (headers, named) in [
        (json!({"x-note": "ok ✓"}), "headers[\"x-note\"]"),
        (json!({"x-note": "a\r\nInjected: 1"}), "U+000D"),
        (json!({"x-zero": "a\u{0}"}), "U+0000"),
        (json!({"X Bad": "v"}), "\"X Bad\""),
        (json!({"x-é": "v"}), "U+00E9"),
        (json!({"": "v"}), "must not be empty"),
    ] {
        let e = ClientOptions::from_value(&json!({ "baseUrl": "http://h", "headers": headers }))
            .unwrap_err();
        assert_eq!(e.code, "INVALID_ARGUMENT");
        assert!(e.message.contains(named), "{named}: {}", e.message);
    }
    // Latin-1 and outer spaces are fine: fetch sends the first and trims the second.
    let ok = json!({ "baseUrl": "http://h", "headers": {"x-name": " café "} });
    assert!(ClientOptions::from_value(&ok).is_ok());
}

#[test]
fn an_auth_message_or_api_key_fetch_cannot_send_is_refused() {
    for bad in ["Sign ✓", "a\nb", "a:b", "", " lead"] {
        let e = auth_message(Some(bad)).unwrap_err();
        assert_eq!(e.code, "INVALID_ARGUMENT", "{bad:?}");
        assert!(e.message.contains("authMessage"), "{}", e.message);
    }
    assert_eq!(auth_message(None).unwrap(), "NosanaApiAuthentication");
    let Err(e) = Credentials::api_key("nos_✓secret") else {
        panic!("accepted")
    };
    assert_eq!(e.code, "INVALID_ARGUMENT");
    assert!(!e.message.contains("secret"), "the key is never echoed");
}
