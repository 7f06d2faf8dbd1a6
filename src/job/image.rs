//! Docker image references, by the grammar of `distribution/reference` (reference.go):
//! `reference := name [":" tag] ["@" digest]`, hand-written (no regex crate).

/// Why an image reference cannot be pulled, or `None` when it is fine.
pub(crate) fn check(image: &str) -> Option<&'static str> {
    if image.is_empty() {
        return Some("is empty");
    }
    // One pass for what the checks below look for: every `str::find` is a scan of its own, and
    // this runs for every op of every document.
    let (mut placeholder, mut at) = (false, None);
    for (i, b) in image.bytes().enumerate() {
        match b {
            b'<' | b'>' => placeholder = true,
            b'@' if at.is_none() => at = Some(i),
            _ => {}
        }
    }
    if placeholder {
        return Some("is a documentation placeholder (<…>), not an image to pull");
    }
    let (rest, digest) = match at {
        Some(i) => (image.get(..i).unwrap_or(""), image.get(i + 1..)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        if !is_digest(digest) {
            return Some("has a malformed digest (expected algorithm:hex, at least 32 hex digits)");
        }
    }
    // A tag is after the last ':' that follows the last '/'. Byte scans throughout: the `str`
    // pattern searchers cost more to set up than these short strings take to scan.
    let rest = rest.as_bytes();
    let last_slash = rest.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let tail = rest.get(last_slash..).unwrap_or_default();
    let (name, tag) = match tail.iter().rposition(|&b| b == b':') {
        Some(colon) => (
            rest.get(..last_slash + colon).unwrap_or_default(),
            rest.get(last_slash + colon + 1..),
        ),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        if !is_tag(tag) {
            return Some("has an invalid tag (letters, digits, _ . -, at most 128, not starting with . or -)");
        }
    }
    if name.len() > 255 {
        return Some("has a name longer than 255 characters");
    }
    let mut components = name.split(|&b| b == b'/');
    let first = components.next().unwrap_or_default();
    let has_more = name.len() > first.len();
    let first_is_domain = has_more
        && (first == b"localhost"
            || first
                .iter()
                .any(|&b| b == b'.' || b == b':' || b.is_ascii_uppercase()));
    if first_is_domain {
        if !is_domain(first) {
            return Some("has an invalid registry host");
        }
    } else if !is_path_component(first) {
        return Some(path_error(first));
    }
    for component in components {
        if !is_path_component(component) {
            return Some(path_error(component));
        }
    }
    None
}

fn path_error(component: &[u8]) -> &'static str {
    if component.iter().any(u8::is_ascii_uppercase) {
        "has uppercase letters in the repository name (must be lowercase)"
    } else {
        "has an invalid repository name (lowercase letters and digits, separated by . _ __ or -)"
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(bytes: &[u8]) -> bool {
    let mut i = 0;
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    loop {
        let start = i;
        while bytes.get(i).is_some_and(|&b| alnum(b)) {
            i += 1;
        }
        if i == start {
            return false;
        }
        match bytes.get(i) {
            None => return true,
            Some(b'.') => i += 1,
            Some(b'_') => {
                i += 1;
                if bytes.get(i) == Some(&b'_') {
                    i += 1;
                }
            }
            Some(b'-') => {
                while bytes.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            Some(_) => return false,
        }
    }
}

/// `host[:port]`, host = dot-separated labels `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?` or `[ipv6]`.
fn is_domain(s: &[u8]) -> bool {
    let (host, port): (&[u8], _) = if let Some(rest) = s.strip_prefix(b"[") {
        let Some(close) = rest.iter().position(|&b| b == b']') else {
            return false;
        };
        let (v6, after) = (
            rest.get(..close).unwrap_or_default(),
            rest.get(close + 1..).unwrap_or_default(),
        );
        if v6.is_empty() || !v6.iter().all(|&b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        match after {
            [] => return true,
            [b':', port @ ..] => (b"x", Some(port)),
            _ => return false,
        }
    } else {
        match s.iter().position(|&b| b == b':') {
            Some(colon) => (s.get(..colon).unwrap_or_default(), s.get(colon + 1..)),
            None => (s, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || !port.iter().all(u8::is_ascii_digit) {
            return false;
        }
    }
    !host.is_empty()
        && host.split(|&b| b == b'.').all(|b| {
            !b.is_empty()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// `[\w][\w.-]{0,127}`
fn is_tag(b: &[u8]) -> bool {
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    !b.is_empty()
        && b.len() <= 128
        && b.first().is_some_and(word)
        && b.iter().all(|c| word(c) || *c == b'.' || *c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn is_digest(s: &str) -> bool {
    let Some((alg, hex)) = s.split_once(':') else {
        return false;
    };
    let alg_ok = !alg.is_empty()
        && alg.split(['-', '_', '+', '.']).all(|part| {
            let b = part.as_bytes();
            b.first().is_some_and(u8::is_ascii_alphabetic)
                && b.iter().all(u8::is_ascii_alphanumeric)
        });
    alg_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_real_images() {
        for ok in [
            "ubuntu",
            "nginx:latest",
            "docker.io/library/ubuntu:22.04",
            "ghcr.io/open-webui/open-webui:main",
            "registry.hub.docker.com/library/nginx",
            "localhost/x:latest",
            "localhost:5000/a/b",
            "r8.im/stability-ai/sdxl@sha256:39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b",
            "vllm/vllm-openai:v0.5.4",
            "a__b/c-d---e.f:TAG_1.0-x",
            "[::1]:5000/img",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_bad_images() {
        for bad in [
            "",
            "<docker-hub-user>/<image-name>",
            "Ubuntu",
            "user/Image",
            "ubuntu:",
            "ubuntu:-x",
            "ubuntu@sha256:abc",
            "a//b",
            "-a/b",
            "a_/b",
            "a b",
            "bad host!/x",
        ] {
            assert!(check(bad).is_some(), "{bad}");
        }
    }
}
