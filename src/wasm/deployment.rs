//! Deployment bodies, cron schedules and the status state machine, for JavaScript.

use std::str::FromStr;

use wasm_bindgen::prelude::*;

use super::caller_values::{self, date_value, string, DateValue};
use super::convert::{
    json_of, report_to_js, validate_call, validate_input, validate_options_from_js, Input,
};
use super::errors::{invalid_argument, js_error, out_of_range};
use super::serde_convert::to_js;
use crate::deployment::{
    self, schedule, status::UnknownName, Action, RefusedAction, Status, Strategy,
};
use crate::diagnostics::{Report, ValidateOptions};

const DEFAULT_SCHEDULE_COUNT: usize = 5;

/// Longest name echoed in an unknown-name error: no status, action or strategy is near it, and a
/// caller's 10 MB string must not come back as a 10 MB message.
const MAX_ECHOED_NAME: usize = 64;

fn parse_name<T: FromStr<Err = UnknownName>>(value: &JsValue, code: &str) -> Result<T, JsValue> {
    let name =
        string(value).ok_or_else(|| js_error("TypeError", code, "expected a string", &[]))?;
    let name = if name.chars().count() > MAX_ECHOED_NAME {
        let clipped: String = name.chars().take(MAX_ECHOED_NAME).collect();
        format!("{clipped}…")
    } else {
        name
    };
    T::from_str(&name).map_err(|err| js_error("TypeError", code, &err.to_string(), &[]))
}

fn status(value: &JsValue) -> Result<Status, JsValue> {
    parse_name(value, "UNKNOWN_STATUS")
}

fn action(value: &JsValue) -> Result<Action, JsValue> {
    parse_name(value, "UNKNOWN_ACTION")
}

fn schedule_text(expr: &JsValue) -> Result<String, JsValue> {
    string(expr).ok_or_else(|| invalid_argument("the schedule must be a string"))
}

/// A schedule that cannot be evaluated: `name` "ScheduleError", `code` the rule code.
fn schedule_error(err: &schedule::CronError) -> JsValue {
    let code = if err.code.is_empty() {
        "INVALID_ARGUMENT"
    } else {
        err.code
    };
    let field = err
        .field
        .map_or(JsValue::UNDEFINED, |f| JsValue::from_str(f.label()));
    js_error("ScheduleError", code, &err.message, &[("field", field)])
}

pub(crate) fn refused_action_error(refused: &RefusedAction) -> JsValue {
    js_error(
        "InvalidStateError",
        "INVALID_STATE",
        &refused.to_string(),
        &[
            ("status", JsValue::from_str(refused.status.as_str())),
            ("action", JsValue::from_str(refused.action.as_str())),
            (
                "serverMessage",
                JsValue::from_str(refused.reason.server_message()),
            ),
        ],
    )
}

pub(crate) fn validate_deployment_input(input: Input, options: ValidateOptions) -> Report {
    validate_input(input, |value| deployment::validate_create(value, options))
}

#[wasm_bindgen(js_name = validateDeployment, skip_typescript)]
pub fn validate_deployment(body: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    validate_call(
        &body,
        &options,
        "the deployment body",
        deployment::validate_create,
        &crate::lang::model::DEPLOYMENT,
    )
}

#[wasm_bindgen(js_name = validateDeploymentUpdate, skip_typescript)]
pub fn validate_deployment_update(
    action_name: JsValue,
    body: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let action = action(&action_name)?;
    let options = validate_options_from_js(&options)?;
    // Actions without a body accept `undefined`; the rules decide whether a given body is wrong.
    let input = if body.is_undefined() {
        Input::Value("null".to_owned())
    } else {
        Input::from_js(&body, "the update body")?
    };
    report_to_js(&validate_input(input, |value| {
        deployment::validate_update(action, value, options)
    }))
}

#[wasm_bindgen(js_name = validateSshPublicKeys, skip_typescript)]
pub fn validate_ssh_public_keys(keys: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = validate_options_from_js(&options)?;
    // A key list is an array of strings. A lone string is a key list of the wrong type (an
    // issue), not JSON text to parse: key-entry forms pass what the user typed.
    let input = if keys.is_string() {
        Input::Value(string(&json_of(&keys, "the keys")?).unwrap_or_default())
    } else {
        Input::from_js(&keys, "the keys")?
    };
    report_to_js(&validate_input(input, |value| {
        deployment::ssh::validate_public_keys(value, options)
    }))
}

#[wasm_bindgen(js_name = deploymentStandardSchema, skip_typescript)]
pub fn deployment_standard_schema() -> Result<JsValue, JsValue> {
    super::standard_schema::standard_schema(|input| {
        validate_deployment_input(input, ValidateOptions { warnings: false })
    })
}

#[wasm_bindgen(js_name = validateSchedule, skip_typescript)]
pub fn validate_schedule(expr: JsValue) -> Result<JsValue, JsValue> {
    report_to_js(&Report::new(schedule::validate(&schedule_text(&expr)?)))
}

