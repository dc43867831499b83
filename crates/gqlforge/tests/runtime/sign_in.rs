//! Sign-in by GraphQL mutation (Red Flag Alert): sign in, refresh, sign in again when the
//! refresh is refused, expiry from the JWT, and the lock-out guard.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gqlforge::auth::SignIn;
use gqlforge::{AuthError, Client, Error};
use serde_json::{json, Value};

use crate::server::{Recorded, Reply, TestServer};
use crate::NoVariables as V;
use crate::{builder, viewer_data, viewer_reply, Viewer};

/// A JWT whose `exp` is `lifetime` from now (unsigned: the client does not check signatures).
fn jwt(n: usize, lifetime: u64) -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = json!({"sub": "user", "n": n, "exp": now + lifetime});
    format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[derive(Default)]
struct Api {
    issued: usize,
    valid_access: HashSet<String>,
    valid_refresh: HashSet<String>,
    /// Issue opaque access tokens instead of JWTs.
    opaque: bool,
}

impl Api {
    fn issue(&mut self, lifetime: u64) -> Value {
        self.issued += 1;
        let access = if self.opaque {
            format!("opaque-{}", self.issued)
        } else {
            jwt(self.issued, lifetime)
        };
        let refresh = format!("r{}", self.issued);
        self.valid_access.insert(access.clone());
        self.valid_refresh.insert(refresh.clone());
        json!({"accessToken": access, "refreshToken": refresh})
    }
}

/// A GraphQL endpoint with `signIn` (user `u`, password `pw`), `signInRefresh` and `Viewer`.
/// Tokens are JWTs valid `lifetime` seconds.
fn sign_in_server(lifetime: u64, api: Arc<Mutex<Api>>) -> TestServer {
    TestServer::start(move |request: Recorded| {
        let api = Arc::clone(&api);
        async move {
            let body = request.json();
            let mut api = api.lock().unwrap();
            match body["operationName"].as_str() {
                Some("SignIn") => {
                    let v = &body["variables"];
                    if v["userName"] == "u" && v["password"] == "pw" {
                        let tokens = api.issue(lifetime);
                        Reply::json(200, json!({"data": {"signIn": tokens}}))
                    } else {
                        Reply::json(
                            200,
                            json!({"data": {"signIn": null}, "errors": [{"message": "Invalid user name or password", "path": ["signIn"]}]}),
                        )
                    }
                }
                Some("SignInRefresh") => {
                    let refresh = body["variables"]["refreshToken"].as_str().unwrap_or("");
                    if api.valid_refresh.remove(refresh) {
                        let tokens = api.issue(lifetime);
                        Reply::json(200, json!({"data": {"signInRefresh": tokens}}))
                    } else {
                        Reply::json(
                            200,
                            json!({"data": {"signInRefresh": null}, "errors": [{"message": "Invalid refresh token"}]}),
                        )
                    }
                }
                _ => match request.bearer() {
                    Some(token) if api.valid_access.contains(&token) => viewer_reply(),
                    _ => Reply::json(401, json!({"errors": [{"message": "unauthenticated"}]})),
                },
            }
        }
    })
}

fn operations(server: &TestServer) -> Vec<String> {
    server
        .requests("/graphql")
        .iter()
        .map(|r| {
            r.json()["operationName"]
                .as_str()
                .unwrap_or("?")
                .to_string()
        })
        .collect()
}

fn client(server: &TestServer, password: &str) -> Client {
    builder(server)
        .token_source(SignIn::new("u", password).argument("useManagementflow", true))
        .build()
        .unwrap()
}

#[tokio::test]
async fn sign_in_sends_the_credentials_as_variables_and_extra_arguments_inline() {
    let api = Arc::new(Mutex::new(Api::default()));
    let server = sign_in_server(3600, Arc::clone(&api));
    let client = client(&server, "pw");
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    let requests = server.requests("/graphql");
    assert_eq!(operations(&server), ["SignIn", "Viewer"]);
    let sign_in = requests[0].json();
    assert_eq!(
        sign_in["query"],
        "mutation SignIn($userName: String!, $password: String!) {\n  signIn(credentials: {userName: $userName, password: $password}, useManagementflow: true) {\n    accessToken\n    refreshToken\n  }\n}"
    );
    assert_eq!(
        sign_in["variables"],
        json!({"userName": "u", "password": "pw"})
    );
    assert_eq!(requests[0].header("authorization"), None);
    let issued = api.lock().unwrap().valid_access.iter().next().cloned();
    assert_eq!(requests[1].bearer(), issued);
}

