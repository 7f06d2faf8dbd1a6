//! The HTTP methods the Deployments API uses.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Only GET is retried: POST/PATCH/DELETE may have taken effect before the failure.
    pub fn is_idempotent(self) -> bool {
        self == Method::Get
    }
}
