//! No secret reaches `Debug`, `Display`, an error or a log line: every public type that can hold
//! one is formatted, every error a server can provoke is formatted, and every span and event
//! recorded while the client works (at every level) is searched for the secrets — in every
//! encoding a server may echo them in (JSON escapes, form and percent encoding, base64, Rust's
//! `Debug` escapes), with secrets that need encoding (`/`, `+`, `=`, quotes, non-ASCII).
//!
//! A test binary of its own, whose log capture is the global subscriber: tracing caches each
//! callsite's interest process-wide, so a capture set for one thread (`set_default`) could
//! miss spans whose callsites another test's thread registered first, with no subscriber.

// Shared with the `runtime` binary, which uses all of it.
#[allow(dead_code)]
#[path = "runtime/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "runtime/server.rs"]
mod server;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE};
use base64::Engine;
use gqlforge::auth::{ClientCredentials, CredentialPlacement, SignIn, StaticToken, Token};
use gqlforge::{Client, RetryPolicy};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use fixtures::NoVariables as V;
use fixtures::{builder, Viewer};
use server::{Recorded, Reply, TestServer};

const SECRETS: [&str; 5] = [
    "CLIENT-SECRET-1",
    "ACCESS-TOKEN-2",
    "PASSWORD-3",
    "REFRESH-TOKEN-4",
    "HEADER-VALUE-5",
];

/// Records every span's and event's fields as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut log = self.0.lock().unwrap();
        let _ = write!(log, "\nspan {}", span.metadata().name());
        span.record(&mut Fields(&mut log));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().unwrap();
        let metadata = event.metadata();
        let _ = write!(log, "\nevent {} {}", metadata.level(), metadata.target());
        event.record(&mut Fields(&mut log));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The log of every span and event of this test binary, at every level. Tests run in
/// parallel, so it holds all of theirs: each test searches it for every secret.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        tracing::subscriber::set_global_default(capture.clone())
            .expect("the only subscriber of this binary");
        capture
    })
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS.iter().chain(&ENCODED_SECRETS) {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{what} shows {secret} as {form}: {text}"
            );
        }
    }
}

/// Secrets that need encoding on their way (form, JSON, base64), one per kind the client holds.
const CLIENT_SECRET: &str = "s3cr/et+KEY=\"é€1";
const ACCESS_TOKEN: &str = "acc/ess+TOKEN='\"2";
const HEADER_VALUE: &str = "hdr/val+KEY=\"'3";
const PASSWORD: &str = "pa\"ss/wörd+4 €";
const URL_PASSWORD: &str = "url/pass+word=\"5";
/// Tokens a malformed sign-in answer carries.
const NEW_ACCESS: &str = "new/acc+ess=\"é6";
const NEW_REFRESH: &str = "new/ref+resh=\"é7";
const FIRST_REFRESH: &str = "first/ref+resh=\"é8";
const ENCODED_SECRETS: [&str; 8] = [
    CLIENT_SECRET,
    ACCESS_TOKEN,
    HEADER_VALUE,
    PASSWORD,
    URL_PASSWORD,
    NEW_ACCESS,
    NEW_REFRESH,
    FIRST_REFRESH,
];

