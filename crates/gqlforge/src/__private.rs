//! Helpers for generated code only; not a public API (names and signatures may change).
//!
//! Generated response structs that only hold fields implement [`ReadObject`] (`read.rs`): a
//! compact `Deserialize` on shared helpers instead of serde's derive. Two kinds read
//! differently: a selection that spreads a named fragment (the fragment's struct and the selection's own fields read the same
//! JSON object, and may share keys), and a selection on an interface or union (the variant is
//! chosen by `__typename`, and the fallback variant keeps an unknown name). Their generated
//! impls buffer the object once as an [`Object`] and let each part read what it selects; on
//! the way out an [`ObjectWriter`] merges the parts back into one object.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use serde;

mod read;

pub use read::{read_object, Keys, ReadObject};

/// A JSON object read once, for the parts of a generated type to read from.
pub struct Object(Value);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object, D::Error> {
        Map::<String, Value>::deserialize(deserializer).map(|map| Object(Value::Object(map)))
    }
}

impl Object {
    fn get(&self, key: &str) -> Option<&Value> {
        match &self.0 {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The field `key`, which must be present.
    pub fn field<T: DeserializeOwned, E: serde::de::Error>(
        &self,
        key: &'static str,
    ) -> Result<T, E> {
        match self.get(key) {
            Some(value) => T::deserialize(value).map_err(|e| E::custom(format_args!("{key}: {e}"))),
            None => Err(E::missing_field(key)),
        }
    }

    /// The field `key` of a field under `@skip` / `@include`: `None` when left out.
    pub fn optional_field<T: DeserializeOwned, E: serde::de::Error>(
        &self,
        key: &'static str,
    ) -> Result<Option<T>, E> {
        self.get(key)
            .map(|value| T::deserialize(value).map_err(|e| E::custom(format_args!("{key}: {e}"))))
            .transpose()
    }

    /// A part reading the whole object: a fragment's struct, a type-dependent variant.
    pub fn flatten<T: DeserializeOwned, E: serde::de::Error>(&self) -> Result<T, E> {
        T::deserialize(&self.0).map_err(E::custom)
    }

    /// A fragment spread under `@skip` / `@include`: `None` when none of the keys it selects
    /// directly is there (or, for a fragment selecting no field directly, when it does not
    /// read).
    pub fn optional_flatten<T: DeserializeOwned>(&self, keys: &[&str]) -> Option<T> {
        if !keys.is_empty() && !keys.iter().any(|key| self.get(key).is_some()) {
            return None;
        }
        T::deserialize(&self.0).ok()
    }

    /// `__typename`, which generated queries select wherever the type depends on it.
    pub fn typename<E: serde::de::Error>(&self) -> Result<&str, E> {
        match self.get("__typename") {
            Some(Value::String(name)) => Ok(name),
            Some(_) => Err(E::custom("__typename: expected a string")),
            None => Err(E::missing_field("__typename")),
        }
    }
}

/// A JSON object assembled from the parts of a generated type.
#[derive(Default)]
pub struct ObjectWriter(Map<String, Value>);

impl ObjectWriter {
    pub fn new() -> ObjectWriter {
        ObjectWriter::default()
    }

    pub fn field<T: Serialize + ?Sized, E: serde::ser::Error>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), E> {
        let value = serde_json::to_value(value).map_err(E::custom)?;
        self.0.insert(key.to_owned(), value);
        Ok(())
    }

    /// A field under `@skip` / `@include`: left out when `None`.
    pub fn optional_field<T: Serialize, E: serde::ser::Error>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), E> {
        match value {
            Some(value) => self.field(key, value),
            None => Ok(()),
        }
    }

    /// Merges a part that serializes as an object (a fragment, a variant).
    pub fn flatten<T: Serialize + ?Sized, E: serde::ser::Error>(
        &mut self,
        part: &T,
    ) -> Result<(), E> {
        match serde_json::to_value(part).map_err(E::custom)? {
            Value::Object(map) => {
                self.0.extend(map);
                Ok(())
            }
            Value::Null => Ok(()),
            other => Err(E::custom(format_args!("expected an object, found {other}"))),
        }
    }

    pub fn typename(&mut self, name: &str) {
        self.0
            .insert("__typename".to_owned(), Value::String(name.to_owned()));
    }

    pub fn finish<S: Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// `deserialize_with` for a field under `@skip` / `@include` whose type is itself nullable
/// (`Option<Option<T>>`): a present `null` is `Some(None)`, an absent key (`#[serde(default)]`)
/// is `None`.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Reads a GraphQL enum value as a string, borrowed when the input allows.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from_str: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct Visitor<T>(fn(&str) -> T);
    impl<T> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an enum value (a string)")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(Visitor(from_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn object_parts_read_the_same_keys() {
        let object: Object =
            serde_json::from_value(json!({"id": "1", "__typename": "User"})).unwrap();
        let id: String = object.field::<_, serde_json::Error>("id").unwrap();
        let again: Map<String, Value> = object.flatten::<_, serde_json::Error>().unwrap();
        assert_eq!(id, "1");
        assert_eq!(again["id"], "1");
        assert_eq!(object.typename::<serde_json::Error>().unwrap(), "User");
        let missing = object
            .field::<String, serde_json::Error>("name")
            .unwrap_err();
        assert_eq!(missing.to_string(), "missing field `name`");
        let none: Option<String> = object
            .optional_field::<_, serde_json::Error>("name")
            .unwrap();
        assert_eq!(none, None);
        let wrong = object.field::<i32, serde_json::Error>("id").unwrap_err();
        assert!(wrong.to_string().starts_with("id: invalid type"), "{wrong}");
    }

    #[test]
    fn writer_merges_parts() {
        let mut writer = ObjectWriter::new();
        writer.field::<_, serde_json::Error>("id", "1").unwrap();
        writer
            .flatten::<_, serde_json::Error>(&json!({"id": "1", "name": "n"}))
            .unwrap();
        writer
            .optional_field::<i32, serde_json::Error>("skipped", &None)
            .unwrap();
        writer.typename("User");
        let value = writer.finish(serde_json::value::Serializer).unwrap();
        assert_eq!(value, json!({"id": "1", "name": "n", "__typename": "User"}));
        let mut writer = ObjectWriter::new();
        assert!(writer.flatten::<_, serde_json::Error>(&json!(3)).is_err());
    }
}
