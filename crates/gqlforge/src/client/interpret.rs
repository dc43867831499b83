//! What an attempt's outcome means: whether it is retried, the error it becomes, and the
//! secrets no error or excerpt may show.

use std::time::SystemTime;

use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use secrecy::ExposeSecret;

use super::Inner;
use crate::auth::CachedToken;
use crate::body::BodyError;
use crate::decode::RawResponse;
use crate::error::TransportError;
use crate::limit::{parse_retry_after_with_date, Failure, Retryable};
use crate::redact::{transport_detail, url_shown, Secrets};
use crate::Error;

/// An attempt that got no response.
pub(super) struct SendError {
    pub(super) error: Error,
    /// No connection was made (reqwest's `is_connect`): nothing reached the server, so even
    /// a mutation may be sent again.
    pub(super) unsent: bool,
}

impl SendError {
    pub(super) fn transport(error: reqwest::Error) -> SendError {
        SendError {
            unsent: error.is_connect(),
            error: transport_error(error),
        }
    }

    /// The body of a response with `status` could not be read (whole, or within the limit).
    pub(super) fn body(error: BodyError, status: u16) -> SendError {
        SendError {
            error: match error {
                BodyError::Transport(e) => transport_error(e),
                BodyError::TooLarge { limit, declared } => Error::ResponseTooLarge {
                    status,
                    limit,
                    content_length: declared,
                },
            },
            unsent: false,
        }
    }
}

/// An attempt's outcome as far as retrying is concerned (a `401` to renew the token after
/// is the attempt loop's to see first).
pub(super) fn failure(sent: &Result<RawResponse, SendError>) -> Failure {
    match sent {
        Ok(raw) => match raw.status {
            429 | 500..=599 => Failure::from_status(raw.status, raw.retry_after),
            _ => Failure::Permanent,
        },
        Err(SendError {
            error: Error::Timeout | Error::Transport(_),
            unsent: true,
        }) => Failure::Retryable(Retryable::Connect),
        Err(SendError {
            error: Error::Timeout,
            ..
        }) => Failure::Retryable(Retryable::Timeout),
        Err(SendError {
            error: Error::Transport(_),
            ..
        }) => Failure::Retryable(Retryable::Transport),
        Err(_) => Failure::Permanent,
    }
}

/// How long a response's `Retry-After` asks to wait: an HTTP-date is read against the
/// response's own `Date` (the server's clock).
pub(super) fn retry_after(headers: &HeaderMap) -> Option<std::time::Duration> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    header(RETRY_AFTER)
        .and_then(|v| parse_retry_after_with_date(v, header(DATE), SystemTime::now()))
}

/// What the request carried that a server may echo: the token (and its refresh token), the
/// extra headers' values, the endpoint URL's credentials. No excerpt or error shows them.
pub(super) fn secrets<'a>(inner: &'a Inner, token: Option<&'a CachedToken>) -> Secrets<'a> {
    let mut secrets = Secrets::new();
    if let Some(token) = token {
        secrets.add_secret(token.token.access_token());
        if let Some(refresh) = token.token.refresh_token() {
            secrets.add_secret(refresh);
        }
    }
    for value in inner.headers.values() {
        if let Ok(value) = std::str::from_utf8(value.as_bytes()) {
            secrets.add(value);
        }
    }
    if let Some(credentials) = &inner.url_credentials {
        secrets.add_basic(&credentials.user, credentials.password.expose_secret());
    }
    secrets
}

/// A transport error as the client's error.
pub(super) fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout
    } else {
        Error::Transport(TransportError::new(
            transport_detail(&error),
            url_shown(error),
        ))
    }
}
