//! The `Deserialize` impl of a response struct that only holds fields: a
//! `gqlforge::__private::ReadObject` impl (one loop over the object's keys, each read as the
//! index of a field) instead of serde's derive, which writes several times as much code for
//! rustc to expand, check and compile per type (see BENCHMARKS.md). Behaviour is the
//! derive's: unknown keys skipped, a missing nullable field `None`, serde's errors.

use super::code::{string_literal, Code};
use super::{close_impl, impl_header, open_deserialize};
use crate::ir::names::ident_text;

/// How a field's value is taken from what was read.
pub(super) enum Read {
    /// A non-null field: `missing field` when absent.
    Required,
    /// A nullable field: `None` when absent or `null`.
    Nullable,
    /// A field under `@skip` / `@include` (`Option<T>` of its type): `None` when absent.
    Conditional,
}

/// One field of the struct: its Rust name, its JSON key, how it is read.
pub(super) struct Field<'a> {
    pub(super) rust_name: &'a str,
    pub(super) key: &'a str,
    pub(super) read: Read,
}

/// `impl Deserialize for name` and `impl ReadObject for name`.
pub(super) fn emit(code: &mut Code, name: &str, fields: &[Field<'_>]) {
    open_deserialize(code, name);
    code.arguments(
        &["::gqlforge::__private::read_object"],
        &[
            "deserializer",
            &string_literal(name.trim_start_matches("r#")),
        ],
        "",
    );
    close_impl(code);

    impl_header(
        code,
        "impl<'de> ::gqlforge::__private::ReadObject<'de>",
        name,
    );
    code.open(&["fn read<A: ::gqlforge::serde::de::MapAccess<'de>>("]);
    code.line(&["mut map: A,"]);
    code.reopen(&[") -> Result<Self, A::Error> {"]);
    let keys: Vec<String> = fields.iter().map(|f| string_literal(f.key)).collect();
    code.list("const FIELDS: &[&str] = &[", &keys, "];");
    code.line(&["let mut keys = ::gqlforge::__private::Keys::new(FIELDS);"]);
    let slots: Vec<String> = (0..fields.len()).map(|i| format!("f{i}")).collect();
    for slot in &slots {
        code.line(&["let mut ", slot, " = None;"]);
    }
    match slots.as_slice() {
        [] => code.line(&["while keys.next(&mut map)?.is_some() {}"]),
        [slot] => {
            code.open(&["while keys.next(&mut map)?.is_some() {"]);
            code.line(&["keys.value(&mut map, &mut ", slot, ")?;"]);
            code.close(&["}"]);
        }
        [first @ .., last] => {
            code.open(&["while let Some(index) = keys.next(&mut map)? {"]);
            code.open(&["match index {"]);
            for (i, slot) in first.iter().enumerate() {
                let index = i.to_string();
                code.line(&[&index, " => keys.value(&mut map, &mut ", slot, ")?,"]);
            }
            code.line(&["_ => keys.value(&mut map, &mut ", last, ")?,"]);
            code.close(&["}"]);
            code.close(&["}"]);
        }
    }
    let values: Vec<(String, String)> = fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (field, slot))| {
            let value = match field.read {
                Read::Required => format!("keys.required({slot}, {i})?"),
                Read::Nullable => format!("{slot}.flatten()"),
                Read::Conditional => slot.clone(),
            };
            (ident_text(field.rust_name), value)
        })
        .collect();
    // prettyplease keeps a struct expression on one line when it is at most 34 wide without
    // its closing brace.
    let flat: Vec<String> = values.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    let flat = if flat.is_empty() {
        "Self {}".to_owned()
    } else {
        format!("Self {{ {} }}", flat.join(", "))
    };
    if flat.len() <= 35 && code.fits(&["Ok(", &flat, ")"]) {
        code.line(&["Ok(", &flat, ")"]);
    } else {
        code.open(&["Ok(Self {"]);
        for ((name, _), (field, slot)) in values.iter().zip(fields.iter().zip(&slots)) {
            let before = format!("{name}: ");
            match field.read {
                Read::Required => {
                    let index = (slot[1..]).to_owned();
                    code.method_line(&before, "keys", "required", &[], &[slot, &index], "?,");
                }
                Read::Nullable => code.method_line(&before, slot, "flatten", &[], &[], ","),
                Read::Conditional => code.line(&[&before, slot, ","]),
            }
        }
        code.close(&["})"]);
    }
    close_impl(code);
}

#[cfg(test)]
mod tests {
    use crate::schema::load_sdl;
    use crate::{generate_module, Options, SourceFile};

    const SCHEMA: &str = "type Query { user: User }
        type User { id: ID! name: String friends: [User!]! }
        union Result = User
        type Mutation { search: [Result!]! }";

    fn generate(derives: &[&str]) -> String {
        let (schema, _) = load_sdl("schema.graphql", SCHEMA).expect("loads");
        let file = SourceFile::new(
            "q.graphql",
            "query Q($skip: Boolean!) { user { id name @skip(if: $skip) friends { id } } }",
        );
        let options = Options {
            derives: derives.iter().map(|d| d.to_string()).collect(),
            ..Default::default()
        };
        generate_module(&schema, &[file], &options)
            .expect("generates")
            .code
    }

    #[test]
    fn response_types_derive_debug_and_clone_and_read_through_read_object() {
        let code = generate(&[]);
        assert!(
            code.contains("#[derive(Debug, Clone)]\n    pub struct User {"),
            "{code}"
        );
        assert!(code.contains("impl<'de> ::gqlforge::__private::ReadObject<'de> for User {"));
        assert!(code.contains("const FIELDS: &[&str] = &[\"id\", \"name\", \"friends\"];"));
        assert!(code.contains("id: keys.required(f0, 0)?,"), "{code}");
        assert!(
            code.contains("name: f1,"),
            "a field under @skip is the slot itself"
        );
        // No serde attribute is left without a serde derive to read it.
        assert!(!code.contains("#[serde(rename"), "{code}");
        assert!(!code.contains("impl Serialize for User"));
    }

    #[test]
    fn serialize_eq_and_deserialize_in_the_derives() {
        let code = generate(&["Serialize", "Eq", "Deserialize"]);
        // `Eq` brings `PartialEq`; `Deserialize` is always written out, never derived.
        assert!(
            code.contains("#[derive(Debug, Clone, PartialEq, Serialize, Eq)]\n    #[serde(crate = \"::gqlforge::serde\")]\n    pub struct User {"),
            "{code}"
        );
        assert!(code.contains("#[serde(skip_serializing_if = \"Option::is_none\")]"));
        assert!(code.contains("impl<'de> ::gqlforge::__private::ReadObject<'de> for User {"));
    }
}
