//! `cargo gqlforge fetch-schema` against the test GraphQL server (graphql-js 16 + graphql-http,
//! `tests/servers/graphql-server.mjs`) serving corpus schemas, and the OpenID Connect provider
//! (`tests/servers/oidc-provider.mjs`): the written SDL loads into an index describing the same
//! schema as the original (compared with `schema_differences`, not as text), older servers get
//! older queries, tokens and headers reach the server, and failures exit 1 or 2 with one
//! error line and a hint.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gqlforge_codegen::schema::{load_sdl, schema_differences, SchemaIndex};
use gqlforge_tests::corpus::corpus_dir;
use gqlforge_tests::oidc::{OidcClient, OidcProvider, BASIC_CLIENT, POST_CLIENT};
use gqlforge_tests::servers::GraphqlServer;
use gqlforge_tests::temp::TempDir;

/// What graphql-js 16.0 to 16.8 do not know.
const NO_ONE_OF: &str = "__Type.isOneOf";

/// What a server of the October 2021 spec does not know: @oneOf and deprecated arguments and
/// input fields.
const SPEC_2021: &str = "__Type.isOneOf,__Type.inputFields(includeDeprecated:),\
    __Field.args(includeDeprecated:),__Directive.args(includeDeprecated:),\
    __InputValue.isDeprecated,__InputValue.deprecationReason";

fn corpus_schema(name: &str) -> PathBuf {
    corpus_dir().join(name).join("schema.graphql")
}

fn server(schema: &str, options: &[&str]) -> GraphqlServer {
    GraphqlServer::start_with(&corpus_schema(schema), options).unwrap_or_else(|e| panic!("{e}"))
}

