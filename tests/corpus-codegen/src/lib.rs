//! The corpus's operations as generated code (see `build.rs`; the corpus modules are empty when
//! it was built without the corpus), and a registry for tests.
#![forbid(unsafe_code)]

pub mod countries {
    include!(concat!(env!("OUT_DIR"), "/countries.rs"));
}
pub mod github {
    include!(concat!(env!("OUT_DIR"), "/github.rs"));
}
pub mod swapi {
    include!(concat!(env!("OUT_DIR"), "/swapi.rs"));
}
/// `crates/gqlforge-codegen/tests/constructs`: every construct the generator handles.
pub mod constructs {
    include!(concat!(env!("OUT_DIR"), "/constructs.rs"));
}

/// One generated operation.
pub struct Case {
    pub api: &'static str,
    /// The operation file's path.
    pub file: &'static str,
    pub operation_name: Option<&'static str>,
    /// The generated `QUERY`.
    pub query: &'static str,
    /// Deserializes a `data` object with the generated types and serializes it back.
    pub round_trip: fn(&serde_json::Value) -> Result<serde_json::Value, String>,
    /// Reads variables into the generated `Variables` and writes them back.
    pub variables: fn(&serde_json::Value) -> Result<serde_json::Value, String>,
}

fn round_trip<O: gqlforge::Operation>(data: &serde_json::Value) -> Result<serde_json::Value, String>
where
    O::Data: serde::Serialize,
{
    let typed: O::Data = serde_json::from_value(data.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

fn variables<O: gqlforge::Operation>(
    variables: &serde_json::Value,
) -> Result<serde_json::Value, String>
where
    O::Variables: serde::de::DeserializeOwned,
{
    let typed: O::Variables =
        serde_json::from_value(variables.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(O::request(typed).variables).map_err(|e| e.to_string())
}

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// The committed output of `cargo xtask codegen` for `schema/gqlforge.toml`'s example API
/// (the shipped APIs' outputs are the `cleverbridge` and `redflagalert` crates).
pub mod committed {
    pub mod countries {
        include!("../../generated/countries.rs");
    }
}
