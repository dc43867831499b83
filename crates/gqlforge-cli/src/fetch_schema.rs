//! `cargo gqlforge fetch-schema`: a server's schema, fetched by introspection, written as SDL.
//!
//! The introspection query goes through `gqlforge::Client`, so it gets the runtime's
//! authentication (a bearer token or OAuth2 client credentials), limits, retries and error
//! mapping. A server that rejects fields of the newest query it does not know gets the next
//! older one (`gqlforge_codegen::schema::INTROSPECTION_QUERIES`). The result is loaded into a
//! `SchemaIndex` and printed by `print_schema` after a header naming the endpoint and the
//! command (with secrets left out, and no timestamp: the same schema gives the same bytes),
//! written atomically.
//!
//! Exit status: 0 written (or unchanged), 1 the fetch failed (unreachable server, HTTP or
//! GraphQL errors, introspection refused, an unreadable result), 2 usage, configuration or
//! I/O error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use gqlforge::auth::{ClientCredentials, CredentialPlacement};
use gqlforge::redact::shown_url;
use gqlforge::{Client, Error, GraphQLError, Operation, OperationKind, Response};
use gqlforge_codegen::schema::{
    load_introspection, needs_older_query, print_schema, INTROSPECTION_OPERATION_NAME,
    INTROSPECTION_QUERIES,
};
use serde_json::Value;

use gqlforge_build::driver::{shell_word, write_if_changed};
use gqlforge_build::Outcome;

use crate::Tool;

/// Why the command failed: the rendered error and the exit status.
struct Failure {
    code: u8,
    message: String,
}

/// The fetch failed: the server, the network or the token provider.
const FAILED: u8 = 1;
/// Usage, configuration or I/O.
const USAGE: u8 = 2;

/// How long one introspection request may take: results of big schemas run to megabytes.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The flags of `fetch-schema`.
#[derive(clap::Args)]
pub struct FetchSchemaArgs {
    /// The GraphQL endpoint (`https://`, or `http://` on a loopback address).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// A header sent with the introspection request, `Name: value` (repeatable). Its value
    /// is left out of the output's header.
    #[arg(long = "header", value_name = "K:V", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// A bearer token for the `Authorization` header.
    #[arg(long, value_name = "TOKEN", conflicts_with = "client_credentials")]
    bearer: Option<String>,
    /// OAuth2 client credentials: the client id (with `--client-secret-env`, `--token-url`
    /// and optionally `--scope`).
    #[arg(
        long,
        value_name = "ID",
        requires_all = ["client_secret_env", "token_url"]
    )]
    client_credentials: Option<String>,
    /// The environment variable holding the client secret (never on the command line).
    #[arg(long, value_name = "VAR", requires = "client_credentials")]
    client_secret_env: Option<String>,
    /// The OAuth2 token endpoint.
    #[arg(long, value_name = "URL", requires = "client_credentials")]
    token_url: Option<String>,
    /// The `scope` of the token request.
    #[arg(long, value_name = "S", requires = "client_credentials")]
    scope: Option<String>,
    /// How the client authenticates at the token endpoint: id and secret in the form body
    /// (`client_secret_post`) or in an HTTP Basic header (`client_secret_basic`).
    #[arg(
        long,
        value_enum,
        value_name = "HOW",
        default_value_t = ClientAuth::Body,
        requires = "client_credentials"
    )]
    client_auth: ClientAuth,
    /// Where the SDL goes (written atomically; left alone when unchanged).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

/// Where the client id and secret go in the token request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ClientAuth {
    /// In the form body (`client_secret_post`).
    Body,
    /// In an `Authorization: Basic` header (`client_secret_basic`).
    Basic,
}