fn cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-gqlforge"));
    command.arg("fetch-schema").args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run the cargo-gqlforge binary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn load(path: &Path) -> SchemaIndex {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (schema, warnings) =
        load_sdl(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
    // The GitHub schema breaks graphql-js 17's rule on deprecated implementation fields:
    // those warnings are expected, no other.
    assert!(
        warnings
            .iter()
            .all(|w| w.message.contains("must not be deprecated")),
        "{warnings:?}"
    );
    schema
}

/// Runs `fetch-schema` against `server` (no credentials) into `out`; it must succeed.
fn fetch_ok(server: &GraphqlServer, out: &Path) -> Output {
    let output = cli(
        &[
            "--endpoint",
            server.url(),
            "--out",
            &out.display().to_string(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

/// The fetched SDL describes the same schema as the corpus original.
fn assert_same_schema(name: &str, fetched: &Path) {
    let differences = schema_differences(&load(&corpus_schema(name)), &load(fetched));
    assert_eq!(differences, Vec::<String>::new(), "{name}");
}

/// `fetch-schema` exits with `code`, printing exactly one `error:` line followed by a hint.
fn assert_fails(output: &Output, code: i32) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    err
}

#[test]
fn fetched_corpus_schemas_load_into_the_same_index_and_fetch_again_unchanged() {
    if gqlforge_corpus::require("fetch_schema_cli::fetched_corpus_schemas_load_into_the_same_index_and_fetch_again_unchanged").is_none() {
        return;
    }
    for name in ["countries", "github"] {
        let server = server(name, &[]);
        let dir = TempDir::new(&format!("fetch-schema-cli-{name}"));
        let out = dir.path("fetched/schema.graphql");
        let out_arg = out.display().to_string();
        let output = cli(&["--endpoint", server.url(), "--out", &out_arg], &[]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        // graphql-js 16.15 knows the whole current query: no fallback. The only lines on
        // stderr are the GitHub schema's warnings for deprecated implementation fields.
        assert!(
            stderr(&output)
                .lines()
                .all(|l| l.contains("warning: Interface field")
                    && l.contains("must not be deprecated")),
            "{}",
            stderr(&output)
        );
        assert!(
            stdout(&output).contains("with the introspection query for the current spec draft"),
            "{}",
            stdout(&output)
        );
        assert!(stdout(&output).ends_with(&format!("written {out_arg}\n")));
        assert_same_schema(name, &out);

        let text = std::fs::read_to_string(&out).unwrap();
        let header = format!(
            "# Fetched from {url} by introspection. Do not edit: fetch it again with\n\
             #   cargo gqlforge fetch-schema --endpoint {url} --out {out_arg}\n\n",
            url = server.url()
        );
        assert!(text.starts_with(&header), "{}", &text[..300]);

        // Deterministic: the same schema fetched again is the same bytes, left alone.
        let again = cli(&["--endpoint", server.url(), "--out", &out_arg], &[]);
        assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
        assert!(stdout(&again).ends_with(&format!("unchanged {out_arg}\n")));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path("fetched"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["schema.graphql"], "no temp file is left behind");
    }
}

#[test]
fn a_server_without_one_of_gets_the_query_without_is_one_of() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::a_server_without_one_of_gets_the_query_without_is_one_of",
    )
    .is_none()
    {
        return;
    }
    let server = server(
        "swapi",
        &["--introspection-without", NO_ONE_OF, "--record-requests"],
    );
    let dir = TempDir::new("fetch-schema-cli-no-one-of");
    let out = dir.path("swapi.graphql");
    let output = fetch_ok(&server, &out);
    assert_eq!(
        stderr(&output),
        format!(
            "note: {} does not know part of the introspection query for the current spec draft \
             (isOneOf, deprecated arguments and input fields) (Cannot query field \"isOneOf\" on \
             type \"__Type\".); trying the one for servers without @oneOf (graphql-js 16.0 to 16.8)\n",
            server.url()
        )
    );
    assert!(stdout(&output).contains("with the introspection query for servers without @oneOf"));
    let queries: Vec<String> = server
        .recorded_requests()
        .unwrap()
        .iter()
        .map(|r| r["query"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(queries.len(), 2);
    assert!(queries[0].contains("isOneOf"));
    assert!(!queries[1].contains("isOneOf"));
    assert!(queries[1].contains("inputFields(includeDeprecated: true)"));
    assert_same_schema("swapi", &out);
}

#[test]
fn an_october_2021_server_gets_the_query_of_its_spec() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::an_october_2021_server_gets_the_query_of_its_spec",
    )
    .is_none()
    {
        return;
    }
    let server = server(
        "github",
        &["--introspection-without", SPEC_2021, "--record-requests"],
    );
    let dir = TempDir::new("fetch-schema-cli-spec-2021");
    let out = dir.path("github.graphql");
    let output = fetch_ok(&server, &out);
    assert_eq!(
        stderr(&output).matches("note: ").count(),
        2,
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("with the introspection query for the October 2021 spec"));
    let requests = server.recorded_requests().unwrap();
    assert_eq!(requests.len(), 3);
    let last = requests[2]["query"].as_str().unwrap();
    assert!(!last.contains("includeDeprecated: true) { ...InputValue"));
    // The corpus's GitHub schema deprecates no argument or input field, so nothing is lost.
    assert_same_schema("github", &out);
}

#[test]
fn a_june_2018_server_gets_the_oldest_query() {
    if gqlforge_corpus::require("fetch_schema_cli::a_june_2018_server_gets_the_oldest_query")
        .is_none()
    {
        return;
    }
    let without =
        format!("{SPEC_2021},__Schema.description,__Type.specifiedByURL,__Directive.isRepeatable");
    let server = server(
        "countries",
        &["--introspection-without", &without, "--record-requests"],
    );
    let dir = TempDir::new("fetch-schema-cli-spec-2018");
    let out = dir.path("countries.graphql");
    let output = fetch_ok(&server, &out);
    assert_eq!(
        stderr(&output).matches("note: ").count(),
        3,
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("with the introspection query for the June 2018 spec"));
    assert_eq!(server.recorded_requests().unwrap().len(), 4);
    assert_same_schema("countries", &out);
}

#[test]
fn the_bearer_token_and_headers_reach_the_server_and_stay_out_of_the_file() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::the_bearer_token_and_headers_reach_the_server_and_stay_out_of_the_file",
    )
    .is_none()
    {
        return;
    }
    let server = server(
        "countries",
        &[
            "--require-header",
            "Authorization: Bearer secret-token-1",
            "--require-header",
            "X-Api-Key: secret-key-2",
            "--record-requests",
        ],
    );
    let dir = TempDir::new("fetch-schema-cli-bearer");
    let out = dir.path("countries.graphql");
    let out_arg = out.display().to_string();

    let output = cli(&["--endpoint", server.url(), "--out", &out_arg], &[]);
    let err = assert_fails(&output, 1);
    assert!(
        err.starts_with(&format!(
            "error: {}: unauthorized (HTTP 401): missing or wrong header authorization\n  = hint: the server wants a token: pass --bearer TOKEN",
            server.url()
        )),
        "{err}"
    );
    assert!(!out.exists());

    let output = cli(
        &[
            "--endpoint",
            server.url(),
            "--bearer",
            "secret-token-1",
            "--header",
            "X-Api-Key: secret-key-2",
            "--out",
            &out_arg,
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let requests = server.recorded_requests().unwrap();
    let last = &requests.last().unwrap()["headers"];
    assert_eq!(last["authorization"], "Bearer secret-token-1");
    assert_eq!(last["x-api-key"], "secret-key-2");
    assert_same_schema("countries", &out);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!(
        "#   cargo gqlforge fetch-schema --endpoint {} --header 'X-Api-Key: <value>' --bearer '<token>' --out {out_arg}\n",
        server.url()
    )));
    assert!(!text.contains("secret-"));

    // A wrong token: the server's 401, with a hint about the token.
    let output = cli(
        &[
            "--endpoint",
            server.url(),
            "--bearer",
            "wrong",
            "--out",
            &out_arg,
        ],
        &[],
    );
    let err = assert_fails(&output, 1);
    assert!(err.contains("the server refused the token"), "{err}");
}

/// The OIDC provider, a server of the countries schema that records its requests, and a
/// folder for the SDL: what the client-credentials tests fetch with.
fn credentials_setup(name: &str) -> (OidcProvider, GraphqlServer, TempDir) {
    let provider = OidcProvider::start().unwrap_or_else(|e| panic!("{e}"));
    let server = server("countries", &["--record-requests"]);
    (provider, server, TempDir::new(name))
}

/// fetch-schema's arguments for `client`'s credentials, its secret in `GQLFORGE_TEST_SECRET`.
fn credentials_args<'a>(
    server: &'a GraphqlServer,
    client: OidcClient,
    token_url: &'a str,
    out: &'a str,
) -> Vec<&'a str> {
    vec![
        "--endpoint",
        server.url(),
        "--client-credentials",
        client.id,
        "--client-secret-env",
        "GQLFORGE_TEST_SECRET",
        "--token-url",
        token_url,
        "--out",
        out,
    ]
}

