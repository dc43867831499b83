//! `cargo xtask loadtest`: the limits' load test for a while (20 s by default), with its report
//! shown: a per-second table of what the server saw (sent, most in flight, 429s), the share
//! of the budget used (a figure, against the benchmark's goal of 95%), and a one-line verdict
//! on what must always hold (most in any 1-s sliding window against the rate, most in flight
//! against the cap, every call accounted for).
//!
//! The test and its report live in `crates/gqlforge/tests/limits/loadtest.rs`, next to the
//! server whose records they read; this runs it and passes its output through.

use std::process::ExitCode;

/// The load test's name in the `limits` test binary.
const TEST: &str = "loadtest::load_test_64_tasks_stay_within_150_per_second_and_4_in_flight";

/// Runs the load test for `secs` seconds. Exit status: 0 PASS, 1 FAIL, 2 cargo did not run.
pub fn run(secs: u64) -> ExitCode {
    eprintln!("building and running the load test for {secs} s (64 tasks, 150/s, 4 in flight)");
    let status = crate::cargo()
        .env("GQLFORGE_LOADTEST_SECS", secs.to_string())
        .args(ARGS)
        .arg(TEST)
        .status();
    crate::exit_code(status)
}

/// `cargo test` arguments: only the load test (named next), quiet, its output shown.
const ARGS: [&str; 9] = [
    "test",
    "--quiet",
    "-p",
    "gqlforge",
    "--test",
    "limits",
    "--",
    "--nocapture",
    "--exact",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace_root;

    #[test]
    fn the_test_run_is_the_load_test_of_the_limits_binary() {
        let (module, name) = TEST.split_once("::").unwrap();
        let file = workspace_root().join(format!("crates/gqlforge/tests/limits/{module}.rs"));
        let source = std::fs::read_to_string(&file).unwrap();
        assert!(
            source.contains(&format!("async fn {name}()")),
            "{}",
            file.display()
        );
        let main =
            std::fs::read_to_string(workspace_root().join("crates/gqlforge/tests/limits/main.rs"))
                .unwrap();
        assert!(main.contains(&format!("mod {module};")));
    }
}
