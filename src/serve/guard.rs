//! Which requests `serve` answers at all. Only those addressed to it by name: a web page the
//! editor visits could otherwise reach the preview through DNS rebinding (its own host name made
//! to point at 127.0.0.1), as browsers send that page's host name in `Host`. And its own
//! endpoints (live reload, build status) only from its own pages, by `Origin` and
//! `Sec-Fetch-Site`, so that no other page can read or hold them.

use std::net::IpAddr;

/// The addresses `serve` answers at: `localhost`, the loopback addresses and the one it is bound
/// to (any address when bound to all of them), each with its port.
#[derive(Debug, Clone)]
pub(crate) struct Addresses {
    bind: IpAddr,
    port: u16,
}

impl Addresses {
    /// The addresses of a server bound to `bind` and listening on `port`.
    pub(crate) fn new(bind: IpAddr, port: u16) -> Addresses {
        Addresses { bind, port }
    }

    /// Whether `host` (a `Host` header) names this server. A name other than `localhost` never
    /// does: that is what DNS rebinding would send.
    pub(crate) fn answers(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let port_matches = match port {
            Some(port) => port.parse::<u16>().ok() == Some(self.port),
            None => self.port == 80,
        };
        if !port_matches {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        match literal.parse::<IpAddr>() {
            // An address typed in the address bar: no rebinding there.
            Ok(ip) => ip.is_loopback() || ip == self.bind || self.bind.is_unspecified(),
            Err(_) => false,
        }
    }

    /// How to reach the server, for the message that refuses another host.
    pub(crate) fn describe(&self) -> String {
        format!("http://localhost:{0}/ or http://127.0.0.1:{0}/", self.port)
    }
}

/// Splits `host[:port]` (`[v6]:port` for IPv6), or `None` when it is no host at all.
fn split_host(host: &str) -> Option<(&str, Option<&str>)> {
    if host.is_empty() || host.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        return match rest.strip_prefix(':') {
            Some(port) => Some((name, Some(port))),
            None if rest.is_empty() => Some((name, None)),
            None => None,
        };
    }
    match host.split_once(':') {
        Some((_, port)) if port.contains(':') => None,
        Some((name, port)) => Some((name, Some(port))),
        None => Some((host, None)),
    }
}

/// Whether a request for one of `serve`'s own endpoints comes from one of its own pages (or
/// from no page: the address bar, a test), given its `Host` (already checked), `Origin` and
/// `Sec-Fetch-Site` headers.
pub(crate) fn from_own_page(host: &str, origin: Option<&str>, fetch_site: Option<&str>) -> bool {
    if let Some(site) = fetch_site {
        if !(site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none")) {
            return false;
        }
    }
    match origin {
        Some(origin) => origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_addresses_are_answered() {
        let loopback = Addresses::new("127.0.0.1".parse().unwrap(), 1111);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.answers(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost.:1111",
            "127.0.0.1:2222",
            "127.0.0.1",
            "localhost",
            "192.168.1.5:1111",
            "",
            "127.0.0.1:1111/x",
            "user@127.0.0.1:1111",
            "[::1:1111",
            "::1:1111",
        ] {
            assert!(!loopback.answers(host), "{host}");
        }
        let lan = Addresses::new("192.168.1.5".parse().unwrap(), 1111);
        assert!(lan.answers("192.168.1.5:1111"));
        assert!(!lan.answers("192.168.1.6:1111"));
        let everywhere = Addresses::new("0.0.0.0".parse().unwrap(), 1111);
        assert!(everywhere.answers("192.168.1.6:1111"));
        assert!(everywhere.answers("[fe80::1]:1111"));
        assert!(!everywhere.answers("evil.example:1111"));
        let port_80 = Addresses::new("127.0.0.1".parse().unwrap(), 80);
        assert!(port_80.answers("localhost"));
    }

    #[test]
    fn own_endpoints_answer_only_their_own_pages() {
        let host = "127.0.0.1:1111";
        assert!(from_own_page(host, None, None));
        assert!(from_own_page(host, Some("http://127.0.0.1:1111"), None));
        assert!(from_own_page(host, None, Some("same-origin")));
        assert!(from_own_page(host, None, Some("none")));
        assert!(!from_own_page(host, Some("http://evil.example"), None));
        assert!(!from_own_page(host, Some("null"), None));
        assert!(!from_own_page(host, Some("http://localhost:1111"), None));
        assert!(!from_own_page(host, Some("https://127.0.0.1:1111"), None));
        assert!(!from_own_page(host, None, Some("cross-site")));
        // Another server on the same machine (another port) is the same site, not the same origin.
        assert!(!from_own_page(host, None, Some("same-site")));
    }
}
