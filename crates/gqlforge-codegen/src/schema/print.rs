//! [`SchemaIndex`] → SDL text, deterministic: the same schema always prints the same bytes.
//!
//! The layout is graphql-js's `printSchema`: a `schema { ... }` definition only when it is
//! needed, then directive definitions, then types, separated by blank lines. Unlike
//! graphql-js, directives and types are sorted by name, so a server that reorders its type
//! map does not change the text; what is declared in an order (fields, arguments, enum values,
//! input fields, interfaces, union members, directive locations) keeps it.
//!
//! Printed: descriptions (block strings when they read back identically, quoted strings
//! otherwise), default values as the index holds them, `@deprecated` (its reason unless it is
//! the default one), `@specifiedBy(url:)`, `@oneOf`, `repeatable`, interfaces implementing
//! interfaces, and the schema's description. Not printed, as in graphql-js: the introspection
//! types, the spec's scalars (`Int`, `Float`, `String`, `Boolean`, `ID`) and directives
//! (`@include`, `@skip`, `@deprecated`, `@specifiedBy`, `@oneOf`), which every loader adds
//! back; a schema that redefines one of these (a description of its own on `String`) loses
//! the redefinition. Applied directives other than the ones above are not in the index, so
//! they are not printed either.
//!
//! Loading the printed text gives the same index up to the order of types and directives
//! ([`schema_differences`](super::schema_differences) finds none).

use std::fmt::Write;

use super::builtins::BUILTIN_DIRECTIVE_NAMES;
use super::index::{
    DirectiveDef, EnumValueDef, FieldDef, InputValueDef, SchemaIndex, TypeDef, TypeKind,
};
use crate::document::{print_block_string, print_string};

/// The reason `@deprecated` gives when it has no `reason:` argument.
const DEFAULT_DEPRECATION_REASON: &str = "No longer supported";

/// The schema as SDL, ending in one newline (empty for a schema with nothing to print).
pub fn print_schema(schema: &SchemaIndex) -> String {
    let mut blocks: Vec<String> = Vec::new();
    if let Some(definition) = schema_definition(schema) {
        blocks.push(definition);
    }
    let mut directives: Vec<&DirectiveDef> = schema
        .directives()
        .iter()
        .filter(|d| !BUILTIN_DIRECTIVE_NAMES.contains(&d.name.as_str()))
        .collect();
    directives.sort_by(|a, b| a.name.cmp(&b.name));
    blocks.extend(directives.into_iter().map(|d| directive(schema, d)));
    let mut types: Vec<&TypeDef> = schema.types().iter().filter(|t| !t.builtin).collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    blocks.extend(types.into_iter().map(|t| type_definition(schema, t)));
    if blocks.is_empty() {
        return String::new();
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// `schema { query: Root }` when the roots are not the types named `Query`, `Mutation` and
/// `Subscription` (or one of those names is not a root), or the schema has a description.
fn schema_definition(schema: &SchemaIndex) -> Option<String> {
    let roots = [
        ("query", schema.query_type(), "Query"),
        ("mutation", schema.mutation_type(), "Mutation"),
        ("subscription", schema.subscription_type(), "Subscription"),
    ];
    let conventional = roots
        .iter()
        .all(|&(_, root, name)| root == schema.type_by_name(name));
    if conventional && schema.description.is_none() {
        return None;
    }
    let mut out = description(schema.description.as_deref(), "", true);
    out.push_str("schema {\n");
    for (operation, root, _) in roots {
        if let Some(root) = root {
            let _ = writeln!(out, "  {operation}: {}", schema.type_name(root));
        }
    }
    out.push('}');
    Some(out)
}

fn directive(schema: &SchemaIndex, d: &DirectiveDef) -> String {
    let mut out = description(d.description.as_deref(), "", true);
    let _ = write!(out, "directive @{}", d.name);
    out.push_str(&arguments(schema, &d.arguments, ""));
    if d.repeatable {
        out.push_str(" repeatable");
    }
    out.push_str(" on ");
    let locations: Vec<&str> = d.locations.iter().map(|l| l.as_str()).collect();
    out.push_str(&locations.join(" | "));
    out
}

fn type_definition(schema: &SchemaIndex, t: &TypeDef) -> String {
    let mut out = description(t.description.as_deref(), "", true);
    match &t.kind {
        TypeKind::Scalar { specified_by } => {
            let _ = write!(out, "scalar {}", t.name);
            if let Some(url) = specified_by {
                let _ = write!(out, " @specifiedBy(url: {})", print_string(url));
            }
        }
        TypeKind::Object(o) | TypeKind::Interface(o) => {
            let keyword = if matches!(t.kind, TypeKind::Object(_)) {
                "type"
            } else {
                "interface"
            };
            let _ = write!(out, "{keyword} {}", t.name);
            if !o.interfaces.is_empty() {
                let names: Vec<&str> = o.interfaces.iter().map(|&i| schema.type_name(i)).collect();
                let _ = write!(out, " implements {}", names.join(" & "));
            }
            let fields: Vec<String> = o
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| field(schema, f, i == 0))
                .collect();
            out.push_str(&block(&fields));
        }
        TypeKind::Union { members } => {
            let _ = write!(out, "union {}", t.name);
            if !members.is_empty() {
                let names: Vec<&str> = members.iter().map(|&m| schema.type_name(m)).collect();
                let _ = write!(out, " = {}", names.join(" | "));
            }
        }
        TypeKind::Enum { values } => {
            let _ = write!(out, "enum {}", t.name);
            let values: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| enum_value(v, i == 0))
                .collect();
            out.push_str(&block(&values));
        }
        TypeKind::InputObject { fields, one_of } => {
            let _ = write!(out, "input {}", t.name);
            if *one_of {
                out.push_str(" @oneOf");
            }
            let fields: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    description(f.description.as_deref(), "  ", i == 0)
                        + "  "
                        + &input_value(schema, f)
                })
                .collect();
            out.push_str(&block(&fields));
        }
    }
    out
}

