//! The `redflagalert` SDK end to end: its client, built by `redflagalert::builder()`, signs in
//! with the API's own `signIn` mutation (`useManagementflow: true`) and runs every operation
//! against `tests/servers/api-server.mjs` serving `schema/redflagalert/schema.graphql`, which
//! answers `401` without a valid token (except the sign-in mutations), `402` for an invalid
//! paging parameter and `429` with `Retry-After` over its per-second budget.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use gqlforge_tests::api_server::{ApiServer, Budget};
use gqlforge_tests::sign_in_server::{PASSWORD, USER_NAME};
use redflagalert::gqlforge::{AuthError, Client, Error, Nullable};
use redflagalert::*;

/// Red Flag Alert publishes no rate limit: Cleverbridge's 150/s, never reached here.
fn start() -> ApiServer {
    ApiServer::redflagalert(3600, Budget::CLEVERBRIDGE).unwrap_or_else(|e| panic!("{e}"))
}

fn client(server: &ApiServer) -> Client {
    redflagalert::builder()
        .endpoint(server.url())
        .sign_in(USER_NAME, PASSWORD)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_runs_through_the_sdk_client() {
    let server = start();
    let client = client(&server);
    let fail = |e: Error| -> ! { panic!("{e}\n{}", server.stderr()) };

    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<AccountReportLimits>(account_report_limits::Variables {})
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<AccountUsage>(account_usage::Variables {})
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<AccountOverview>(account_overview::Variables {})
        .await
        .unwrap_or_else(|e| fail(e));
    // Offset paging: the first two pages of ten.
    for skip in [0, 10] {
        let data = client
            .execute::<Auditors>(auditors::Variables {
                skip: skip.into(),
                take: 10.into(),
                r#where: Nullable::Absent,
                order: vec![AuditorSortInput {
                    name: SortEnumType::Asc.into(),
                    id: Nullable::Absent,
                }]
                .into(),
            })
            .await
            .unwrap_or_else(|e| fail(e));
        let page = data.auditors.unwrap();
        assert!(page.items.unwrap_or_default().len() <= 10);
    }
    client
        .execute::<AuditorsByName>(auditors_by_name::Variables {
            name: "Grant".into(),
            skip: Nullable::Absent,
            take: 25.into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));

    // The sign-in mutations as operations: public, and they hand out working tokens.
    let tokens = client
        .execute_unauthenticated::<SignIn>(sign_in::Variables {
            user_name: USER_NAME.into(),
            password: PASSWORD.into(),
            use_managementflow: true.into(),
        })
        .await
        .unwrap_or_else(|e| fail(e))
        .sign_in
        .unwrap();
    let refreshed = client
        .execute_unauthenticated::<SignInRefresh>(sign_in_refresh::Variables {
            refresh_token: tokens.refresh_token.clone(),
        })
        .await
        .unwrap_or_else(|e| fail(e))
        .sign_in_refresh
        .unwrap();
    // One type for both mutations' tokens.
    let _: [&redflagalert::SignInTokens; 2] = [&tokens, &refreshed];
    let with_refreshed = redflagalert::builder()
        .endpoint(server.url())
        .bearer_token(refreshed.access_token)
        .build()
        .unwrap();
    with_refreshed
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_or_else(|e| fail(e));

    // 11 requests answered 200 (the client's sign-in among them); the test signed in once more.
    let counts = server.counts().unwrap();
    assert_eq!(counts.status.len(), 1, "{counts:?}");
    assert_eq!(counts.status(200), 11);
    assert_eq!((counts.sign_in, counts.sign_in_refresh), (2, 1));
}

#[tokio::test]
async fn statuses_become_typed_errors() {
    let server = start();
    let anonymous = redflagalert::builder()
        .endpoint(server.url())
        .build()
        .unwrap();
    let error = anonymous
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Unauthorized(r) if r.errors[0].message == "Unauthorized: missing bearer token"),
        "{error:?}"
    );

    let client = client(&server);
    let error = client
        .execute::<Auditors>(auditors::Variables {
            take: 500.into(),
            ..auditors::Variables::default()
        })
        .await
        .unwrap_err();
    match &error {
        Error::InvalidParameters(response) => assert_eq!(
            response.errors[0].message,
            "Invalid parameter: auditors.take is 500: take must be between 0 and 100"
        ),
        other => panic!("{other:?}"),
    }

    // A wrong password: one sign-in, then the client stops asking.
    let wrong = redflagalert::builder()
        .endpoint(server.url())
        .sign_in(USER_NAME, "wrong horse")
        .build()
        .unwrap();
    for _ in 0..3 {
        let error = wrong
            .execute::<Account>(account::Variables {})
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Auth(AuthError::CredentialsRejected { reason }) if reason.contains("Invalid user name or password")),
            "{error:?}"
        );
    }
    let counts = server.counts().unwrap();
    assert_eq!(
        (counts.sign_in, counts.status(401), counts.status(402)),
        (2, 1, 1)
    );
}

#[tokio::test]
async fn an_expired_token_is_refreshed_with_sign_in_refresh() {
    let server = start();
    let client = client(&server);
    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap();
    server.expire_tokens().unwrap();
    client
        .execute::<Account>(account::Variables {})
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", server.stderr()));
    let counts = server.counts().unwrap();
    assert_eq!((counts.sign_in, counts.sign_in_refresh), (1, 1));
    // Sign-in, the query, the 401, the refresh, the query again.
    assert_eq!((counts.status(200), counts.status(401)), (4, 1));
}

#[tokio::test]
async fn a_429_is_waited_out_by_the_clients_cool_down() {
    // 5 requests per second, blocked 1 s over it; 12 at once (the sign-in is a 13th).
    let server = ApiServer::redflagalert(
        3600,
        Budget {
            per_second: 5,
            retry_after_secs: 1,
        },
    )
    .unwrap();
    let client = client(&server);
    let calls: Vec<_> = (0..12)
        .map(|skip| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .execute::<Auditors>(auditors::Variables {
                        skip: skip.into(),
                        ..auditors::Variables::default()
                    })
                    .await
            })
        })
        .collect();
    for call in calls {
        call.await
            .unwrap()
            .unwrap_or_else(|e| panic!("{e}\n{}", server.stderr()));
    }
    let counts = server.counts().unwrap();
    assert_eq!(counts.status(200), 13);
    assert!(counts.status(429) >= 1, "{counts:?}");
}
