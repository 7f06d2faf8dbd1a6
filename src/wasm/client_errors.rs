//! The client's failures on their way to JavaScript: an [`ApiError`] becomes a typed `Error`
//! (`name`, `code`, `status`, `cause`, …); a JS value already thrown (a conversion error) passes
//! through as it is.

use wasm_bindgen::JsValue;

use super::errors::js_error;
use crate::api::error::{ApiError, Cause, ErrorKind};

pub(crate) enum Fail {
    Api(ApiError),
    Js(JsValue),
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        Fail::Api(e)
    }
}

impl From<JsValue> for Fail {
    fn from(e: JsValue) -> Self {
        Fail::Js(e)
    }
}

impl Fail {
    pub(crate) fn into_js(self) -> JsValue {
        match self {
            Fail::Js(v) => v,
            Fail::Api(e) => api_error_to_js(&e),
        }
    }
}

/// Misuse: a `TypeError` with code `INVALID_ARGUMENT`.
pub(crate) fn type_error(message: impl Into<String>) -> Fail {
    ApiError::invalid_argument(message.into()).into()
}

/// A caller's value the boundary room could not read (its description names the value): a
/// TypeError.
impl From<super::caller_values::Unreadable> for Fail {
    fn from(unreadable: super::caller_values::Unreadable) -> Self {
        type_error(unreadable.0)
    }
}

fn cause_to_js(cause: &Cause) -> JsValue {
    match cause {
        Cause::Message(m) => js_sys::Error::new(m).into(),
        Cause::Host(value) => value
            .downcast_ref::<JsValue>()
            .cloned()
            .unwrap_or(JsValue::UNDEFINED),
    }
}

fn api_error_to_js(e: &ApiError) -> JsValue {
    let mut extra: Vec<(&str, JsValue)> = Vec::new();
    if let Some(status) = e.status {
        extra.push(("status", JsValue::from(status)));
        extra.push(("httpStatus", JsValue::from(status)));
    } else if let (Some(s), ErrorKind::InvalidState | ErrorKind::Archived) =
        (&e.deployment_status, e.kind)
    {
        // Refused locally: nothing was sent, `status` is the deployment's (as `nextStatus` throws it).
        extra.push(("status", JsValue::from_str(s)));
    }
    if let Some(s) = &e.deployment_status {
        extra.push(("deploymentStatus", JsValue::from_str(s)));
    }
    if let Some(a) = e.action {
        extra.push(("action", JsValue::from_str(a.as_str())));
    }
    if let Some(m) = &e.server_message {
        extra.push(("serverMessage", JsValue::from_str(m)));
    }
    if e.kind == ErrorKind::Validation {
        let issues = js_sys::JSON::parse(&super::report_json::issues(&e.issues));
        extra.push(("issues", issues.unwrap_or(JsValue::NULL)));
    }
    if let Some(c) = &e.cause {
        extra.push(("cause", cause_to_js(c)));
    }
    js_error(e.kind.name(), e.code, &e.message, &extra)
}
