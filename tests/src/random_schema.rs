//! Random small schemas for differential testing of schema validation: a seeded model of
//! a few types built from pieces that hit graphql-js's schema rules (interfaces whose
//! implementations copy, drop or change fields and arguments, transitive and cyclic
//! interfaces, unions with odd members, input objects linked by non-null, list and
//! `@oneOf` fields, default values of random shapes against random types, directives
//! applied with missing or unknown arguments, root types), printed as SDL or as an
//! introspection result.
//!
//! Most pieces are valid most of the time, so that a schema tends to have zero, one or two
//! errors rather than a dozen. The same seed gives the same schemas.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

/// One generated schema: its file name (`.graphql` or `.json`) and text.
#[derive(Clone, Debug)]
pub struct RandomSchema {
    pub name: String,
    pub text: String,
}

/// `count` schemas from `seed`; about one in five is introspection JSON.
pub fn random_schemas(seed: u64, count: usize) -> Vec<RandomSchema> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|i| {
            let model = Model::random(&mut rng);
            if rng.gen_bool(0.2) {
                RandomSchema {
                    name: format!("random-{i}.json"),
                    text: serde_json::to_string_pretty(&model.introspection()).expect("JSON"),
                }
            } else {
                RandomSchema {
                    name: format!("random-{i}.graphql"),
                    text: model.sdl(),
                }
            }
        })
        .collect()
}

const SPECIFIED_SCALARS: [&str; 5] = ["Int", "Float", "String", "Boolean", "ID"];

#[derive(Clone, Debug, PartialEq)]
enum Wrap {
    NonNull,
    List,
}

/// A type reference: wrappers outermost first, then the name.
#[derive(Clone, Debug, PartialEq)]
struct TypeRef {
    wrappers: Vec<Wrap>,
    name: String,
}

impl TypeRef {
    fn named(name: &str) -> TypeRef {
        TypeRef {
            wrappers: Vec::new(),
            name: name.to_string(),
        }
    }

    fn sdl(&self) -> String {
        let mut text = self.name.clone();
        for wrap in self.wrappers.iter().rev() {
            text = match wrap {
                Wrap::NonNull => format!("{text}!"),
                Wrap::List => format!("[{text}]"),
            };
        }
        text
    }

    fn is_non_null(&self) -> bool {
        self.wrappers.first() == Some(&Wrap::NonNull)
    }
}

