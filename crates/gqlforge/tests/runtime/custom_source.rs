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

/// A source of its own protocol, built on `TokenContext::post_form`: a form and a header of
/// its choosing, the answer's status, headers and body read through gqlforge's types.
struct ApiKeyLogin {
    url: String,
}

impl TokenSource for ApiKeyLogin {
    fn fetch<'a>(&'a self, context: TokenContext<'a>) -> BoxFuture<'a, Result<Token, AuthError>> {
        Box::pin(async move {
            let response = context
                .post_form(
                    &self.url,
                    &[("grant_type", "api key"), ("audience", "graph&api")],
                    &[("x-api-key", "key-123")],
                )
                .await?;
            if response.status() != 200 {
                return Err(AuthError::CredentialsRejected {
                    reason: format!("HTTP {}", response.status()),
                });
            }
            assert_eq!(response.header("Content-Type"), Some("application/json"));
            let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
            Ok(Token::new(
                body["access_token"].as_str().unwrap().to_string(),
            ))
        })
    }

    fn urls(&self) -> Vec<String> {
        vec![self.url.clone()]
    }
}

#[tokio::test]
async fn a_custom_source_posts_a_form_through_the_clients_http_client() {
    let server = token_and_api(3600, |token| token == "t1");
    let client = builder(&server)
        .user_agent("custom-agent/1")
        .token_source(ApiKeyLogin {
            url: server.url("/token"),
        })
        .build()
        .unwrap();
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(bearers(&server), [Some("t1".into())]);
    let [login] = &server.requests("/token")[..] else {
        panic!("one token request");
    };
    assert_eq!(login.method, "POST");
    assert_eq!(login.body, "grant_type=api+key&audience=graph%26api");
    assert_eq!(
        login.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(login.header("accept").as_deref(), Some("application/json"));
    assert_eq!(login.header("x-api-key").as_deref(), Some("key-123"));
    // The client's HTTP client: its user agent.
    assert_eq!(
        login.header("user-agent").as_deref(),
        Some("custom-agent/1")
    );
}

#[tokio::test]
async fn a_custom_sources_unreachable_endpoint_is_unavailable_and_retried() {
    let server = token_and_api(3600, |_| true);
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/token", listener.local_addr().unwrap())
    };
    let client = builder(&server)
        .token_attempts(2)
        .token_source(ApiKeyLogin { url: closed })
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Auth(AuthError::Unavailable { attempts: 2, message }) if message.starts_with("cannot connect")
        ),
        "{error:?}"
    );
    assert_eq!(server.count("/graphql"), 0);
}
