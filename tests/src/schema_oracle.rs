//! graphql-js as the oracle of schema validity: `node tests/oracle/check-schemas.mjs
//! ORACLE_DIR` reads schemas (SDL or introspection JSON, one JSON object a line on stdin) and
//! answers each with every error graphql-js 17 finds in it: syntax, the SDL rules
//! `buildSchema` runs, what `buildClientSchema` refuses, and `validateSchema` (see the
//! script's header). One process serves a whole batch.
//!
//! The graphql-js it uses is the installed operation oracle's ([`Oracle`]), so a test asks
//! [`SchemaOracle::require`] for it, which skips the test exactly when [`Oracle::require`]
//! does.

use std::path::{Path, PathBuf};
use std::process::Command;

pub use crate::oracle::Location;
use crate::oracle::{Oracle, OracleFailure, PendingBatch};

/// One error graphql-js reports for a schema.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SchemaOracleError {
    /// What kind of error: the SDL rule's name (`KnownTypeNamesRule`), `Schema.KIND` for
    /// `validateSchema`'s messages (kinds named in the script), `SyntaxError`, `JSON`,
    /// `buildClientSchema` or `buildASTSchema` for what the builders throw.
    pub rule: String,
    pub message: String,
    pub locations: Vec<Location>,
    /// For a field, input field or enum value defined twice: whether both definitions are
    /// the same, descriptions aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identical: Option<bool>,
}

/// A schema to check: its file name (`.json` → introspection, else SDL) and text.
#[derive(Clone, Debug)]
pub struct SchemaCase {
    pub name: String,
    pub text: String,
}

/// The schema oracle: `check-schemas.mjs` run on the installed graphql-js.
#[derive(Clone, Debug)]
pub struct SchemaOracle {
    oracle: Oracle,
}

impl SchemaOracle {
    /// The script, in this repository.
    pub fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("oracle/check-schemas.mjs")
    }

    /// The oracle for the test `test`, or `None` when it must be skipped; see
    /// [`Oracle::require`] (skipped only when the corpus it is installed from is missing,
    /// and never under CI).
    pub fn require(test: &str) -> Option<SchemaOracle> {
        Oracle::require(test).map(|oracle| SchemaOracle { oracle })
    }

    /// Starts checking `cases`; the answers come with [`PendingBatch::wait`].
    pub fn spawn_batch(
        &self,
        cases: &[SchemaCase],
    ) -> Result<PendingBatch<SchemaOracleError>, OracleFailure> {
        let mut command = Command::new("node");
        command.arg(Self::script()).arg(self.oracle.dir());
        let requests = cases
            .iter()
            .enumerate()
            .map(|(id, case)| serde_json::json!({ "id": id, "name": case.name, "text": case.text }))
            .collect();
        PendingBatch::start(command, requests)
    }

    /// graphql-js's errors for each of `cases`, in order; none means valid.
    pub fn check(
        &self,
        cases: &[SchemaCase],
    ) -> Result<Vec<Vec<SchemaOracleError>>, OracleFailure> {
        self.spawn_batch(cases)?.wait()
    }
}
