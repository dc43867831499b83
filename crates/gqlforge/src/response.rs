//! A GraphQL response (spec 7.1): `data`, `errors`, `extensions`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A response as the server sends it: partial `data` and `errors` may come together.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>", serialize = "D: Serialize"))]
pub struct Response<D> {
    /// The operation's result: `None` when the server sent no `data` or `null` (a request
    /// error, or an error that reached the root); partial data when `errors` says what is
    /// missing.
    #[serde(default)]
    pub data: Option<D>,
    /// The errors raised while the request was validated or executed; empty on success.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<GraphQLError>,
    /// Whatever the server adds beside `data` (tracing, cost), untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

/// One entry of a response's `errors` (spec 7.1.2).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct GraphQLError {
    /// What went wrong, for a developer to read.
    pub message: String,
    /// Where in the document the error is (usually the field that failed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<ErrorLocation>,
    /// The response key of the field that failed, from the root (list entries by index).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<PathSegment>,
    /// Whatever the server adds: most put a `code` here (see [`GraphQLError::code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
    /// A `code` on the error object itself, where some servers (Cleverbridge, moving it to
    /// `extensions`) put it; a number is kept as its decimal text. See [`GraphQLError::code`].
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_code"
    )]
    pub code: Option<String>,
}

impl GraphQLError {
    /// The error's code (`UNAUTHENTICATED`, `BAD_USER_INPUT`, ...): `extensions.code`, else the
    /// `code` on the error object itself.
    pub fn code(&self) -> Option<&str> {
        let in_extensions = self.extensions.as_ref().and_then(|e| e.get("code"));
        match in_extensions {
            Some(Value::String(code)) => Some(code),
            _ => self.code.as_deref(),
        }
    }
}

/// A code as a string: strings and numbers are kept, anything else is dropped (never an error:
/// an odd `code` must not make the whole response unreadable).
fn lenient_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(code) => Some(code),
        Value::Number(code) => Some(code.to_string()),
        _ => None,
    })
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
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1.
    pub column: u32,
}

/// One step of an error's `path`: a response key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// A field's response key (its alias, or its name).
    Key(String),
    /// An index in a list.
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
    fn error_code_is_read_at_the_top_level_and_in_extensions() {
        let body = r#"{"errors":[
            {"message":"a","code":"NOT_FOUND"},
            {"message":"b","extensions":{"code":"FORBIDDEN"}},
            {"message":"c","code":"OLD","extensions":{"code":"NEW"}},
            {"message":"d","code":402},
            {"message":"e","code":{"odd":true}}]}"#;
        let response: Response<Value> = serde_json::from_str(body).unwrap();
        let codes: Vec<_> = response.errors.iter().map(GraphQLError::code).collect();
        assert_eq!(
            codes,
            [
                Some("NOT_FOUND"),
                Some("FORBIDDEN"),
                Some("NEW"),
                Some("402"),
                None
            ]
        );
    }

    #[test]
    fn missing_data_and_errors_default() {
        let response: Response<Value> = serde_json::from_str("{}").unwrap();
        assert_eq!(response.data, None);
        assert!(response.errors.is_empty());
    }
}