#[test]
fn client_credentials_get_a_token_from_the_provider_for_the_introspection() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::client_credentials_get_a_token_from_the_provider_for_the_introspection",
    )
    .is_none()
    {
        return;
    }
    let (provider, server, dir) = credentials_setup("fetch-schema-cli-client-credentials");
    let out = dir.path("countries.graphql");
    let out_arg = out.display().to_string();
    let token_url = provider.token_url();
    let mut args = credentials_args(&server, POST_CLIENT, &token_url, &out_arg);
    args.extend(["--scope", "GQL"]);
    let output = cli(&args, &[("GQLFORGE_TEST_SECRET", POST_CLIENT.secret)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_same_schema("countries", &out);
    assert_eq!(provider.requests("POST /token").unwrap(), 1);

    // The token the server got is one the provider issued to that client, with the scope.
    let introspection = assert_token_issued_to(&server, &provider, POST_CLIENT);
    assert_eq!(introspection["scope"], "GQL");

    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!(
        "--client-credentials '{}' --client-secret-env GQLFORGE_TEST_SECRET --token-url {token_url} --scope GQL",
        POST_CLIENT.id
    )));
    assert!(!text.contains(POST_CLIENT.secret));

    // A wrong secret: rejected once by the provider, reported with a hint.
    let output = cli(&args, &[("GQLFORGE_TEST_SECRET", "wrong")]);
    let err = assert_fails(&output, 1);
    assert!(
        err.starts_with(&format!("error: cannot get a token from {token_url}: ")),
        "{err}"
    );
    assert!(err.contains("the credentials were rejected"), "{err}");
    assert_eq!(provider.requests("POST /token").unwrap(), 2);

    // The secret's variable unset: a usage error, nothing sent.
    let output = cli(&args, &[]);
    let err = assert_fails(&output, 2);
    assert!(
        err.starts_with("error: the environment variable GQLFORGE_TEST_SECRET (--client-secret-env) is not set\n  = hint: export GQLFORGE_TEST_SECRET="),
        "{err}"
    );
    assert_eq!(provider.requests("POST /token").unwrap(), 2);
}

/// The server got one request, with a live token the provider issued to `client`; the
/// provider's introspection of it.
fn assert_token_issued_to(
    server: &GraphqlServer,
    provider: &OidcProvider,
    client: OidcClient,
) -> serde_json::Value {
    let requests = server.recorded_requests().unwrap();
    assert_eq!(requests.len(), 1);
    let authorization = requests[0]["headers"]["authorization"].as_str().unwrap();
    let token = authorization.strip_prefix("Bearer ").unwrap();
    let introspection = provider.introspect(token, client).unwrap();
    assert_eq!(introspection["active"], true, "{introspection}");
    assert_eq!(introspection["client_id"], client.id);
    introspection
}

