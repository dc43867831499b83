//! OAuth2 client credentials (RFC 6749 §4.4): a client id and secret exchanged at a token
//! endpoint for an access token.

use std::fmt;
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{
    form_urlencode, jwt, BoxFuture, Token, TokenContext, TokenSource, DEFAULT_TOKEN_LIFETIME,
};
use crate::redact::{json_error, json_string_values, Secrets};
use crate::AuthError;

/// Where the client id and secret travel (RFC 6749 §2.3.1). Both are form-urlencoded first,
/// as the RFC requires for the Basic header too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CredentialPlacement {
    /// `client_id=..&client_secret=..` in the form body (`client_secret_post`).
    #[default]
    Body,
    /// `Authorization: Basic base64(client_id:client_secret)` (`client_secret_basic`).
    BasicAuth,
}

/// OAuth2 client credentials: `POST token_url` with `grant_type=client_credentials`, an
/// optional `scope`, and the client's id and secret.
///
/// ```
/// use gqlforge::auth::{ClientCredentials, CredentialPlacement};
/// let credentials = ClientCredentials::new(
///     "https://identity.cleverbridge.com/connect/token",
///     "my-client-id",
///     std::env::var("CB_SECRET").unwrap_or_default(),
/// )
/// .scope("GQL")
/// .placement(CredentialPlacement::BasicAuth);
/// ```
///
/// The answer's `access_token` is used with its `expires_in` (else the JWT's `exp`, else one
/// hour). A `token_type` other than `Bearer` is refused. `400`, `401` and `403` reject the
/// credentials ([`AuthError::CredentialsRejected`], never retried); `408`, `429`, `5xx` and
/// transport errors are transient ([`AuthError::Unavailable`], retried with backoff).
#[derive(Clone)]
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    scope: Option<String>,
    placement: CredentialPlacement,
}

impl ClientCredentials {
    /// Credentials for the token endpoint `token_url`, sent in the form body (see
    /// [`placement`](ClientCredentials::placement)) without a scope.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> ClientCredentials {
        ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: None,
            placement: CredentialPlacement::Body,
        }
    }

    /// The `scope` parameter (space-separated scopes; Cleverbridge: `GQL`).
    pub fn scope(mut self, scope: impl Into<String>) -> ClientCredentials {
        self.scope = Some(scope.into());
        self
    }

    /// Where the id and secret travel; [`CredentialPlacement::Body`] by default.
    pub fn placement(mut self, placement: CredentialPlacement) -> ClientCredentials {
        self.placement = placement;
        self
    }

    async fn request_token(
        &self,
        context: TokenContext<'_>,
        span: tracing::Span,
    ) -> Result<Token, AuthError> {
        let mut pairs = vec![("grant_type", "client_credentials")];
        if let Some(scope) = &self.scope {
            pairs.push(("scope", scope));
        }
        let basic;
        let mut headers = Vec::new();
        match self.placement {
            CredentialPlacement::Body => {
                pairs.push(("client_id", &self.client_id));
                pairs.push(("client_secret", self.client_secret.expose_secret()));
            }
            CredentialPlacement::BasicAuth => {
                let credentials = format!(
                    "{}:{}",
                    form_urlencode(&self.client_id),
                    form_urlencode(self.client_secret.expose_secret())
                );
                basic = format!("Basic {}", STANDARD.encode(credentials));
                headers.push(("authorization", basic.as_str()));
            }
        }
        let response = context.post_form(&self.token_url, &pairs, &headers).await?;
        let status = response.status();
        span.record("status", status);
        let body = response.body();
        let unavailable = |message: String| AuthError::Unavailable {
            message,
            attempts: 1,
        };
        let secrets = self.secrets();
        match status {
            200..=299 => self.read_token(body),
            400 | 401 | 403 => Err(AuthError::CredentialsRejected {
                reason: secrets.redacted(&oauth_error(status, body)),
            }),
            408 | 429 | 500..=599 => Err(unavailable(format!("HTTP {status}"))),
            _ => Err(AuthError::UnexpectedStatus {
                status,
                excerpt: secrets.excerpt(body),
            }),
        }
    }

    /// What the token endpoint was sent and may echo: the secret, and the Basic credential
    /// made of it (its base64 is searched for whichever placement was used).
    fn secrets(&self) -> Secrets<'_> {
        let mut secrets = Secrets::new();
        secrets.add_basic(&self.client_id, self.client_secret.expose_secret());
        secrets
    }

    fn read_token(&self, body: &[u8]) -> Result<Token, AuthError> {
        #[derive(Deserialize)]
        struct TokenResponse {
            access_token: String,
            #[serde(default)]
            token_type: Option<String>,
            #[serde(default)]
            expires_in: Option<serde_json::Value>,
        }
        let answer: TokenResponse = serde_json::from_slice(body).map_err(|e| {
            // The body did not parse, yet it may hold tokens (truncated, or of another
            // shape): every token-like value found in it is redacted with the secret.
            let mut secrets = self.secrets();
            for found in json_string_values(body, TOKEN_KEYS) {
                secrets.add_owned(found);
            }
            AuthError::InvalidResponse {
                message: secrets.redacted(&format!("not a token response: {}", json_error(&e))),
                excerpt: secrets.excerpt(body),
            }
        })?;
        let access_token = SecretString::from(answer.access_token);
        let invalid = |message: &str| {
            let mut secrets = self.secrets();
            secrets.add_secret(&access_token);
            for found in json_string_values(body, TOKEN_KEYS) {
                secrets.add_owned(found);
            }
            AuthError::InvalidResponse {
                message: message.to_string(),
                excerpt: secrets.excerpt(body),
            }
        };
        if access_token.expose_secret().is_empty() {
            return Err(invalid("empty access_token"));
        }
        if let Some(token_type) = &answer.token_type {
            if !token_type.eq_ignore_ascii_case("bearer") {
                return Err(invalid("token_type is not Bearer"));
            }
        }
        let expires_in = match &answer.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_f64(),
            Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|secs| secs.is_finite() && *secs >= 0.0)
        .map(|secs| Duration::from_secs_f64(secs.min(3.2e9)))
        .or_else(|| jwt::expires_in(access_token.expose_secret(), SystemTime::now()))
        .unwrap_or(DEFAULT_TOKEN_LIFETIME);
        Ok(Token::new(access_token).with_expires_in(expires_in))
    }
}