/// ` {\n  a\n  b\n}`, or nothing for no items (graphql-js's `printBlock`).
fn block(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" {{\n{}\n}}", items.join("\n"))
    }
}

fn field(schema: &SchemaIndex, f: &FieldDef, first: bool) -> String {
    let mut out = description(f.description.as_deref(), "  ", first);
    let _ = write!(
        out,
        "  {}{}: {}",
        f.name,
        arguments(schema, &f.arguments, "  "),
        schema.display(&f.ty)
    );
    out.push_str(&deprecated(f.deprecation.as_deref()));
    out
}

fn enum_value(v: &EnumValueDef, first: bool) -> String {
    let mut out = description(v.description.as_deref(), "  ", first);
    let _ = write!(out, "  {}", v.name);
    out.push_str(&deprecated(v.deprecation.as_deref()));
    out
}

/// `(a: Int, b: String = "x")` on one line, or one argument per line when any has a
/// description; nothing for no arguments.
fn arguments(schema: &SchemaIndex, arguments: &[InputValueDef], indentation: &str) -> String {
    if arguments.is_empty() {
        return String::new();
    }
    if arguments.iter().all(|a| a.description.is_none()) {
        let printed: Vec<String> = arguments.iter().map(|a| input_value(schema, a)).collect();
        return format!("({})", printed.join(", "));
    }
    let inner = format!("  {indentation}");
    let printed: Vec<String> = arguments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            description(a.description.as_deref(), &inner, i == 0) + &inner + &input_value(schema, a)
        })
        .collect();
    format!("(\n{}\n{indentation})", printed.join("\n"))
}

/// `name: Type = default @deprecated(...)`.
fn input_value(schema: &SchemaIndex, v: &InputValueDef) -> String {
    let mut out = format!("{}: {}", v.name, schema.display(&v.ty));
    if let Some(default) = &v.default_value {
        let _ = write!(out, " = {default}");
    }
    out.push_str(&deprecated(v.deprecation.as_deref()));
    out
}

/// ` @deprecated` or ` @deprecated(reason: "...")`; nothing when not deprecated.
fn deprecated(reason: Option<&str>) -> String {
    match reason {
        None => String::new(),
        Some(DEFAULT_DEPRECATION_REASON) => " @deprecated".to_string(),
        Some(reason) => format!(" @deprecated(reason: {})", print_string(reason)),
    }
}

