//! The rules graphql-js 17's `validateSchema` checks on a built schema, with its messages,
//! run on every schema [`SchemaDraft::build`](super::SchemaDraft::build) makes, SDL or
//! introspection JSON: root types, directives, reserved names, types that define nothing,
//! interfaces implemented correctly (fields, arguments, the interfaces they implement),
//! union members, required arguments and input fields that are deprecated, `@oneOf` input
//! objects, input objects no finite value can fill, default values of the wrong type, and
//! default values that reach themselves.
//!
//! The first error ends the load (graphql-js collects them all; each of ours is one of
//! graphql-js's). One rule is a warning instead: graphql-js 17's "an implementation field
//! may only be deprecated if the interface field is", which real published schemas (GitHub's,
//! Shopify's) break without harm to a client.
//!
//! Every walk whose length the schema controls (chains of input objects, of default values)
//! runs on an explicit stack: no input can overflow the stack, and each type or field is
//! entered once.

use std::fmt::Write as _;

use super::index::{FieldDef, InputValueDef, SchemaIndex, Type, TypeDef, TypeId, TypeKind};
use crate::diagnostics::{SchemaError, SchemaWarning};
use crate::document::{Value, ValueKind};
use crate::fast_hash::FastMap;
use crate::source::LineColumn;

type Checked = Result<(), SchemaError>;

/// Checks `schema`; the warnings are the rules real schemas break harmlessly.
pub(crate) fn validate_schema(schema: &SchemaIndex) -> Result<Vec<SchemaWarning>, SchemaError> {
    let mut check = Check {
        schema,
        warnings: Vec::new(),
    };
    check.root_types()?;
    check.directives()?;
    check.types()?;
    // Last: a schema that is only being written (no query type yet) shows its other errors
    // first.
    if schema.query_type().is_none() {
        return Err(
            SchemaError::new("Query root type must be provided.").with_hint(
                "define a type Query (or name the query type in `schema { query: ... }`): \
             every GraphQL schema has one",
            ),
        );
    }
    non_finite_input_objects(schema)?;
    default_value_cycles(schema)?;
    Ok(check.warnings)
}

fn fail(message: String, at: Option<LineColumn>) -> Checked {
    Err(SchemaError::new(message).at(at))
}

/// graphql-js's `validateName`: `__` begins only the introspection's names.
fn reserved_name(name: &str, at: Option<LineColumn>) -> Checked {
    if name.starts_with("__") {
        return Err(SchemaError::new(format!(
            "Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection."
        ))
        .at(at)
        .with_hint("rename it: names starting with `__` belong to introspection"));
    }
    Ok(())
}

/// `a`, `a and b`, `a, b, and c` (graphql-js's `andList`).
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

struct Check<'s> {
    schema: &'s SchemaIndex,
    warnings: Vec<SchemaWarning>,
}

