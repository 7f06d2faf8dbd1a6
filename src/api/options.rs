//! The client's options as JSON values (what is left of the JS objects once the host took out
//! what is not JSON: the wallet, the secret key, the abort signal), read and checked. Read by hand
//! with [`Obj`]: a `#[derive(Deserialize)]` per options struct cost ~35 KB of wasm.

use serde_json::Value;

use super::cancel::Cancel;
use super::config::{self, Endpoint, Network};
use super::error::ApiError;
use super::header_check;
use super::read::Obj;
use super::retry::RetryPolicy;

/// Default of `knownStatusTtlMs`.
pub const DEFAULT_STATUS_TTL_MS: f64 = 10_000.0;
/// Defaults of `waitForStatus`.
pub const DEFAULT_WAIT_TIMEOUT_MS: f64 = 300_000.0;
pub const DEFAULT_WAIT_INTERVAL_MS: f64 = 2_000.0;
/// Polls never come faster than this.
pub const MIN_WAIT_INTERVAL_MS: f64 = 10.0;

/// The constructor's options.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    pub endpoint: Endpoint,
    /// Time limit of one call, retries included.
    pub timeout_ms: f64,
    pub retry: RetryPolicy,
    pub headers: Vec<(String, String)>,
    pub api_key: Option<String>,
    pub auth_message: Option<String>,
    /// How long a status seen by this client is trusted by the guards.
    pub status_ttl_ms: f64,
    /// Where nodes (and their SSH endpoints) live: `https://<node>.<nodeDomain>`.
    pub node_domain: String,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::invalid_argument(message.into())
}

impl ClientOptions {
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::with_host_keys(
            v,
            "options",
            &[
                "network",
                "baseUrl",
                "pathPrefix",
                "timeoutMs",
                "retry",
                "headers",
                "apiKey",
                "authMessage",
                "knownStatusTtlMs",
                "serviceUrl",
                "clientManagerUrl",
                "nodeDomain",
                "gateway",
            ],
            // Read by the host (src/wasm/client_args.rs): JS objects, not JSON. The browser
            // build refuses `secretKey`, so its message does not offer it.
            if cfg!(feature = "secret-key") {
                &["wallet", "secretKey"]
            } else {
                &["wallet"]
            },
        )?;
        let network = match o.string("network")? {
            None => None,
            Some(n) => Some(Network::parse(&n).ok_or_else(|| {
                invalid(format!(
                    "network must be \"mainnet\" or \"devnet\", not \"{n}\""
                ))
            })?),
        };
        let mut headers = Vec::new();
        match o.get("headers") {
            None => {}
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    let Value::String(value) = value else {
                        return Err(invalid(format!("headers.{name} must be a string")));
                    };
                    header_check::check(name, value)?;
                    headers.push((name.clone(), value.clone()));
                }
            }
            Some(_) => return Err(invalid("headers must be an object")),
        }
        let retry = RetryPolicy::from_value(o.get("retry").unwrap_or(&Value::Null))?;
        let api_key = o.string("apiKey")?;
        let hosts = config::Hosts {
            network,
            service: config::host_url("serviceUrl", o.string("serviceUrl")?.as_deref())
                .map_err(invalid)?,
            client_manager: config::host_url(
                "clientManagerUrl",
                o.string("clientManagerUrl")?.as_deref(),
            )
            .map_err(invalid)?,
            gateway: o.boolean("gateway")?.unwrap_or(false),
            api_key: api_key.is_some(),
        };
        let endpoint = config::resolve(
            o.string("baseUrl")?.as_deref(),
            &hosts,
            o.string("pathPrefix")?.as_deref(),
        )
        .map_err(invalid)?;
        let node_domain = match o.string("nodeDomain")? {
            Some(d) if !d.trim().is_empty() && !d.contains(['/', ':', ' ']) => d.trim().to_owned(),
            Some(d) => {
                return Err(invalid(format!(
                    "nodeDomain must be a bare domain such as node.k8s.prd.nos.ci, not \"{d}\""
                )))
            }
            None => network.unwrap_or_default().node_domain().to_owned(),
        };
        let timeout_ms = o.number("timeoutMs")?.unwrap_or(config::DEFAULT_TIMEOUT_MS);
        if !(timeout_ms.is_finite() && timeout_ms > 0.0) {
            return Err(invalid("timeoutMs must be a positive number"));
        }
        Ok(Self {
            endpoint,
            timeout_ms,
            retry,
            headers,
            api_key,
            auth_message: o.string("authMessage")?,
            status_ttl_ms: o
                .number("knownStatusTtlMs")?
                .unwrap_or(DEFAULT_STATUS_TTL_MS)
                .max(0.0),
            node_domain,
        })
    }
}

