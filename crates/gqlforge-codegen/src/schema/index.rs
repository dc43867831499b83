//! `SchemaIndex`: a loaded schema with every name resolved to an id.
//!
//! Both loaders (SDL and introspection JSON) describe types by name in a [`SchemaDraft`];
//! [`SchemaDraft::build`] resolves the names once, adds the introspection types and the
//! built-in directives, and computes the possible types of every abstract type.

use crate::fast_hash::FastMap;
use std::fmt;

use crate::diagnostics::{did_you_mean, suggestion_list, SchemaError, SchemaWarning};
use crate::source::LineColumn;

/// Index of a type in [`SchemaIndex::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// A type reference in the schema: named type wrapped in lists and non-null.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Named(TypeId),
    List(Box<Type>),
    NonNull(Box<Type>),
}

impl Type {
    pub fn named(&self) -> TypeId {
        match self {
            Type::Named(id) => *id,
            Type::List(t) | Type::NonNull(t) => t.named(),
        }
    }

    pub fn is_non_null(&self) -> bool {
        matches!(self, Type::NonNull(_))
    }

    /// The type without its outer non-null, if any.
    pub fn nullable(&self) -> &Type {
        match self {
            Type::NonNull(t) => t,
            t => t,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub description: Option<String>,
    pub kind: TypeKind,
    /// Where it is defined, for SDL schemas.
    pub location: Option<LineColumn>,
    /// `true` for the introspection types (`__Type`, ...) and built-in scalars.
    pub builtin: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Scalar {
        specified_by: Option<String>,
    },
    Object(ObjectLike),
    Interface(ObjectLike),
    Union {
        members: Vec<TypeId>,
    },
    Enum {
        values: Vec<EnumValueDef>,
    },
    InputObject {
        fields: Vec<InputValueDef>,
        one_of: bool,
    },
}

/// Fields of an object or interface type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectLike {
    pub fields: Vec<FieldDef>,
    pub interfaces: Vec<TypeId>,
    /// Indexes into `fields`, sorted by [`name_key`] (the last of equal names first, so
    /// that a name defined twice finds its last definition).
    by_name: Vec<u32>,
}

/// The order of `ObjectLike::by_name`: by length, then by bytes. Most comparisons in a
/// lookup are then settled by the lengths alone.
fn name_key(name: &str) -> (usize, &str) {
    (name.len(), name)
}

impl ObjectLike {
    pub fn new(fields: Vec<FieldDef>, interfaces: Vec<TypeId>) -> ObjectLike {
        let mut by_name: Vec<u32> = (0..fields.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| {
            name_key(&fields[a as usize].name)
                .cmp(&name_key(&fields[b as usize].name))
                .then(b.cmp(&a))
        });
        ObjectLike {
            fields,
            interfaces,
            by_name,
        }
    }

    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        let key = name_key(name);
        let at = self
            .by_name
            .partition_point(|&i| name_key(&self.fields[i as usize].name) < key);
        self.by_name
            .get(at)
            .map(|&i| &self.fields[i as usize])
            .filter(|f| f.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    pub name: String,
    pub description: Option<String>,
    pub arguments: Vec<InputValueDef>,
    pub ty: Type,
    pub deprecation: Option<String>,
    pub location: Option<LineColumn>,
}

impl FieldDef {
    pub fn argument(&self, name: &str) -> Option<&InputValueDef> {
        self.arguments.iter().find(|a| a.name == name)
    }
}

/// An argument or input field.
#[derive(Clone, Debug, PartialEq)]
pub struct InputValueDef {
    pub name: String,
    pub description: Option<String>,
    pub ty: Type,
    /// The default value, printed as GraphQL (`10`, `{first: 1}`, `"x"`).
    pub default_value: Option<String>,
    pub deprecation: Option<String>,
}

impl InputValueDef {
    /// Required: non-null and without a default.
    pub fn is_required(&self) -> bool {
        self.ty.is_non_null() && self.default_value.is_none()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValueDef {
    pub name: String,
    pub description: Option<String>,
    pub deprecation: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DirectiveDef {
    pub name: String,
    pub description: Option<String>,
    pub arguments: Vec<InputValueDef>,
    pub repeatable: bool,
    pub locations: Vec<DirectiveLocation>,
    pub builtin: bool,
}

impl DirectiveDef {
    pub fn argument(&self, name: &str) -> Option<&InputValueDef> {
        self.arguments.iter().find(|a| a.name == name)
    }
}

/// Where a directive may appear (the spec's `DirectiveLocation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectiveLocation {
    Query,
    Mutation,
    Subscription,
    Field,
    FragmentDefinition,
    FragmentSpread,
    InlineFragment,
    VariableDefinition,
    Schema,
    Scalar,
    Object,
    FieldDefinition,
    ArgumentDefinition,
    Interface,
    Union,
    Enum,
    EnumValue,
    InputObject,
    InputFieldDefinition,
    DirectiveDefinition,
}

impl DirectiveLocation {
    pub const ALL: [DirectiveLocation; 20] = [
        DirectiveLocation::Query,
        DirectiveLocation::Mutation,
        DirectiveLocation::Subscription,
        DirectiveLocation::Field,
        DirectiveLocation::FragmentDefinition,
        DirectiveLocation::FragmentSpread,
        DirectiveLocation::InlineFragment,
        DirectiveLocation::VariableDefinition,
        DirectiveLocation::Schema,
        DirectiveLocation::Scalar,
        DirectiveLocation::Object,
        DirectiveLocation::FieldDefinition,
        DirectiveLocation::ArgumentDefinition,
        DirectiveLocation::Interface,
        DirectiveLocation::Union,
        DirectiveLocation::Enum,
        DirectiveLocation::EnumValue,
        DirectiveLocation::InputObject,
        DirectiveLocation::InputFieldDefinition,
        DirectiveLocation::DirectiveDefinition,
    ];

    /// The spec's spelling: `FIELD_DEFINITION`.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveLocation::Query => "QUERY",
            DirectiveLocation::Mutation => "MUTATION",
            DirectiveLocation::Subscription => "SUBSCRIPTION",
            DirectiveLocation::Field => "FIELD",
            DirectiveLocation::FragmentDefinition => "FRAGMENT_DEFINITION",
            DirectiveLocation::FragmentSpread => "FRAGMENT_SPREAD",
            DirectiveLocation::InlineFragment => "INLINE_FRAGMENT",
            DirectiveLocation::VariableDefinition => "VARIABLE_DEFINITION",
            DirectiveLocation::Schema => "SCHEMA",
            DirectiveLocation::Scalar => "SCALAR",
            DirectiveLocation::Object => "OBJECT",
            DirectiveLocation::FieldDefinition => "FIELD_DEFINITION",
            DirectiveLocation::ArgumentDefinition => "ARGUMENT_DEFINITION",
            DirectiveLocation::Interface => "INTERFACE",
            DirectiveLocation::Union => "UNION",
            DirectiveLocation::Enum => "ENUM",
            DirectiveLocation::EnumValue => "ENUM_VALUE",
            DirectiveLocation::InputObject => "INPUT_OBJECT",
            DirectiveLocation::InputFieldDefinition => "INPUT_FIELD_DEFINITION",
            DirectiveLocation::DirectiveDefinition => "DIRECTIVE_DEFINITION",
        }
    }

