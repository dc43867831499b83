//! The generated Red Flag Alert operations executed by `gqlforge::Client` with the sign-in
//! token source, against a graphql-js server implementing `signIn` / `signInRefresh` with
//! expiring tokens (`tests/servers/sign-in-server.mjs`): sign in, reuse, `401` for an expired
//! token answered by a refresh, a refused refresh answered by a new sign-in, and a wrong password
//! costing exactly one sign-in.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use gqlforge::auth::SignIn;
use gqlforge::{AuthError, Client, Error};
use gqlforge_tests::sign_in_server::{SignInCounts, SignInServer, PASSWORD, USER_NAME};
use redflagalert::{account, Account};

fn start() -> SignInServer {
    SignInServer::start(3600).unwrap_or_else(|e| panic!("{e}"))
}

fn client(server: &SignInServer, sign_in: SignIn) -> Client {
    Client::builder(server.url())
        .token_source(sign_in)
        .build()
        .unwrap()
}

fn counts(
    sign_in: u64,
    sign_in_refresh: u64,
    authenticated: u64,
    unauthorized: u64,
) -> SignInCounts {
    SignInCounts {
        sign_in,
        sign_in_refresh,
        authenticated,
        unauthorized,
    }
}

#[tokio::test]
async fn sign_in_then_refresh_on_expiry_then_sign_in_when_the_refresh_is_refused() {
    let server = start();
    let client = client(
        &server,
        SignIn::new(USER_NAME, PASSWORD).argument("useManagementflow", true),
    );
    let data = client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", server.stderr()));
    let account = data.account.unwrap();
    assert_eq!((account.credit_balance, account.total_bill_count), (120, 3));
    assert_eq!(account.credits_spent.unwrap().this_year, 30);
    assert_eq!(server.counts().unwrap(), counts(1, 0, 1, 0));

    // The token is reused.
    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap();
    assert_eq!(server.counts().unwrap(), counts(1, 0, 2, 0));

    // An hour passes at the server only: the client still holds the token, the server answers
    // 401, the client refreshes and retries once.
    server.advance(3601).unwrap();
    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap();
    assert_eq!(server.counts().unwrap(), counts(1, 1, 3, 1));

    // The refresh token is revoked too: the refresh is refused, the client signs in again.
    server.revoke_refresh_tokens().unwrap();
    server.advance(3601).unwrap();
    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap();
    assert_eq!(server.counts().unwrap(), counts(2, 2, 4, 2));
}

#[tokio::test]
async fn a_wrong_password_costs_exactly_one_sign_in() {
    let server = start();
    let client = client(
        &server,
        SignIn::new(USER_NAME, "wrong horse").argument("useManagementflow", true),
    );
    for _ in 0..3 {
        let error = client
            .execute::<Account>(account::Variables {})
            .await
            .unwrap_err();
        match &error {
            Error::Auth(AuthError::CredentialsRejected { reason }) => {
                assert_eq!(reason, "signIn: Invalid user name or password (at signIn)")
            }
            other => panic!("{other:?}"),
        }
        assert!(!format!("{error} {error:?}").contains("wrong horse"));
    }
    assert_eq!(server.counts().unwrap(), counts(1, 0, 0, 0));
}

#[tokio::test]
async fn the_extra_argument_reaches_the_server() {
    // Without `useManagementflow: true` this server refuses the sign-in, like Red Flag Alert.
    let server = start();
    let client = client(&server, SignIn::new(USER_NAME, PASSWORD));
    let error = client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Auth(AuthError::CredentialsRejected { reason }) if reason.contains("useManagementflow must be true")),
        "{error:?}"
    );
}