#[derive(Clone, Debug, PartialEq)]
struct InputValue {
    name: String,
    ty: TypeRef,
    default: Option<String>,
    deprecated: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Field {
    name: String,
    ty: TypeRef,
    args: Vec<InputValue>,
    deprecated: bool,
    /// Applied directives other than `@deprecated`, as SDL text (not in introspection).
    applied: Vec<String>,
}

#[derive(Clone, Debug)]
enum Kind {
    Scalar,
    Object {
        interfaces: Vec<String>,
        fields: Vec<Field>,
    },
    Interface {
        interfaces: Vec<String>,
        fields: Vec<Field>,
    },
    Union {
        members: Vec<String>,
    },
    Enum {
        values: Vec<(String, bool)>,
    },
    Input {
        fields: Vec<InputValue>,
        one_of: bool,
    },
}

#[derive(Clone, Debug)]
struct Type {
    name: String,
    kind: Kind,
}

#[derive(Clone, Debug)]
struct Directive {
    name: String,
    args: Vec<InputValue>,
    locations: Vec<&'static str>,
    repeatable: bool,
}

#[derive(Clone, Debug, Default)]
struct Model {
    types: Vec<Type>,
    directives: Vec<Directive>,
    /// `schema { ... }`: operation → type name.
    roots: Option<Vec<(&'static str, String)>>,
}

const DIRECTIVE_LOCATIONS: [&str; 6] = [
    "FIELD_DEFINITION",
    "OBJECT",
    "ARGUMENT_DEFINITION",
    "INPUT_FIELD_DEFINITION",
    "ENUM_VALUE",
    "FIELD",
];

impl Model {
    fn random(rng: &mut StdRng) -> Model {
        let mut m = Model::default();
        let scalars = rng.gen_range(0..2);
        let enums = rng.gen_range(0..3);
        let inputs = rng.gen_range(0..4);
        let interfaces = rng.gen_range(0..4);
        let objects = rng.gen_range(1..4);
        let unions = rng.gen_range(0..2);
        let names = |prefix: &str, n: usize| -> Vec<String> {
            (0..n).map(|i| format!("{prefix}{i}")).collect()
        };
        let scalar_names = names("S", scalars);
        let enum_names = names("E", enums);
        let input_names = names("N", inputs);
        let interface_names = names("I", interfaces);
        let mut object_names = names("T", objects);
        if rng.gen_bool(0.9) {
            object_names[0] = "Query".into();
        }
        let union_names = names("U", unions);
        let inputs_pool: Vec<String> = SPECIFIED_SCALARS
            .iter()
            .map(|s| s.to_string())
            .chain(scalar_names.iter().cloned())
            .chain(enum_names.iter().cloned())
            .chain(input_names.iter().cloned())
            .collect();
        let outputs_pool: Vec<String> = SPECIFIED_SCALARS
            .iter()
            .map(|s| s.to_string())
            .chain(scalar_names.iter().cloned())
            .chain(enum_names.iter().cloned())
            .chain(object_names.iter().cloned())
            .chain(interface_names.iter().cloned())
            .chain(union_names.iter().cloned())
            .collect();
        let pools = Pools {
            inputs: inputs_pool,
            outputs: outputs_pool,
        };

        for name in &scalar_names {
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Scalar,
            });
        }
        for name in &enum_names {
            let count = if rng.gen_bool(0.05) {
                0
            } else {
                rng.gen_range(1..4)
            };
            let mut values: Vec<(String, bool)> = ["A", "B", "C"][..count]
                .iter()
                .map(|v| (v.to_string(), rng.gen_bool(0.05)))
                .collect();
            if rng.gen_bool(0.01) {
                values.push(("__D".into(), false));
            }
            if !values.is_empty() && rng.gen_bool(0.05) {
                let copy = values[0].clone();
                values.push(copy);
            }
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Enum { values },
            });
        }
        // Directives first: fields apply them.
        for i in 0..rng.gen_range(0..3) {
            let args = (0..rng.gen_range(0..3))
                .map(|j| InputValue {
                    name: ["x", "y"][j % 2].to_string(),
                    ty: pools.input_ref(rng),
                    default: None,
                    deprecated: rng.gen_bool(0.02),
                })
                .collect();
            let mut locations: Vec<&'static str> = DIRECTIVE_LOCATIONS
                .iter()
                .copied()
                .filter(|_| rng.gen_bool(0.3))
                .collect();
            if !locations.contains(&"FIELD_DEFINITION") && rng.gen_bool(0.8) {
                locations.push("FIELD_DEFINITION");
            }
            if locations.is_empty() {
                locations.push("FIELD");
            }
            m.directives.push(Directive {
                name: if rng.gen_bool(0.01) {
                    format!("__d{i}")
                } else {
                    format!("d{i}")
                },
                args,
                locations,
                repeatable: rng.gen_bool(0.3),
            });
        }
        for name in &input_names {
            let one_of = rng.gen_bool(0.2);
            let mut fields = Vec::new();
            let count = if rng.gen_bool(0.05) {
                0
            } else {
                rng.gen_range(1..4)
            };
            for (j, field) in ["a", "b", "c"][..count].iter().enumerate() {
                let mut ty = pools.input_ref(rng);
                if one_of && rng.gen_bool(0.8) && ty.is_non_null() {
                    ty.wrappers.remove(0);
                }
                // Links between input objects make cycles with and without a way out.
                if j == 0 && rng.gen_bool(0.25) && !input_names.is_empty() {
                    ty = TypeRef::named(input_names.choose(rng).expect("an input"));
                    if rng.gen_bool(0.3) {
                        ty.wrappers.push(Wrap::NonNull);
                    }
                }
                fields.push(InputValue {
                    name: field.to_string(),
                    ty,
                    default: None,
                    deprecated: rng.gen_bool(0.02),
                });
            }
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Input { fields, one_of },
            });
        }
        // Default values once every input type exists, since they are made for their type.
        let snapshot = m.clone();
        for ty in &mut m.types {
            if let Kind::Input { fields, one_of } = &mut ty.kind {
                for field in fields {
                    if rng.gen_bool(if *one_of { 0.05 } else { 0.25 }) {
                        field.default = Some(snapshot.value(rng, &field.ty, 0));
                    }
                }
            }
        }
        for directive in &mut m.directives {
            for arg in &mut directive.args {
                if rng.gen_bool(0.2) {
                    arg.default = Some(snapshot.value(rng, &arg.ty, 0));
                }
            }
        }
        let field_names = ["a", "b", "c", "d"];
        let mut interface_fields: Vec<(String, Vec<Field>, Vec<String>)> = Vec::new();
        for name in &interface_names {
            let count = if rng.gen_bool(0.05) {
                0
            } else {
                rng.gen_range(1..4)
            };
            let fields: Vec<Field> = field_names[..count]
                .iter()
                .map(|f| snapshot.field(rng, &pools, f))
                .collect();
            let implements: Vec<String> = interface_names
                .iter()
                .filter(|other| rng.gen_bool(if *other == name { 0.02 } else { 0.15 }))
                .cloned()
                .collect();
            interface_fields.push((name.clone(), fields, implements));
        }
        // An interface that implements others repeats their fields, mostly; in order, so
        // that an implementation of a later one sees the fields it ends up with.
        for i in 0..interface_fields.len() {
            let (own, implements) = (interface_fields[i].1.clone(), interface_fields[i].2.clone());
            interface_fields[i].1 =
                implementation_fields(rng, &snapshot, &pools, &interface_fields, &implements, &own);
        }
        for (name, fields, implements) in &interface_fields {
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Interface {
                    interfaces: implements.clone(),
                    fields: fields.clone(),
                },
            });
        }
        for name in &object_names {
            let mut implements: Vec<String> = interface_names
                .iter()
                .filter(|_| rng.gen_bool(0.35))
                .cloned()
                .collect();
            // Add the interfaces those implement, mostly.
            for (iface, _, transitive) in &interface_fields {
                if implements.contains(iface) {
                    for t in transitive {
                        if !implements.contains(t) && rng.gen_bool(0.85) {
                            implements.push(t.clone());
                        }
                    }
                }
            }
            if rng.gen_bool(0.03) {
                implements.push(pools.outputs.choose(rng).expect("a type").clone());
            }
            if !implements.is_empty() && rng.gen_bool(0.03) {
                implements.push(implements[0].clone());
            }
            let own: Vec<Field> = field_names
                [..rng.gen_range(usize::from(implements.is_empty())..3)]
                .iter()
                .map(|f| snapshot.field(rng, &pools, f))
                .collect();
            let mut fields =
                implementation_fields(rng, &snapshot, &pools, &interface_fields, &implements, &own);
            if !fields.is_empty() && rng.gen_bool(0.03) {
                let copy = fields[0].clone();
                fields.push(copy);
            }
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Object {
                    interfaces: implements,
                    fields,
                },
            });
        }
        for name in &union_names {
            let mut members: Vec<String> = object_names
                .iter()
                .filter(|_| rng.gen_bool(0.6))
                .cloned()
                .collect();
            if members.is_empty() && rng.gen_bool(0.9) {
                members.push(object_names[0].clone());
            }
            if rng.gen_bool(0.05) {
                members.push(pools.outputs.choose(rng).expect("a type").clone());
            }
            if !members.is_empty() && rng.gen_bool(0.05) {
                members.push(members[0].clone());
            }
            m.types.push(Type {
                name: name.clone(),
                kind: Kind::Union { members },
            });
        }
        if rng.gen_bool(0.2) {
            let mut roots = vec![("query", pools.outputs.choose(rng).expect("a type").clone())];
            if rng.gen_bool(0.5) {
                roots[0].1 = object_names[0].clone();
            }
            if rng.gen_bool(0.3) {
                roots.push((
                    "mutation",
                    object_names.choose(rng).expect("an object").clone(),
                ));
            }
            m.roots = Some(roots);
        }
        m
    }

    fn find(&self, name: &str) -> Option<&Type> {
        self.types.iter().find(|t| t.name == name)
    }

    /// A field with random arguments and type; sometimes deprecated or with a directive.
    fn field(&self, rng: &mut StdRng, pools: &Pools, name: &str) -> Field {
        let args = ["x", "y"][..rng.gen_range(0..3)]
            .iter()
            .map(|a| {
                let ty = pools.input_ref(rng);
                let default = rng.gen_bool(0.25).then(|| self.value(rng, &ty, 0));
                InputValue {
                    name: a.to_string(),
                    ty,
                    default,
                    deprecated: rng.gen_bool(0.02),
                }
            })
            .collect();
        let mut applied = Vec::new();
        if rng.gen_bool(0.15) {
            if let Some(d) = self.directives.choose(rng) {
                let mut given = Vec::new();
                for a in &d.args {
                    if rng.gen_bool(0.8) {
                        given.push(format!("{}: {}", a.name, self.value(rng, &a.ty, 0)));
                    }
                }
                if rng.gen_bool(0.05) {
                    given.push("z: 1".to_string());
                }
                let args = if given.is_empty() {
                    String::new()
                } else {
                    format!("({})", given.join(", "))
                };
                applied.push(format!("@{}{args}", d.name));
            }
        }
        Field {
            name: if rng.gen_bool(0.01) {
                format!("__{name}")
            } else {
                name.to_string()
            },
            ty: pools.output_ref(rng),
            args,
            deprecated: rng.gen_bool(0.04),
            applied,
        }
    }

    /// A default value for `ty`: mostly one of its values, sometimes any shape.
    fn value(&self, rng: &mut StdRng, ty: &TypeRef, depth: usize) -> String {
        const SHAPES: [&str; 12] = [
            "null",
            "1",
            "-2",
            "2.5",
            "\"x\"",
            "true",
            "A",
            "[]",
            "{}",
            "[1, null]",
            "{a: 1}",
            "{a: null, b: \"s\"}",
        ];
        if depth > 2 || rng.gen_bool(0.1) {
            return SHAPES.choose(rng).expect("a shape").to_string();
        }
        let mut wrappers = ty.wrappers.as_slice();
        if wrappers.first() == Some(&Wrap::NonNull) {
            wrappers = &wrappers[1..];
        } else if rng.gen_bool(0.1) {
            return "null".into();
        }
        if wrappers.first() == Some(&Wrap::List) {
            let item = TypeRef {
                wrappers: wrappers[1..].to_vec(),
                name: ty.name.clone(),
            };
            if rng.gen_bool(0.3) {
                return self.value(rng, &item, depth + 1);
            }
            let items: Vec<String> = (0..rng.gen_range(0..3))
                .map(|_| self.value(rng, &item, depth + 1))
                .collect();
            return format!("[{}]", items.join(", "));
        }
        match ty.name.as_str() {
            "Int" => ["0", "7", "-3"].choose(rng).expect("an int").to_string(),
            "Float" => ["1.5", "3", "-0.25e2"]
                .choose(rng)
                .expect("a float")
                .to_string(),
            "String" => ["\"s\"", "\"\"", "\"}\\n{\""]
                .choose(rng)
                .expect("a string")
                .to_string(),
            "Boolean" => ["true", "false"]
                .choose(rng)
                .expect("a boolean")
                .to_string(),
            "ID" => ["\"id\"", "4"].choose(rng).expect("an id").to_string(),
            name => match self.find(name).map(|t| &t.kind) {
                Some(Kind::Enum { values }) => values
                    .choose(rng)
                    .map_or_else(|| "A".to_string(), |(v, _)| v.clone()),
                Some(Kind::Input { fields, .. }) => {
                    let mut given = Vec::new();
                    for f in fields {
                        let required = f.ty.is_non_null() && f.default.is_none();
                        if rng.gen_bool(if required { 0.9 } else { 0.4 }) {
                            let value = self.value(rng, &f.ty, depth + 1);
                            given.push(format!("{}: {value}", f.name));
                        }
                    }
                    format!("{{{}}}", given.join(", "))
                }
                _ => SHAPES.choose(rng).expect("a shape").to_string(),
            },
        }
    }

    fn sdl(&self) -> String {
        let mut out = String::new();
        if let Some(roots) = &self.roots {
            let roots: Vec<String> = roots.iter().map(|(op, t)| format!("{op}: {t}")).collect();
            out.push_str(&format!("schema {{ {} }}\n", roots.join(" ")));
        }
        for d in &self.directives {
            out.push_str(&format!(
                "directive @{}{}{} on {}\n",
                d.name,
                sdl_arguments(&d.args),
                if d.repeatable { " repeatable" } else { "" },
                d.locations.join(" | ")
            ));
        }
        for t in &self.types {
            let name = &t.name;
            match &t.kind {
                Kind::Scalar => out.push_str(&format!("scalar {name}\n")),
                Kind::Object { interfaces, fields } | Kind::Interface { interfaces, fields } => {
                    let keyword = if matches!(t.kind, Kind::Object { .. }) {
                        "type"
                    } else {
                        "interface"
                    };
                    out.push_str(&format!("{keyword} {name}"));
                    if !interfaces.is_empty() {
                        out.push_str(&format!(" implements {}", interfaces.join(" & ")));
                    }
                    if !fields.is_empty() {
                        out.push_str(" {\n");
                        for f in fields {
                            out.push_str(&format!(
                                "  {}{}: {}{}",
                                f.name,
                                sdl_arguments(&f.args),
                                f.ty.sdl(),
                                if f.deprecated { " @deprecated" } else { "" }
                            ));
                            for d in &f.applied {
                                out.push_str(&format!(" {d}"));
                            }
                            out.push('\n');
                        }
                        out.push('}');
                    }
                    out.push('\n');
                }
                Kind::Union { members } if members.is_empty() => {
                    out.push_str(&format!("union {name}\n"))
                }
                Kind::Union { members } => {
                    out.push_str(&format!("union {name} = {}\n", members.join(" | ")))
                }
                Kind::Enum { values } if values.is_empty() => {
                    out.push_str(&format!("enum {name}\n"))
                }
                Kind::Enum { values } => {
                    let values: Vec<String> = values
                        .iter()
                        .map(|(v, deprecated)| {
                            format!("{v}{}", if *deprecated { " @deprecated" } else { "" })
                        })
                        .collect();
                    out.push_str(&format!("enum {name} {{ {} }}\n", values.join(" ")));
                }
                Kind::Input { fields, one_of } => {
                    out.push_str(&format!("input {name}"));
                    if *one_of {
                        out.push_str(" @oneOf");
                    }
                    if !fields.is_empty() {
                        let fields: Vec<String> = fields.iter().map(sdl_input_value).collect();
                        out.push_str(&format!(" {{\n  {}\n}}", fields.join("\n  ")));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The standard introspection result (`{"data": {"__schema": ...}}`); applied
    /// directives other than `@deprecated` do not appear, and a field or enum value
    /// defined twice appears once.
    fn introspection(&self) -> Value {
        let reference = |ty: &TypeRef| -> Value {
            let kind = match self.find(&ty.name).map(|t| &t.kind) {
                Some(Kind::Scalar) | None if SPECIFIED_SCALARS.contains(&ty.name.as_str()) => {
                    "SCALAR"
                }
                Some(Kind::Scalar) => "SCALAR",
                Some(Kind::Object { .. }) | None => "OBJECT",
                Some(Kind::Interface { .. }) => "INTERFACE",
                Some(Kind::Union { .. }) => "UNION",
                Some(Kind::Enum { .. }) => "ENUM",
                Some(Kind::Input { .. }) => "INPUT_OBJECT",
            };
            let mut value = json!({ "kind": kind, "name": ty.name, "ofType": null });
            for wrap in ty.wrappers.iter().rev() {
                let kind = match wrap {
                    Wrap::NonNull => "NON_NULL",
                    Wrap::List => "LIST",
                };
                value = json!({ "kind": kind, "name": null, "ofType": value });
            }
            value
        };
        let named = |name: &String| reference(&TypeRef::named(name));
        let input_value = |v: &InputValue| {
            json!({
                "name": v.name, "description": null, "type": reference(&v.ty),
                "defaultValue": v.default, "isDeprecated": v.deprecated,
                "deprecationReason": v.deprecated.then_some("No longer supported"),
            })
        };
        let mut types: Vec<Value> = SPECIFIED_SCALARS
            .iter()
            .map(|s| json!({ "kind": "SCALAR", "name": s, "description": null }))
            .collect();
        for t in &self.types {
            let mut ty = json!({ "name": t.name, "description": null });
            let object = ty.as_object_mut().expect("an object");
            match &t.kind {
                Kind::Scalar => {
                    object.insert("kind".into(), "SCALAR".into());
                }
                Kind::Object { interfaces, fields } | Kind::Interface { interfaces, fields } => {
                    let kind = if matches!(t.kind, Kind::Object { .. }) {
                        "OBJECT"
                    } else {
                        "INTERFACE"
                    };
                    object.insert("kind".into(), kind.into());
                    let mut seen = Vec::new();
                    let fields: Vec<Value> = fields
                        .iter()
                        .filter(|f| {
                            let first = !seen.contains(&f.name);
                            seen.push(f.name.clone());
                            first
                        })
                        .map(|f| {
                            json!({
                                "name": f.name, "description": null,
                                "args": f.args.iter().map(input_value).collect::<Vec<_>>(),
                                "type": reference(&f.ty), "isDeprecated": f.deprecated,
                                "deprecationReason": f.deprecated.then_some("No longer supported"),
                            })
                        })
                        .collect();
                    object.insert("fields".into(), fields.into());
                    let interfaces: Vec<Value> = interfaces.iter().map(named).collect();
                    object.insert("interfaces".into(), interfaces.into());
                }
                Kind::Union { members } => {
                    object.insert("kind".into(), "UNION".into());
                    let members: Vec<Value> = members.iter().map(named).collect();
                    object.insert("possibleTypes".into(), members.into());
                }
                Kind::Enum { values } => {
                    object.insert("kind".into(), "ENUM".into());
                    let mut seen = Vec::new();
                    let values: Vec<Value> = values
                        .iter()
                        .filter(|(v, _)| {
                            let first = !seen.contains(v);
                            seen.push(v.clone());
                            first
                        })
                        .map(|(v, deprecated)| {
                            json!({
                                "name": v, "description": null, "isDeprecated": deprecated,
                                "deprecationReason": deprecated.then_some("No longer supported"),
                            })
                        })
                        .collect();
                    object.insert("enumValues".into(), values.into());
                }
                Kind::Input { fields, one_of } => {
                    object.insert("kind".into(), "INPUT_OBJECT".into());
                    let fields: Vec<Value> = fields.iter().map(input_value).collect();
                    object.insert("inputFields".into(), fields.into());
                    object.insert("isOneOf".into(), (*one_of).into());
                }
            }
            types.push(ty);
        }
        let root = |operation: &str| -> Value {
            let name = match &self.roots {
                Some(roots) => roots
                    .iter()
                    .find(|(op, _)| *op == operation)
                    .map(|(_, t)| t.clone()),
                None => {
                    let default = format!("{}{}", operation[..1].to_uppercase(), &operation[1..]);
                    self.find(&default).map(|_| default)
                }
            };
            name.map_or(Value::Null, |name| json!({ "name": name }))
        };
        let directives: Vec<Value> = self
            .directives
            .iter()
            .map(|d| {
                json!({
                    "name": d.name, "description": null, "isRepeatable": d.repeatable,
                    "locations": d.locations,
                    "args": d.args.iter().map(input_value).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "data": { "__schema": {
            "description": null,
            "queryType": root("query"),
            "mutationType": root("mutation"),
            "subscriptionType": root("subscription"),
            "types": types,
            "directives": directives,
        }}})
    }
}

struct Pools {
    inputs: Vec<String>,
    outputs: Vec<String>,
}

impl Pools {
    fn wrapped(rng: &mut StdRng, name: String) -> TypeRef {
        let mut wrappers = Vec::new();
        for _ in 0..2 {
            match rng.gen_range(0..6) {
                0 | 1 => wrappers.push(Wrap::NonNull),
                2 => wrappers.push(Wrap::List),
                _ => {}
            }
        }
        wrappers.dedup();
        if wrappers.len() == 2 && wrappers[0] == Wrap::NonNull && rng.gen_bool(0.5) {
            // [T!]! and the like.
            wrappers = vec![Wrap::NonNull, Wrap::List, Wrap::NonNull];
        }
        TypeRef { wrappers, name }
    }

    /// An input type, now and then an output type.
    fn input_ref(&self, rng: &mut StdRng) -> TypeRef {
        let pool = if rng.gen_bool(0.03) {
            &self.outputs
        } else {
            &self.inputs
        };
        let name = pool.choose(rng).expect("a type").clone();
        Self::wrapped(rng, name)
    }

    /// An output type, now and then an input type.
    fn output_ref(&self, rng: &mut StdRng) -> TypeRef {
        let pool = if rng.gen_bool(0.03) {
            &self.inputs
        } else {
            &self.outputs
        };
        let name = pool.choose(rng).expect("a type").clone();
        Self::wrapped(rng, name)
    }
}

/// The fields of a type implementing `implements`: each interface field mostly copied,
/// sometimes dropped, retyped (a subtype or another type) or with its arguments changed;
/// then `own`'s fields not already there.
fn implementation_fields(
    rng: &mut StdRng,
    model: &Model,
    pools: &Pools,
    interfaces: &[(String, Vec<Field>, Vec<String>)],
    implements: &[String],
    own: &[Field],
) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for name in implements {
        let Some((_, iface_fields, _)) = interfaces.iter().find(|(n, _, _)| n == name) else {
            continue;
        };
        for iface_field in iface_fields {
            if fields.iter().any(|f| f.name == iface_field.name) {
                continue;
            }
            let mut field = iface_field.clone();
            field.deprecated = field.deprecated || rng.gen_bool(0.02);
            match rng.gen_range(0..80) {
                0 => continue,
                1 => field.ty = pools.output_ref(rng),
                2 if !field.ty.is_non_null() => field.ty.wrappers.insert(0, Wrap::NonNull),
                3 if field.ty.is_non_null() => {
                    field.ty.wrappers.remove(0);
                }
                4 if !field.args.is_empty() => {
                    field.args.pop();
                }
                5 if !field.args.is_empty() => field.args[0].ty = pools.input_ref(rng),
                6 => field.args.push(InputValue {
                    name: "extra".into(),
                    ty: pools.input_ref(rng),
                    default: None,
                    deprecated: false,
                }),
                7 => {
                    // An object implementing the field's interface type, if there is one.
                    if let Some(Kind::Interface { .. }) =
                        model.find(&field.ty.name).map(|t| &t.kind)
                    {
                        field.ty.name = pools.outputs.choose(rng).expect("a type").clone();
                    }
                }
                _ => {}
            }
            fields.push(field);
        }
    }
    for field in own {
        if !fields.iter().any(|f| f.name == field.name) {
            fields.push(field.clone());
        }
    }
    fields
}

fn sdl_input_value(v: &InputValue) -> String {
    let mut text = format!("{}: {}", v.name, v.ty.sdl());
    if let Some(default) = &v.default {
        text.push_str(&format!(" = {default}"));
    }
    if v.deprecated {
        text.push_str(" @deprecated");
    }
    text
}

fn sdl_arguments(args: &[InputValue]) -> String {
    if args.is_empty() {
        return String::new();
    }
    let args: Vec<String> = args.iter().map(sdl_input_value).collect();
    format!("({})", args.join(", "))
}