    pub fn parse(s: &str) -> Option<DirectiveLocation> {
        DirectiveLocation::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// A loaded schema. Built once, then only read.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaIndex {
    pub description: Option<String>,
    types: Vec<TypeDef>,
    type_ids: FastMap<String, TypeId>,
    directives: Vec<DirectiveDef>,
    query_type: Option<TypeId>,
    mutation_type: Option<TypeId>,
    subscription_type: Option<TypeId>,
    /// For every abstract type: its possible object types, in schema order.
    possible_types: FastMap<TypeId, Vec<TypeId>>,
    /// For every interface: the interfaces implementing it.
    interface_implementations: FastMap<TypeId, Vec<TypeId>>,
    meta_fields: MetaFields,
    /// `Type::Named(id)` for every id, so that a named type can be lent as `&Type`.
    named_types: Vec<Type>,
}

#[derive(Clone, Debug, PartialEq)]
struct MetaFields {
    typename: FieldDef,
    schema: FieldDef,
    type_: FieldDef,
}

impl SchemaIndex {
    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        (0..self.types.len() as u32).map(TypeId)
    }

    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// `Type::Named(id)`, borrowed from the index.
    pub fn named_type(&self, id: TypeId) -> &Type {
        &self.named_types[id.0 as usize]
    }

    pub fn type_name(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize].name
    }

