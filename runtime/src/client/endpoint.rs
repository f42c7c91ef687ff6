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

fn resolve_url(text: &str) -> Result<ResolvedEndpoint, EndpointError> {
    let bad = |reason: &str| EndpointError::BadUrl {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    let host = url.host_str().ok_or_else(|| bad("it has no host"))?;
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Ok(ResolvedEndpoint {
        url: url.to_string(),
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
        assert!(
            Endpoint::Url("ftp://x".into())
                .resolve(&service, None)
                .is_err()
        );
    }
}
