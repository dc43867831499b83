//! The validation rules' cases as data: `tests/rules/<Rule>.toml`, one file per rule, each
//! case a GraphQL document, the schema it is validated against and the rule's errors.
//! Read by this crate's `rule_cases` test (gqlforge's validator) and by the workspace's
//! oracle test (graphql-js), which includes this file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The schema a case names when it names none: graphql-js's validation test schema.
pub const DEFAULT_SCHEMA: &str = "test-schema.graphql";

/// One rule's cases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCases {
    /// The file's name (not read from the file).
    #[serde(skip)]
    pub file: String,
    /// The rule, named as graphql-js names it (`KnownArgumentNamesRule`).
    pub rule: String,
    /// Schemas the cases may name, as SDL.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
    #[serde(rename = "case")]
    pub cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    /// A key of [`RuleCases::schemas`]; none: [`DEFAULT_SCHEMA`].
    pub schema: Option<String>,
    pub document: String,
    pub errors: Vec<ExpectedError>,
    /// graphql-js 17's errors, for the few cases where gqlforge follows the spec instead
    /// (the comment above the case says why); none: graphql-js reports `errors`.
    pub graphql_js: Option<Vec<ExpectedError>>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    pub message: String,
    /// `[line, column]`, 1-based.
    pub locations: Vec<[usize; 2]>,
}

impl RuleCases {
    /// The SDL of the schema `case` is validated against.
    pub fn schema_of<'a>(&'a self, case: &Case, default: &'a str) -> Result<&'a str, String> {
        match &case.schema {
            None => Ok(default),
            Some(name) => self.schemas.get(name).map(String::as_str).ok_or_else(|| {
                format!(
                    "{}: case {:?} names the schema {name:?}, which [schemas] does not define",
                    self.file, case.name
                )
            }),
        }
    }
}

/// Every rule's cases in `dir` (`crates/gqlforge-codegen/tests/rules`), sorted by file
/// name, and the default schema's SDL. A file that does not parse, names a rule other than
/// its own name, or repeats a case name is an error.
pub fn load(dir: &Path) -> Result<(Vec<RuleCases>, String), String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let default = read(&dir.join(DEFAULT_SCHEMA))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for path in paths {
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut cases: RuleCases =
            toml::from_str(&read(&path)?).map_err(|e| format!("{file}: {e}"))?;
        cases.file = file;
        if cases.file != format!("{}.toml", cases.rule) {
            return Err(format!("{}: holds the cases of {}", cases.file, cases.rule));
        }
        let mut names = std::collections::BTreeSet::new();
        for case in &cases.cases {
            if !names.insert(&case.name) {
                return Err(format!("{}: two cases named {:?}", cases.file, case.name));
            }
            cases.schema_of(case, "")?;
        }
        all.push(cases);
    }
    Ok((all, default))
}