/// The keys of a token response whose values are secrets (RFC 6749 §5.1, OpenID Connect).
const TOKEN_KEYS: &[&str] = &["access_token", "refresh_token", "id_token"];

/// `error: error_description` of an OAuth2 error response (RFC 6749 §5.2), else the status.
fn oauth_error(status: u16, body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct OAuthError {
        error: String,
        #[serde(default)]
        error_description: Option<String>,
    }
    match serde_json::from_slice::<OAuthError>(body) {
        Ok(OAuthError {
            error,
            error_description: Some(description),
        }) => format!("{error}: {description} (HTTP {status})"),
        Ok(OAuthError { error, .. }) => format!("{error} (HTTP {status})"),
        Err(_) => format!("HTTP {status} from the token endpoint"),
    }
}

impl TokenSource for ClientCredentials {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        let span = tracing::info_span!(
            "gqlforge.client_credentials",
            token_url = %crate::redact::shown_url(&self.token_url),
            client_id = %self.client_id,
            status = tracing::field::Empty
        );
        Box::pin(tracing::Instrument::instrument(
            self.request_token(context, span.clone()),
            span,
        ))
    }

    fn urls(&self) -> Vec<String> {
        vec![self.token_url.clone()]
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::redact::REDACTED)
            .field("scope", &self.scope)
            .field("placement", &self.placement)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> ClientCredentials {
        ClientCredentials::new("https://idp.example/token", "id", "s3cret")
    }

    #[test]
    fn token_response_fields_are_read() {
        let token = source()
            .read_token(br#"{"access_token":"abc","expires_in":3599,"token_type":"Bearer"}"#)
            .unwrap();
        assert_eq!(token.access_token().expose_secret(), "abc");
        assert_eq!(token.expires_in(), Some(Duration::from_secs(3599)));
        let token = source()
            .read_token(br#"{"access_token":"abc","expires_in":"60","token_type":"bearer"}"#)
            .unwrap();
        assert_eq!(token.expires_in(), Some(Duration::from_secs(60)));
        // Neither expires_in nor a JWT: one hour.
        let token = source().read_token(br#"{"access_token":"abc"}"#).unwrap();
        assert_eq!(token.expires_in(), Some(DEFAULT_TOKEN_LIFETIME));
    }

    #[test]
    fn a_jwt_without_expires_in_expires_at_its_exp() {
        let exp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 600;
        let jwt = jwt::encode_for_test(&serde_json::json!({ "exp": exp }));
        let body = serde_json::json!({ "access_token": jwt }).to_string();
        let left = source()
            .read_token(body.as_bytes())
            .unwrap()
            .expires_in()
            .unwrap();
        assert!(
            left <= Duration::from_secs(600) && left > Duration::from_secs(590),
            "{left:?}"
        );
    }

    #[test]
    fn unusable_token_responses_are_invalid_without_leaking_the_token() {
        let error = source()
            .read_token(br#"{"access_token":"tok-123","token_type":"mac"}"#)
            .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("token_type is not Bearer"), "{text}");
        assert!(!text.contains("tok-123"), "{text}");
        let error = source()
            .read_token(br#"{"access_token":"tok-123","expires_in":[}"#)
            .unwrap_err();
        assert!(!error.to_string().contains("tok-123"), "{error}");
        let error = source()
            .read_token(b"<html>502 Bad Gateway</html>")
            .unwrap_err();
        assert!(
            error.to_string().contains("<html>502 Bad Gateway</html>"),
            "{error}"
        );
        assert!(matches!(
            source().read_token(br#"{"access_token":""}"#),
            Err(AuthError::InvalidResponse { .. })
        ));
    }

    #[test]
    fn oauth_errors_are_summarised() {
        assert_eq!(
            oauth_error(
                400,
                br#"{"error":"invalid_client","error_description":"no such client"}"#
            ),
            "invalid_client: no such client (HTTP 400)"
        );
        assert_eq!(
            oauth_error(401, br#"{"error":"invalid_grant"}"#),
            "invalid_grant (HTTP 401)"
        );
        assert_eq!(
            oauth_error(401, b"nope"),
            "HTTP 401 from the token endpoint"
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let text = format!("{:?}", source().scope("GQL"));
        assert!(!text.contains("s3cret"), "{text}");
        assert!(text.contains("client_id: \"id\""), "{text}");
    }
}
