//! Where requests go: the China or international site, a regional host, or any URL.

use crate::action::ServiceInfo;

/// Where the client sends requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Endpoint {
    /// The China site host of the service (`tcr.tencentcloudapi.com`), over HTTPS.
    #[default]
    China,
    /// The international site host (`tcr.intl.tencentcloudapi.com`), over HTTPS.
    International,
    /// The host of the configured region (`tcr.ap-guangzhou.tencentcloudapi.com`), over HTTPS.
    Regional,
    /// Any base URL: a proxy, a private endpoint, or a local emulator
    /// (`http://127.0.0.1:9091`). The `Host` header (and so the signature) carries the port
    /// when it is not the scheme's default.
    Url(String),
}

/// An endpoint resolved for one service: the URL to post to and the `Host` to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    /// `https://tcr.tencentcloudapi.com/`.
    pub url: String,
    /// `tcr.tencentcloudapi.com`, or `127.0.0.1:9091`.
    pub host: String,
}

/// An endpoint that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// `Endpoint::Regional` without a region.
    #[error("the regional endpoint needs a region: set one with `.region(\"ap-guangzhou\")`")]
    RegionMissing,
    /// The URL does not parse or is not HTTP(S).
    #[error("endpoint URL `{url}` is not usable: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
}

impl Endpoint {
    /// The URL and host for `service`.
    pub fn resolve(
        &self,
        service: &ServiceInfo,
        region: Option<&str>,
    ) -> Result<ResolvedEndpoint, EndpointError> {
        let https = |host: String| ResolvedEndpoint {
            url: format!("https://{host}/"),
            host,
        };
        match self {
            Endpoint::China => Ok(https(service.china_host.to_owned())),
            Endpoint::International => Ok(https(service.international_host.to_owned())),
            Endpoint::Regional => match region {
                Some(region) => Ok(https(service.regional_host_for(region))),
                None => Err(EndpointError::RegionMissing),
            },
            Endpoint::Url(url) => resolve_url(url),
        }
    }
}

/// `text` checked and put in one spelling: scheme and host in lower case, the scheme's
/// default port left out, `/` for an empty path.
fn resolve_url(text: &str) -> Result<ResolvedEndpoint, EndpointError> {
    let bad = |reason: &str| EndpointError::BadUrl {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    let uri: http::Uri = text.parse().map_err(|e| bad(&format!("{e}")))?;
    let (scheme, default_port) = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => ("https", 443),
        Some(s) if s.eq_ignore_ascii_case("http") => ("http", 80),
        None => return Err(bad("it has no scheme: start it with http:// or https://")),
        Some(_) => return Err(bad("the scheme must be http or https")),
    };
    let authority = uri.authority().ok_or_else(|| bad("it has no host"))?;
    if let Some((_, host_port)) = authority.as_str().rsplit_once('@') {
        // The URL is quoted without what stood before the `@`: it may be a password.
        return Err(EndpointError::BadUrl {
            url: format!("{scheme}://[redacted]@{host_port}"),
            reason: "a user or password in the URL is not used: requests are signed with the \
                     client's credentials"
                .to_owned(),
        });
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err(bad("it has no host"));
    }
    let host = match authority.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host,
    };
    let path = match uri.path_and_query().map(|p| p.as_str()) {
        None | Some("") => "/".to_owned(),
        Some(p) if p.starts_with('/') => p.to_owned(),
        Some(p) => format!("/{p}"),
    };
    Ok(ResolvedEndpoint {
        url: format!("{scheme}://{host}{path}"),
        host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_sites_regions_and_urls() {
        let service = crate::test_support::SERVICE;
        assert_eq!(
            Endpoint::China.resolve(&service, None).unwrap().url,
            "https://demo.tencentcloudapi.com/"
        );
        assert_eq!(
            Endpoint::International
                .resolve(&service, None)
                .unwrap()
                .host,
            "demo.intl.tencentcloudapi.com"
        );
        assert_eq!(
            Endpoint::Regional
                .resolve(&service, Some("ap-guangzhou"))
                .unwrap()
                .host,
            "demo.ap-guangzhou.tencentcloudapi.com"
        );
        assert_eq!(
            Endpoint::Regional.resolve(&service, None),
            Err(EndpointError::RegionMissing)
        );
        let local = Endpoint::Url("http://127.0.0.1:9091".into())
            .resolve(&service, None)
            .unwrap();
        assert_eq!(
            (local.url.as_str(), local.host.as_str()),
            ("http://127.0.0.1:9091/", "127.0.0.1:9091")
        );
        let default_port = Endpoint::Url("https://example.com:443".into())
            .resolve(&service, None)
            .unwrap();
        assert_eq!(default_port.host, "example.com");
        let spelt = Endpoint::Url("HTTPS://API.Example.com:8443/base?x=1".into())
            .resolve(&service, None)
            .unwrap();
        assert_eq!(
            (spelt.url.as_str(), spelt.host.as_str()),
            (
                "https://api.example.com:8443/base?x=1",
                "api.example.com:8443"
            )
        );
        let v6 = Endpoint::Url("http://[::1]:9091".into())
            .resolve(&service, None)
            .unwrap();
        assert_eq!(
            (v6.url.as_str(), v6.host.as_str()),
            ("http://[::1]:9091/", "[::1]:9091")
        );
        for bad in [
            "ftp://x",
            "127.0.0.1:9091",
            "http://",
            "http://user:secret@example.com/",
            "http://exa mple.com/",
            "/just/a/path",
        ] {
            let error = Endpoint::Url(bad.into())
                .resolve(&service, None)
                .unwrap_err();
            assert!(
                matches!(error, EndpointError::BadUrl { .. }),
                "{bad}: {error}"
            );
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }
}
