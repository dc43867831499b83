//! Do two indexes describe the same schema? [`schema_differences`] lists where they do not.
//!
//! Two indexes describe the same schema when they have the same description, the same root
//! operation types (by name), the same directives and the same types, matched by name, each
//! with the same description, kind and contents. Compared in order, because order is part
//! of the schema (introspection and SDL both keep it): fields, arguments, enum values, input
//! fields, interfaces, union members, directive locations. Not compared: the order of the
//! types and of the directives (a [`TypeId`](super::TypeId) is a position, so references are
//! compared by name), source locations, and what follows from the rest (possible types,
//! interface implementations).
//!
//! Default values are compared as values, not as text: the fields of an input object value
//! are unordered (spec 2.9.8) and a block string is the string it holds. A server's
//! introspection writes `{field: NAME, direction: ASC}` in the order of the input type's fields
//! (graphql-js coerces the default first), whatever order the SDL had.

use std::collections::BTreeMap;

use super::index::{
    DirectiveDef, EnumValueDef, FieldDef, InputValueDef, SchemaIndex, Type, TypeDef, TypeKind,
};

/// At most this many differences are listed; one more line says how many were left out.
const MAX_DIFFERENCES: usize = 50;

/// Where `a` and `b` differ, one line each (`type "Repo": field "name": type String ≠
/// String!`), in a deterministic order; empty when they describe the same schema.
pub fn schema_differences(a: &SchemaIndex, b: &SchemaIndex) -> Vec<String> {
    let mut diff = Differences {
        a,
        b,
        lines: Vec::new(),
        total: 0,
    };
    diff.same("", "description", &a.description, &b.description);
    let root =
        |s: &SchemaIndex, id: Option<super::TypeId>| id.map(|id| s.type_name(id).to_string());
    diff.same(
        "",
        "query root",
        &root(a, a.query_type()),
        &root(b, b.query_type()),
    );
    diff.same(
        "",
        "mutation root",
        &root(a, a.mutation_type()),
        &root(b, b.mutation_type()),
    );
    diff.same(
        "",
        "subscription root",
        &root(a, a.subscription_type()),
        &root(b, b.subscription_type()),
    );

    diff.matched(
        "directive",
        by_name(a.directives(), |d| &d.name),
        by_name(b.directives(), |d| &d.name),
        |diff, name, x, y| diff.directive(name, x, y),
    );
    diff.matched(
        "type",
        by_name(a.types(), |t| &t.name),
        by_name(b.types(), |t| &t.name),
        |diff, name, x, y| diff.type_def(name, x, y),
    );

    let mut lines = diff.lines;
    if diff.total > MAX_DIFFERENCES {
        lines.push(format!(
            "... and {} more differences",
            diff.total - MAX_DIFFERENCES
        ));
    }
    lines
}

struct Differences<'s> {
    a: &'s SchemaIndex,
    b: &'s SchemaIndex,
    lines: Vec<String>,
    total: usize,
}

impl<'s> Differences<'s> {
    fn push(&mut self, line: String) {
        self.total += 1;
        if self.lines.len() < MAX_DIFFERENCES {
            self.lines.push(line);
        }
    }

    /// `at: what: a ≠ b` unless equal.
    fn same<T: PartialEq + std::fmt::Debug>(&mut self, at: &str, what: &str, x: &T, y: &T) {
        if x != y {
            let at = if at.is_empty() {
                String::new()
            } else {
                format!("{at}: ")
            };
            self.push(format!("{at}{what}: {x:?} ≠ {y:?}"));
        }
    }

    /// Items matched by name: the ones only one side has are reported, the others compared.
    fn matched<T: Copy>(
        &mut self,
        what: &str,
        xs: BTreeMap<String, T>,
        ys: BTreeMap<String, T>,
        mut compare: impl FnMut(&mut Self, &str, T, T),
    ) {
        let names: std::collections::BTreeSet<&String> = xs.keys().chain(ys.keys()).collect();
        for name in names {
            match (xs.get(name), ys.get(name)) {
                (Some(&x), Some(&y)) => compare(self, name, x, y),
                (Some(_), None) => self.push(format!("{what} \"{name}\" only in the first schema")),
                _ => self.push(format!("{what} \"{name}\" only in the second schema")),
            }
        }
    }

    fn ty_a(&self, t: &Type) -> String {
        self.a.display(t).to_string()
    }

    fn ty_b(&self, t: &Type) -> String {
        self.b.display(t).to_string()
    }

    fn names(&self, s: &SchemaIndex, ids: &[super::TypeId]) -> Vec<String> {
        ids.iter().map(|&id| s.type_name(id).to_string()).collect()
    }

