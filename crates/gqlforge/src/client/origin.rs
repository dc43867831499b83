//! Which URLs the client accepts (`https://`, or `http://` on loopback), the credentials of
//! an endpoint URL (sent as `Authorization: Basic`, never in the URL), and the redirect
//! policy that keeps a token within the endpoint's origin.

use std::net::IpAddr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::header::{HeaderValue, InvalidHeaderValue};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

use crate::error::BuildError;
use crate::redact::shown_url;

/// The user name and password of an endpoint URL (`https://user:pw@host/`), sent as
/// `Authorization: Basic` instead of in the URL.
pub(super) struct UrlCredentials {
    pub(super) user: String,
    pub(super) password: SecretString,
}

impl UrlCredentials {
    /// The `Authorization: Basic` header carrying them, marked sensitive (never logged).
    pub(super) fn authorization(&self) -> Result<HeaderValue, InvalidHeaderValue> {
        let pair = format!("{}:{}", self.user, self.password.expose_secret());
        let mut value = HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(pair)))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// `url` parsed, when it is `https://`, or `http://` on loopback (or anywhere when allowed).
/// Errors show the URL as [`shown_url`] does: never its password or query string.
pub(super) fn check_url(url: &str, allow_insecure_http: bool) -> Result<Url, BuildError> {
    let parsed = Url::parse(url).map_err(|e| BuildError::InvalidUrl {
        url: shown_url(url),
        message: e.to_string(),
    })?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_insecure_http || is_loopback(&parsed) => Ok(parsed),
        "http" => Err(BuildError::InsecureUrl(shown_url(url))),
        other => Err(BuildError::InvalidUrl {
            url: shown_url(url),
            message: format!("the scheme {other:?} is not http or https"),
        }),
    }
}

/// The user name and password of `url`, percent-decoded, removed from it.
pub(super) fn take_url_credentials(url: &mut Url) -> Option<UrlCredentials> {
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |text: &str| {
        let bytes: Vec<u8> = percent_decode(text.as_bytes());
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let credentials = UrlCredentials {
        user: decode(url.username()),
        password: SecretString::from(decode(url.password().unwrap_or(""))),
    };
    // Both succeed on a URL with a host, which an http(s) URL has.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(credentials)
}

/// `%XX` sequences decoded; anything else kept.
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let hex = text
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (text[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// Follows redirects within the first URL's origin only, at most 5.
pub(super) fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_except_on_loopback_or_when_allowed() {
        for ok in [
            "https://graph.cleverbridge.com/graphql",
            "http://127.0.0.1:8080/graphql",
            "http://127.3.4.5/",
            "http://[::1]:1/",
            "http://localhost/graphql",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            check_url("http://graph.cleverbridge.com/graphql", false),
            Err(BuildError::InsecureUrl(
                "http://graph.cleverbridge.com/graphql".into()
            ))
        );
        assert!(check_url("http://10.0.0.1/", false).is_err());
        assert!(check_url("http://10.0.0.1/", true).is_ok());
        assert!(matches!(
            check_url("ftp://x/", true),
            Err(BuildError::InvalidUrl { .. })
        ));
        assert!(matches!(
            check_url("not a url", true),
            Err(BuildError::InvalidUrl { .. })
        ));
    }
}