/// A provider that takes the credentials only in a Basic header: refused in the form body (the
/// default) with a hint naming `--client-auth`, taken with `--client-auth basic`, which the
/// output's header repeats.
#[test]
fn client_auth_basic_sends_the_credentials_in_a_basic_header() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::client_auth_basic_sends_the_credentials_in_a_basic_header",
    )
    .is_none()
    {
        return;
    }
    let (provider, server, dir) = credentials_setup("fetch-schema-cli-client-auth-basic");
    let out = dir.path("countries.graphql");
    let out_arg = out.display().to_string();
    let token_url = provider.token_url();
    let mut args = credentials_args(&server, BASIC_CLIENT, &token_url, &out_arg);
    let secret = [("GQLFORGE_TEST_SECRET", BASIC_CLIENT.secret)];

    let output = cli(&args, &secret);
    let err = assert_fails(&output, 1);
    assert!(err.contains("the credentials were rejected"), "{err}");
    assert!(err.contains("(--client-auth body|basic)"), "{err}");
    assert_eq!(provider.requests("POST /token").unwrap(), 1);
    assert!(server.recorded_requests().unwrap().is_empty());
    assert!(!out.exists());

    args.extend(["--client-auth", "basic"]);
    let output = cli(&args, &secret);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_same_schema("countries", &out);
    assert_eq!(provider.requests("POST /token").unwrap(), 2);
    assert_token_issued_to(&server, &provider, BASIC_CLIENT);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(&format!(
            "--token-url {token_url} --client-auth basic --out"
        )),
        "{text}"
    );
    assert!(!text.contains(BASIC_CLIENT.secret));
}

#[test]
fn a_server_that_is_down_fails_with_exit_1_naming_the_url() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::a_server_that_is_down_fails_with_exit_1_naming_the_url",
    )
    .is_none()
    {
        return;
    }
    // A port that was just free: a server started and stopped.
    let url = server("countries", &[]).url().to_string();
    let dir = TempDir::new("fetch-schema-cli-down");
    let out = dir.path("schema.graphql");
    let output = cli(
        &["--endpoint", &url, "--out", &out.display().to_string()],
        &[],
    );
    let err = assert_fails(&output, 1);
    assert!(
        err.starts_with(&format!("error: cannot reach {url}: cannot connect")),
        "{err}"
    );
    assert!(
        err.ends_with(
            "\n  = hint: check --endpoint and that the server is running and reachable\n"
        ),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn refused_introspection_and_wrong_endpoints_fail_with_exit_1_and_a_hint() {
    if gqlforge_corpus::require(
        "fetch_schema_cli::refused_introspection_and_wrong_endpoints_fail_with_exit_1_and_a_hint",
    )
    .is_none()
    {
        return;
    }
    let dir = TempDir::new("fetch-schema-cli-refused");
    let out = dir.path("schema.graphql").display().to_string();

    let server_ = server("countries", &["--no-introspection"]);
    let output = cli(&["--endpoint", server_.url(), "--out", &out], &[]);
    let err = assert_fails(&output, 1);
    assert!(
        err.starts_with(&format!(
            "error: {} refuses introspection: GraphQL introspection has been disabled",
            server_.url()
        )),
        "{err}"
    );
    assert!(
        err.contains("  = hint: introspection is turned off"),
        "{err}"
    );

    // The server's other paths answer 404 in plain text.
    let wrong = server_.url().replace("/graphql", "/other");
    let output = cli(&["--endpoint", &wrong, "--out", &out], &[]);
    let err = assert_fails(&output, 1);
    assert!(
        err.starts_with(&format!(
            "error: {wrong} did not answer as a GraphQL server: not found (HTTP 404)"
        )),
        "{err}"
    );
    assert!(err.contains("(often ending in /graphql)"), "{err}");
    assert!(!dir.path("schema.graphql").exists());
}

#[test]
fn usage_errors_exit_2() {
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--header",
                "no-colon",
                "--out",
                "x",
            ],
            "invalid value 'no-colon' for '--header <K:V>': expected `Name: value`",
        ),
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--header",
                "Authorization: Bearer x",
                "--out",
                "x",
            ],
            "pass the token with --bearer TOKEN",
        ),
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--bearer",
                "t",
                "--client-credentials",
                "id",
                "--client-secret-env",
                "V",
                "--token-url",
                "http://127.0.0.1:9/token",
                "--out",
                "x",
            ],
            "cannot be used with",
        ),
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--client-credentials",
                "id",
                "--out",
                "x",
            ],
            "the following required arguments were not provided",
        ),
        (
            &["--endpoint", "http://api.example/graphql", "--out", "x"],
            "error: cannot configure the client: ",
        ),
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--client-auth",
                "basic",
                "--out",
                "x",
            ],
            "the following required arguments were not provided:\n  --client-secret-env <VAR>\n  --token-url <URL>\n  --client-credentials <ID>\n",
        ),
        (
            &[
                "--endpoint",
                "http://127.0.0.1:9/graphql",
                "--client-credentials",
                "id",
                "--client-secret-env",
                "V",
                "--token-url",
                "http://127.0.0.1:9/token",
                "--client-auth",
                "header",
                "--out",
                "x",
            ],
            "invalid value 'header' for '--client-auth <HOW>'",
        ),
    ];
    for (args, expected) in cases {
        let output = cli(args, &[]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