    fn directive(&mut self, name: &str, x: &DirectiveDef, y: &DirectiveDef) {
        let at = format!("directive \"@{name}\"");
        self.same(&at, "description", &x.description, &y.description);
        self.same(&at, "repeatable", &x.repeatable, &y.repeatable);
        self.same(&at, "locations", &x.locations, &y.locations);
        self.same(&at, "builtin", &x.builtin, &y.builtin);
        self.inputs(&at, "argument", &x.arguments, &y.arguments);
    }

    fn type_def(&mut self, name: &str, x: &TypeDef, y: &TypeDef) {
        let at = format!("type \"{name}\"");
        self.same(&at, "description", &x.description, &y.description);
        self.same(&at, "builtin", &x.builtin, &y.builtin);
        match (&x.kind, &y.kind) {
            (TypeKind::Scalar { specified_by: u }, TypeKind::Scalar { specified_by: v }) => {
                self.same(&at, "specifiedBy", u, v);
            }
            (TypeKind::Object(o), TypeKind::Object(p))
            | (TypeKind::Interface(o), TypeKind::Interface(p)) => {
                let (i, j) = (
                    self.names(self.a, &o.interfaces),
                    self.names(self.b, &p.interfaces),
                );
                self.same(&at, "interfaces", &i, &j);
                self.fields(&at, &o.fields, &p.fields);
            }
            (TypeKind::Union { members: m }, TypeKind::Union { members: n }) => {
                let (m, n) = (self.names(self.a, m), self.names(self.b, n));
                self.same(&at, "members", &m, &n);
            }
            (TypeKind::Enum { values: u }, TypeKind::Enum { values: v }) => {
                self.enum_values(&at, u, v);
            }
            (
                TypeKind::InputObject {
                    fields: f,
                    one_of: o,
                },
                TypeKind::InputObject {
                    fields: g,
                    one_of: p,
                },
            ) => {
                self.same(&at, "oneOf", o, p);
                self.inputs(&at, "input field", f, g);
            }
            (k, l) => self.push(format!("{at}: kind {} ≠ {}", kind(k), kind(l))),
        }
    }

    fn fields(&mut self, at: &str, xs: &[FieldDef], ys: &[FieldDef]) {
        let names = |fs: &[FieldDef]| fs.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        if names(xs) != names(ys) {
            self.same(at, "fields", &names(xs), &names(ys));
            return;
        }
        for (x, y) in xs.iter().zip(ys) {
            let at = format!("{at}: field \"{}\"", x.name);
            self.same(&at, "description", &x.description, &y.description);
            self.same(&at, "type", &self.ty_a(&x.ty), &self.ty_b(&y.ty));
            self.same(&at, "deprecation", &x.deprecation, &y.deprecation);
            self.inputs(&at, "argument", &x.arguments, &y.arguments);
        }
    }

    fn inputs(&mut self, at: &str, what: &str, xs: &[InputValueDef], ys: &[InputValueDef]) {
        let names = |vs: &[InputValueDef]| vs.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        if names(xs) != names(ys) {
            self.same(at, &format!("{what}s"), &names(xs), &names(ys));
            return;
        }
        for (x, y) in xs.iter().zip(ys) {
            let at = format!("{at}: {what} \"{}\"", x.name);
            self.same(&at, "description", &x.description, &y.description);
            self.same(&at, "type", &self.ty_a(&x.ty), &self.ty_b(&y.ty));
            if x.default_value.as_deref().map(canonical_value)
                != y.default_value.as_deref().map(canonical_value)
            {
                self.same(&at, "default value", &x.default_value, &y.default_value);
            }
            self.same(&at, "deprecation", &x.deprecation, &y.deprecation);
        }
    }

    fn enum_values(&mut self, at: &str, xs: &[EnumValueDef], ys: &[EnumValueDef]) {
        let names = |vs: &[EnumValueDef]| vs.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        if names(xs) != names(ys) {
            self.same(at, "values", &names(xs), &names(ys));
            return;
        }
        for (x, y) in xs.iter().zip(ys) {
            let at = format!("{at}: value \"{}\"", x.name);
            self.same(&at, "description", &x.description, &y.description);
            self.same(&at, "deprecation", &x.deprecation, &y.deprecation);
        }
    }
}

