//! A nullable input value that can also be left out.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a nullable input field or variable: left out, an explicit `null`, or a value.
///
/// GraphQL tells the two apart (spec 5.6.1 "input coercion"): a field that is left out takes its
/// default or is not touched, an explicit `null` clears it. Generated input structs skip
/// `Absent` fields when serializing:
///
/// ```
/// # use gqlforge::Nullable;
/// #[derive(serde::Serialize)]
/// struct Patch {
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     phone: Nullable<String>,
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     fax: Nullable<String>,
///     #[serde(skip_serializing_if = "Nullable::is_absent")]
///     email: Nullable<String>,
/// }
/// let patch = Patch { phone: String::from("+1 555").into(), fax: Nullable::Null, email: Nullable::Absent };
/// assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"phone":"+1 555","fax":null}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Left out of the request.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the value is left out (`skip_serializing_if` of generated input fields).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one (`Absent` and `Null` both give `None`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Nullable<T> {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Nullable<T> {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// `Absent` serializes as `null` too; skip it with `skip_serializing_if = "Nullable::is_absent"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => serializer.serialize_some(v),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A present field is `Null` or `Value`; use `#[serde(default)]` for `Absent`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nullable<T>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}
