//! The client's address, as far as it can be known: the TCP peer, unless the peer is one of
//! the configured proxies (`http.trusted_proxies`), in which case the nearest address in
//! `X-Forwarded-For` that is not itself a trusted proxy. A header from anyone else is ignored —
//! otherwise rotating it would escape every limit per address and forge the audit trail.

use std::net::IpAddr;

use actix_web::dev::ServiceRequest;

/// One configured proxy: an address or a network (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(s: &str) -> Option<Network> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (s, None),
        };
        let base: IpAddr = addr.parse().ok()?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { base, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.base, ip) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(b) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(b) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// The client's address from the peer and the forwarding header (pure, for tests).
pub fn resolve(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[Network]) -> String {
    let Some(peer) = peer else {
        return String::new();
    };
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer.to_string();
    }
    // Walk from the nearest hop back: the first address not added by our own proxies is the
    // client. Anything further left was written by the client and proves nothing.
    let mut client = peer;
    for hop in forwarded_for
        .iter()
        .rev()
        .flat_map(|h| h.rsplit(','))
        .map(str::trim)
    {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client.to_string()
}

/// The address of the client of this request.
pub fn client_ip(req: &ServiceRequest, trusted: &[Network]) -> String {
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    resolve(req.peer_addr().map(|a| a.ip()), &forwarded, trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<Network> {
        list.iter().map(|s| Network::parse(s).unwrap()).collect()
    }

    #[test]
    fn the_header_counts_only_from_a_configured_proxy() {
        let peer = Some("203.0.113.5".parse().unwrap());
        // No proxies configured: the header is anyone's word.
        assert_eq!(resolve(peer, &["198.51.100.1"], &[]), "203.0.113.5");
        // From the router: its client.
        let router = nets(&["203.0.113.0/24"]);
        assert_eq!(resolve(peer, &["198.51.100.1"], &router), "198.51.100.1");
        // A forged hop in front of the real one is skipped.
        assert_eq!(
            resolve(peer, &["6.6.6.6, 198.51.100.1"], &router),
            "198.51.100.1"
        );
        // Garbage in the header: the proxy itself is named, never the garbage.
        assert_eq!(resolve(peer, &["not-an-ip"], &router), "203.0.113.5");
        assert_eq!(resolve(None, &[], &router), "");
    }

    #[test]
    fn networks_parse_and_match() {
        assert!(
            Network::parse("10.0.0.0/8")
                .unwrap()
                .contains("10.9.8.7".parse().unwrap())
        );
        assert!(
            !Network::parse("10.0.0.0/8")
                .unwrap()
                .contains("11.0.0.1".parse().unwrap())
        );
        assert!(
            Network::parse("::1")
                .unwrap()
                .contains("::1".parse().unwrap())
        );
        assert!(
            Network::parse("0.0.0.0/0")
                .unwrap()
                .contains("1.2.3.4".parse().unwrap())
        );
        assert!(
            Network::parse("127.0.0.1")
                .unwrap()
                .contains("::ffff:127.0.0.1".parse().unwrap())
        );
        assert_eq!(Network::parse("10.0.0.0/33"), None);
        assert_eq!(Network::parse("example.com"), None);
    }
}
