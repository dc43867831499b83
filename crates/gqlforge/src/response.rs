//! A GraphQL response (spec 7.1): `data`, `errors`, `extensions`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A response as the server sends it: partial `data` and `errors` may come together.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>", serialize = "D: Serialize"))]
pub struct Response<D> {
    #[serde(default)]
    pub data: Option<D>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<GraphQLError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

/// One entry of a response's `errors` (spec 7.1.2).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct GraphQLError {
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<ErrorLocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<PathSegment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

impl GraphQLError {
    /// `extensions.code`, which many servers set (`UNAUTHENTICATED`, `BAD_USER_INPUT`, ...).
    pub fn code(&self) -> Option<&str> {
        self.extensions.as_ref()?.get("code")?.as_str()
    }
}

impl std::fmt::Display for GraphQLError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            f.write_str(" (at ")?;
            for (i, segment) in self.path.iter().enumerate() {
                match segment {
                    PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                    PathSegment::Key(key) => write!(f, ".{key}")?,
                    PathSegment::Index(index) => write!(f, "[{index}]")?,
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A line:column in the request's document, both 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct ErrorLocation {
    pub line: u32,
    pub column: u32,
}

/// One step of an error's `path`: a response key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    Key(String),
    Index(u64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_data_and_errors_are_both_kept() {
        let body = r#"{"data":{"a":1,"b":null},"errors":[{"message":"no b","path":["b",0,"c"],
            "locations":[{"line":1,"column":5}],"extensions":{"code":"FORBIDDEN"}}]}"#;
        let response: Response<Value> = serde_json::from_str(body).unwrap();
        assert_eq!(response.data, Some(serde_json::json!({"a": 1, "b": null})));
        let error = &response.errors[0];
        assert_eq!(error.code(), Some("FORBIDDEN"));
        assert_eq!(error.to_string(), "no b (at b[0].c)");
        assert_eq!(error.locations, vec![ErrorLocation { line: 1, column: 5 }]);
    }

    #[test]
    fn missing_data_and_errors_default() {
        let response: Response<Value> = serde_json::from_str("{}").unwrap();
        assert_eq!(response.data, None);
        assert!(response.errors.is_empty());
    }
}
