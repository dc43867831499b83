//! A response read off the wire → the operation's typed result or the [`Error`] it means,
//! without copies of the body.
//!
//! The common case (a `2xx` with `data` that fits and no `errors`) is decoded straight from
//! the body into the operation's types ([`decoded_directly`]). Everything else is read once
//! as an [`Envelope`]: `data`, `errors` and `extensions` as slices of the body
//! (`serde_json::value::RawValue`), never a `Value` tree of the whole body; `errors` is then
//! parsed (small), `data` decoded from its slice into the operation's types, and only partial
//! data that does not fit them becomes a `Value` (for [`Error::GraphQL`]). Excerpts read only
//! the start of the body.

use std::fmt;
use std::time::Duration;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::ErrorResponse;
use crate::redact::Secrets;
use crate::{Error, GraphQLError, Operation, Response};

/// A response as read off the wire, before it is interpreted.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
}

/// The top level of a JSON body, its members left as slices of the body.
#[derive(Default)]
struct Envelope<'a> {
    /// Whether the body is a JSON object at all.
    object: bool,
    data: Option<&'a RawValue>,
    errors: Option<&'a RawValue>,
    extensions: Option<&'a RawValue>,
}

impl<'de> Deserialize<'de> for Envelope<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;

        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<'de>, A::Error> {
                let mut envelope = Envelope {
                    object: true,
                    ..Envelope::default()
                };
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "data" => &mut envelope.data,
                        "errors" => &mut envelope.errors,
                        "extensions" => &mut envelope.extensions,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value::<&'de RawValue>()?);
                }
                Ok(envelope)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Envelope<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Envelope::default())
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }

            fn visit_unit<E: de::Error>(self) -> Result<Envelope<'de>, E> {
                Ok(Envelope::default())
            }
        }

        deserializer.deserialize_any(EnvelopeVisitor)
    }
}

/// A GraphQL response body, its `data` still a slice of the body.
struct Parts<'a> {
    /// `None` when missing or `null`.
    data: Option<&'a RawValue>,
    /// Redacted.
    errors: Vec<GraphQLError>,
    extensions: Option<Map<String, Value>>,
}

fn is_null(raw: &RawValue) -> bool {
    raw.get().trim() == "null"
}

impl<'a> Envelope<'a> {
    /// `None` unless the body is an object with `data` or `errors`.
    fn parts(&self) -> Option<Result<Parts<'a>, serde_json::Error>> {
        if !self.object || (self.data.is_none() && self.errors.is_none()) {
            return None;
        }
        let errors = match self.errors {
            Some(raw) if !is_null(raw) => match serde_json::from_str(raw.get()) {
                Ok(errors) => errors,
                Err(e) => return Some(Err(e)),
            },
            _ => Vec::new(),
        };
        let extensions = match self.extensions {
            Some(raw) => match serde_json::from_str(raw.get()) {
                Ok(extensions) => extensions,
                Err(e) => return Some(Err(e)),
            },
            None => None,
        };
        Some(Ok(Parts {
            data: self.data.filter(|raw| !is_null(raw)),
            errors,
            extensions,
        }))
    }
}

/// The response's status and body as [`Parts`], or the [`Error`] they mean.
fn interpret<'a>(raw: &'a RawResponse, secrets: &Secrets<'_>) -> Result<Parts<'a>, Error> {
    let status = raw.status;
    let envelope = serde_json::from_slice::<Envelope<'_>>(&raw.body);
    let parts = match &envelope {
        Ok(envelope) => envelope.parts(),
        Err(_) => None,
    };
    if (200..300).contains(&status) {
        let decode = |message: String| Error::Decode {
            status,
            message: secrets.redacted(&message),
            excerpt: secrets.excerpt(&raw.body),
        };
        return match (envelope, parts) {
            (_, Some(Ok(mut parts))) => {
                redact_errors(&mut parts.errors, secrets);
                Ok(parts)
            }
            (_, Some(Err(e))) => Err(decode(format!("not a GraphQL response: {e}"))),
            (Ok(_), None) => Err(decode(
                "the JSON has neither `data` nor `errors`".to_string(),
            )),
            (Err(_), None) if raw.body.iter().all(u8::is_ascii_whitespace) => {
                Err(decode("empty body".to_string()))
            }
            (Err(e), None) => Err(decode(format!("not JSON: {e}"))),
        };
    }
    if status == 429 {
        return Err(Error::RateLimited {
            retry_after: raw.retry_after,
        });
    }
    let mut errors = parts
        .and_then(Result::ok)
        .map(|parts| parts.errors)
        .unwrap_or_default();
    redact_errors(&mut errors, secrets);
    let response = ErrorResponse {
        status,
        errors,
        excerpt: secrets.excerpt(&raw.body),
    };
    Err(match status {
        400 => Error::BadRequest(response),
        401 => Error::Unauthorized(response),
        402 => Error::InvalidParameters(response),
        404 => Error::NotFound(response),
        500..=599 => Error::Server(response),
        _ => Error::UnexpectedStatus(response),
    })
}

