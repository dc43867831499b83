//! Tokens from the API itself: a GraphQL sign-in mutation returning an access and a refresh
//! token, and a refresh mutation (Red Flag Alert's `signIn` / `signInRefresh`).

use std::collections::HashMap;
use std::fmt;
use std::time::SystemTime;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use super::{jwt, BoxFuture, Token, TokenContext, TokenSource, DEFAULT_TOKEN_LIFETIME};
use crate::redact::{json_error, json_string_values, Secrets};
use crate::{AuthError, GraphQLError};

/// Sign-in by GraphQL mutation. By default:
///
/// ```graphql
/// mutation SignIn($userName: String!, $password: String!) {
///   signIn(credentials: {userName: $userName, password: $password}, ...extra arguments) {
///     accessToken
///     refreshToken
///   }
/// }
/// mutation SignInRefresh($refreshToken: String!) {
///   signInRefresh(refreshToken: $refreshToken) { accessToken refreshToken }
/// }
/// ```
///
/// ```
/// use gqlforge::auth::SignIn;
/// let sign_in = SignIn::new("user@example.com", "password")
///     .argument("useManagementflow", true); // Red Flag Alert's required argument
/// ```
///
/// The mutations go to the client's endpoint unless [`SignIn::endpoint`] names another. A
/// token is renewed with the refresh mutation; when that is refused (errors, `400`, `401`),
/// with a full sign-in. The expiry is the access token's JWT `exp`, else one hour. A sign-in
/// answered with GraphQL errors (or `400`/`401`/`403`) rejects the credentials
/// ([`AuthError::CredentialsRejected`]: never retried).
#[derive(Clone)]
pub struct SignIn {
    endpoint: Option<String>,
    user_name: String,
    password: SecretString,
    sign_in_field: String,
    refresh_field: String,
    refresh_argument: String,
    arguments: Vec<(String, Value)>,
}

/// Why one mutation did not give a token.
enum Failure {
    /// The server refused it (GraphQL errors, 400/401/403): for a refresh, sign in again.
    Refused(String),
    Other(AuthError),
}

impl SignIn {
    /// Signs in as `user_name` with `password` by the `signIn` and `signInRefresh` mutations
    /// shown above, at the client's endpoint.
    pub fn new(user_name: impl Into<String>, password: impl Into<SecretString>) -> SignIn {
        SignIn {
            endpoint: None,
            user_name: user_name.into(),
            password: password.into(),
            sign_in_field: "signIn".to_string(),
            refresh_field: "signInRefresh".to_string(),
            refresh_argument: "refreshToken".to_string(),
            arguments: Vec::new(),
        }
    }

    /// Sends the mutations to `url` instead of the client's endpoint.
    pub fn endpoint(mut self, url: impl Into<String>) -> SignIn {
        self.endpoint = Some(url.into());
        self
    }

    /// An extra argument of the sign-in field, written as a GraphQL literal
    /// (`useManagementflow: true`). Strings become GraphQL strings, objects input objects.
    pub fn argument(mut self, name: impl Into<String>, value: impl Into<Value>) -> SignIn {
        self.arguments.push((name.into(), value.into()));
        self
    }

    /// The mutation fields and the refresh field's argument, when they are not `signIn`,
    /// `signInRefresh` and `refreshToken`.
    pub fn fields(
        mut self,
        sign_in: impl Into<String>,
        refresh: impl Into<String>,
        refresh_argument: impl Into<String>,
    ) -> SignIn {
        self.sign_in_field = sign_in.into();
        self.refresh_field = refresh.into();
        self.refresh_argument = refresh_argument.into();
        self
    }

    fn sign_in_document(&self) -> Result<String, AuthError> {
        check_name(&self.sign_in_field)?;
        let mut arguments = "credentials: {userName: $userName, password: $password}".to_string();
        for (name, value) in &self.arguments {
            check_name(name)?;
            arguments.push_str(&format!(", {name}: {}", literal(value)?));
        }
        Ok(format!(
            "mutation SignIn($userName: String!, $password: String!) {{\n  {}({arguments}) {{\n    accessToken\n    refreshToken\n  }}\n}}",
            self.sign_in_field
        ))
    }

    fn refresh_document(&self) -> Result<String, AuthError> {
        check_name(&self.refresh_field)?;
        check_name(&self.refresh_argument)?;
        Ok(format!(
            "mutation SignInRefresh($refreshToken: String!) {{\n  {}({}: $refreshToken) {{\n    accessToken\n    refreshToken\n  }}\n}}",
            self.refresh_field, self.refresh_argument
        ))
    }