impl<'s> Check<'s> {
    fn ty(&self, id: TypeId) -> &'s TypeDef {
        self.schema.ty(id)
    }

    fn show(&self, ty: &Type) -> String {
        self.schema.display(ty).to_string()
    }

    fn is_input(&self, ty: &Type) -> bool {
        matches!(
            self.ty(ty.named()).kind,
            TypeKind::Scalar { .. } | TypeKind::Enum { .. } | TypeKind::InputObject { .. }
        )
    }

    fn root_types(&self) -> Checked {
        let schema = self.schema;
        let roots = [
            ("query", schema.query_type()),
            ("mutation", schema.mutation_type()),
            ("subscription", schema.subscription_type()),
        ];
        let mut objects: Vec<(TypeId, Vec<&str>)> = Vec::new();
        for (operation, root) in roots {
            let Some(id) = root else { continue };
            let t = self.ty(id);
            if !schema.is_object(id) {
                let capitalized = format!("{}{}", operation[..1].to_uppercase(), &operation[1..]);
                let provided = if operation == "query" {
                    ""
                } else {
                    " if provided"
                };
                return fail(
                    format!(
                        "{capitalized} root type must be Object type{provided}, it cannot be {}.",
                        t.name
                    ),
                    t.location,
                );
            }
            match objects.iter_mut().find(|(o, _)| *o == id) {
                Some((_, operations)) => operations.push(operation),
                None => objects.push((id, vec![operation])),
            }
        }
        for (id, operations) in objects {
            if operations.len() > 1 {
                let t = self.ty(id);
                return fail(
                    format!(
                        "All root types must be different, \"{}\" type is used as {} root types.",
                        t.name,
                        and_list(&operations)
                    ),
                    t.location,
                );
            }
        }
        Ok(())
    }

    fn directives(&self) -> Checked {
        for d in self.schema.directives() {
            reserved_name(&d.name, None)?;
            if d.locations.is_empty() {
                return fail(
                    format!("Directive @{} must include 1 or more locations.", d.name),
                    None,
                );
            }
            for a in &d.arguments {
                self.input_value("argument", &format!("@{}({}:)", d.name, a.name), a, None)?;
            }
        }
        Ok(())
    }

    /// An argument (`what`: "argument") of a field or directive, or an input field ("input
    /// field"); `owner` as graphql-js prints it (`T.f(a:)`, `@d(a:)`, `I.f`).
    fn input_value(
        &self,
        what: &str,
        owner: &str,
        a: &InputValueDef,
        at: Option<LineColumn>,
    ) -> Checked {
        reserved_name(&a.name, at)?;
        if !self.is_input(&a.ty) {
            return fail(
                format!(
                    "The type of {owner} must be Input Type but got: {}.",
                    self.show(&a.ty)
                ),
                at,
            );
        }
        if a.is_required() && a.deprecation.is_some() {
            return fail(format!("Required {what} {owner} cannot be deprecated."), at);
        }
        self.default_value(owner, a, at)
    }

    /// graphql-js's `validateDefaultValue`: the default value is a value of the type.
    fn default_value(&self, owner: &str, v: &InputValueDef, at: Option<LineColumn>) -> Checked {
        let Some(text) = &v.default_value else {
            return Ok(());
        };
        let value = parse_default(text).map_err(|problem| {
            SchemaError::new(format!(
                "The default value of {owner} is not one GraphQL value: {text:?} ({problem})"
            ))
            .at(at)
        })?;
        let errors = crate::validate::rules::check_literal(self.schema, &value, &v.ty);
        match errors.into_iter().next() {
            None => Ok(()),
            Some(error) => {
                // graphql-js's `printPathArray`: ` at .field[0]`.
                let path = if error.path.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", error.path)
                };
                Err(SchemaError::new(format!(
                    "{owner} has invalid default value{path}: {}",
                    error.message
                ))
                .at(at)
                .with_hint("the default value must be a value of the argument's or field's type"))
            }
        }
    }

    fn types(&mut self) -> Checked {
        let introspection = super::builtins::introspection_types();
        for (i, t) in self.schema.types().iter().enumerate() {
            let id = TypeId(i as u32);
            if !introspection.iter().any(|b| b.name == t.name) {
                reserved_name(&t.name, t.location)?;
            }
            if t.builtin {
                continue;
            }
            match &t.kind {
                TypeKind::Object(o) | TypeKind::Interface(o) => {
                    self.fields(t, &o.fields)?;
                    self.interfaces(id)?;
                }
                TypeKind::Union { members } => self.union_members(t, members)?,
                TypeKind::Enum { values } => {
                    if values.is_empty() {
                        return fail(
                            format!("Enum type {} must define one or more values.", t.name),
                            t.location,
                        );
                    }
                    for v in values {
                        reserved_name(&v.name, t.location)?;
                    }
                }
                TypeKind::InputObject { fields, one_of } => {
                    self.input_fields(t, fields, *one_of)?
                }
                TypeKind::Scalar { .. } => {}
            }
        }
        Ok(())
    }

    fn fields(&self, t: &TypeDef, fields: &[FieldDef]) -> Checked {
        if fields.is_empty() {
            return fail(
                format!("Type {} must define one or more fields.", t.name),
                t.location,
            );
        }
        for f in fields {
            let at = f.location.or(t.location);
            reserved_name(&f.name, at)?;
            if matches!(self.ty(f.ty.named()).kind, TypeKind::InputObject { .. }) {
                return fail(
                    format!(
                        "The type of {}.{} must be Output Type but got: {}.",
                        t.name,
                        f.name,
                        self.show(&f.ty)
                    ),
                    at,
                );
            }
            for a in &f.arguments {
                self.input_value(
                    "argument",
                    &format!("{}.{}({}:)", t.name, f.name, a.name),
                    a,
                    at,
                )?;
            }
        }
        Ok(())
    }

    fn interfaces(&mut self, id: TypeId) -> Checked {
        let t = self.ty(id);
        let interfaces = self.schema.interfaces(id);
        for (k, &iface) in interfaces.iter().enumerate() {
            let i = self.ty(iface);
            if !self.schema.is_interface(iface) {
                return fail(
                    format!(
                        "Type {} must only implement Interface types, it cannot implement {}.",
                        t.name, i.name
                    ),
                    t.location,
                );
            }
            if iface == id {
                return fail(
                    format!(
                        "Type {} cannot implement itself because it would create a circular reference.",
                        t.name
                    ),
                    t.location,
                );
            }
            if interfaces[..k].contains(&iface) {
                return fail(
                    format!("Type {} can only implement {} once.", t.name, i.name),
                    t.location,
                );
            }
            for &transitive in self.schema.interfaces(iface) {
                if !interfaces.contains(&transitive) {
                    let message = if transitive == id {
                        format!(
                            "Type {} cannot implement {} because it would create a circular reference.",
                            t.name, i.name
                        )
                    } else {
                        format!(
                            "Type {} must implement {} because it is implemented by {}.",
                            t.name,
                            self.ty(transitive).name,
                            i.name
                        )
                    };
                    return fail(message, t.location);
                }
            }
            self.implements(t, id, i, iface)?;
        }
        Ok(())
    }

    /// graphql-js's `validateTypeImplementsInterface`.
    fn implements(&mut self, t: &TypeDef, id: TypeId, i: &TypeDef, iface: TypeId) -> Checked {
        let schema = self.schema;
        for interface_field in schema.fields(iface) {
            let Some(field) = schema.field(id, &interface_field.name) else {
                return fail(
                    format!(
                        "Interface field {}.{} expected but {} does not provide it.",
                        i.name, interface_field.name, t.name
                    ),
                    t.location,
                );
            };
            let at = field.location.or(t.location);
            if !schema.is_type_sub_type_of(&field.ty, &interface_field.ty) {
                return fail(
                    format!(
                        "Interface field {}.{} expects type {} but {}.{} is type {}.",
                        i.name,
                        interface_field.name,
                        self.show(&interface_field.ty),
                        t.name,
                        field.name,
                        self.show(&field.ty)
                    ),
                    at,
                );
            }
            for interface_arg in &interface_field.arguments {
                let Some(arg) = field.argument(&interface_arg.name) else {
                    return fail(
                        format!(
                            "Interface field argument {}.{}({}:) expected but {}.{} does not provide it.",
                            i.name, interface_field.name, interface_arg.name, t.name, field.name
                        ),
                        at,
                    );
                };
                if arg.ty != interface_arg.ty {
                    return fail(
                        format!(
                            "Interface field argument {}.{}({}:) expects type {} but {}.{}({}:) is type {}.",
                            i.name,
                            interface_field.name,
                            interface_arg.name,
                            self.show(&interface_arg.ty),
                            t.name,
                            field.name,
                            arg.name,
                            self.show(&arg.ty)
                        ),
                        at,
                    );
                }
            }
            for arg in &field.arguments {
                if arg.is_required() && interface_field.argument(&arg.name).is_none() {
                    return fail(
                        format!(
                            "Argument \"{}.{}({}:)\" must not be required type \"{}\" if not provided by the Interface field \"{}.{}\".",
                            t.name,
                            field.name,
                            arg.name,
                            self.show(&arg.ty),
                            i.name,
                            interface_field.name
                        ),
                        at,
                    );
                }
            }
            if field.deprecation.is_some() && interface_field.deprecation.is_none() {
                self.warnings.push(SchemaWarning {
                    message: format!(
                        "Interface field {}.{} is not deprecated, so implementation field {}.{} \
                         must not be deprecated (graphql-js 17 rejects the schema; the field is \
                         generated as deprecated).",
                        i.name, interface_field.name, t.name, field.name
                    ),
                    file: None,
                    location: at,
                });
            }
        }
        Ok(())
    }

    fn union_members(&self, t: &TypeDef, members: &[TypeId]) -> Checked {
        if members.is_empty() {
            return fail(
                format!(
                    "Union type {} must define one or more member types.",
                    t.name
                ),
                t.location,
            );
        }
        for (k, &m) in members.iter().enumerate() {
            let member = self.ty(m);
            if members[..k].contains(&m) {
                return fail(
                    format!(
                        "Union type {} can only include type {} once.",
                        t.name, member.name
                    ),
                    t.location,
                );
            }
            if !self.schema.is_object(m) {
                return fail(
                    format!(
                        "Union type {} can only include Object types, it cannot include {}.",
                        t.name, member.name
                    ),
                    t.location,
                );
            }
        }
        Ok(())
    }

    fn input_fields(&self, t: &TypeDef, fields: &[InputValueDef], one_of: bool) -> Checked {
        let at = t.location;
        if fields.is_empty() {
            return fail(
                format!(
                    "Input Object type {} must define one or more fields.",
                    t.name
                ),
                at,
            );
        }
        for f in fields {
            let owner = format!("{}.{}", t.name, f.name);
            self.input_value("input field", &owner, f, at)?;
            if one_of && f.ty.is_non_null() {
                return fail(format!("OneOf input field {owner} must be nullable."), at);
            }
            if one_of && f.default_value.is_some() {
                return fail(
                    format!("OneOf input field {owner} cannot have a default value."),
                    at,
                );
            }
        }
        Ok(())
    }
}

