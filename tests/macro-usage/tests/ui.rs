//! Compile errors of `gql!`: each `tests/ui/NAME.rs` fails to build with `NAME.stderr`.
//! `TRYBUILD=overwrite cargo test -p gqlforge-macro-usage --test ui` rewrites them.

#[test]
fn ui() {
    // trybuild builds each case in a crate of its own elsewhere: read the schema and the
    // `[package.metadata.gqlforge]` defaults from this crate's directory.
    std::env::set_var("GQLFORGE_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