    async fn sign_in_or_refresh(&self, context: TokenContext<'_>) -> Result<Token, AuthError> {
        let url = match &self.endpoint {
            Some(url) => url.as_str(),
            None => context.endpoint(),
        };
        if let Some(refresh_token) = context.previous().and_then(Token::refresh_token) {
            let body = json!({
                "query": self.refresh_document()?,
                "operationName": "SignInRefresh",
                "variables": {"refreshToken": refresh_token.expose_secret()},
            });
            match self
                .mutate(&context, url, &body, &self.refresh_field, refresh_token)
                .await
            {
                Ok(token) => return Ok(token),
                Err(Failure::Refused(reason)) => {
                    tracing::info!(%reason, "refresh refused; signing in again");
                }
                Err(Failure::Other(error)) => return Err(error),
            }
        }
        let body = json!({
            "query": self.sign_in_document()?,
            "operationName": "SignIn",
            "variables": {
                "userName": self.user_name,
                "password": self.password.expose_secret(),
            },
        });
        match self
            .mutate(&context, url, &body, &self.sign_in_field, &self.password)
            .await
        {
            Ok(token) => Ok(token),
            Err(Failure::Refused(reason)) => Err(AuthError::CredentialsRejected { reason }),
            Err(Failure::Other(error)) => Err(error),
        }
    }

    /// Sends one mutation and reads `data.<field> { accessToken refreshToken }`.
    ///
    /// The answer may hold new tokens however malformed it is (truncated, `errors` not a
    /// list): before anything is made of it, every `accessToken` / `refreshToken` string in
    /// it — read leniently from the text, and parsed into `SecretString`s — joins the secrets
    /// redacted from whatever the error shows (its message and excerpt, and so the logs).
    async fn mutate(
        &self,
        context: &TokenContext<'_>,
        url: &str,
        body: &Value,
        field: &str,
        secret: &SecretString,
    ) -> Result<Token, Failure> {
        let response = context
            .post_json(
                url,
                body,
                &[(
                    "accept",
                    "application/graphql-response+json, application/json",
                )],
            )
            .await
            .map_err(Failure::Other)?;
        let status = response.status();
        let bytes = response.body();
        let found = json_string_values(bytes, &["accessToken", "refreshToken"]);
        let mut secrets = Secrets::new();
        secrets.add_secret(secret).add_secret(&self.password);
        for token in &found {
            secrets.add_secret(token);
        }
        let answer = serde_json::from_slice::<Answer>(bytes);
        let invalid = |message: String| {
            Failure::Other(AuthError::InvalidResponse {
                message: secrets.redacted(&format!("{field}: {message}")),
                excerpt: secrets.excerpt(bytes),
            })
        };
        match status {
            200..=299 => {}
            400 | 401 | 403 => {
                let reason = answer
                    .ok()
                    .and_then(|a| a.first_error().ok().flatten())
                    .map(|e| secrets.redacted(&e.to_string()))
                    .unwrap_or_else(|| format!("HTTP {status}"));
                return Err(Failure::Refused(format!("{field}: {reason}")));
            }
            408 | 429 | 500..=599 => {
                return Err(Failure::Other(AuthError::Unavailable {
                    message: format!("{field}: HTTP {status}"),
                    attempts: 1,
                }))
            }
            _ => {
                return Err(Failure::Other(AuthError::UnexpectedStatus {
                    status,
                    excerpt: secrets.excerpt(bytes),
                }))
            }
        }
        let mut answer =
            answer.map_err(|e| invalid(format!("not a GraphQL response: {}", json_error(&e))))?;
        match answer.first_error() {
            Ok(Some(error)) => {
                let reason = secrets.redacted(&error.to_string());
                return Err(Failure::Refused(format!("{field}: {reason}")));
            }
            Ok(None) => {}
            Err(what) => return Err(invalid(what)),
        }
        let payload = answer.data.as_mut().and_then(|data| data.remove(field));
        let Some(Some(payload)) = payload else {
            return Err(Failure::Refused(format!("{field}: returned null")));
        };
        let Some(SecretField(access_token)) = payload
            .access_token
            .filter(|t| !t.0.expose_secret().is_empty())
        else {
            return Err(invalid("no accessToken".to_string()));
        };
        let expires_in = jwt::expires_in(access_token.expose_secret(), SystemTime::now())
            .unwrap_or(DEFAULT_TOKEN_LIFETIME);
        let mut token = Token::new(access_token).with_expires_in(expires_in);
        match payload
            .refresh_token
            .filter(|t| !t.0.expose_secret().is_empty())
        {
            Some(SecretField(refresh)) => token = token.with_refresh_token(refresh),
            // No new refresh token: the one used (if it was one) may serve again.
            None if field == self.refresh_field => token = token.with_refresh_token(secret.clone()),
            None => {}
        }
        Ok(token)
    }
}