/// A default value's text as one constant value (graphql-js's `parseConstValue`).
pub(crate) fn parse_default(text: &str) -> Result<Value, String> {
    crate::document::parse_const_value(text).map_err(|syntax| syntax.message)
}

/// The input objects of the schema, with their fields.
fn input_objects(schema: &SchemaIndex) -> impl Iterator<Item = (TypeId, &[InputValueDef], bool)> {
    schema
        .types()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.kind {
            TypeKind::InputObject { fields, one_of } => {
                Some((TypeId(i as u32), fields.as_slice(), *one_of))
            }
            _ => None,
        })
}

/// graphql-js's `detectInputObjectNonFiniteValues`: every input object can be given a
/// finite value. A plain input object needs each of its non-null input-object fields filled;
/// a `@oneOf` one needs one field it can fill (a field of another type will do). Input objects
/// that can are found from those that need nothing, along a work list; each of the rest lies on
/// or leads to a cycle of fields, the first of which is reported.
fn non_finite_input_objects(schema: &SchemaIndex) -> Checked {
    let n = schema.types().len();
    // For each input object, the (field, target) pairs that must be filled; and for each
    // target, the input objects waiting on it.
    let mut targets: Vec<Vec<(usize, TypeId)>> = vec![Vec::new(); n];
    let mut dependents: Vec<Vec<TypeId>> = vec![Vec::new(); n];
    let mut unresolved = vec![0usize; n];
    let mut finite = vec![false; n];
    let mut work = Vec::new();
    let is_input_object = |id: TypeId| matches!(schema.ty(id).kind, TypeKind::InputObject { .. });
    for (id, fields, one_of) in input_objects(schema) {
        for (k, f) in fields.iter().enumerate() {
            let target = match &f.ty {
                Type::Named(t) if one_of && is_input_object(*t) => Some(*t),
                Type::NonNull(inner) if !one_of => match inner.as_ref() {
                    Type::Named(t) if is_input_object(*t) => Some(*t),
                    _ => None,
                },
                _ => None,
            };
            if let Some(target) = target {
                targets[id.0 as usize].push((k, target));
                dependents[target.0 as usize].push(id);
            }
        }
        let own = &targets[id.0 as usize];
        let free = if one_of {
            fields.is_empty() || own.len() < fields.len()
        } else {
            unresolved[id.0 as usize] = own.len();
            own.is_empty()
        };
        if free {
            finite[id.0 as usize] = true;
            work.push(id);
        }
    }
    while let Some(id) = work.pop() {
        for &dependent in &dependents[id.0 as usize] {
            let d = dependent.0 as usize;
            if finite[d] {
                continue;
            }
            let one_of = matches!(
                schema.ty(dependent).kind,
                TypeKind::InputObject { one_of: true, .. }
            );
            if !one_of {
                unresolved[d] -= 1;
                if unresolved[d] > 0 {
                    continue;
                }
            }
            finite[d] = true;
            work.push(dependent);
        }
    }
    // The first cycle, found as graphql-js's `reportCycleRecursive` finds it, on a stack.
    let mut visited = vec![false; n];
    let mut on_path: FastMap<TypeId, usize> = FastMap::default();
    let mut path: Vec<String> = Vec::new();
    for (start, _, _) in input_objects(schema) {
        if finite[start.0 as usize] || visited[start.0 as usize] {
            continue;
        }
        visited[start.0 as usize] = true;
        on_path.insert(start, 0);
        let mut stack = vec![(start, 0usize)];
        while let Some(frame) = stack.last_mut() {
            let (id, next) = *frame;
            let Some(&(field, target)) = targets[id.0 as usize].get(next) else {
                on_path.remove(&id);
                stack.pop();
                path.pop();
                continue;
            };
            frame.1 += 1;
            if finite[target.0 as usize] {
                continue;
            }
            let name = |id: TypeId| schema.type_name(id);
            let step = format!("{}.{}", name(id), schema.input_fields(id)[field].name);
            if let Some(&index) = on_path.get(&target) {
                path.push(step);
                let t = schema.ty(target);
                return Err(SchemaError::new(format!(
                    "Input Object {} cannot be provided a finite value because it references \
                     itself through fields: {}.",
                    t.name,
                    path[index..].join(", ")
                ))
                .at(t.location)
                .with_hint(
                    "make one field of the cycle nullable (or a list): no value of these types \
                     could ever be written",
                ));
            }
            if visited[target.0 as usize] {
                continue;
            }
            visited[target.0 as usize] = true;
            path.push(step);
            on_path.insert(target, path.len());
            stack.push((target, 0));
        }
    }
    Ok(())
}

