//! `crates/redflagalert/examples/redflagalert.rs` run as a user runs it (`cargo run -p
//! redflagalert --example redflagalert`), against `tests/servers/api-server.mjs` serving Red
//! Flag Alert's schema with its own `signIn`: its output and exit status, and the exit status
//! and hint when the environment is incomplete.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use std::path::Path;
use std::process::{Command, Output};

use gqlforge_tests::api_server::{ApiServer, Budget};
use gqlforge_tests::sign_in_server::{PASSWORD, USER_NAME};

/// `cargo run` of the example with only the `REDFLAGALERT_*` variables in `vars`.
fn run_example(vars: &[(&str, &str)]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args([
            "run",
            "--quiet",
            "-p",
            "redflagalert",
            "--example",
            "redflagalert",
        ]);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("REDFLAGALERT_") {
            command.env_remove(name);
        }
    }
    command.envs(vars.iter().copied());
    command.output().expect("cargo runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_example_signs_in_and_reads_the_account_and_auditors() {
    // Built before the server starts, so that the server runs only as long as the example.
    let build = run_example(&[]);
    assert_eq!(build.status.code(), Some(2), "{}", text(&build.stderr));

    let server =
        ApiServer::redflagalert(3600, Budget::CLEVERBRIDGE).unwrap_or_else(|e| panic!("{e}"));
    let output = run_example(&[
        ("REDFLAGALERT_ENDPOINT", server.url()),
        ("REDFLAGALERT_USER", USER_NAME),
        ("REDFLAGALERT_PASSWORD", PASSWORD),
        ("REDFLAGALERT_AUDITOR_PAGES", "2"),
        ("REDFLAGALERT_PAGE_SIZE", "3"),
    ]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}\nserver:\n{}",
        server.stderr()
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("Red Flag Alert at {}", server.url()),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Account: ") && l.ends_with(" credits left")),
        "{stdout}"
    );
    assert!(lines.contains(&"Auditors, 3 per page"), "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  page 1 of ") && l.ends_with(" auditors in all:")),
        "{stdout}"
    );
    assert_eq!(stderr, "");

    let counts = server.counts().unwrap_or_else(|e| panic!("{e}"));
    // One sign-in, then the account and one or two pages of auditors, none refused.
    assert_eq!(counts.sign_in, 1, "{counts:?}");
    assert_eq!(counts.sign_in_refresh, 0, "{counts:?}");
    assert_eq!(counts.status(401), 0, "{counts:?}");
    let answered = counts.status(200);
    assert!((3..=4).contains(&answered), "{counts:?}");
}

#[test]
fn a_missing_variable_exits_2_with_a_hint() {
    let output = run_example(&[("REDFLAGALERT_ENDPOINT", "http://127.0.0.1:1/graphql")]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "error: no credentials: REDFLAGALERT_USER and REDFLAGALERT_PASSWORD are not set\n  \
         hint: set them to the account's user name and password, or set REDFLAGALERT_TOKEN to \
         an access token obtained elsewhere\n"
    );

    let output = run_example(&[("REDFLAGALERT_USER", USER_NAME)]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "error: REDFLAGALERT_PASSWORD is not set (REDFLAGALERT_USER is)\n"
    );
}
