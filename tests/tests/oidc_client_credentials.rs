//! The client's OAuth2 client credentials against a real OpenID Connect provider
//! (oidc-provider 9, `tests/servers/oidc-provider.mjs`) on 127.0.0.1: both credential placements
//! obtain tokens the provider itself confirms, the secret placed otherwise than the client is
//! registered for is refused, and a wrong secret is rejected after exactly one request at the
//! provider.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use std::sync::{Arc, Mutex};

use gqlforge::auth::{ClientCredentials, CredentialPlacement};
use gqlforge::{AuthError, Client, Error, Operation, OperationKind};
use gqlforge_tests::oidc::{OidcClient, OidcProvider, BASIC_CLIENT, POST_CLIENT};
use serde::{Deserialize, Serialize};

struct Viewer;

#[derive(Debug, Deserialize, PartialEq)]
struct Data {
    viewer: Login,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Login {
    login: String,
}

#[derive(Serialize)]
struct Variables {}

impl Operation for Viewer {
    const NAME: &'static str = "Viewer";
    const OPERATION_NAME: Option<&'static str> = Some("Viewer");
    const KIND: OperationKind = OperationKind::Query;
    const QUERY: &'static str = "query Viewer { viewer { login } }";
    type Variables = Variables;
    type Data = Data;
}

/// A GraphQL endpoint on 127.0.0.1 answering `Viewer`, recording the bearer tokens it gets.
async fn api() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
        let record = Arc::clone(&record);
        async move {
            let bearer = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string);
            record.lock().unwrap().push(bearer);
            (
                [("content-type", "application/json")],
                r#"{"data":{"viewer":{"login":"octocat"}}}"#,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/graphql", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn start_provider() -> OidcProvider {
    OidcProvider::start().unwrap_or_else(|e| panic!("{e}"))
}

fn client(api: &str, provider: &OidcProvider, client: OidcClient, secret: &str) -> Client {
    let placement = match client.auth_method {
        "client_secret_basic" => CredentialPlacement::BasicAuth,
        _ => CredentialPlacement::Body,
    };
    Client::builder(api)
        .token_source(
            ClientCredentials::new(provider.token_url(), client.id, secret.to_string())
                .scope("GQL")
                .placement(placement),
        )
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_credential_placements_obtain_tokens_the_provider_confirms() {
    let provider = start_provider();
    let (url, seen) = api().await;
    for (n, registered) in [POST_CLIENT, BASIC_CLIENT].into_iter().enumerate() {
        let client = client(&url, &provider, registered, registered.secret);
        let data = client
            .execute::<Viewer>(Variables {})
            .await
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", registered.auth_method, provider.stderr()));
        assert_eq!(data.viewer.login, "octocat");
        // Cached: a second execute asks the provider nothing.
        client.execute::<Viewer>(Variables {}).await.unwrap();
        assert_eq!(provider.requests("POST /token").unwrap(), n as u64 + 1);

        let token = seen.lock().unwrap().last().cloned().flatten();
        let token = token.unwrap_or_else(|| panic!("{}: no bearer token", registered.auth_method));
        let introspection = provider.introspect(&token, registered).unwrap();
        assert_eq!(introspection["active"], true, "{introspection}");
        assert_eq!(introspection["client_id"], registered.id, "{introspection}");
        assert_eq!(introspection["scope"], "GQL", "{introspection}");
        assert_eq!(introspection["token_type"], "Bearer", "{introspection}");
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[0], seen[1]);
    assert_ne!(seen[1], seen[2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_rejected_after_exactly_one_request_at_the_provider() {
    let provider = start_provider();
    let (url, seen) = api().await;
    for registered in [POST_CLIENT, BASIC_CLIENT] {
        let before = provider.requests("POST /token").unwrap();
        let client = client(&url, &provider, registered, "not the secret");
        for _ in 0..3 {
            let error = client.execute::<Viewer>(Variables {}).await.unwrap_err();
            match &error {
                Error::Auth(AuthError::CredentialsRejected { reason }) => {
                    assert!(reason.starts_with("invalid_client"), "{reason}")
                }
                other => panic!("{}: {other:?}", registered.auth_method),
            }
            assert!(!error.to_string().contains("not the secret"), "{error}");
        }
        assert_eq!(
            provider.requests("POST /token").unwrap(),
            before + 1,
            "{}",
            registered.auth_method
        );
    }
    assert!(seen.lock().unwrap().is_empty());
}

/// The provider holds each client to the placement it is registered for (as providers that
/// support only one do): the secret placed the other way is refused, so the placements above
/// are the ones the client sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_placing_its_secret_the_other_way_is_refused() {
    let provider = start_provider();
    let (url, seen) = api().await;
    for (registered, used) in [
        (POST_CLIENT, "client_secret_basic"),
        (BASIC_CLIENT, "client_secret_post"),
    ] {
        let swapped = OidcClient {
            auth_method: used,
            ..registered
        };
        let client = client(&url, &provider, swapped, registered.secret);
        let error = client.execute::<Viewer>(Variables {}).await.unwrap_err();
        match &error {
            Error::Auth(AuthError::CredentialsRejected { reason }) => assert!(
                reason.contains(&format!(
                    "registered for {}, the request used {used}",
                    registered.auth_method
                )),
                "{reason}"
            ),
            other => panic!("{used}: {other:?}"),
        }
    }
    assert_eq!(provider.requests("POST /token").unwrap(), 2);
    assert!(seen.lock().unwrap().is_empty());
}