    pub fn type_by_name(&self, name: &str) -> Option<TypeId> {
        self.type_ids.get(name).copied()
    }

    pub fn directives(&self) -> &[DirectiveDef] {
        &self.directives
    }

    pub fn directive(&self, name: &str) -> Option<&DirectiveDef> {
        self.directives.iter().find(|d| d.name == name)
    }

    pub fn query_type(&self) -> Option<TypeId> {
        self.query_type
    }

    pub fn mutation_type(&self) -> Option<TypeId> {
        self.mutation_type
    }

    pub fn subscription_type(&self) -> Option<TypeId> {
        self.subscription_type
    }

    pub fn root_type(&self, kind: crate::document::OperationKind) -> Option<TypeId> {
        use crate::document::OperationKind::*;
        match kind {
            Query => self.query_type,
            Mutation => self.mutation_type,
            Subscription => self.subscription_type,
        }
    }

    /// The fields of an object or interface type (not counting meta-fields).
    pub fn fields(&self, id: TypeId) -> &[FieldDef] {
        match &self.ty(id).kind {
            TypeKind::Object(o) | TypeKind::Interface(o) => &o.fields,
            _ => &[],
        }
    }

    /// A field of a composite type, including the meta-fields `__typename` (every composite
    /// type) and `__schema` / `__type` (the query root), as graphql-js's `getFieldDef`.
    pub fn field(&self, parent: TypeId, name: &str) -> Option<&FieldDef> {
        if name.starts_with("__") {
            match name {
                "__typename" if self.is_composite(parent) => {
                    return Some(&self.meta_fields.typename)
                }
                "__schema" if Some(parent) == self.query_type => {
                    return Some(&self.meta_fields.schema)
                }
                "__type" if Some(parent) == self.query_type => {
                    return Some(&self.meta_fields.type_)
                }
                _ => {}
            }
        }
        match &self.ty(parent).kind {
            TypeKind::Object(o) | TypeKind::Interface(o) => o.field(name),
            _ => None,
        }
    }

    /// Is this one of the meta-fields `__typename`, `__schema`, `__type` (which graphql-js
    /// prints as `<meta>.__type`, having no parent type)?
    pub fn is_meta_field(&self, field: &FieldDef) -> bool {
        let m = &self.meta_fields;
        [&m.typename, &m.schema, &m.type_]
            .into_iter()
            .any(|meta| std::ptr::eq(meta, field))
    }

    /// The interfaces an object or interface type declares.
    pub fn interfaces(&self, id: TypeId) -> &[TypeId] {
        match &self.ty(id).kind {
            TypeKind::Object(o) | TypeKind::Interface(o) => &o.interfaces,
            _ => &[],
        }
    }

    pub fn input_fields(&self, id: TypeId) -> &[InputValueDef] {
        match &self.ty(id).kind {
            TypeKind::InputObject { fields, .. } => fields,
            _ => &[],
        }
    }

    pub fn enum_values(&self, id: TypeId) -> &[EnumValueDef] {
        match &self.ty(id).kind {
            TypeKind::Enum { values } => values,
            _ => &[],
        }
    }

    /// The object types a value of an abstract type can have; `[id]` for an object type.
    pub fn possible_types(&self, abstract_ty: TypeId) -> &[TypeId] {
        self.possible_types
            .get(&abstract_ty)
            .map_or(&[], |v| v.as_slice())
    }

    /// Interfaces that implement `interface`.
    pub fn interface_implementations(&self, interface: TypeId) -> &[TypeId] {
        self.interface_implementations
            .get(&interface)
            .map_or(&[], |v| v.as_slice())
    }

    pub fn is_object(&self, id: TypeId) -> bool {
        matches!(self.ty(id).kind, TypeKind::Object(_))
    }

    pub fn is_interface(&self, id: TypeId) -> bool {
        matches!(self.ty(id).kind, TypeKind::Interface(_))
    }

    pub fn is_union(&self, id: TypeId) -> bool {
        matches!(self.ty(id).kind, TypeKind::Union { .. })
    }

    pub fn is_abstract(&self, id: TypeId) -> bool {
        self.is_interface(id) || self.is_union(id)
    }

    /// Object, interface or union.
    pub fn is_composite(&self, id: TypeId) -> bool {
        self.is_object(id) || self.is_abstract(id)
    }