/// A default value printed so that equal values print the same: object fields sorted by name,
/// strings quoted. Text that does not parse as a value is kept as it is.
fn canonical_value(text: &str) -> String {
    use crate::document::{parse_document, print_value, Definition, Selection, Value, ValueKind};
    fn canonicalize(value: &mut Value) {
        match &mut value.kind {
            ValueKind::String { block, .. } => *block = false,
            ValueKind::List(items) => items.iter_mut().for_each(canonicalize),
            ValueKind::Object(fields) => {
                fields.sort_by(|a, b| a.name.value.cmp(&b.name.value));
                fields.iter_mut().for_each(|f| canonicalize(&mut f.value));
            }
            _ => {}
        }
    }
    let Ok(mut document) = parse_document(&format!("{{ f(a: {text}) }}")) else {
        return text.to_string();
    };
    match document.definitions.first_mut() {
        Some(Definition::Operation(op)) => match op.selection_set.selections.first_mut() {
            Some(Selection::Field(f)) if f.arguments.len() == 1 => {
                let value = &mut f.arguments[0].value;
                canonicalize(value);
                print_value(value)
            }
            _ => text.to_string(),
        },
        _ => text.to_string(),
    }
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &String) -> BTreeMap<String, &T> {
    items.iter().map(|i| (name(i).clone(), i)).collect()
}

fn kind(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Scalar { .. } => "scalar",
        TypeKind::Object(_) => "object",
        TypeKind::Interface(_) => "interface",
        TypeKind::Union { .. } => "union",
        TypeKind::Enum { .. } => "enum",
        TypeKind::InputObject { .. } => "input object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::load_sdl;

    fn load(sdl: &str) -> SchemaIndex {
        load_sdl("test.graphql", sdl)
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }

    #[test]
    fn order_of_types_and_locations_do_not_count() {
        let a = load("type Query { a: A }\ntype A { b(x: Int = 1): [String!] }");
        let b = load("\n\ntype A { b(x: Int = 1): [String!] }\n\n\ntype Query { a: A }");
        assert_eq!(schema_differences(&a, &b), Vec::<String>::new());
    }

    #[test]
    fn every_difference_is_named_with_its_place() {
        let a = load(
            "type Query { a: A, b: Int }\n\
             type A implements I { x(n: Int = 1): Int, y: Int @deprecated }\n\
             interface I { x(n: Int): Int }\n\
             enum E { ONE TWO }\n\
             input In { f: Int }\n\
             directive @d on FIELD",
        );
        let b = load(
            "type Query { b: Int, a: A }\n\
             \"described\" type A { x(n: Int = 2): Int!, y: Int }\n\
             interface I { x(n: Int): Int }\n\
             enum E { ONE \"two\" TWO }\n\
             input In @oneOf { f: Int }\n\
             union U = A\n\
             directive @d repeatable on FIELD",
        );
        assert_eq!(
            schema_differences(&a, &b),
            [
                "directive \"@d\": repeatable: false ≠ true",
                "type \"A\": description: None ≠ Some(\"described\")",
                "type \"A\": interfaces: [\"I\"] ≠ []",
                "type \"A\": field \"x\": type: \"Int\" ≠ \"Int!\"",
                "type \"A\": field \"x\": argument \"n\": default value: Some(\"1\") ≠ Some(\"2\")",
                "type \"A\": field \"y\": deprecation: Some(\"No longer supported\") ≠ None",
                "type \"E\": value \"TWO\": description: None ≠ Some(\"two\")",
                "type \"In\": oneOf: false ≠ true",
                "type \"Query\": fields: [\"a\", \"b\"] ≠ [\"b\", \"a\"]",
                "type \"U\" only in the second schema",
            ]
        );
    }

    #[test]
    fn default_values_are_compared_as_values() {
        assert_eq!(
            canonical_value("{ b: 1, a: [\"\"\"x\"\"\"] }"),
            "{ a: [\"x\"], b: 1 }"
        );
        assert_eq!(
            canonical_value("{a: {d: 1, c: 2}}"),
            "{ a: { c: 2, d: 1 } }"
        );
        assert_eq!(canonical_value("not a value {"), "not a value {");
        let a = load(
            "input O { x: Int y: String } type Query { f(o: O = { y: \"\"\"s\"\"\", x: 1 }): Int }",
        );
        let b = load("input O { x: Int y: String } type Query { f(o: O = {x: 1, y: \"s\"}): Int }");
        assert_eq!(schema_differences(&a, &b), Vec::<String>::new());
        let c = load("input O { x: Int y: String } type Query { f(o: O = {x: 2, y: \"s\"}): Int }");
        assert_eq!(
            schema_differences(&a, &c),
            ["type \"Query\": field \"f\": argument \"o\": default value: Some(\"{ y: \\\"\\\"\\\"s\\\"\\\"\\\", x: 1 }\") ≠ Some(\"{ x: 2, y: \\\"s\\\" }\")"]
        );
    }

    #[test]
    fn roots_and_kinds_are_compared_by_name() {
        let a = load("schema { query: Q } type Q { a: Int } scalar S");
        let b = load("type Query { a: Int } type Q { a: Int } enum S { V }");
        assert_eq!(
            schema_differences(&a, &b),
            [
                "query root: Some(\"Q\") ≠ Some(\"Query\")",
                "type \"Query\" only in the second schema",
                "type \"S\": kind scalar ≠ enum",
            ]
        );
    }
}