/// `application/x-www-form-urlencoded`, as the client encodes form fields.
fn form(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Every character but ASCII letters and digits as a JSON `\uXXXX` escape.
fn json_unicode(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
    out
}

/// The forms a secret may take in a text: as it is; in Rust's `Debug` (quotes escaped);
/// JSON (as serde writes it, with `\/`, with every character escaped); form-encoded; its
/// base64, alone and at each alignment inside longer base64.
fn forms(secret: &str) -> Vec<String> {
    let debug = format!("{secret:?}");
    let json = serde_json::to_string(secret).unwrap();
    let mut forms = vec![
        secret.to_string(),
        debug[1..debug.len() - 1].to_string(),
        json[1..json.len() - 1].to_string(),
        json[1..json.len() - 1].replace('/', "\\/"),
        json_unicode(secret),
        form(secret),
        STANDARD.encode(secret),
        STANDARD.encode(form(secret)),
    ];
    for text in [secret.to_string(), form(secret)] {
        for offset in 1..3usize {
            let mut padded = vec![0u8; offset];
            padded.extend_from_slice(text.as_bytes());
            let encoded = STANDARD_NO_PAD.encode(&padded);
            let (skip, end) = ((offset * 8).div_ceil(6), padded.len() * 8 / 6);
            forms.push(encoded[skip..end].to_string());
        }
    }
    forms
}

/// `echo` as a server may send it back: as it is, inside JSON (serde's escapes, `\/`, every
/// character escaped), form-encoded, in base64, and as Rust's `Debug` writes it.
fn echoes(echo: &str) -> String {
    let json = serde_json::to_string(echo).unwrap();
    format!(
        "{echo}\n{json}\n{}\n{}\n{}\n{}\n{}\n{echo:?}",
        json.replace('/', "\\/"),
        json_unicode(echo),
        form(echo),
        STANDARD.encode(echo),
        URL_SAFE.encode(format!("xy{echo}")),
    )
}

/// What a request carried, as text: its body and every header, values as sent.
fn request_text(request: &Recorded) -> String {
    let mut text = request.body.clone();
    for (name, value) in &request.headers {
        let _ = write!(
            text,
            "\n{name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        );
    }
    text
}

/// A server that echoes every secret it is sent back in its bodies, on every path.
fn echoing_server() -> TestServer {
    TestServer::start(|request: Recorded| async move {
        let echo = format!("{} {:?}", request.body, request.headers);
        match request.path.as_str() {
            "/token-ok" => Reply::json(
                200,
                json!({"access_token": "ACCESS-TOKEN-2", "token_type": "Bearer", "expires_in": 3600}),
            ),
            "/token-bad" => Reply::json(
                401,
                json!({"error": "invalid_client", "error_description": echo}),
            ),
            "/token-weird" => Reply::json(
                200,
                json!({"access_token": "ACCESS-TOKEN-2", "token_type": "DPoP", "echo": echo}),
            ),
            "/token-garbage" => Reply::new(200, format!("<html>{echo}")),
            "/unauthorized" => Reply::new(401, echo),
            "/garbage" => Reply::new(200, format!("<html>{echo}")),
            "/errors" => Reply::json(200, json!({"errors": [{"message": echo}]})),
            "/signin" => {
                if request.json()["operationName"] == "SignIn" {
                    Reply::json(200, json!({"errors": [{"message": echo}]}))
                } else {
                    Reply::new(500, echo)
                }
            }
            _ => Reply::new(404, echo),
        }
    })
}

#[test]
fn public_types_holding_secrets_do_not_show_them() {
    let credentials = ClientCredentials::new("https://idp/token", "id", "CLIENT-SECRET-1")
        .placement(CredentialPlacement::BasicAuth);
    let sign_in = SignIn::new("user", "PASSWORD-3");
    let token = Token::new("ACCESS-TOKEN-2").with_refresh_token("REFRESH-TOKEN-4");
    let builder = Client::builder("https://api/graphql")
        .header("x-api-key", "HEADER-VALUE-5")
        .bearer_token("ACCESS-TOKEN-2");
    assert_no_secret("ClientCredentials", &format!("{credentials:?}"));
    assert_no_secret("SignIn", &format!("{sign_in:?}"));
    assert_no_secret(
        "StaticToken",
        &format!("{:?}", StaticToken::new("ACCESS-TOKEN-2")),
    );
    assert_no_secret("Token", &format!("{token:?}"));
    assert_no_secret("ClientBuilder", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_secret("Client", &format!("{client:?} {:?}", client.clone()));
}

#[tokio::test]
async fn errors_and_logs_never_show_secrets_even_when_servers_echo_them() {
    let capture = capture();
    let server = echoing_server();
    let mut texts = Vec::new();

    let with_source = |path: &str, source: ClientCredentials| {
        builder(&server)
            .token_source(source.scope("GQL"))
            .header("x-api-key", "HEADER-VALUE-5")
            .build()
            .map(|c| (c, path.to_string()))
            .unwrap()
    };
    for token_path in ["/token-bad", "/token-weird", "/token-garbage"] {
        for placement in [CredentialPlacement::Body, CredentialPlacement::BasicAuth] {
            let (client, _) = with_source(
                token_path,
                ClientCredentials::new(server.url(token_path), "id", "CLIENT-SECRET-1")
                    .placement(placement),
            );
            let error = client.execute::<Viewer>(V {}).await.unwrap_err();
            texts.push(format!("{token_path}: {error} / {error:?}"));
        }
    }
    for api_path in ["/unauthorized", "/garbage", "/errors", "/missing"] {
        let client = Client::builder(server.url(api_path))
            .token_source(ClientCredentials::new(
                server.url("/token-ok"),
                "id",
                "CLIENT-SECRET-1",
            ))
            .header("x-api-key", "HEADER-VALUE-5")
            .build()
            .unwrap();
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        texts.push(format!("{api_path}: {error} / {error:?}"));
        let full = client.execute_full::<Viewer>(V {}).await;
        texts.push(format!("{api_path}: {full:?}"));
    }
    let client = Client::builder(server.url("/signin"))
        .token_source(SignIn::new("user", "PASSWORD-3"))
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    texts.push(format!("/signin: {error} / {error:?}"));

    // The servers really did receive (and echo) the secrets: the test can see a leak.
    let echoed: String = server
        .requests("/garbage")
        .iter()
        .map(|r| format!("{:?}", r.headers))
        .collect();
    assert!(echoed.contains("ACCESS-TOKEN-2") && echoed.contains("HEADER-VALUE-5"));
    assert!(server.requests("/signin")[0].body.contains("PASSWORD-3"));
    assert!(server.requests("/token-bad")[0]
        .body
        .contains("CLIENT-SECRET-1"));

    for text in &texts {
        assert_no_secret("an error", text);
    }
    let log = capture.0.lock().unwrap().clone();
    assert!(log.contains("span gqlforge.request"), "{log}");
    assert!(log.contains("operation=\"Viewer\""), "{log}");
    assert!(log.contains("status=401"), "{log}");
    assert!(log.contains("span gqlforge.token"), "{log}");
    assert_no_secret("the log", &log);
}

/// A server that echoes everything it is sent (body and headers), in every encoding of
/// [`echoes`], on every path; `/token` issues [`ACCESS_TOKEN`].
fn encoding_server() -> TestServer {
    TestServer::start(|request: Recorded| async move {
        let echo = echoes(&request_text(&request));
        match request.path.as_str() {
            "/token" => Reply::json(
                200,
                json!({"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600}),
            ),
            "/token-bad" => Reply::json(
                401,
                json!({"error": "invalid_client", "error_description": echo}),
            ),
            "/token-odd" => Reply::json(418, json!({"echo": echo})),
            "/errors" => Reply::json(
                200,
                json!({"errors": [{"message": echo, "extensions": {"echo": [echo]}}],
                       "data": {"viewer": {"login": echo}}}),
            ),
            "/mismatch" => Reply::json(200, json!({"data": {"viewer": {"login": [echo]}}})),
            "/garbage" => Reply::new(200, format!("<html>{echo}")),
            _ => Reply::new(500, echo),
        }
    })
}

#[tokio::test]
async fn encoded_echoes_of_secrets_are_redacted_from_errors_and_logs() {
    let capture = capture();
    let server = encoding_server();
    let mut texts = Vec::new();
    for placement in [CredentialPlacement::Body, CredentialPlacement::BasicAuth] {
        for token_path in ["/token-bad", "/token-odd"] {
            let client = builder(&server)
                .token_source(
                    ClientCredentials::new(server.url(token_path), "my id", CLIENT_SECRET)
                        .placement(placement),
                )
                .build()
                .unwrap();
            let error = client.execute::<Viewer>(V {}).await.unwrap_err();
            texts.push(format!("{token_path} {placement:?}: {error} / {error:?}"));
        }
    }
    for api_path in ["/errors", "/mismatch", "/garbage", "/fail"] {
        let client = Client::builder(server.url(api_path))
            .token_source(ClientCredentials::new(
                server.url("/token"),
                "my id",
                CLIENT_SECRET,
            ))
            .header("x-api-key", HEADER_VALUE)
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        texts.push(format!("{api_path}: {error} / {error:?}"));
        // A response's data is the API's answer, given as it came; its errors are redacted.
        let full = client.execute_full::<Viewer>(V {}).await.map(|r| r.errors);
        texts.push(format!("{api_path}: {full:?}"));
    }
    // The endpoint's password (percent-encoded in the URL), sent as Basic.
    let with_password = server
        .url("/fail")
        .replace("http://", &format!("http://user:{}@", form(URL_PASSWORD)));
    let client = Client::builder(with_password)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = client.execute::<Viewer>(V {}).await.unwrap_err();
    texts.push(format!("url credentials: {error} / {error:?} / {client:?}"));

    // The server did receive (and echo) the secrets, so the test can see a leak.
    let basic = server.requests("/token-bad")[1]
        .header("authorization")
        .unwrap();
    assert_eq!(
        basic,
        format!(
            "Basic {}",
            STANDARD.encode(format!("my+id:{}", form(CLIENT_SECRET)))
        )
    );
    assert!(server.requests("/token-bad")[0]
        .body
        .contains(&form(CLIENT_SECRET)));
    assert!(request_text(&server.requests("/errors")[0]).contains(HEADER_VALUE));
    assert!(request_text(&server.requests("/errors")[0]).contains(ACCESS_TOKEN));

    for text in &texts {
        assert_no_secret("an error", text);
    }
    let log = capture.0.lock().unwrap().clone();
    assert!(log.contains("event ERROR"), "{log}");
    assert_no_secret("the log", &log);
}

/// A sign-in server: `signIn` answers `sign_in`, `signInRefresh` answers `refresh`, each
/// given the request's text (to echo it).
fn sign_in_server(sign_in: fn(&str) -> Reply, refresh: fn(&str) -> Reply) -> TestServer {
    TestServer::start(move |request: Recorded| async move {
        let text = request_text(&request);
        if request.json()["operationName"] == "SignIn" {
            sign_in(&text)
        } else {
            refresh(&text)
        }
    })
}

/// Answers of a sign-in mutation that hold new tokens but are not what the client expects,
/// the tokens JSON-escaped with `\/` as some servers write them.
fn malformed_answers(field: &str) -> Vec<String> {
    let escaped = |value: serde_json::Value| value.to_string().replace('/', "\\/");
    let payload = json!({field: {"accessToken": NEW_ACCESS, "refreshToken": NEW_REFRESH}});
    let whole = escaped(json!({ "data": payload }));
    vec![
        // Truncated: in the middle of the refresh token, and just after the access token.
        whole[..whole.find("resh=").unwrap()].to_string(),
        whole[..whole.find("refreshToken").unwrap()].to_string(),
        // `errors` of the wrong shape beside the tokens.
        escaped(json!({"data": payload, "errors": {}})),
        escaped(json!({"data": payload, "errors": [{"msg": "no message"}]})),
        // A token of the wrong type beside one; no access token.
        escaped(json!({"data": {field: {"accessToken": NEW_ACCESS, "refreshToken": 7}}})),
        escaped(
            json!({"data": {field: {"accessToken": [NEW_ACCESS], "refreshToken": NEW_REFRESH}}}),
        ),
        escaped(json!({"data": {field: {"refreshToken": NEW_REFRESH}}})),
        format!("<html>{whole}"),
    ]
}

static ANSWER: Mutex<String> = Mutex::new(String::new());

fn current_answer(_: &str) -> Reply {
    Reply::new(200, ANSWER.lock().unwrap().clone()).header("content-type", "application/json")
}

fn first_tokens(_: &str) -> Reply {
    Reply::json(
        200,
        json!({"data": {"signIn": {"accessToken": ACCESS_TOKEN, "refreshToken": FIRST_REFRESH}}}),
    )
}

fn viewer(_: &str) -> Reply {
    Reply::json(200, json!({"data": {"viewer": {"login": "octocat"}}}))
}

/// A malformed `signIn` / `signInRefresh` answer is an error that says what was wrong, with
/// an excerpt, and never shows the tokens it carried: not in the error (`Display`, `Debug`),
/// not in the renewal's warning, not in any log line.
#[tokio::test(start_paused = true)]
async fn malformed_sign_in_answers_never_show_the_tokens_they_carry() {
    let capture = capture();
    let mut texts = Vec::new();

    // signIn itself answers malformed: the call fails with the error.
    let server = sign_in_server(current_answer, current_answer);
    for answer in malformed_answers("signIn") {
        *ANSWER.lock().unwrap() = answer.clone();
        let client = builder(&server)
            .token_source(SignIn::new("user", PASSWORD))
            .build()
            .unwrap();
        let error = client.execute::<Viewer>(V {}).await.unwrap_err();
        let text = format!("{error} / {error:?}");
        assert!(text.contains("signIn: "), "{answer}: {text}");
        texts.push(text);
    }

    // signInRefresh answers malformed while the token is still valid: the renewal fails
    // with a warning, and the call goes on with the current token.
    for answer in malformed_answers("signInRefresh") {
        *ANSWER.lock().unwrap() = answer.clone();
        let server = TestServer::start(|request: Recorded| async move {
            if request.path == "/graphql" {
                return viewer("");
            }
            if request.json()["operationName"] == "SignIn" {
                first_tokens("")
            } else {
                current_answer("")
            }
        });
        let client = builder(&server)
            .token_source(SignIn::new("user", PASSWORD).endpoint(server.url("/auth")))
            .build()
            .unwrap();
        client.execute::<Viewer>(V {}).await.unwrap();
        tokio::time::advance(Duration::from_secs(3600 - 30)).await;
        client.execute::<Viewer>(V {}).await.unwrap();
        assert_eq!(
            server.count("/auth"),
            2,
            "{answer}: signIn, then signInRefresh"
        );
    }
    let log = capture.0.lock().unwrap().clone();
    assert!(log.contains("token renewal failed"), "{log}");
    for text in &texts {
        assert_no_secret("a sign-in error", text);
    }
    assert_no_secret("the log", &log);
}