/// A sign-in mutation's answer, its tokens read straight into secrets.
#[derive(Deserialize)]
struct Answer {
    /// `{ "<field>": payload or null }`; the tokens go straight into secrets.
    #[serde(default)]
    data: Option<HashMap<String, Option<Payload>>>,
    /// Read as any JSON first: a malformed `errors` is reported as such.
    #[serde(default)]
    errors: Option<Value>,
}

/// `data.<field>`: `{ accessToken refreshToken }`.
#[derive(Deserialize)]
struct Payload {
    #[serde(rename = "accessToken", default)]
    access_token: Option<SecretField>,
    #[serde(rename = "refreshToken", default)]
    refresh_token: Option<SecretField>,
}

/// A JSON string read into a [`SecretString`], never held as plain text.
struct SecretField(SecretString);

impl<'de> Deserialize<'de> for SecretField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SecretField, D::Error> {
        String::deserialize(deserializer).map(|text| SecretField(SecretString::from(text)))
    }
}

impl Answer {
    /// The first of the answer's `errors`; `Err` says what is wrong with an `errors` that
    /// is not a list of GraphQL errors.
    fn first_error(&self) -> Result<Option<GraphQLError>, String> {
        match &self.errors {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(errors)) => match errors.first() {
                None => Ok(None),
                Some(first) => GraphQLError::deserialize(first)
                    .map(Some)
                    .map_err(|_| "an entry of `errors` has no `message` string".to_string()),
            },
            Some(other) => Err(format!(
                "`errors` is {}, not a list of errors",
                json_kind(other)
            )),
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Refuses a field or argument name that is not a GraphQL name (it is written into the document).
fn check_name(name: &str) -> Result<(), AuthError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(AuthError::Config(format!("{name:?} is not a GraphQL name")))
    }
}

/// `value` as a GraphQL literal. JSON string escapes are all valid GraphQL string escapes.
fn literal(value: &Value) -> Result<String, AuthError> {
    Ok(match value {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(items) => {
            let items: Result<Vec<_>, _> = items.iter().map(literal).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Object(fields) => {
            let mut parts = Vec::new();
            for (name, value) in fields {
                check_name(name)?;
                parts.push(format!("{name}: {}", literal(value)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
    })
}

impl TokenSource for SignIn {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        let span = tracing::info_span!(
            "gqlforge.sign_in",
            user_name = %self.user_name,
            refresh = context.previous().and_then(Token::refresh_token).is_some()
        );
        Box::pin(tracing::Instrument::instrument(
            self.sign_in_or_refresh(context),
            span,
        ))
    }

    fn urls(&self) -> Vec<String> {
        self.endpoint.iter().cloned().collect()
    }
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("endpoint", &self.endpoint)
            .field("user_name", &self.user_name)
            .field("password", &crate::redact::REDACTED)
            .field("sign_in_field", &self.sign_in_field)
            .field("refresh_field", &self.refresh_field)
            .field("arguments", &self.arguments)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_hold_the_extra_arguments_as_literals() {
        let sign_in = SignIn::new("u", "p")
            .argument("useManagementflow", true)
            .argument("options", json!({"region": "UK \"x\"", "ids": [1, 2]}));
        assert_eq!(
            sign_in.sign_in_document().unwrap(),
            "mutation SignIn($userName: String!, $password: String!) {\n  signIn(credentials: {userName: $userName, password: $password}, useManagementflow: true, options: {ids: [1, 2], region: \"UK \\\"x\\\"\"}) {\n    accessToken\n    refreshToken\n  }\n}"
        );
        assert_eq!(
            sign_in.refresh_document().unwrap(),
            "mutation SignInRefresh($refreshToken: String!) {\n  signInRefresh(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n  }\n}"
        );
    }

    #[test]
    fn names_that_are_not_graphql_names_are_refused() {
        let bad = SignIn::new("u", "p").argument("x) { evil }", 1);
        assert!(matches!(bad.sign_in_document(), Err(AuthError::Config(_))));
        let bad = SignIn::new("u", "p").fields("signIn", "refresh", "1x");
        assert!(matches!(bad.refresh_document(), Err(AuthError::Config(_))));
        let bad = SignIn::new("u", "p").argument("o", json!({"a b": 1}));
        assert!(matches!(bad.sign_in_document(), Err(AuthError::Config(_))));
    }

    #[test]
    fn debug_hides_the_password() {
        let text = format!("{:?}", SignIn::new("user", "pa55word"));
        assert!(!text.contains("pa55word"), "{text}");
    }
}