fn redact_text(text: &mut String, secrets: &Secrets<'_>) {
    if let std::borrow::Cow::Owned(redacted) = secrets.redact(text) {
        *text = redacted;
    }
}

/// Every secret redacted from the strings of `value` (not from its keys).
fn redact_value(value: &mut Value, secrets: &Secrets<'_>) {
    match value {
        Value::String(text) => redact_text(text, secrets),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, secrets)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_value(v, secrets)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Every secret redacted from the errors' messages, codes and string extensions.
fn redact_errors(errors: &mut [GraphQLError], secrets: &Secrets<'_>) {
    if secrets.is_empty() {
        return;
    }
    for error in errors {
        redact_text(&mut error.message, secrets);
        if let Some(code) = &mut error.code {
            redact_text(code, secrets);
        }
        if let Some(extensions) = &mut error.extensions {
            extensions
                .values_mut()
                .for_each(|v| redact_value(v, secrets));
        }
    }
}

/// The typed response read straight from the body, in the common case: a `2xx` whose body
/// is a GraphQL response with `data` that fits the operation's type and no `errors`. `None`
/// for everything else, which [`interpret`] reads as an [`Envelope`] first, to word each
/// case (partial data kept, the excerpt of a body that is not GraphQL, the error's status).
fn decoded_directly<Op: Operation>(raw: &RawResponse) -> Option<Response<Op::Data>> {
    if !(200..300).contains(&raw.status) {
        return None;
    }
    match serde_json::from_slice::<Response<Op::Data>>(&raw.body) {
        Ok(response) if response.data.is_some() && response.errors.is_empty() => Some(response),
        _ => None,
    }
}

/// `data` when there are no errors; else [`Error::GraphQL`] with the partial data.
pub(crate) fn data_or_error<Op: Operation>(
    raw: RawResponse,
    secrets: &Secrets<'_>,
) -> Result<Op::Data, Error> {
    match decoded_directly::<Op>(&raw).and_then(|r| r.data) {
        Some(data) => Ok(data),
        None => data_from_parts::<Op>(interpret(&raw, secrets)?, raw.status, secrets),
    }
}

/// [`data_or_error`] of a response read as [`Parts`].
fn data_from_parts<Op: Operation>(
    parts: Parts<'_>,
    status: u16,
    secrets: &Secrets<'_>,
) -> Result<Op::Data, Error> {
    if !parts.errors.is_empty() {
        return Err(Error::GraphQL {
            errors: parts.errors,
            data: parts.data.and_then(|data| value_of(data, secrets)),
        });
    }
    let Some(data) = parts.data else {
        return Err(Error::Decode {
            status,
            message: "the response has neither data nor errors".to_string(),
            excerpt: Default::default(),
        });
    };
    decode_data::<Op>(data, status, secrets)
}

/// `data` (partial, beside errors) as a `Value` for [`Error::GraphQL`], every secret
/// redacted from its strings (an error never holds one).
fn value_of(raw: &RawValue, secrets: &Secrets<'_>) -> Option<Value> {
    let mut value = serde_json::from_str(raw.get()).ok()?;
    redact_value(&mut value, secrets);
    Some(value)
}

fn decode_data<Op: Operation>(
    data: &RawValue,
    status: u16,
    secrets: &Secrets<'_>,
) -> Result<Op::Data, Error> {
    serde_json::from_str::<Op::Data>(data.get()).map_err(|e| Error::Decode {
        status,
        message: secrets.redacted(&format!(
            "`data` does not match operation {}: {e}",
            Op::NAME
        )),
        excerpt: secrets.excerpt(data.get().as_bytes()),
    })
}

/// The response with `data` typed. When partial data does not fit the type (a server that
/// broke nullability beside its errors), the errors and raw data come back as
/// [`Error::GraphQL`] rather than being lost.
pub(crate) fn typed_response<Op: Operation>(
    raw: RawResponse,
    secrets: &Secrets<'_>,
) -> Result<Response<Op::Data>, Error> {
    match decoded_directly::<Op>(&raw) {
        Some(response) => Ok(response),
        None => typed_from_parts::<Op>(interpret(&raw, secrets)?, raw.status, secrets),
    }
}

/// [`typed_response`] of a response read as [`Parts`].
fn typed_from_parts<Op: Operation>(
    parts: Parts<'_>,
    status: u16,
    secrets: &Secrets<'_>,
) -> Result<Response<Op::Data>, Error> {
    let Parts {
        data,
        errors,
        extensions,
    } = parts;
    let data = match data {
        None => None,
        Some(data) if errors.is_empty() => Some(decode_data::<Op>(data, status, secrets)?),
        Some(data) => match serde_json::from_str::<Op::Data>(data.get()) {
            Ok(typed) => Some(typed),
            Err(_) => {
                return Err(Error::GraphQL {
                    errors,
                    data: value_of(data, secrets),
                })
            }
        },
    };
    Ok(Response {
        data,
        errors,
        extensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct ViewerData {
        viewer: Login,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Login {
        login: String,
    }

    struct Viewer;

    impl Operation for Viewer {
        const NAME: &'static str = "Viewer";
        const OPERATION_NAME: Option<&'static str> = Some("Viewer");
        const KIND: crate::OperationKind = crate::OperationKind::Query;
        const QUERY: &'static str = "query Viewer { viewer { login } }";
        type Variables = ();
        type Data = ViewerData;
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    /// The direct decoding of the common case gives what reading the body through its
    /// envelope gives, and leaves every other case to that reading.
    #[test]
    fn responses_decoded_directly_are_those_read_through_the_envelope() {
        let none = Secrets::new();
        let direct = [
            r#"{"data":{"viewer":{"login":"ada"}}}"#,
            r#"{"data":{"viewer":{"login":"ada"}},"errors":[]}"#,
            r#"{"data":{"viewer":{"login":"ada","extra":1}},"extensions":{"cost":3}}"#,
            " {\"extensions\":{},\"data\":{\"viewer\":{\"login\":\"\\u00e9\"}}}\n",
        ];
        let through_envelope = [
            r#"{"data":{"viewer":{"login":"ada"}},"errors":[{"message":"partial"}]}"#,
            r#"{"data":null,"errors":[{"message":"no"}]}"#,
            r#"{"data":null}"#,
            r#"{"data":{"viewer":{"login":7}}}"#,
            r#"{"data":{"viewer":{"login":"ada"}},"errors":null}"#,
            r#"{"data":{"viewer":{"login":"ada"}}} trailing"#,
            r#"{}"#,
            "",
            "<html>",
        ];
        for body in direct {
            let response = raw(200, body);
            let direct = decoded_directly::<Viewer>(&response);
            let parts = || interpret(&response, &none).unwrap();
            let via_envelope = typed_from_parts::<Viewer>(parts(), 200, &none).unwrap();
            assert_eq!(direct, Some(via_envelope), "{body}");
            assert_eq!(
                data_from_parts::<Viewer>(parts(), 200, &none).unwrap(),
                data_or_error::<Viewer>(raw(200, body), &none).unwrap(),
                "{body}"
            );
        }
        for body in through_envelope {
            for status in [200, 201, 400, 500] {
                assert!(
                    decoded_directly::<Viewer>(&raw(status, body)).is_none(),
                    "{body}"
                );
            }
        }
        assert!(matches!(
            data_or_error::<Viewer>(raw(500, direct[0]), &none),
            Err(Error::Server(_))
        ));
        assert!(matches!(
            data_or_error::<Viewer>(raw(200, through_envelope[0]), &none),
            Err(Error::GraphQL { data: Some(_), .. })
        ));
        assert!(matches!(
            data_or_error::<Viewer>(raw(200, through_envelope[3]), &none),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            typed_response::<Viewer>(raw(200, through_envelope[2]), &none),
            Ok(Response { data: None, .. })
        ));
    }

    /// Server garbage of every kind is a typed error with a message saying what it is.
    #[test]
    fn bodies_that_are_not_graphql_responses_say_what_they_are() {
        let none = Secrets::new();
        let message = |body: &str| match data_or_error::<Viewer>(raw(200, body), &none) {
            Err(Error::Decode { message, .. }) => message,
            other => panic!("{body}: {other:?}"),
        };
        assert_eq!(message("  \n"), "empty body");
        assert!(message("<html>").starts_with("not JSON: expected value"));
        assert!(message(r#"{"data":{"viewer":"#).starts_with("not JSON: EOF while parsing"));
        assert_eq!(
            message("[1, 2]"),
            "the JSON has neither `data` nor `errors`"
        );
        assert_eq!(
            message("\"text\""),
            "the JSON has neither `data` nor `errors`"
        );
        assert_eq!(
            message(r#"{"other":1}"#),
            "the JSON has neither `data` nor `errors`"
        );
        assert!(message(r#"{"errors":{}}"#).starts_with("not a GraphQL response: invalid type"));
        assert!(message(r#"{"data":{"viewer":{"login":7}}}"#)
            .starts_with("`data` does not match operation Viewer: invalid type: integer `7`"));
    }

    /// Secrets echoed anywhere in a body (messages, extensions, a `data` that does not fit,
    /// the excerpt) are redacted in the error, in whichever encoding they came back.
    #[test]
    fn echoed_secrets_are_redacted_from_decoded_errors() {
        let mut secrets = Secrets::new();
        secrets.add("s3cr/et+KEY=");
        let body = r#"{"errors":[{"message":"bad s3cr\/et+KEY=","extensions":{"k":["s3cr%2Fet%2BKEY%3D"]}}],"data":{"viewer":{"login":"s3cr\/et\u002bKEY="}}}"#;
        let error = data_or_error::<Viewer>(raw(200, body), &secrets).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(!text.contains("s3cr"), "{text}");
        let body = r#"{"data":{"viewer":{"login":["s3cr\/et+KEY="]}}}"#;
        let error = data_or_error::<Viewer>(raw(200, body), &secrets).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(!text.contains("s3cr"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}