/// `Name: value` → `(Name, value)`, both trimmed; the name an HTTP token, the value without
/// control characters, `Authorization` refused (it is `--bearer`'s).
fn parse_header(arg: &str) -> Result<(String, String), String> {
    let Some((name, value)) = arg.split_once(':') else {
        return Err(format!(
            "expected `Name: value`, got {arg:?} (no `:`); e.g. --header 'X-Api-Key: abc'"
        ));
    };
    let (name, value) = (name.trim(), value.trim());
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(is_token_char) {
        return Err(format!(
            "{name:?} is not a header name (letters, digits and !#$%&'*+-.^_`|~ only); \
             expected `Name: value`"
        ));
    }
    if name.eq_ignore_ascii_case("authorization") {
        return Err(
            "pass the token with --bearer TOKEN (or --client-credentials ...), \
                    not as an Authorization header"
                .to_string(),
        );
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!(
            "the value of header {name:?} holds a control character"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// The introspection query's variables: none.
#[derive(gqlforge::serde::Serialize)]
#[serde(crate = "gqlforge::serde")]
struct NoVariables {}

/// `INTROSPECTION_QUERIES[VERSION]` as an operation the client can run.
struct Introspection<const VERSION: usize>;

impl<const VERSION: usize> Operation for Introspection<VERSION> {
    const NAME: &'static str = INTROSPECTION_OPERATION_NAME;
    const OPERATION_NAME: Option<&'static str> = Some(INTROSPECTION_OPERATION_NAME);
    const KIND: OperationKind = OperationKind::Query;
    const QUERY: &'static str = INTROSPECTION_QUERIES[VERSION].query;
    type Variables = NoVariables;
    type Data = Value;
}

// `introspect` has one arm per version.
const _: () = assert!(INTROSPECTION_QUERIES.len() == 4);

/// Sends version `version` of the introspection query.
async fn introspect(client: &Client, version: usize) -> Result<Response<Value>, Error> {
    match version {
        0 => {
            client
                .execute_full::<Introspection<0>>(NoVariables {})
                .await
        }
        1 => {
            client
                .execute_full::<Introspection<1>>(NoVariables {})
                .await
        }
        2 => {
            client
                .execute_full::<Introspection<2>>(NoVariables {})
                .await
        }
        _ => {
            client
                .execute_full::<Introspection<3>>(NoVariables {})
                .await
        }
    }
}

/// Runs `fetch-schema`; `tool` names the command in the output's header.
pub fn run(args: FetchSchemaArgs, tool: &Tool) -> ExitCode {
    match fetch_and_write(&args, tool) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn fail(code: u8, message: String, hint: &str) -> Failure {
    Failure {
        code,
        message: format!("error: {message}\n  = hint: {hint}"),
    }
}

fn fetch_and_write(args: &FetchSchemaArgs, tool: &Tool) -> Result<(), Failure> {
    let endpoint = shown_url(&args.endpoint);
    let client = client(args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(USAGE, format!("cannot start tokio: {e}"), "report this"))?;
    let (data, version) = runtime.block_on(fetch(&client, args, &endpoint))?;

    let json = serde_json::json!({ "data": data }).to_string();
    let (schema, warnings) = load_introspection(&endpoint, &json).map_err(|e| {
        let message = e.to_string().replace('\n', " ");
        fail(
            FAILED,
            format!("the introspection result of {endpoint} cannot be read: {message}"),
            "the server answered the introspection query with something that is not a schema",
        )
    })?;
    for warning in &warnings {
        eprintln!("{warning}");
    }
    let text = format!("{}{}", header(args, tool, &endpoint), print_schema(&schema));
    let out = args.out.display();
    let types = schema.types().iter().filter(|t| !t.builtin).count();
    println!(
        "fetched {types} types from {endpoint} with the introspection query for {}",
        INTROSPECTION_QUERIES[version].name
    );
    let written = write_if_changed(&args.out, &text).map_err(|e| Failure {
        code: e.kind().exit_code(),
        message: e.to_string(),
    })?;
    match written {
        Outcome::Unchanged => println!("unchanged {out}"),
        _ => println!("written {out}"),
    }
    Ok(())
}

/// The client: the endpoint, the headers, and the token source the flags name.
fn client(args: &FetchSchemaArgs) -> Result<Client, Failure> {
    let mut builder = Client::builder(args.endpoint.as_str())
        .user_agent(concat!("gqlforge-fetch-schema/", env!("CARGO_PKG_VERSION")))
        .timeout(TIMEOUT);
    for (name, value) in &args.headers {
        builder = builder.header(name, value);
    }
    if let Some(token) = &args.bearer {
        builder = builder.bearer_token(token.clone());
    }
    if let (Some(id), Some(var), Some(token_url)) = (
        &args.client_credentials,
        &args.client_secret_env,
        &args.token_url,
    ) {
        let secret = std::env::var(var).map_err(|e| {
            let why = match e {
                std::env::VarError::NotPresent => "is not set",
                std::env::VarError::NotUnicode(_) => "is not valid UTF-8",
            };
            fail(
                USAGE,
                format!("the environment variable {var} (--client-secret-env) {why}"),
                &format!("export {var}=<the client secret>; the secret is never passed as a flag"),
            )
        })?;
        let mut credentials = ClientCredentials::new(token_url.as_str(), id.as_str(), secret);
        if let Some(scope) = &args.scope {
            credentials = credentials.scope(scope.as_str());
        }
        credentials = credentials.placement(match args.client_auth {
            ClientAuth::Body => CredentialPlacement::Body,
            ClientAuth::Basic => CredentialPlacement::BasicAuth,
        });
        builder = builder.token_source(credentials);
    }
    builder.build().map_err(|e| {
        fail(
            USAGE,
            format!("cannot configure the client: {e}"),
            "--endpoint and --token-url must be https:// URLs (http:// only on 127.0.0.1 or localhost)",
        )
    })
}

/// Runs the introspection query, newest version first, until the server accepts one; returns
/// its `data` and the version.
async fn fetch(
    client: &Client,
    args: &FetchSchemaArgs,
    endpoint: &str,
) -> Result<(Value, usize), Failure> {
    let mut version = 0;
    loop {
        let errors = match introspect(client, version).await {
            Ok(Response {
                data: Some(data),
                errors,
                ..
            }) if data.get("__schema").is_some_and(|s| !s.is_null()) => {
                for error in &errors {
                    eprintln!("warning: {endpoint} answered with data and an error: {error}");
                }
                return Ok((data, version));
            }
            Ok(response) => response.errors,
            Err(Error::GraphQL { errors, .. }) => errors,
            Err(Error::BadRequest(response)) if !response.errors.is_empty() => response.errors,
            Err(error) => return Err(transport_failure(error, args, endpoint)),
        };
        let messages = errors.iter().map(|e| e.message.as_str());
        let older = version + 1 < INTROSPECTION_QUERIES.len();
        if !(older && needs_older_query(version, messages)) {
            return Err(graphql_failure(&errors, endpoint, version));
        }
        eprintln!(
            "note: {endpoint} does not know part of the introspection query for {} ({}); \
             trying the one for {}",
            INTROSPECTION_QUERIES[version].name,
            summary(&errors),
            INTROSPECTION_QUERIES[version + 1].name
        );
        version += 1;
    }
}

/// The first error's message, and how many more there are.
fn summary(errors: &[GraphQLError]) -> String {
    match errors {
        [] => "no data and no errors".to_string(),
        [only] => only.message.clone(),
        [first, rest @ ..] => format!("{} (and {} more)", first.message, rest.len()),
    }
}

fn graphql_failure(errors: &[GraphQLError], endpoint: &str, version: usize) -> Failure {
    let message = summary(errors).replace('\n', " ");
    if message.to_ascii_lowercase().contains("introspection") {
        return fail(
            FAILED,
            format!("{endpoint} refuses introspection: {message}"),
            "introspection is turned off on this server (or for this token): ask its operators \
             for the SDL, or for an introspection result, which `cargo xtask codegen --schema` reads",
        );
    }
    let tried = if version > 0 {
        format!(" (after {} older versions of the query)", version)
    } else {
        String::new()
    };
    fail(
        FAILED,
        format!("{endpoint} rejected the introspection query{tried}: {message}"),
        "is --endpoint a GraphQL server, and may this token introspect it?",
    )
}

fn transport_failure(error: Error, args: &FetchSchemaArgs, endpoint: &str) -> Failure {
    let text = error.to_string().replace('\n', " ");
    match error {
        Error::Transport(transport) => fail(
            FAILED,
            format!("cannot reach {endpoint}: {}", transport.message()),
            "check --endpoint and that the server is running and reachable",
        ),
        Error::Timeout => fail(
            FAILED,
            format!("{endpoint} did not answer within {} s", TIMEOUT.as_secs()),
            "check --endpoint and that the server is running and reachable",
        ),
        Error::Unauthorized(_) => {
            let hint = if args.bearer.is_some() || args.client_credentials.is_some() {
                "the server refused the token: check it (or the client credentials) and its scope"
            } else {
                "the server wants a token: pass --bearer TOKEN, or --client-credentials ID \
                 --client-secret-env VAR --token-url URL [--scope S]"
            };
            fail(FAILED, format!("{endpoint}: {text}"), hint)
        }
        Error::Auth(auth) => fail(
            FAILED,
            format!(
                "cannot get a token from {}: {auth}",
                args.token_url
                    .as_deref()
                    .map_or("the token endpoint".into(), shown_url)
            ),
            "check --client-credentials, the secret in the variable --client-secret-env names, \
             --token-url and --scope; a provider may take the credentials only in the form body \
             or only in a Basic header (--client-auth body|basic)",
        ),
        Error::Decode { .. } | Error::NotFound(_) => fail(
            FAILED,
            format!("{endpoint} did not answer as a GraphQL server: {text}"),
            "is --endpoint the GraphQL endpoint itself (often ending in /graphql)?",
        ),
        Error::Server(_) | Error::RateLimited { .. } => fail(
            FAILED,
            format!("{endpoint}: {text}"),
            "the server failed or is busy after the client's retries; try again later",
        ),
        _ => fail(
            FAILED,
            format!("fetching the schema from {endpoint} failed: {text}"),
            "is --endpoint a GraphQL server, and may this token introspect it?",
        ),
    }
}

/// The SDL file's header: where it came from and the command that fetches it again, with
/// header values and the bearer token left out, and the endpoint as `shown_url` shows it
/// (no user name, password, query string or fragment: any may hold a key; a line says what
/// to add back). No timestamp: the output is deterministic.
fn header(args: &FetchSchemaArgs, tool: &Tool, endpoint: &str) -> String {
    let mut command = vec![
        format!("{} fetch-schema", tool.name),
        format!("--endpoint {}", shell_word(endpoint)),
    ];
    for (name, _) in &args.headers {
        command.push(format!(
            "--header {}",
            shell_word(&format!("{name}: <value>"))
        ));
    }
    if args.bearer.is_some() {
        command.push("--bearer '<token>'".to_string());
    }
    if let Some(id) = &args.client_credentials {
        command.push(format!("--client-credentials {}", shell_word(id)));
    }
    if let Some(var) = &args.client_secret_env {
        command.push(format!("--client-secret-env {}", shell_word(var)));
    }
    if let Some(url) = &args.token_url {
        command.push(format!("--token-url {}", shell_word(&shown_url(url))));
    }
    if let Some(scope) = &args.scope {
        command.push(format!("--scope {}", shell_word(scope)));
    }
    if args.client_auth == ClientAuth::Basic {
        command.push("--client-auth basic".to_string());
    }
    command.push(format!(
        "--out {}",
        shell_word(&args.out.display().to_string())
    ));
    let left_out = if holds_more_than_shown(&args.endpoint) {
        "#   (with the user name, password or query string of the endpoint, left out here)\n"
    } else {
        ""
    };
    format!(
        "# Fetched from {endpoint} by introspection. Do not edit: fetch it again with\n#   {}\n{left_out}\n",
        command.join(" ")
    )
}

/// Whether `url` has a user name, password, query string or fragment.
fn holds_more_than_shown(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    authority.contains('@') || rest.contains(['?', '#'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_name_colon_value() {
        assert_eq!(
            parse_header("X-Api-Key:  abc:def "),
            Ok(("X-Api-Key".into(), "abc:def".into()))
        );
        assert_eq!(parse_header("X-Empty:"), Ok(("X-Empty".into(), "".into())));
        assert!(parse_header("no colon").unwrap_err().contains("no `:`"));
        assert!(parse_header("bad name: x")
            .unwrap_err()
            .contains("is not a header name"));
        assert!(parse_header(": x")
            .unwrap_err()
            .contains("is not a header name"));
        assert!(parse_header("authorization: Bearer x")
            .unwrap_err()
            .contains("--bearer"));
        assert!(parse_header("X-A: a\u{7}b")
            .unwrap_err()
            .contains("control character"));
    }

    #[test]
    fn the_header_shows_the_endpoint_without_credentials_query_or_fragment() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            args: FetchSchemaArgs,
        }
        let cli = Cli::try_parse_from([
            "fetch-schema",
            "--endpoint",
            "https://user:pw@api.example/graphql?api_key=K3Y#frag",
            "--token-url",
            "https://id:s3cret@idp.example/token?x=1",
            "--client-credentials",
            "id",
            "--client-secret-env",
            "VAR",
            "--out",
            "schema.graphql",
        ])
        .unwrap();
        let endpoint = shown_url(&cli.args.endpoint);
        assert_eq!(endpoint, "https://api.example/graphql");
        let text = header(&cli.args, &Tool::cargo_gqlforge(), &endpoint);
        for secret in ["pw", "api_key", "K3Y", "frag", "s3cret", "x=1"] {
            assert!(!text.contains(secret), "{secret}: {text}");
        }
        assert!(text.starts_with("# Fetched from https://api.example/graphql by introspection."));
        assert!(
            text.contains("--token-url https://idp.example/token "),
            "{text}"
        );
        assert!(text.contains("left out here"), "{text}");
    }
}