/// Options every call takes.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// The caller's abort signal.
    pub cancel: Option<Cancel>,
    /// Overrides the client's time limit for this call.
    pub timeout_ms: Option<f64>,
    /// The deployment's status as the caller knows it (guards actions).
    pub status: Option<String>,
}

impl CallOptions {
    /// `{ timeoutMs, status }` (the signal is the host's to add).
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::with_host_keys(v, "options", &["timeoutMs", "status"], &["signal"])?;
        Ok(Self {
            cancel: None,
            timeout_ms: o.number("timeoutMs")?,
            status: o.string("status")?,
        })
    }
}

/// Options of `waitForStatus`.
#[derive(Debug, Clone)]
pub struct WaitOptions {
    pub cancel: Option<Cancel>,
    /// Of the whole wait.
    pub timeout_ms: f64,
    pub interval_ms: f64,
}

impl WaitOptions {
    /// `{ timeoutMs, intervalMs }` (the signal is the host's to add).
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::with_host_keys(v, "options", &["timeoutMs", "intervalMs"], &["signal"])?;
        Ok(Self {
            cancel: None,
            timeout_ms: o.number("timeoutMs")?.unwrap_or(DEFAULT_WAIT_TIMEOUT_MS),
            interval_ms: o
                .number("intervalMs")?
                .unwrap_or(DEFAULT_WAIT_INTERVAL_MS)
                .max(MIN_WAIT_INTERVAL_MS),
        })
    }
}

/// Longest time limit a host timer can wait (`setTimeout` fires at once beyond 2^31 − 1 ms).
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// Options of `watch` besides its signal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchOptions {
    /// How long one (re)connection may take until a stream answers; `None`: the client's
    /// `timeoutMs`.
    pub connect_timeout_ms: Option<f64>,
}

impl WatchOptions {
    /// `{ connectTimeoutMs }` (the signal is the host's to add).
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::with_host_keys(v, "options", &["connectTimeoutMs"], &["signal"])?;
        let connect_timeout_ms = o.number("connectTimeoutMs")?;
        if connect_timeout_ms.is_some_and(|ms| !(ms > 0.0 && ms <= MAX_TIMER_MS)) {
            return Err(invalid(
                "connectTimeoutMs must be a number of milliseconds in (0, 2147483647]",
            ));
        }
        Ok(Self { connect_timeout_ms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_options_are_read_and_checked() {
        let o =
            ClientOptions::from_value(&json!({"baseUrl": "http://h:1", "headers": {"x-a": "1"}}))
                .unwrap();
        assert_eq!(o.endpoint.root, "http://h:1/deployments");
        assert_eq!(o.headers, vec![("x-a".to_owned(), "1".to_owned())]);
        assert_eq!((o.timeout_ms, o.status_ttl_ms), (30_000.0, 10_000.0));
        for bad in [
            json!({"network": "moon"}),
            json!({"headers": {"x": 1}}),
            json!({"headers": []}),
            json!({"timeoutMs": 0}),
            json!({"baseUrl": "ftp://x"}),
            json!({"unknown": 1}),
        ] {
            assert!(ClientOptions::from_value(&bad).is_err(), "{bad}");
        }
        let w = WatchOptions::from_value(&json!({"connectTimeoutMs": 500})).unwrap();
        assert_eq!(w.connect_timeout_ms, Some(500.0));
        for bad in [0.0, -1.0, 2_147_483_648.0] {
            let e = WatchOptions::from_value(&json!({ "connectTimeoutMs": bad })).unwrap_err();
            assert!(e.message.contains("connectTimeoutMs"), "{}", e.message);
        }
        assert!(WatchOptions::from_value(&json!({"timeoutMs": 1})).is_err());
        let w = WaitOptions::from_value(&json!({"intervalMs": 1})).unwrap();
        assert_eq!((w.timeout_ms, w.interval_ms), (300_000.0, 10.0));
    }
}