    /// Scalar or enum.
    pub fn is_leaf(&self, id: TypeId) -> bool {
        matches!(
            self.ty(id).kind,
            TypeKind::Scalar { .. } | TypeKind::Enum { .. }
        )
    }

    /// Scalar, enum or input object.
    pub fn is_input(&self, id: TypeId) -> bool {
        self.is_leaf(id) || matches!(self.ty(id).kind, TypeKind::InputObject { .. })
    }

    pub fn is_input_type(&self, ty: &Type) -> bool {
        self.is_input(ty.named())
    }

    /// Is `maybe_sub` a possible type of, or an interface implementing, `abstract_ty`?
    pub fn is_sub_type(&self, abstract_ty: TypeId, maybe_sub: TypeId) -> bool {
        if self.is_union(abstract_ty) {
            return self.is_object(maybe_sub)
                && self.possible_types(abstract_ty).contains(&maybe_sub);
        }
        if self.is_interface(abstract_ty) {
            return if self.is_interface(maybe_sub) {
                self.interface_implementations(abstract_ty)
                    .contains(&maybe_sub)
            } else {
                self.is_object(maybe_sub) && self.possible_types(abstract_ty).contains(&maybe_sub)
            };
        }
        false
    }

    /// Could a value be of both types? (graphql-js `doTypesOverlap`.)
    pub fn types_overlap(&self, a: TypeId, b: TypeId) -> bool {
        if a == b {
            return true;
        }
        match (self.is_abstract(a), self.is_abstract(b)) {
            (true, true) => {
                let pb = self.possible_types(b);
                self.possible_types(a).iter().any(|t| pb.contains(t))
            }
            (true, false) => self.is_sub_type(a, b),
            (false, true) => self.is_sub_type(b, a),
            (false, false) => false,
        }
    }

    /// Can a value of type `maybe_sub` be used where `super_ty` is expected?
    /// (graphql-js `isTypeSubTypeOf`.)
    pub fn is_type_sub_type_of(&self, maybe_sub: &Type, super_ty: &Type) -> bool {
        match (maybe_sub, super_ty) {
            (Type::NonNull(a), Type::NonNull(b)) => self.is_type_sub_type_of(a, b),
            (Type::NonNull(a), b) => self.is_type_sub_type_of(a, b),
            (_, Type::NonNull(_)) => false,
            (Type::List(a), Type::List(b)) => self.is_type_sub_type_of(a, b),
            (Type::List(_), _) | (_, Type::List(_)) => false,
            (Type::Named(a), Type::Named(b)) => {
                a == b || (self.is_abstract(*b) && self.is_sub_type(*b, *a))
            }
        }
    }

    /// Prints a type as GraphQL writes it: `[String!]!`.
    pub fn display<'a>(&'a self, ty: &'a Type) -> impl fmt::Display + 'a {
        DisplayType { schema: self, ty }
    }
}

struct DisplayType<'a> {
    schema: &'a SchemaIndex,
    ty: &'a Type,
}

impl fmt::Display for DisplayType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            Type::Named(id) => f.write_str(self.schema.type_name(*id)),
            Type::List(t) => write!(f, "[{}]", self.schema.display(t)),
            Type::NonNull(t) => write!(f, "{}!", self.schema.display(t)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Drafts: what the loaders produce, names not yet resolved.

/// A type reference by name, as a loader reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRefDraft {
    Named(String),
    List(Box<TypeRefDraft>),
    NonNull(Box<TypeRefDraft>),
}

