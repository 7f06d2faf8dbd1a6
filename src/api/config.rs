//! Where the client sends requests (addendum §2, as today's official client): a wallet or key
//! talks to the Deployment Manager directly at `/deployments/...`; an API key goes to the client
//! manager, which proxies `/deployments/*`. Both hosts, the node domain and the older dashboard
//! gateway are selectable; `baseUrl` (any root: the sandbox, a proxy) wins over all of them.

/// The Deployment Manager's own hosts (no `/api`).
pub const MAINNET_SERVICE: &str = "https://deployment-manager.k8s.prd.nos.ci";
pub const DEVNET_SERVICE: &str = "https://deployment-manager.k8s.dev.nos.ci";
/// The client manager (API-key proxy).
pub const MAINNET_CLIENT_MANAGER: &str = "https://client-manager.k8s.prd.nosana.com";
pub const DEVNET_CLIENT_MANAGER: &str = "https://client-manager.k8s.dev.nosana.com";
/// The node API / SSH domain: a node is `https://<node>.<domain>`.
pub const MAINNET_NODE_DOMAIN: &str = "node.k8s.prd.nos.ci";
pub const DEVNET_NODE_DOMAIN: &str = "node.k8s.dev.nos.ci";
/// Public dashboard gateway of mainnet (spec §1), selected with `gateway: true`.
pub const MAINNET_GATEWAY: &str = "https://dashboard.k8s.prd.nos.ci/api";
/// Public dashboard gateway of devnet.
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

    pub fn service(self) -> &'static str {
        match self {
            Network::Mainnet => MAINNET_SERVICE,
            Network::Devnet => DEVNET_SERVICE,
        }
    }

    pub fn client_manager(self) -> &'static str {
        match self {
            Network::Mainnet => MAINNET_CLIENT_MANAGER,
            Network::Devnet => DEVNET_CLIENT_MANAGER,
        }
    }

    pub fn node_domain(self) -> &'static str {
        match self {
            Network::Mainnet => MAINNET_NODE_DOMAIN,
            Network::Devnet => DEVNET_NODE_DOMAIN,
        }
    }
}

/// Which host a client without `baseUrl` talks to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hosts {
    pub network: Option<Network>,
    /// The Deployment Manager (`serviceUrl`).
    pub service: Option<String>,
    /// The client manager (`clientManagerUrl`).
    pub client_manager: Option<String>,
    /// `gateway: true`: the dashboard gateway, as before.
    pub gateway: bool,
    /// An API key goes through the client manager.
    pub api_key: bool,
}

impl Hosts {
    /// The base URL the hosts pick.
    pub fn base(&self) -> String {
        let network = self.network.unwrap_or_default();
        if self.gateway {
            return network.gateway().to_owned();
        }
        let (given, default) = if self.api_key {
            (&self.client_manager, network.client_manager())
        } else {
            (&self.service, network.service())
        };
        given.clone().unwrap_or_else(|| default.to_owned())
    }
}

fn checked_url(what: &str, url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!(
            "{what} must be an absolute http(s) URL, not \"{url}\""
        ));
    }
    if url.contains('?') || url.contains('#') {
        return Err(format!("{what} must not contain a query or a fragment"));
    }
    Ok(url.to_owned())
}

/// A host option (`serviceUrl`, `clientManagerUrl`), checked like `baseUrl`.
pub fn host_url(what: &str, url: Option<&str>) -> Result<Option<String>, String> {
    url.map(|u| checked_url(what, u)).transpose()
}

/// The resolved root of every request: `{base}{prefix}`, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub root: String,
}

/// Resolves `baseUrl` / the hosts / `pathPrefix`. `baseUrl` wins; the prefix defaults to
/// `/deployments` (right for the service, the client manager, the gateway, whose base already
/// ends in `/api`, and the sandbox); `""` or `"/"` means none.
pub fn resolve(
    base_url: Option<&str>,
    hosts: &Hosts,
    prefix: Option<&str>,
) -> Result<Endpoint, String> {
    let base = match base_url {
        Some(url) => checked_url("baseUrl", url)?,
        None => hosts.base(),
    };
    let prefix = prefix.unwrap_or(DEFAULT_PREFIX).trim().trim_matches('/');
    let mut root = base.trim_end_matches('/').to_owned();
    if !prefix.is_empty() {
        root.push('/');
        root.push_str(prefix);
    }
    Ok(Endpoint { root })
}

/// [`resolve`] for a wallet client on `network`'s gateway when no `baseUrl` is given (the
/// older default; kept for callers that name the gateway).
pub fn resolve_endpoint(
    base_url: Option<&str>,
    network: Option<Network>,
    prefix: Option<&str>,
) -> Result<Endpoint, String> {
    let hosts = Hosts {
        network,
        gateway: true,
        ..Hosts::default()
    };
    resolve(base_url, &hosts, prefix)
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
    fn without_base_url_a_wallet_talks_to_the_service_and_an_api_key_to_the_client_manager() {
        let root = |hosts: Hosts| resolve(None, &hosts, None).unwrap().root;
        assert_eq!(
            root(Hosts::default()),
            "https://deployment-manager.k8s.prd.nos.ci/deployments"
        );
        let devnet = Some(Network::Devnet);
        assert_eq!(
            root(Hosts {
                network: devnet,
                ..Hosts::default()
            }),
            "https://deployment-manager.k8s.dev.nos.ci/deployments"
        );
        assert_eq!(
            root(Hosts {
                api_key: true,
                ..Hosts::default()
            }),
            "https://client-manager.k8s.prd.nosana.com/deployments"
        );
        assert_eq!(
            root(Hosts {
                api_key: true,
                network: devnet,
                ..Hosts::default()
            }),
            "https://client-manager.k8s.dev.nosana.com/deployments"
        );
        assert_eq!(
            root(Hosts {
                gateway: true,
                api_key: true,
                ..Hosts::default()
            }),
            "https://dashboard.k8s.prd.nos.ci/api/deployments"
        );
        let own = Hosts {
            service: Some("http://dm:3001".into()),
            client_manager: Some("http://cm:3002".into()),
            ..Hosts::default()
        };
        assert_eq!(root(own.clone()), "http://dm:3001/deployments");
        assert_eq!(
            root(Hosts {
                api_key: true,
                ..own
            }),
            "http://cm:3002/deployments"
        );
        assert!(host_url("serviceUrl", Some("dm:3001")).is_err());
        assert_eq!(Network::Devnet.node_domain(), "node.k8s.dev.nos.ci");
    }

    #[test]
    fn base_url_must_be_http() {
        assert!(resolve_endpoint(Some("ftp://h"), None, None).is_err());
        assert!(resolve_endpoint(Some("h/api"), None, None).is_err());
        assert!(resolve_endpoint(Some("http://h/?a=1"), None, None).is_err());
    }
}
