//! What generated `Deserialize` impls of response structs are made of.
//!
//! serde's derive writes, per struct, an enum of its fields with a `Deserialize` impl of its
//! own, a visitor reading both a map and a sequence, and the error plumbing; rustc expands,
//! checks and compiles all of it for every type. A generated struct instead implements
//! [`ReadObject`]: one loop over the keys of a map, each read as the index of one of the
//! struct's fields by [`Keys`], which is generic only over the map (monomorphized once per
//! deserializer, not per type). Unknown keys are skipped, a missing nullable field is `None`,
//! a missing required field or a duplicate key is serde's error (`missing field `x``,
//! `duplicate field `x``), and an object of the wrong type reads `expected struct Name`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A response struct read from a map's keys and values.
pub trait ReadObject<'de>: Sized {
    /// Reads the struct from `map` (every key, in the order the map holds them).
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T` read from a JSON object; `name` is the struct's name, for the error when the value is
/// no object (`invalid type: null, expected struct Name`).
pub fn read_object<'de, D: Deserializer<'de>, T: ReadObject<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(name, PhantomData))
}

struct ObjectVisitor<T>(&'static str, PhantomData<T>);

impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// The keys of one object being read: each known key as the index of its field in `names`,
/// the values of unknown keys skipped.
pub struct Keys {
    names: &'static [&'static str],
    /// The index of the key read last.
    current: usize,
}

impl Keys {
    /// The keys of a struct whose fields have the keys `names`, in order.
    pub fn new(names: &'static [&'static str]) -> Keys {
        Keys { names, current: 0 }
    }

    /// The index of the next known key, skipping unknown keys and their values; `None` at
    /// the end of the map. The caller then reads its value ([`Keys::value`]).
    #[inline]
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<usize>, A::Error> {
        loop {
            match map.next_key_seed(KeyIndex(self.names))? {
                None => return Ok(None),
                Some(index) if index < self.names.len() => {
                    self.current = index;
                    return Ok(Some(index));
                }
                Some(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// The value of the key [`Keys::next`] returned, into `slot` (a duplicate key is an
    /// error, as with serde's derive).
    #[inline]
    pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &self,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(self.names[self.current]));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// The value of the required field `index`: `missing field `key`` when it was not there.
    #[inline]
    pub fn required<T, E: Error>(&self, slot: Option<T>, index: usize) -> Result<T, E> {
        match slot {
            Some(value) => Ok(value),
            None => Err(E::missing_field(self.names[index])),
        }
    }
}

/// A key read as the index of one of the names (their count when it is none of them).
struct KeyIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: Error>(self, key: &str) -> Result<usize, E> {
        Ok(index(self.0, key.as_bytes()))
    }

    #[inline]
    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(index(self.0, key))
    }
}

/// The index of `key` in `names` (their count when it is none of them). Lengths first: most
/// names differ in length, and the bytes are compared only for those that do not.
#[inline]
fn index(names: &[&str], key: &[u8]) -> usize {
    for (i, name) in names.iter().enumerate() {
        if name.len() == key.len() && name.as_bytes() == key {
            return i;
        }
    }
    names.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the code generator writes for `{ id name: login email @include(if: $e) }` with
    /// `id: ID!`, `login: String`, `email: String`.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        name: Option<String>,
        email: Option<Option<String>>,
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read_object(deserializer, "User")
        }
    }

    impl<'de> ReadObject<'de> for User {
        fn read<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            const FIELDS: &[&str] = &["id", "name", "email"];
            let mut keys = Keys::new(FIELDS);
            let mut f0 = None;
            let mut f1 = None;
            let mut f2 = None;
            while let Some(index) = keys.next(&mut map)? {
                match index {
                    0 => keys.value(&mut map, &mut f0)?,
                    1 => keys.value(&mut map, &mut f1)?,
                    _ => keys.value(&mut map, &mut f2)?,
                }
            }
            Ok(Self {
                id: keys.required(f0, 0)?,
                name: f1.flatten(),
                email: f2,
            })
        }
    }

    fn read(text: &str) -> Result<User, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_read_as_serdes_derive_reads_them() {
        let user = |id: &str, name: Option<&str>, email: Option<Option<&str>>| User {
            id: id.into(),
            name: name.map(Into::into),
            email: email.map(|e| e.map(Into::into)),
        };
        assert_eq!(read(r#"{"id": "1"}"#), Ok(user("1", None, None)));
        assert_eq!(
            read(r#"{"email": null, "x": [{"y": 1}], "name": "ada", "id": "1"}"#),
            Ok(user("1", Some("ada"), Some(None)))
        );
        assert_eq!(
            read(r#"{"id": "1", "email": "a@b", "name": null}"#),
            Ok(user("1", None, Some(Some("a@b"))))
        );
        // Keys with escapes are not borrowed from the input.
        assert_eq!(
            read(r#"{"\u0069d": "1", "na\u006de": "ada"}"#),
            Ok(user("1", Some("ada"), None))
        );
    }

    #[test]
    fn what_does_not_fit_is_serdes_error() {
        assert_eq!(
            read(r#"{"name": "ada"}"#),
            Err("missing field `id` at line 1 column 15".into())
        );
        assert_eq!(
            read(r#"{"id": "1", "id": "2"}"#),
            Err("duplicate field `id` at line 1 column 16".into())
        );
        assert_eq!(
            read(r#"{"id": 1}"#),
            Err("invalid type: integer `1`, expected a string at line 1 column 8".into())
        );
        assert_eq!(
            read("null"),
            Err("invalid type: null, expected struct User at line 1 column 4".into())
        );
        let value = serde_json::json!({"id": "1", "name": 7});
        assert_eq!(
            User::deserialize(&value).map_err(|e| e.to_string()),
            Err("invalid type: integer `7`, expected a string".into())
        );
    }
}
