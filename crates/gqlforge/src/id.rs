//! GraphQL's built-in `ID` scalar.

use serde::{Deserialize, Deserializer, Serialize};

/// An `ID`: serialized as a string (spec 3.5.5). Servers may send an integer for an `ID`;
/// it is read as its decimal text.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// The id `id`.
    pub fn new(id: impl Into<String>) -> Id {
        Id(id.into())
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Id;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an ID (a string or an integer)")
            }
            fn visit_str<E>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Id, E> {
                Ok(Id(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Id {
    fn from(id: String) -> Id {
        Id(id)
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Id {
        Id(id.to_owned())
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strings_and_integers_writes_strings() {
        assert_eq!(
            serde_json::from_str::<Id>(r#""MDQ6""#).unwrap(),
            Id::new("MDQ6")
        );
        assert_eq!(serde_json::from_str::<Id>("42").unwrap(), Id::new("42"));
        assert_eq!(serde_json::to_string(&Id::new("42")).unwrap(), r#""42""#);
        assert!(serde_json::from_str::<Id>("true").is_err());
    }
}