/// The description on its own line(s) before a definition, indented; empty for none. A
/// described item that is not the first of its block gets a blank line before it.
fn description(description: Option<&str>, indentation: &str, first_in_block: bool) -> String {
    let Some(text) = description else {
        return String::new();
    };
    let string = if is_printable_as_block_string(text) {
        print_block_string(text)
    } else {
        print_string(text)
    };
    let prefix = if !indentation.is_empty() && !first_in_block {
        format!("\n{indentation}")
    } else {
        indentation.to_string()
    };
    format!(
        "{prefix}{}\n",
        string.replace('\n', &format!("\n{indentation}"))
    )
}

/// Does a block string holding `value` read back as exactly `value`? (graphql-js's
/// `isPrintableAsBlockString`: no control characters, no `\r`, no leading or trailing blank
/// line, no indentation common to every line after the first, which reading would remove.)
fn is_printable_as_block_string(value: &str) -> bool {
    if value.is_empty() {
        return true;
    }
    let mut is_empty_line = true;
    let mut has_indent = false;
    let mut has_common_indent = true;
    let mut seen_non_empty_line = false;
    for c in value.chars() {
        match c {
            '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\r' => return false,
            '\n' => {
                if is_empty_line && !seen_non_empty_line {
                    return false;
                }
                seen_non_empty_line = true;
                is_empty_line = true;
                has_indent = false;
            }
            '\t' | ' ' => has_indent |= is_empty_line,
            _ => {
                has_common_indent &= has_indent;
                is_empty_line = false;
            }
        }
    }
    // Trailing blank line; indentation common to every line.
    !(is_empty_line || has_common_indent && seen_non_empty_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{load_sdl, schema_differences};

    fn load(sdl: &str) -> SchemaIndex {
        let (schema, warnings) = load_sdl("test.graphql", sdl).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        schema
    }

    /// Prints `sdl`'s schema, checks that the text loads back into the same index and prints
    /// the same text again, and returns it.
    fn round_trip(sdl: &str) -> String {
        let schema = load(sdl);
        let printed = print_schema(&schema);
        let again = load(&printed);
        assert_eq!(schema_differences(&schema, &again), Vec::<String>::new());
        assert_eq!(print_schema(&again), printed);
        printed
    }

    #[test]
    fn prints_every_construct_sorted_by_name() {
        let printed = round_trip(
            r#"
"The root"
type Query implements Node & Named {
  id: ID!
  "The name"
  name(upper: Boolean = false, "how many" first: Int = 10 @deprecated(reason: "use last")): String @deprecated
  items: [[Item!]]!
  color(c: Color = RED, f: Filter = {color: GREEN}, p: Pick = {color: BLUE}): Color
}
interface Node { id: ID! }
interface Named implements Node { id: ID! name: String @deprecated }
type Item { id: ID }
union Result = Query | Item
enum Color { RED "green" GREEN @deprecated(reason: "gone") BLUE @deprecated }
input Filter @oneOf { color: Color, n: Int @deprecated }
input Pick { color: Color = RED }
scalar Url @specifiedBy(url: "https://example.com/url")
"Repeats." directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT
directive @auth on FIELD_DEFINITION
"#,
        );
        assert_eq!(
            printed,
            r#"directive @auth on FIELD_DEFINITION

"""Repeats."""
directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT

enum Color {
  RED

  """green"""
  GREEN @deprecated(reason: "gone")
  BLUE @deprecated
}

input Filter @oneOf {
  color: Color
  n: Int @deprecated
}

type Item {
  id: ID
}

interface Named implements Node {
  id: ID!
  name: String @deprecated
}

interface Node {
  id: ID!
}

input Pick {
  color: Color = RED
}

"""The root"""
type Query implements Node & Named {
  id: ID!

  """The name"""
  name(
    upper: Boolean = false

    """how many"""
    first: Int = 10 @deprecated(reason: "use last")
  ): String @deprecated
  items: [[Item!]]!
  color(c: Color = RED, f: Filter = { color: GREEN }, p: Pick = { color: BLUE }): Color
}

union Result = Query | Item

scalar Url @specifiedBy(url: "https://example.com/url")
"#
        );
    }

    #[test]
    fn schema_definition_only_when_roots_are_not_the_default_names() {
        assert_eq!(
            round_trip("type Query { a: Int } type Mutation { b: Int }"),
            "type Mutation {\n  b: Int\n}\n\ntype Query {\n  a: Int\n}\n"
        );
        assert_eq!(
            round_trip("schema { query: Root } type Root { a: Int }"),
            "schema {\n  query: Root\n}\n\ntype Root {\n  a: Int\n}\n"
        );
        // `Mutation` exists but is not the mutation root: only a schema definition says so.
        assert_eq!(
            round_trip("schema { query: Query } type Query { a: Int } type Mutation { b: Int }"),
            "schema {\n  query: Query\n}\n\ntype Mutation {\n  b: Int\n}\n\ntype Query {\n  a: Int\n}\n"
        );
        assert_eq!(
            round_trip("\"The API\" schema { query: Query } type Query { a: Int }"),
            "\"\"\"The API\"\"\"\nschema {\n  query: Query\n}\n\ntype Query {\n  a: Int\n}\n"
        );
    }

    #[test]
    fn descriptions_read_back_exactly() {
        let tricky = [
            "",
            "one line",
            "two\nlines",
            "  leading space",
            "  leading space\n  on every line",
            "trailing space ",
            "\n  starts with a blank line",
            "ends with a blank line\n",
            "a\n  all indented\n  after the first",
            "a\n\n  b\nc",
            "ends with a quote\"",
            "ends with a backslash\\",
            "has \"\"\" triple quotes",
            "\"\"\"",
            "carriage\r\nreturn",
            "tab\there",
            "control \u{1} character",
            "unicode é ☃ 𝄞",
            "a line much longer than seventy characters, which graphql-js prints over several lines",
        ];
        for text in tricky {
            let sdl = format!(
                "{} type Query {{ {} a({} x: Int): Int }} {} enum E {{ {} V }}",
                print_string(text),
                print_string(text),
                print_string(text),
                print_string(text),
                print_string(text)
            );
            let printed = round_trip(&sdl);
            let schema = load(&printed);
            let query = schema.type_by_name("Query").unwrap();
            assert_eq!(schema.ty(query).description.as_deref(), Some(text));
            let a = &schema.fields(query)[0];
            assert_eq!(a.description.as_deref(), Some(text), "{printed}");
            assert_eq!(a.arguments[0].description.as_deref(), Some(text));
            let e = schema.type_by_name("E").unwrap();
            assert_eq!(schema.enum_values(e)[0].description.as_deref(), Some(text));
        }
    }

    #[test]
    fn block_strings_are_used_only_when_they_read_back_exactly() {
        assert!(is_printable_as_block_string("a\n  b"));
        assert!(is_printable_as_block_string("a\n\nb"));
        // A leading blank line keeps the indentation of the lines after the first.
        assert!(is_printable_as_block_string("a\n  b\n  c"));
        assert!(!is_printable_as_block_string("  a\n  b"));
        assert!(!is_printable_as_block_string("\na"));
        assert!(!is_printable_as_block_string("a\n"));
        assert!(!is_printable_as_block_string("a\r\nb"));
        assert!(!is_printable_as_block_string("a\u{7}"));
        assert_eq!(
            description(Some("  a\n  b"), "  ", true),
            "  \"  a\\n  b\"\n"
        );
        assert_eq!(
            description(Some("a\nb"), "  ", false),
            "\n  \"\"\"\n  a\n  b\n  \"\"\"\n"
        );
    }

    #[test]
    fn multi_line_defaults_read_back() {
        let long: Vec<String> = (0..30).map(|i| format!("\"item{i}\"")).collect();
        let printed = round_trip(&format!(
            "type Query {{ a(list: [String] = [{}]): Int }}",
            long.join(", ")
        ));
        assert!(
            printed.contains("a(list: [String] = [\n  \"item0\"\n"),
            "{printed}"
        );
    }

    #[test]
    fn builtins_are_not_printed_and_a_schema_of_nothing_prints_nothing() {
        let schema = load("type Query { a: String b: Int c: ID d: Float e: Boolean }");
        assert_eq!(
            print_schema(&schema),
            "type Query {\n  a: String\n  b: Int\n  c: ID\n  d: Float\n  e: Boolean\n}\n"
        );
    }
}