/// graphql-js's `validateInputObjectDefaultValueCircularRefs`: filling in default values
/// ends. A field whose default value leaves out a field that has a default value of its own
/// leads to that field; a field that leads back to itself could never be filled in.
///
/// A depth-first search over fields (each entered once) on an explicit stack; the fields a
/// default value leads to are found by walking the value, whose depth the parser bounds.
fn default_value_cycles(schema: &SchemaIndex) -> Checked {
    /// The input-object fields that the value `value` (of input object `id`) leads to:
    /// walked into where the value gives a field, and collected where it does not.
    fn leads_to(
        schema: &SchemaIndex,
        id: TypeId,
        value: Option<&Value>,
        out: &mut Vec<(TypeId, usize)>,
    ) {
        match value.map(|v| &v.kind) {
            Some(ValueKind::List(items)) => {
                for item in items {
                    leads_to(schema, id, Some(item), out);
                }
            }
            None | Some(ValueKind::Object(_)) => {
                let given = match value.map(|v| &v.kind) {
                    Some(ValueKind::Object(fields)) => fields.as_slice(),
                    _ => &[],
                };
                for (k, f) in schema.input_fields(id).iter().enumerate() {
                    let target = f.ty.named();
                    if !matches!(schema.ty(target).kind, TypeKind::InputObject { .. }) {
                        continue;
                    }
                    match given.iter().rev().find(|g| g.name.value == f.name) {
                        Some(g) => leads_to(schema, target, Some(&g.value), out),
                        None => out.push((id, k)),
                    }
                }
            }
            Some(_) => {}
        }
    }
    // The fields a field's default value leads to; `None` for a field without one (or
    // whose default is not a value: reported by the type checks before this runs).
    let next_fields = |(id, k): (TypeId, usize)| -> Option<Vec<(TypeId, usize)>> {
        let f = &schema.input_fields(id)[k];
        let value = parse_default(f.default_value.as_deref()?).ok()?;
        let mut out = Vec::new();
        leads_to(schema, f.ty.named(), Some(&value), &mut out);
        Some(out)
    };
    let field_name = |(id, k): (TypeId, usize)| {
        format!(
            "{}.{}",
            schema.type_name(id),
            schema.input_fields(id)[k].name
        )
    };
    type Field = (TypeId, usize);
    let mut visited: FastMap<Field, ()> = FastMap::default();
    let mut on_path: FastMap<Field, usize> = FastMap::default();
    // Frames: (field, the fields its default leads to, the next of them).
    let mut stack: Vec<(Field, Vec<Field>, usize)> = Vec::new();
    for (id, _, _) in input_objects(schema) {
        let mut roots = Vec::new();
        leads_to(schema, id, None, &mut roots);
        for root in roots {
            let mut entering = Some(root);
            loop {
                if let Some(field) = entering.take() {
                    if let Some(next) = next_fields(field) {
                        if let Some(&index) = on_path.get(&field) {
                            let via: Vec<String> = stack[index + 1..]
                                .iter()
                                .map(|(f, _, _)| field_name(*f))
                                .collect();
                            let mut message = format!(
                                "Invalid circular reference. The default value of Input Object \
                                 field {} references itself",
                                field_name(field)
                            );
                            if !via.is_empty() {
                                let _ = write!(
                                    message,
                                    " via the default values of: {}",
                                    via.join(", ")
                                );
                            }
                            message.push('.');
                            return Err(SchemaError::new(message)
                                .at(schema.ty(field.0).location)
                                .with_hint(
                                    "give one of these fields no default, or a default value \
                                     that sets the field leading on",
                                ));
                        }
                        if visited.insert(field, ()).is_none() {
                            on_path.insert(field, stack.len());
                            stack.push((field, next, 0));
                        }
                    }
                }
                let Some((field, next, i)) = stack.last_mut() else {
                    break;
                };
                match next.get(*i) {
                    Some(&target) => {
                        *i += 1;
                        entering = Some(target);
                    }
                    None => {
                        on_path.remove(field);
                        stack.pop();
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::schema::load_sdl;

    /// The message of the error loading `sdl`, or `None` when it loads.
    fn error(sdl: &str) -> Option<String> {
        load_sdl("s.graphql", sdl).err().map(|e| e.message)
    }

    #[test]
    fn input_objects_that_reach_themselves_through_non_null_fields_are_refused() {
        let two = error("type Query { f(a: A): Int }\ninput A { x: Int b: B! }\ninput B { a: A! }");
        assert_eq!(
            two.as_deref(),
            Some(
                "Input Object A cannot be provided a finite value because it references itself \
                 through fields: A.b, B.a."
            )
        );
        let own = error("type Query { f(a: A): Int }\ninput A { a: A! }");
        assert_eq!(
            own.as_deref(),
            Some(
                "Input Object A cannot be provided a finite value because it references itself \
                 through fields: A.a."
            )
        );
        // Reached from a type outside the cycle: the path starts where the cycle does.
        let inner = error(
            "type Query { f(a: A): Int }\ninput A { b: B! }\ninput B { c: C! }\ninput C { b: B! }",
        );
        assert_eq!(
            inner.as_deref(),
            Some(
                "Input Object B cannot be provided a finite value because it references itself \
                 through fields: B.c, C.b."
            )
        );
        // A @oneOf object needs one field it can fill: here none.
        let one_of =
            error("type Query { f(a: A): Int }\ninput A @oneOf { b: B }\ninput B { a: A! }");
        assert_eq!(
            one_of.as_deref(),
            Some(
                "Input Object A cannot be provided a finite value because it references itself \
                 through fields: A.b, B.a."
            )
        );
    }

    #[test]
    fn a_list_a_nullable_field_or_another_one_of_field_ends_the_chain() {
        for sdl in [
            "type Query { f(a: A): Int }\ninput A { a: [A!]! }",
            "type Query { f(a: A): Int }\ninput A { a: A }",
            "type Query { f(a: A): Int }\ninput A { b: B! }\ninput B { a: A }",
            "type Query { f(a: A): Int }\ninput A @oneOf { b: B x: Int }\ninput B { a: A! }",
            // A diamond is not a cycle.
            "type Query { f(a: A): Int }\ninput A { b: B! c: C! }\ninput B { d: D! }\ninput C { d: D! }\ninput D { x: Int }",
        ] {
            assert_eq!(error(sdl), None, "{sdl}");
        }
    }

    /// Runs `f` on a thread with a small stack: a walk that recursed per type would overflow.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(f)
            .expect("a thread")
            .join()
            .expect("no stack overflow")
    }

    #[test]
    fn a_long_non_null_chain_is_walked_without_recursion() {
        let mut sdl = String::from("type Query { f(a: I0): Int }\n");
        let n = 20_000;
        for i in 0..n {
            sdl.push_str(&format!("input I{i} {{ next: I{}! }}\n", (i + 1) % n));
        }
        let message = on_small_stack(move || error(&sdl)).expect("refused");
        assert!(
            message.starts_with(
                "Input Object I0 cannot be provided a finite value because it references itself \
                 through fields: I0.next, I1.next,"
            ),
            "{}",
            &message[..200.min(message.len())]
        );
        assert!(message.ends_with(&format!("I{}.next.", n - 1)));
    }

    #[test]
    fn a_long_chain_of_default_values_is_walked_without_recursion() {
        let mut sdl = String::from("type Query { f(a: I0): Int }\n");
        let n = 20_000;
        for i in 0..n {
            sdl.push_str(&format!("input I{i} {{ next: I{} = {{}} }}\n", (i + 1) % n));
        }
        let message = on_small_stack(move || error(&sdl)).expect("refused");
        assert!(
            message.starts_with(
                "Invalid circular reference. The default value of Input Object field I0.next \
                 references itself via the default values of: I1.next, I2.next,"
            ),
            "{}",
            &message[..200.min(message.len())]
        );
    }

    #[test]
    fn default_values_that_reach_themselves_are_refused() {
        let cases = [
            (
                "input A { a: A = {} }",
                "Invalid circular reference. The default value of Input Object field A.a \
                 references itself.",
            ),
            (
                "input A { b: B = {} }\ninput B { a: A = {} }",
                "Invalid circular reference. The default value of Input Object field A.b \
                 references itself via the default values of: B.a.",
            ),
            // Through a list and a field the default sets.
            (
                "input A { b: [B] = [{}] }\ninput B { c: C = { a: {} } }\ninput C { a: A }",
                "Invalid circular reference. The default value of Input Object field A.b \
                 references itself via the default values of: B.c.",
            ),
        ];
        for (inputs, expected) in cases {
            let sdl = format!("type Query {{ f(a: A): Int }}\n{inputs}");
            assert_eq!(error(&sdl).as_deref(), Some(expected), "{sdl}");
        }
        // A default that sets the field ends the chain.
        assert_eq!(
            error("type Query { f(a: A): Int }\ninput A { a: A = { a: null } }"),
            None
        );
    }

    #[test]
    fn and_list_reads_as_graphql_js_writes_it() {
        assert_eq!(super::and_list(&["a"]), "a");
        assert_eq!(super::and_list(&["a", "b"]), "a and b");
        assert_eq!(super::and_list(&["a", "b", "c"]), "a, b, and c");
    }
}