impl fmt::Display for TypeRefDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRefDraft::Named(n) => f.write_str(n),
            TypeRefDraft::List(t) => write!(f, "[{t}]"),
            TypeRefDraft::NonNull(t) => write!(f, "{t}!"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDraft {
    pub name: String,
    pub description: Option<String>,
    pub kind: TypeKindDraft,
    pub location: Option<LineColumn>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKindDraft {
    Scalar {
        specified_by: Option<String>,
    },
    Object {
        fields: Vec<FieldDraft>,
        interfaces: Vec<String>,
    },
    Interface {
        fields: Vec<FieldDraft>,
        interfaces: Vec<String>,
    },
    Union {
        members: Vec<String>,
    },
    Enum {
        values: Vec<EnumValueDef>,
    },
    InputObject {
        fields: Vec<InputValueDraft>,
        one_of: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDraft {
    pub name: String,
    pub description: Option<String>,
    pub arguments: Vec<InputValueDraft>,
    pub ty: TypeRefDraft,
    pub deprecation: Option<String>,
    pub location: Option<LineColumn>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InputValueDraft {
    pub name: String,
    pub description: Option<String>,
    pub ty: TypeRefDraft,
    pub default_value: Option<String>,
    pub deprecation: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DirectiveDraft {
    pub name: String,
    pub description: Option<String>,
    pub arguments: Vec<InputValueDraft>,
    pub repeatable: bool,
    pub locations: Vec<DirectiveLocation>,
}

/// A schema described by names. Loaders fill it; [`SchemaDraft::build`] resolves it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaDraft {
    pub description: Option<String>,
    pub types: Vec<TypeDraft>,
    pub directives: Vec<DirectiveDraft>,
    /// Explicit root operation type names; `None` → the default name (`Query`, ...) if defined,
    /// unless `explicit_roots`.
    pub query: Option<String>,
    pub mutation: Option<String>,
    pub subscription: Option<String>,
    /// The schema names its roots (an SDL `schema { }` definition, an introspection result):
    /// a root it does not name is absent, even if a type has the default name.
    pub explicit_roots: bool,
    /// The default values are known to be GraphQL values (the SDL loader printed them from
    /// what it parsed); otherwise (an introspection result: text from a server)
    /// [`SchemaDraft::build`] parses each.
    pub default_values_parsed: bool,
}

const BUILTIN_SCALARS: [(&str, &str); 5] = [
    ("Int", "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1."),
    ("Float", "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point)."),
    ("String", "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text."),
    ("Boolean", "The `Boolean` scalar type represents `true` or `false`."),
    ("ID", "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID."),
];

/// `Int`, `Float`, `String`, `Boolean` or `ID`.
pub(crate) fn is_specified_scalar(name: &str) -> bool {
    BUILTIN_SCALARS.iter().any(|(n, _)| *n == name)
}

impl SchemaDraft {
    /// Which of [`BUILTIN_SCALARS`] the schema refers to: fields, arguments, input fields,
    /// and (though it is then invalid) root types, union members and interfaces.
    fn referenced_builtin_scalars(&self) -> [bool; BUILTIN_SCALARS.len()] {
        fn named(r: &TypeRefDraft) -> &str {
            match r {
                TypeRefDraft::Named(n) => n,
                TypeRefDraft::List(t) | TypeRefDraft::NonNull(t) => named(t),
            }
        }
        let mut referenced = [false; BUILTIN_SCALARS.len()];
        let mut mark_name = |name: &str| {
            if let Some(i) = BUILTIN_SCALARS.iter().position(|(n, _)| *n == name) {
                referenced[i] = true;
            }
        };
        for root in [&self.query, &self.mutation, &self.subscription] {
            root.as_deref().into_iter().for_each(&mut mark_name);
        }
        for t in &self.types {
            match &t.kind {
                TypeKindDraft::Union { members } => {
                    members.iter().for_each(|m| mark_name(m));
                }
                TypeKindDraft::Object { fields, interfaces }
                | TypeKindDraft::Interface { fields, interfaces } => {
                    interfaces.iter().for_each(|i| mark_name(i));
                    for f in fields {
                        mark_name(named(&f.ty));
                        f.arguments.iter().for_each(|a| mark_name(named(&a.ty)));
                    }
                }
                TypeKindDraft::InputObject { fields, .. } => {
                    fields.iter().for_each(|f| mark_name(named(&f.ty)));
                }
                _ => {}
            }
        }
        for d in &self.directives {
            d.arguments.iter().for_each(|a| mark_name(named(&a.ty)));
        }
        referenced
    }

    /// Every name is a GraphQL name (`/[_A-Za-z][_0-9A-Za-z]*/`), as graphql-js's
    /// `assertName` requires of a built schema. SDL names always are (the lexer reads no
    /// other); an introspection result is text from a server, and its names become Rust
    /// identifiers in generated code.
    fn check_names(&self) -> Result<(), SchemaError> {
        let parse_defaults = !self.default_values_parsed;
        fn check(name: &str, what: &dyn Fn() -> String) -> Result<(), SchemaError> {
            let problem = match name.as_bytes().first() {
                None => Some("Expected name to be a non-empty string.".to_string()),
                Some(b) if !(b.is_ascii_alphabetic() || *b == b'_') => Some(format!(
                    "Names must start with [_a-zA-Z] but {} does not.",
                    quoted(name)
                )),
                Some(_) if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                    Some(format!(
                        "Names must only contain [_a-zA-Z0-9] but {} does not.",
                        quoted(name)
                    ))
                }
                Some(_) => None,
            };
            match problem {
                None => Ok(()),
                Some(message) => Err(SchemaError::new(message).with_hint(format!(
                    "it is the name of {}; the schema is not valid GraphQL: fix the server's \
                     schema, or the introspection result, before generating code from it",
                    what()
                ))),
            }
        }
        /// The name as JSON writes it: quotes, and escapes for what cannot be shown.
        fn quoted(name: &str) -> String {
            serde_json::to_string(name).unwrap_or_else(|_| format!("{name:?}"))
        }
        let inputs = |owner: &str, values: &[InputValueDraft]| -> Result<(), SchemaError> {
            for v in values {
                check(&v.name, &|| {
                    format!("an argument or input field of {}", quoted(owner))
                })?;
                if let Some(text) = v.default_value.as_ref().filter(|_| parse_defaults) {
                    super::validate::parse_default(text).map_err(|problem| {
                        SchemaError::new(problem).with_hint(format!(
                            "it is the default value of {}, {}: an introspection result's \
                             `defaultValue` is one GraphQL value as text (`10`, `\"x\"`, \
                             `{{ a: 1 }}`); fix the server's schema or the file",
                            quoted(&format!("{owner}.{}", v.name)),
                            quoted(text)
                        ))
                    })?;
                }
            }
            Ok(())
        };
        for t in &self.types {
            check(&t.name, &|| "a type".to_string())?;
            match &t.kind {
                TypeKindDraft::Object { fields, .. } | TypeKindDraft::Interface { fields, .. } => {
                    for f in fields {
                        check(&f.name, &|| format!("a field of {}", quoted(&t.name)))?;
                        inputs(&format!("{}.{}", t.name, f.name), &f.arguments)?;
                    }
                }
                TypeKindDraft::Enum { values } => {
                    for v in values {
                        check(&v.name, &|| format!("a value of {}", quoted(&t.name)))?;
                        // graphql-js's `assertEnumValueName`: a value could not be told
                        // from a Boolean or null in a document.
                        if matches!(v.name.as_str(), "true" | "false" | "null") {
                            return Err(SchemaError::new(format!(
                                "Enum values cannot be named: {}",
                                v.name
                            ))
                            .with_hint(format!(
                                "it is a value of {}: rename the value in the server's schema",
                                quoted(&t.name)
                            )));
                        }
                    }
                }
                TypeKindDraft::InputObject { fields, .. } => inputs(&t.name, fields)?,
                TypeKindDraft::Scalar { .. } | TypeKindDraft::Union { .. } => {}
            }
        }
        for d in &self.directives {
            check(&d.name, &|| "a directive".to_string())?;
            inputs(&format!("@{}", d.name), &d.arguments)?;
        }
        Ok(())
    }

    /// Resolves every name, then checks the schema as graphql-js's `validateSchema` does
    /// (the module `schema::validate`). Errors name the type or field at fault; the
    /// warnings are the rules real schemas break harmlessly.
    pub fn build(mut self) -> Result<(SchemaIndex, Vec<SchemaWarning>), SchemaError> {
        self.check_names()?;
        // The spec's scalars as graphql-js has them: `String` and `Boolean` always (the
        // introspection types and `@include` use them), `Int`, `Float` and `ID` only when
        // the schema refers to them; an operation naming another is an unknown type.
        let referenced = self.referenced_builtin_scalars();
        let missing: Vec<(&str, &str)> = BUILTIN_SCALARS
            .into_iter()
            .zip(referenced)
            .filter(|&((name, _), referenced)| {
                (matches!(name, "String" | "Boolean") || referenced)
                    && !self.types.iter().any(|t| t.name == name)
            })
            .map(|(scalar, _)| scalar)
            .collect();
        for (name, description) in missing {
            self.types.push(TypeDraft {
                name: name.to_string(),
                description: Some(description.to_string()),
                kind: TypeKindDraft::Scalar { specified_by: None },
                location: None,
            });
        }
        let user_types = self.types.len();
        for t in super::builtins::introspection_types() {
            if !self.types.iter().any(|u| u.name == t.name) {
                self.types.push(t.clone());
            }
        }
        for d in super::builtins::builtin_directives() {
            if !self.directives.iter().any(|u| u.name == d.name) {
                self.directives.push(d.clone());
            }
        }

        let mut type_ids = FastMap::with_capacity_and_hasher(self.types.len(), Default::default());
        for (i, t) in self.types.iter().enumerate() {
            if type_ids.insert(t.name.clone(), TypeId(i as u32)).is_some() {
                return Err(SchemaError::new(format!(
                    "There can be only one type named \"{}\".",
                    t.name
                ))
                .at(t.location));
            }
        }

        // Owners (`"Type.field"`, ...) are only written out for an error.
        let resolve = |r: &TypeRefDraft, owner: &dyn Fn() -> String| -> Result<Type, SchemaError> {
            fn go(r: &TypeRefDraft, ids: &FastMap<String, TypeId>) -> Result<Type, String> {
                Ok(match r {
                    TypeRefDraft::Named(n) => {
                        Type::Named(*ids.get(n.as_str()).ok_or_else(|| n.clone())?)
                    }
                    TypeRefDraft::List(t) => Type::List(Box::new(go(t, ids)?)),
                    TypeRefDraft::NonNull(t) => Type::NonNull(Box::new(go(t, ids)?)),
                })
            }
            go(r, &type_ids).map_err(|unknown| unknown_type(&unknown, &owner(), &type_ids))
        };
        let resolve_name = |n: &str, owner: &dyn Fn() -> String| -> Result<TypeId, SchemaError> {
            type_ids
                .get(n)
                .copied()
                .ok_or_else(|| unknown_type(n, &owner(), &type_ids))
        };
        let resolve_inputs = |inputs: Vec<InputValueDraft>,
                              owner: &dyn Fn() -> String|
         -> Result<Vec<InputValueDef>, SchemaError> {
            inputs
                .into_iter()
                .map(|a| {
                    Ok(InputValueDef {
                        ty: resolve(&a.ty, &|| format!("{}({}:)", owner(), a.name))?,
                        name: a.name,
                        description: a.description,
                        default_value: a.default_value,
                        deprecation: a.deprecation,
                    })
                })
                .collect()
        };
        let resolve_fields =
            |type_name: &str, fields: Vec<FieldDraft>| -> Result<Vec<FieldDef>, SchemaError> {
                fields
                    .into_iter()
                    .map(|f| {
                        let owner = || format!("\"{type_name}.{}\"", f.name);
                        Ok(FieldDef {
                            arguments: resolve_inputs(f.arguments, &owner)
                                .map_err(|e| e.at(f.location))?,
                            ty: resolve(&f.ty, &owner).map_err(|e| e.at(f.location))?,
                            name: f.name,
                            description: f.description,
                            deprecation: f.deprecation,
                            location: f.location,
                        })
                    })
                    .collect()
            };

        let mut types = Vec::with_capacity(self.types.len());
        for (i, t) in std::mem::take(&mut self.types).into_iter().enumerate() {
            let owner = || format!("\"{}\"", t.name);
            let is_object = matches!(t.kind, TypeKindDraft::Object { .. });
            let kind = match t.kind {
                TypeKindDraft::Scalar { specified_by } => TypeKind::Scalar { specified_by },
                TypeKindDraft::Object { fields, interfaces }
                | TypeKindDraft::Interface { fields, interfaces } => {
                    let interfaces = interfaces
                        .iter()
                        .map(|n| resolve_name(n, &owner).map_err(|e| e.at(t.location)))
                        .collect::<Result<Vec<_>, _>>()?;
                    let o = ObjectLike::new(resolve_fields(&t.name, fields)?, interfaces);
                    if is_object {
                        TypeKind::Object(o)
                    } else {
                        TypeKind::Interface(o)
                    }
                }
                TypeKindDraft::Union { members } => TypeKind::Union {
                    members: members
                        .iter()
                        .map(|n| resolve_name(n, &owner).map_err(|e| e.at(t.location)))
                        .collect::<Result<_, _>>()?,
                },
                TypeKindDraft::Enum { values } => TypeKind::Enum { values },
                TypeKindDraft::InputObject { fields, one_of } => TypeKind::InputObject {
                    fields: resolve_inputs(fields, &owner).map_err(|e| e.at(t.location))?,
                    one_of,
                },
            };
            types.push(TypeDef {
                builtin: i >= user_types || is_specified_scalar(&t.name),
                name: t.name,
                description: t.description,
                kind,
                location: t.location,
            });
        }

        let mut directives = Vec::with_capacity(self.directives.len());
        for d in std::mem::take(&mut self.directives) {
            let builtin = super::builtins::BUILTIN_DIRECTIVE_NAMES.contains(&d.name.as_str());
            directives.push(DirectiveDef {
                arguments: resolve_inputs(d.arguments, &|| format!("\"@{}\"", d.name))?,
                name: d.name,
                description: d.description,
                repeatable: d.repeatable,
                locations: d.locations,
                builtin,
            });
        }

        let root =
            |explicit: &Option<String>, default: &str| -> Result<Option<TypeId>, SchemaError> {
                match explicit {
                    Some(n) => resolve_name(n, &|| "the schema definition".to_string()).map(Some),
                    None if self.explicit_roots => Ok(None),
                    None => Ok(type_ids.get(default).copied()),
                }
            };
        let query_type = root(&self.query, "Query")?;
        let mutation_type = root(&self.mutation, "Mutation")?;
        let subscription_type = root(&self.subscription, "Subscription")?;

        let mut possible_types: FastMap<TypeId, Vec<TypeId>> = FastMap::default();
        let mut interface_implementations: FastMap<TypeId, Vec<TypeId>> = FastMap::default();
        for (i, t) in types.iter().enumerate() {
            let id = TypeId(i as u32);
            match &t.kind {
                TypeKind::Union { members } => {
                    possible_types.insert(id, members.clone());
                }
                TypeKind::Interface(o) => {
                    possible_types.entry(id).or_default();
                    for &iface in &o.interfaces {
                        interface_implementations.entry(iface).or_default().push(id);
                    }
                }
                TypeKind::Object(o) => {
                    possible_types.insert(id, vec![id]);
                    for &iface in &o.interfaces {
                        possible_types.entry(iface).or_default().push(id);
                    }
                }
                _ => {}
            }
        }

        let named = |n: &str| -> Result<Type, SchemaError> {
            resolve_name(n, &|| "the introspection meta-fields".to_string()).map(Type::Named)
        };
        let non_null = |t: Type| Type::NonNull(Box::new(t));
        let meta_fields = MetaFields {
            typename: FieldDef {
                name: "__typename".into(),
                description: Some("The name of the current Object type at runtime.".into()),
                arguments: vec![],
                ty: non_null(named("String")?),
                deprecation: None,
                location: None,
            },
            schema: FieldDef {
                name: "__schema".into(),
                description: Some("Access the current type schema of this server.".into()),
                arguments: vec![],
                ty: non_null(named("__Schema")?),
                deprecation: None,
                location: None,
            },
            type_: FieldDef {
                name: "__type".into(),
                description: Some("Request the type information of a single type.".into()),
                arguments: vec![InputValueDef {
                    name: "name".into(),
                    description: None,
                    ty: non_null(named("String")?),
                    default_value: None,
                    deprecation: None,
                }],
                ty: named("__Type")?,
                deprecation: None,
                location: None,
            },
        };

        let types_len = types.len();
        let schema = SchemaIndex {
            description: self.description,
            types,
            type_ids,
            directives,
            query_type,
            mutation_type,
            subscription_type,
            possible_types,
            interface_implementations,
            meta_fields,
            named_types: (0..types_len as u32)
                .map(|i| Type::Named(TypeId(i)))
                .collect(),
        };
        let warnings = super::validate::validate_schema(&schema)?;
        Ok((schema, warnings))
    }
}

/// `Unknown type "Strin". Did you mean "String"?` (graphql-js's KnownTypeNames, whose
/// suggestions include the spec's scalars), the hint naming what refers to it.
fn unknown_type(name: &str, owner: &str, type_ids: &FastMap<String, TypeId>) -> SchemaError {
    let mut candidates: Vec<&str> = type_ids.keys().map(String::as_str).collect();
    for (scalar, _) in BUILTIN_SCALARS {
        if !type_ids.contains_key(scalar) {
            candidates.push(scalar);
        }
    }
    let suggestions = suggestion_list(name, candidates);
    SchemaError::new(format!(
        "Unknown type \"{name}\".{}",
        did_you_mean(None, &suggestions)
    ))
    .with_hint(format!(
        "it is referenced by {owner}: define \"{name}\", or refer to a type the schema defines"
    ))
}
