//! Reads the client's option and filter objects from JSON values by hand. A `#[derive(Deserialize)]`
//! per options struct cost ~35 KB of wasm (one serde_json deserializer per struct); this reader is
//! shared by all of them. Unknown keys are refused (a typo must not silently do nothing); `null`
//! and absent keys mean "not given".

use serde_json::{Map, Value};

use super::error::ApiError;

/// An options object (or nothing) with its allowed keys checked.
pub struct Obj<'a> {
    map: Option<&'a Map<String, Value>>,
    what: &'static str,
}

fn bad(what: &str, key: &str, expected: &str) -> ApiError {
    ApiError::invalid_argument(format!("{what}.{key} must be {expected}"))
}

impl<'a> Obj<'a> {
    /// `value` must be an object (or null/absent) whose keys are all in `allowed`.
    pub fn new(value: &'a Value, what: &'static str, allowed: &[&str]) -> Result<Self, ApiError> {
        Self::with_host_keys(value, what, allowed, &[])
    }

    /// As [`Obj::new`], for options some of whose keys the host reads itself and takes out first
    /// (a JS `signal`, `wallet`): an unknown key's message names them too, so it lists every
    /// option the caller may give.
    pub fn with_host_keys(
        value: &'a Value,
        what: &'static str,
        allowed: &[&str],
        host: &[&str],
    ) -> Result<Self, ApiError> {
        match value {
            Value::Null => Ok(Self { map: None, what }),
            Value::Object(map) => {
                if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
                    return Err(ApiError::invalid_argument(format!(
                        "unknown {what} key \"{k}\" (expected one of: {})",
                        allowed
                            .iter()
                            .chain(host)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                Ok(Self {
                    map: Some(map),
                    what,
                })
            }
            _ => Err(ApiError::invalid_argument(format!(
                "{what} must be an object"
            ))),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(self.what, key, "a string")),
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| bad(self.what, key, "a number")),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(bad(self.what, key, "a boolean")),
        }
    }

    /// A string, or an array of strings joined with commas.
    pub fn csv(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str())
                .collect::<Option<Vec<_>>>()
                .map(|v| Some(v.join(",")))
                .ok_or_else(|| bad(self.what, key, "a string or an array of strings")),
            Some(_) => Err(bad(self.what, key, "a string or an array of strings")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_checks() {
        let v = json!({"a": "x", "n": 2, "b": true, "c": ["p", "q"], "z": null});
        let o = Obj::new(&v, "options", &["a", "n", "b", "c", "z", "m"]).unwrap();
        assert_eq!(o.string("a").unwrap().as_deref(), Some("x"));
        assert_eq!(o.number("n").unwrap(), Some(2.0));
        assert_eq!(o.boolean("b").unwrap(), Some(true));
        assert_eq!(o.csv("c").unwrap().as_deref(), Some("p,q"));
        assert_eq!(o.csv("a").unwrap().as_deref(), Some("x"));
        assert_eq!(o.string("z").unwrap(), None);
        assert_eq!(o.string("m").unwrap(), None);
        assert!(o.string("n").is_err());
        assert!(o.number("a").is_err());
        assert!(o.boolean("a").is_err());
        assert!(Obj::new(&json!({"c": [1]}), "o", &["c"])
            .unwrap()
            .csv("c")
            .is_err());
        let err = Obj::new(&v, "filters", &["a"]).err().unwrap();
        assert_eq!(err.code, "INVALID_ARGUMENT");
        assert!(err.message.contains("unknown filters key"));
        assert!(Obj::new(&json!(3), "o", &[]).is_err());
        let err = Obj::with_host_keys(&json!({"x": 1}), "options", &["a"], &["signal"])
            .err()
            .unwrap();
        assert!(
            err.message.ends_with("(expected one of: a, signal)"),
            "{}",
            err.message
        );
        assert!(Obj::new(&Value::Null, "o", &[]).unwrap().get("x").is_none());
    }
}
