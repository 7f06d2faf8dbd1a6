//! Where the client sends requests: base URL (a network's public gateway, or any URL such as the
//! sandbox or the service itself) plus the path prefix of the deployments routes.

/// Public gateway of mainnet (spec §1). Deployments live under `{gateway}/deployments`.
pub const MAINNET_GATEWAY: &str = "https://dashboard.k8s.prd.nos.ci/api";
/// Public gateway of devnet.
pub const DEVNET_GATEWAY: &str = "https://dashboard.k8s.dev.nos.ci/api";
/// The service's own route prefix (`API_PREFIX` in the Deployment Manager).
pub const DEFAULT_PREFIX: &str = "/deployments";
/// Default time limit of one call (retries included), in milliseconds.
pub const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Network {
    #[default]
    Mainnet,
    Devnet,
}

impl Network {
    /// `"mainnet"` or `"devnet"`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "mainnet" => Some(Network::Mainnet),
            "devnet" => Some(Network::Devnet),
            _ => None,
        }
    }

    pub fn gateway(self) -> &'static str {
        match self {
            Network::Mainnet => MAINNET_GATEWAY,
            Network::Devnet => DEVNET_GATEWAY,
        }
    }
}

/// The resolved root of every request: `{base}{prefix}`, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub root: String,
}

/// Resolves `baseUrl` / `network` / `pathPrefix`. `baseUrl` wins over `network`; the prefix
/// defaults to `/deployments` (right for the gateway, whose base already ends in `/api`, and for
/// the service itself); `""` or `"/"` means none.
pub fn resolve_endpoint(
    base_url: Option<&str>,
    network: Option<Network>,
    prefix: Option<&str>,
) -> Result<Endpoint, String> {
    let base = match base_url {
        Some(url) => {
            let url = url.trim();
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(format!(
                    "baseUrl must be an absolute http(s) URL, not \"{url}\""
                ));
            }
            if url.contains('?') || url.contains('#') {
                return Err("baseUrl must not contain a query or a fragment".to_owned());
            }
            url.to_owned()
        }
        None => network.unwrap_or_default().gateway().to_owned(),
    };
    let prefix = prefix.unwrap_or(DEFAULT_PREFIX).trim().trim_matches('/');
    let mut root = base.trim_end_matches('/').to_owned();
    if !prefix.is_empty() {
        root.push('/');
        root.push_str(prefix);
    }
    Ok(Endpoint { root })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_defaults_to_mainnet_gateway() {
        let e = resolve_endpoint(None, None, None).unwrap();
        assert_eq!(e.root, "https://dashboard.k8s.prd.nos.ci/api/deployments");
        let e = resolve_endpoint(None, Some(Network::Devnet), None).unwrap();
        assert_eq!(e.root, "https://dashboard.k8s.dev.nos.ci/api/deployments");
    }

    #[test]
    fn base_url_and_prefix_are_joined_with_one_slash() {
        let e = resolve_endpoint(Some("http://127.0.0.1:3001/"), None, None).unwrap();
        assert_eq!(e.root, "http://127.0.0.1:3001/deployments");
        let e = resolve_endpoint(Some("http://h/api"), None, Some("deployments/")).unwrap();
        assert_eq!(e.root, "http://h/api/deployments");
        let e = resolve_endpoint(Some("http://h/x/"), None, Some("")).unwrap();
        assert_eq!(e.root, "http://h/x");
        let e = resolve_endpoint(Some("http://h"), None, Some("/")).unwrap();
        assert_eq!(e.root, "http://h");
    }

    #[test]
    fn base_url_must_be_http() {
        assert!(resolve_endpoint(Some("ftp://h"), None, None).is_err());
        assert!(resolve_endpoint(Some("h/api"), None, None).is_err());
        assert!(resolve_endpoint(Some("http://h/?a=1"), None, None).is_err());
    }
}
