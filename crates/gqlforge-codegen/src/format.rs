//! A generated module as text: each item is emitted (as `syn` nodes where they were built
//! so, as tokens `syn` parses otherwise) and printed by prettyplease on its own, items shared
//! out among threads, the texts joined in order.
//!
//! prettyplease prints a file's items one after the other, each ending its last line, with
//! nothing between them; so the joined texts are the text of the whole module printed at
//! once, and formatting item by item only changes how fast it goes.

use crate::emit::syntax::Piece;
use crate::emit::Emitter;
use crate::generate::{CodegenError, Options};
use crate::ir::OperationIr;
use crate::schema::{SchemaIndex, TypeId};

/// The module of `operations` (named by `emit::name_module`, which returned `used`),
/// formatted with prettyplease.
pub(crate) fn module_text(
    schema: &SchemaIndex,
    operations: &[OperationIr<'_>],
    used: &[TypeId],
    options: &Options,
) -> Result<String, CodegenError> {
    let count = Emitter::new(schema, used, options)?.len(operations);
    let texts = crate::parallel::map(
        count,
        || Emitter::new(schema, used, options),
        |emitter, i| {
            let emitter = emitter.as_ref().map_err(Clone::clone)?;
            let mut items = Vec::new();
            Piece::into_items(emitter.item(operations, i), &mut items);
            Ok(prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items,
            }))
        },
    );
    let mut out = String::new();
    for text in texts {
        out.push_str(&text?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::schema::load_sdl;
    use crate::{generate, generate_file, Options, SourceFile};

    const SCHEMA: &str = r#"
        scalar DateTime
        enum Color { RED GREEN }
        input Filter { color: Color, after: DateTime, not: Filter }
        interface Node { id: ID! }
        type Pet implements Node { id: ID! name: String! color: Color born: DateTime }
        type Owner implements Node { id: ID! pets(filter: Filter): [Pet!]! }
        union Thing = Pet | Owner
        type Query { node(id: ID!): Node things: [Thing!]! owner: Owner }
    "#;

    fn documents() -> Vec<SourceFile> {
        vec![
            SourceFile::new(
                "ops/a.graphql",
                "query Things { things { ... on Pet { name color } ... on Owner { id } } }",
            ),
            SourceFile::new(
                "ops/b.graphql",
                "query Pets($f: Filter) { owner { pets(filter: $f) { ...PetParts born } } }
                 fragment PetParts on Pet { id name }",
            ),
            SourceFile::new("ops/c.graphql", "{ node(id: \"1\") { id } }"),
        ]
    }

    /// The text formatted item by item, on threads, is the whole token stream formatted at
    /// once: the file and the macro get the same code.
    #[test]
    fn item_by_item_is_the_whole_module_formatted_at_once() {
        let (schema, _) = load_sdl("schema.graphql", SCHEMA).expect("the test schema loads");
        let options = Options::default();
        let tokens = generate(&schema, &documents(), &options).expect("generates tokens");
        let whole = prettyplease::unparse(&syn::parse2(tokens).expect("valid Rust"));
        let file =
            generate_file(&schema, &documents(), &options, "header").expect("generates the file");
        assert_eq!(file, format!("// header\n\n{whole}"));
        assert!(whole.starts_with("use ::gqlforge::serde::{Deserialize, Serialize};\n"));
        for item in [
            "pub enum Color {",
            "pub struct DateTime(pub String);",
            "pub struct Filter {",
        ] {
            assert!(whole.contains(item), "{item} in\n{whole}");
        }
        for op in ["pub struct Things;", "pub struct Pets;", "pub struct C;"] {
            assert!(whole.contains(op), "{op} in\n{whole}");
        }
    }

    /// A bound scalar emits no item; with nothing module-level left, there is no `use`.
    #[test]
    fn bound_scalar_no_module_level_items_no_use() {
        let (schema, _) = load_sdl("schema.graphql", SCHEMA).expect("the test schema loads");
        let documents = [SourceFile::new(
            "ops/born.graphql",
            "query Born { things { ... on Pet { born } } }",
        )];
        let options = Options {
            scalars: [("DateTime".to_owned(), "String".to_owned())].into(),
            ..Options::default()
        };
        let tokens = generate(&schema, &documents, &options).expect("generates tokens");
        let whole = prettyplease::unparse(&syn::parse2(tokens).expect("valid Rust"));
        let file = generate_file(&schema, &documents, &options, "h").expect("generates the file");
        assert_eq!(file, format!("// h\n\n{whole}"));
        assert!(file.starts_with("// h\n\npub struct Born;\n"), "{file}");
        assert!(!file.contains("DateTime"), "{file}");
    }
}