#[tokio::test(start_paused = true)]
async fn tokens_are_refreshed_before_their_jwt_exp_and_a_refused_refresh_signs_in_again() {
    let api = Arc::new(Mutex::new(Api::default()));
    let server = sign_in_server(120, Arc::clone(&api));
    let client = client(&server, "pw");
    client.execute::<Viewer>(V {}).await.unwrap();
    // exp is 120 s away, renewal 60 s early: still fresh after 50 s.
    tokio::time::advance(Duration::from_secs(50)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(operations(&server), ["SignIn", "Viewer", "Viewer"]);
    tokio::time::advance(Duration::from_secs(12)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(
        operations(&server),
        ["SignIn", "Viewer", "Viewer", "SignInRefresh", "Viewer"]
    );
    let refresh = &server.requests("/graphql")[3].json();
    assert_eq!(refresh["variables"], json!({"refreshToken": "r1"}));
    assert_eq!(
        refresh["query"],
        "mutation SignInRefresh($refreshToken: String!) {\n  signInRefresh(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n  }\n}"
    );
    // The server forgets every refresh token: the next renewal's refresh is refused.
    api.lock().unwrap().valid_refresh.clear();
    tokio::time::advance(Duration::from_secs(62)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(
        operations(&server)[5..],
        ["SignInRefresh", "SignIn", "Viewer"]
    );
    assert_eq!(
        server.requests("/graphql")[5].json()["variables"],
        json!({"refreshToken": "r2"})
    );
    assert_eq!(api.lock().unwrap().issued, 3);
}

#[tokio::test(start_paused = true)]
async fn tokens_that_are_not_jwts_last_one_hour() {
    let api = Arc::new(Mutex::new(Api {
        opaque: true,
        ..Api::default()
    }));
    let server = sign_in_server(0, Arc::clone(&api));
    let client = client(&server, "pw");
    client.execute::<Viewer>(V {}).await.unwrap();
    tokio::time::advance(Duration::from_secs(3600 - 61)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(operations(&server), ["SignIn", "Viewer", "Viewer"]);
    tokio::time::advance(Duration::from_secs(2)).await;
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(operations(&server)[3..], ["SignInRefresh", "Viewer"]);
}

#[tokio::test]
async fn a_401_from_the_api_is_answered_with_a_refresh() {
    let api = Arc::new(Mutex::new(Api::default()));
    let server = sign_in_server(3600, Arc::clone(&api));
    let client = client(&server, "pw");
    client.execute::<Viewer>(V {}).await.unwrap();
    // The API revokes every access token (but not the refresh tokens).
    api.lock().unwrap().valid_access.clear();
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(
        operations(&server),
        ["SignIn", "Viewer", "Viewer", "SignInRefresh", "Viewer"]
    );
}

#[tokio::test]
async fn a_sign_in_answered_with_errors_rejects_the_credentials_once_and_for_all() {
    let api = Arc::new(Mutex::new(Api::default()));
    let server = sign_in_server(3600, api);
    let client = client(&server, "wrong-password");
    for _ in 0..3 {
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Auth(AuthError::CredentialsRejected { reason })
                    if reason == "signIn: Invalid user name or password (at signIn)"
            ),
            "{error:?}"
        );
    }
    assert_eq!(operations(&server), ["SignIn"]);
    // New credentials: signed in.
    client.set_token_source(SignIn::new("u", "pw"));
    client.execute::<Viewer>(V {}).await.unwrap();
    assert_eq!(operations(&server), ["SignIn", "SignIn", "Viewer"]);
}

#[tokio::test(start_paused = true)]
async fn a_sign_in_endpoint_failing_with_5xx_is_retried_not_rejected() {
    let calls = Arc::new(Mutex::new(0));
    let server = {
        let calls = Arc::clone(&calls);
        TestServer::start(move |request: Recorded| {
            let calls = Arc::clone(&calls);
            async move {
                if request.json()["operationName"] == "SignIn" {
                    let mut calls = calls.lock().unwrap();
                    *calls += 1;
                    if *calls < 3 {
                        return Reply::new(503, "<html>unavailable</html>");
                    }
                    return Reply::json(
                        200,
                        json!({"data": {"signIn": {"accessToken": "a", "refreshToken": "r"}}}),
                    );
                }
                viewer_reply()
            }
        })
    };
    let client = client(&server, "pw");
    assert_eq!(client.execute::<Viewer>(V {}).await.unwrap(), viewer_data());
    assert_eq!(*calls.lock().unwrap(), 3);
}
