//! A token source written outside the crate plugs into the same lifecycle.

use std::sync::{Arc, Mutex};

use gqlforge::auth::{BoxFuture, Token, TokenContext, TokenSource};
use gqlforge::{AuthError, Error};
use secrecy::ExposeSecret;

use crate::NoVariables as V;
use crate::{bearers, builder, token_and_api, Viewer};

/// Hands out `c1`, `c2`, ... (or rejects), recording the previous token it was shown.
#[derive(Clone, Default)]
struct Custom {
    previous: Arc<Mutex<Vec<Option<String>>>>,
    reject: bool,
}

impl TokenSource for Custom {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        Box::pin(async move {
            let mut previous = self.previous.lock().unwrap();
            previous.push(
                context
                    .previous()
                    .map(|t| t.access_token().expose_secret().to_string()),
            );
            if self.reject {
                return Err(AuthError::CredentialsRejected {
                    reason: "no".into(),
                });
            }
            Ok(Token::new(format!("c{}", previous.len())))
        })
    }
}

#[tokio::test]
async fn a_custom_source_is_renewed_on_401_and_sees_the_previous_token() {
    let server = token_and_api(3600, |token| token != "c1");
    let source = Custom::default();
    let client = builder(&server)
        .token_source(source.clone())
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(bearers(&server), [Some("c1".into()), Some("c2".into())]);
    assert_eq!(*source.previous.lock().unwrap(), [None, Some("c1".into())]);
}

#[tokio::test]
async fn a_custom_source_that_rejects_is_asked_once() {
    let server = token_and_api(3600, |_| true);
    let source = Custom {
        reject: true,
        ..Custom::default()
    };
    let client = builder(&server)
        .token_source(source.clone())
        .build()
        .unwrap();
    for _ in 0..3 {
        assert!(matches!(
            client.execute::<Viewer>(V {}).await,
            Err(Error::Auth(AuthError::CredentialsRejected { .. }))
        ));
    }
    assert_eq!(source.previous.lock().unwrap().len(), 1);
    assert_eq!(server.count("/graphql"), 0);
}
