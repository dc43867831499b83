//! Responses that do not fit the generated types fail with serde's exact errors (which field,
//! what was expected, where), and what GraphQL allows reads as serde's derive read it:
//! unknown keys skipped, missing nullable fields `None`, aliases by their alias, unknown enum
//! values and `__typename`s in `Other`, fields under `@skip` / `@include` `None` when absent.

use gqlforge_corpus_codegen::constructs::{
    abstract_types, aliases, conditional, enums, nullability, Role, UserType,
};
use serde::de::DeserializeOwned;
use serde_json::json;

/// `text` read into `T` from a string (serde_json's positions in the message) and from a
/// `Value` (the path fragments and variants are read through).
fn error<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
    let from_text = serde_json::from_str::<T>(text).expect_err("does not read");
    let value: serde_json::Value = serde_json::from_str(text).expect("is JSON");
    let from_value = serde_json::from_value::<T>(value).expect_err("does not read");
    (from_text.to_string(), from_value.to_string())
}

#[test]
fn a_missing_required_field_is_named() {
    let (text, value) = error::<aliases::Data>(r#"{"me": {"handle": "ada"}, "first": null}"#);
    assert_eq!(text, "missing field `kind` at line 1 column 24");
    assert_eq!(value, "missing field `kind`");
}

#[test]
fn a_wrong_type_at_a_nested_path_says_what_was_expected_and_where() {
    let (text, value) = error::<nullability::Data>(
        r#"{"matrix": [], "strictMatrix": null, "maybeList": null,
            "viewer": {"friends": [{"name": "a"}, {"name": 7}]}}"#,
    );
    assert_eq!(
        text,
        "invalid type: integer `7`, expected a string at line 2 column 60"
    );
    assert_eq!(value, "invalid type: integer `7`, expected a string");
    let (text, _) = error::<nullability::Data>(
        r#"{"matrix": [], "strictMatrix": null, "maybeList": null, "viewer": null}"#,
    );
    assert_eq!(
        text,
        "invalid type: null, expected struct Viewer at line 1 column 70"
    );
    let (text, _) = error::<nullability::Data>(r#"[]"#);
    assert_eq!(
        text,
        "invalid type: sequence, expected struct Data at line 1 column 0"
    );
}

#[test]
fn a_duplicate_key_is_an_error() {
    // (A `Value` keeps the last of duplicate keys: only text has them.)
    let text = serde_json::from_str::<aliases::Data>(
        r#"{"me": {"handle": "a", "kind": "User", "handle": "b"}, "first": null, "second": null}"#,
    )
    .expect_err("does not read");
    assert_eq!(
        text.to_string(),
        "duplicate field `handle` at line 1 column 47"
    );
}

#[test]
fn unknown_keys_are_skipped_and_missing_nullable_fields_are_none() {
    let data: aliases::Data = serde_json::from_str(
        r#"{"extra": {"deep": [1, {"x": null}]}, "me": {"kind": "User", "handle": "ada", "x": 1}}"#,
    )
    .expect("reads");
    assert_eq!(data.me.handle, "ada");
    assert_eq!(data.me.kind, "User");
    assert!(data.first.is_none() && data.second.is_none());
}

#[test]
fn aliases_are_read_by_their_alias() {
    let data: aliases::Data = serde_json::from_value(json!({
        "me": {"handle": "ada", "kind": "User"},
        "first": {"name": "one"},
        "second": {"name": "two"},
    }))
    .expect("reads");
    assert_eq!(data.first.expect("first").name, "one");
    assert_eq!(data.second.expect("second").name, "two");
    let (text, _) = error::<aliases::Data>(r#"{"me": {"name": "ada", "kind": "User"}}"#);
    assert_eq!(text, "missing field `handle` at line 1 column 38");
}

#[test]
fn unknown_enum_values_are_kept_in_other() {
    let data: enums::Data =
        serde_json::from_str(r#"{"viewer": {"role": "OWNER", "type": "OTHER"}}"#).expect("reads");
    assert_eq!(data.viewer.role, Role::Other("OWNER".into()));
    assert_eq!(data.viewer.r#type, Some(UserType::Other));
    let (text, _) = error::<enums::Data>(r#"{"viewer": {"role": 1}}"#);
    assert_eq!(
        text,
        "invalid type: integer `1`, expected an enum value (a string) at line 1 column 21"
    );
}

#[test]
fn typename_chooses_the_variant_and_unknown_types_are_other() {
    let data: abstract_types::Data = serde_json::from_value(json!({
        "search": [
            {"__typename": "User", "name": "ada"},
            {"__typename": "Post", "title": "t", "author": {"name": "ada"}},
            {"__typename": "Robot"},
        ],
        "node": {"__typename": "Organization", "id": "1"},
        "named": [{"__typename": "User", "name": "ada"}],
    }))
    .expect("reads");
    assert!(matches!(&data.search[0].on, abstract_types::SearchOn::User(u) if u.name == "ada"));
    assert!(
        matches!(&data.search[1].on, abstract_types::SearchOn::Post(p) if p.author.name == "ada")
    );
    assert!(matches!(&data.search[2].on, abstract_types::SearchOn::Other(t) if t == "Robot"));
    assert_eq!(data.named[0].typename, "User");
    let (_, value) = error::<abstract_types::Data>(
        r#"{"search": [{"__typename": "Post", "title": "t", "author": {}}], "node": null, "named": []}"#,
    );
    assert_eq!(value, "missing field `name`");
}

#[test]
#[allow(deprecated)] // `email` is deprecated in the constructs' schema.
fn fields_under_skip_or_include_are_none_when_left_out() {
    let data: conditional::Data =
        serde_json::from_str(r#"{"viewer": {"name": "ada"}}"#).expect("reads");
    assert_eq!(data.viewer.email, None);
    assert!(data.viewer.posts.is_none() && data.viewer.contact.is_none());
    let data: conditional::Data = serde_json::from_str(
        r#"{"viewer": {"name": "ada", "email": null, "posts": [{"title": "t"}], "id": "1", "balance": null}}"#,
    )
    .expect("reads");
    assert_eq!(data.viewer.email, Some(None));
    assert_eq!(data.viewer.posts.expect("posts")[0].title, "t");
    assert!(data.viewer.contact.is_some());
}