/// Reads `{ from, count }`: `from` a `Date` (of any realm), an ISO-8601 string or unix
/// milliseconds (default now); `count` a whole number up to `schedule::MAX_COUNT` (default 5).
/// Every read goes through `caller_values`: a throwing getter or Proxy trap is a `TypeError`.
fn schedule_options(options: &JsValue) -> Result<(f64, usize), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok((js_sys::Date::now(), DEFAULT_SCHEDULE_COUNT));
    }
    if !options.is_object() {
        return Err(invalid_argument("options must be an object"));
    }
    let unreadable = |err: caller_values::Unreadable| {
        invalid_argument(&format!("the schedule options cannot be read: {err}"))
    };
    let keys = caller_values::own_keys(options).map_err(unreadable)?;
    if let Some(unknown) = keys.iter().find(|k| *k != "from" && *k != "count") {
        return Err(invalid_argument(&format!(
            "invalid options: unknown field `{unknown}`, expected `from` or `count`"
        )));
    }
    let from = caller_values::get(options, "from").map_err(unreadable)?;
    let from_ms = schedule_start(&from)?;
    let count = caller_values::get(options, "count").map_err(unreadable)?;
    let count = if count.is_undefined() {
        DEFAULT_SCHEDULE_COUNT
    } else {
        let max = schedule::MAX_COUNT;
        match caller_values::number(&count) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(n) if n.fract() == 0.0 && (0.0..=max as f64).contains(&n) => n as usize,
            Some(_) => {
                return Err(out_of_range(&format!(
                    "`count` must be a whole number from 0 to {max}"
                )))
            }
            None => {
                return Err(invalid_argument(&format!(
                    "`count` must be a whole number from 0 to {max}"
                )))
            }
        }
    };
    Ok((from_ms, count))
}

/// `from` of `nextScheduleTimes`, in unix milliseconds: a real `Date` of any realm, an ISO-8601
/// string or a number. Something that only looks like a Date is a `TypeError`.
fn schedule_start(from: &JsValue) -> Result<f64, JsValue> {
    let bad = "`from` must be a valid Date, an ISO-8601 string or unix milliseconds";
    let from_ms = if from.is_undefined() || from.is_null() {
        js_sys::Date::now()
    } else if let Some(text) = string(from) {
        js_sys::Date::parse(&text)
    } else if let Some(ms) = caller_values::number(from) {
        ms
    } else {
        match date_value(from) {
            DateValue::Date(ms) => ms,
            DateValue::NotADate => {
                return Err(invalid_argument(&format!(
                    "{bad}: it is an object that is not a Date"
                )))
            }
            DateValue::Primitive => f64::NAN,
        }
    };
    if !from_ms.is_finite() {
        return Err(invalid_argument(bad));
    }
    Ok(from_ms)
}

#[wasm_bindgen(js_name = nextScheduleTimes, skip_typescript)]
pub fn next_schedule_times(expr: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let expr = schedule_text(&expr)?;
    let (from, count) = schedule_options(&options)?;
    let times = schedule::next_times(&expr, from, count).map_err(|err| schedule_error(&err))?;
    let iso: Vec<String> = times.into_iter().map(schedule::format_iso).collect();
    to_js(&iso)
}

#[wasm_bindgen(js_name = describeSchedule, skip_typescript)]
pub fn describe_schedule(expr: JsValue) -> Result<JsValue, JsValue> {
    let text = schedule::describe(&schedule_text(&expr)?).map_err(|err| schedule_error(&err))?;
    Ok(JsValue::from_str(&text))
}

#[wasm_bindgen(js_name = transitionTable, skip_typescript)]
pub fn transition_table() -> Result<JsValue, JsValue> {
    to_js(&deployment::transition_table())
}

#[wasm_bindgen(js_name = allowedActions, skip_typescript)]
pub fn allowed_actions(status_name: JsValue) -> Result<JsValue, JsValue> {
    to_js(&deployment::allowed_actions(status(&status_name)?))
}

#[wasm_bindgen(js_name = canPerform, skip_typescript)]
pub fn can_perform(status_name: JsValue, action_name: JsValue) -> Result<bool, JsValue> {
    Ok(deployment::can_perform(
        status(&status_name)?,
        action(&action_name)?,
    ))
}

#[wasm_bindgen(js_name = nextStatus, skip_typescript)]
pub fn next_status(status_name: JsValue, action_name: JsValue) -> Result<JsValue, JsValue> {
    match deployment::next_status(status(&status_name)?, action(&action_name)?) {
        Ok(Some(next)) => Ok(JsValue::from_str(next.as_str())),
        Ok(None) => Ok(JsValue::NULL),
        Err(refused) => Err(refused_action_error(&refused)),
    }
}

#[wasm_bindgen(js_name = isTerminal, skip_typescript)]
pub fn is_terminal(status_name: JsValue) -> Result<bool, JsValue> {
    Ok(deployment::is_terminal(status(&status_name)?))
}

#[wasm_bindgen(js_name = isActive, skip_typescript)]
pub fn is_active(status_name: JsValue) -> Result<bool, JsValue> {
    Ok(deployment::is_active(status(&status_name)?))
}

#[wasm_bindgen(js_name = updateEffect, skip_typescript)]
pub fn update_effect(
    action_name: JsValue,
    status_name: JsValue,
    strategy_name: JsValue,
) -> Result<JsValue, JsValue> {
    let strategy: Strategy = parse_name(&strategy_name, "UNKNOWN_STRATEGY")?;
    to_js(&deployment::update_effect(
        action(&action_name)?,
        status(&status_name)?,
        strategy,
    ))
}
