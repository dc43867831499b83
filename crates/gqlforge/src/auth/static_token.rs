//! A token obtained elsewhere (a browser's implicit flow, a secret store): sent as it is.

use std::fmt;

use secrecy::SecretString;

use super::{BoxFuture, Token, TokenContext, TokenSource};
use crate::AuthError;

/// A fixed bearer token. It is not renewable: a `401` is returned at once as
/// [`Error::Unauthorized`](crate::Error::Unauthorized).
#[derive(Clone)]
pub struct StaticToken {
    token: SecretString,
}

impl StaticToken {
    /// The token `token`, sent as `Authorization: Bearer <token>`.
    pub fn new(token: impl Into<SecretString>) -> StaticToken {
        StaticToken {
            token: token.into(),
        }
    }
}

impl TokenSource for StaticToken {
    fn fetch<'a>(&'a self, _: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        let token = Token::new(self.token.clone());
        Box::pin(async move { Ok(token) })
    }

    fn renewable(&self) -> bool {
        false
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticToken")
            .field("token", &crate::redact::REDACTED)
            .finish()
    }
}
