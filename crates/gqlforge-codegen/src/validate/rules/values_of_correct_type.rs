//! ValuesOfCorrectTypeRule (spec 5.6.1 Values of Correct Type): every literal value can be
//! coerced to the input type expected where it is written.
//!
//! A port of graphql-js 17's `validateInputLiteral` without variable values: each value
//! written as an argument, a variable's default or inside them is checked once, whole,
//! from its outermost node; errors come in the order graphql-js finds them (an input
//! object's fields in schema order, then its unknown fields, then the `@oneOf` rule).
//! Scalars are checked as graphql-js's built-in `coerceInputLiteral`s do (`Int` within 32
//! bits, `Float` from any number, `ID` from a string or an integer); custom scalars, built
//! from SDL, accept any literal.

use crate::diagnostics::{did_you_mean, suggestion_list};
use crate::document::{print_value, ObjectField, Value, ValueKind};
use crate::schema::{SchemaIndex, Type, TypeId, TypeKind};
use crate::source::Span;
use crate::validate::{Flow, Rule, ValidationContext};

const RULE: &str = "ValuesOfCorrectTypeRule";

#[derive(Default)]
pub(crate) struct ValuesOfCorrectTypeRule;

impl<'a> Rule<'a> for ValuesOfCorrectTypeRule {
    /// The outermost literal of each value is checked with everything inside it; the
    /// nodes inside are then skipped.
    fn enter_value(&mut self, cx: &mut ValidationContext<'a>, value: &'a Value) -> Flow {
        // The type expected for a list is the one around it: the walker has already
        // stepped into the item type.
        let expected = match value.kind {
            ValueKind::Variable(_) => return Flow::Continue,
            ValueKind::List(_) => cx.parent_input_type(),
            _ => cx.input_type(),
        };
        if let Some(ty) = expected {
            for error in check_literal(cx.schema, value, ty) {
                cx.report(RULE, error.message, vec![error.span]);
            }
        }
        Flow::SkipChildren
    }
}

/// What is wrong with a literal: graphql-js's message, the node, and where in the value
/// (graphql-js's `path`: `.field`, `[index]`; empty for the value itself).
pub(crate) struct LiteralError {
    pub message: String,
    pub span: Span,
    pub path: String,
}

/// Checks `value` against `ty` as graphql-js's `validateInputLiteral` does without variable
/// values (variables are left to VariablesInAllowedPositionRule); every error, in
/// graphql-js's order. The schema's default values are checked with it too.
pub(crate) fn check_literal(schema: &SchemaIndex, value: &Value, ty: &Type) -> Vec<LiteralError> {
    let mut check = LiteralCheck {
        schema,
        errors: Vec::new(),
        path: Vec::new(),
    };
    check.check(value, ty);
    check.errors
}

/// One step into a value: an input object's field or a list's item.
enum Step<'v> {
    Field(&'v str),
    Item(usize),
}

/// One check of a literal against a type, collecting errors.
struct LiteralCheck<'s, 'v> {
    schema: &'s SchemaIndex,
    errors: Vec<LiteralError>,
    path: Vec<Step<'v>>,
}

impl<'v> LiteralCheck<'_, 'v> {
    fn report(&mut self, message: String, span: Span) {
        self.report_at(message, span, None);
    }

    /// Reports with one more step than the current path, when `step` is given.
    fn report_at(&mut self, message: String, span: Span, step: Option<&'v str>) {
        let mut path = String::new();
        for s in self.path.iter().chain(step.map(Step::Field).as_ref()) {
            match s {
                Step::Field(name) => {
                    path.push('.');
                    path.push_str(name);
                }
                Step::Item(i) => path.push_str(&format!("[{i}]")),
            }
        }
        self.errors.push(LiteralError {
            message,
            span,
            path,
        });
    }

    /// Checks `value` one step into the current value.
    fn check_at(&mut self, step: Step<'v>, value: &'v Value, ty: &Type) {
        self.path.push(step);
        self.check(value, ty);
        self.path.pop();
    }

    fn check(&mut self, value: &'v Value, ty: &Type) {
        // Variables are checked by VariablesInAllowedPositionRule.
        if matches!(value.kind, ValueKind::Variable(_)) {
            return;
        }
        let schema = self.schema;
        match ty {
            Type::NonNull(inner) => {
                if value.kind == ValueKind::Null {
                    self.report(
                        format!(
                            "Expected value of non-null type \"{}\" not to be null.",
                            schema.display(ty)
                        ),
                        value.span,
                    );
                } else {
                    self.check(value, inner);
                }
            }
            _ if value.kind == ValueKind::Null => {}
            // A single value where a list is expected is coerced to a list of one item.
            Type::List(item) => match &value.kind {
                ValueKind::List(values) => {
                    for (i, v) in values.iter().enumerate() {
                        self.check_at(Step::Item(i), v, item);
                    }
                }
                _ => self.check(value, item),
            },
            Type::Named(id) => match &schema.ty(*id).kind {
                TypeKind::InputObject { one_of, .. } => self.check_object(value, *id, *one_of),
                TypeKind::Enum { .. } => self.check_enum(value, *id),
                TypeKind::Scalar { .. } => self.check_scalar(value, *id),
                // Output types never reach here: the walker only expects input types.
                TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union { .. } => {}
            },
        }
    }

    fn check_object(&mut self, value: &'v Value, id: TypeId, one_of: bool) {
        let schema = self.schema;
        let type_name = schema.type_name(id);
        let ValueKind::Object(fields) = &value.kind else {
            self.report(
                format!(
                    "Expected value of type \"{type_name}\" to be an object, found: {}.",
                    print_value(value)
                ),
                value.span,
            );
            return;
        };
        let definitions = schema.input_fields(id);
        for def in definitions {
            // The last field of a name is the one graphql-js checks.
            match fields.iter().rev().find(|f| f.name.value == def.name) {
                Some(field) => {
                    self.check_at(Step::Field(&field.name.value), &field.value, &def.ty)
                }
                None if def.is_required() => self.report(
                    format!(
                        "Expected value of type \"{type_name}\" to include required field \"{}\", found: {}.",
                        def.name,
                        print_value(value)
                    ),
                    value.span,
                ),
                None => {}
            }
        }
        let mut known_fields = Vec::new();
        for field in fields {
            let name = field.name.value.as_str();
            if definitions.iter().any(|d| d.name == name) {
                known_fields.push(field);
                continue;
            }
            let suggestions = suggestion_list(name, definitions.iter().map(|d| d.name.as_str()));
            let found = if suggestions.is_empty() {
                ", found".to_string()
            } else {
                format!(".{} Found", did_you_mean(None, &suggestions))
            };
            self.report(
                format!(
                    "Expected value of type \"{type_name}\" not to include unknown field \"{name}\"{found}: {}.",
                    print_value(value)
                ),
                field.span,
            );
        }
        if one_of {
            // graphql-js's path names the field when the one field given is null.
            let problem = match known_fields.as_slice() {
                [field] if field.value.kind == ValueKind::Null => {
                    Some(Some(field.name.value.as_str()))
                }
                [_] => None,
                _ => Some(None),
            };
            if let Some(step) = problem {
                self.report_at(
                    format!(
                        "Within OneOf Input Object type \"{type_name}\", exactly one field must \
                         be specified, and the value for that field must be non-null."
                    ),
                    value.span,
                    step,
                );
            }
        }
    }

    fn check_enum(&mut self, value: &Value, id: TypeId) {
        let type_name = self.schema.type_name(id);
        let values = self.schema.enum_values(id);
        if let ValueKind::Enum(name) = &value.kind {
            if values.iter().any(|v| v.name == *name) {
                return;
            }
        }
        let printed = print_leaf(value);
        let message = match &value.kind {
            ValueKind::Enum(_) => {
                format!("Value \"{printed}\" does not exist in \"{type_name}\" enum.")
            }
            _ => format!("Enum \"{type_name}\" cannot represent non-enum value: {printed}."),
        };
        let suggestions = suggestion_list(&printed, values.iter().map(|v| v.name.as_str()));
        self.report(
            format!(
                "{message}{}",
                did_you_mean(Some("the enum value"), &suggestions)
            ),
            value.span,
        );
    }

    /// The spec's scalars coerce literals as graphql-js's `coerceInputLiteral` does; any
    /// other scalar accepts every literal (graphql-js's default `parseLiteral`).
    fn check_scalar(&mut self, value: &Value, id: TypeId) {
        let kind = &value.kind;
        let error = match self.schema.type_name(id) {
            "Int" => match kind {
                ValueKind::Int(text) if fits_in_32_bits(text) => None,
                ValueKind::Int(text) => Some(format!(
                    "Int cannot represent non 32-bit signed integer value: {text}"
                )),
                _ => Some(format!(
                    "Int cannot represent non-integer value: {}",
                    print_leaf(value)
                )),
            },
            "Float" => match kind {
                ValueKind::Int(_) | ValueKind::Float(_) => None,
                _ => Some(format!(
                    "Float cannot represent non numeric value: {}",
                    print_leaf(value)
                )),
            },
            "String" => match kind {
                ValueKind::String { .. } => None,
                _ => Some(format!(
                    "String cannot represent a non string value: {}",
                    print_leaf(value)
                )),
            },
            "Boolean" => match kind {
                ValueKind::Boolean(_) => None,
                _ => Some(format!(
                    "Boolean cannot represent a non boolean value: {}",
                    print_leaf(value)
                )),
            },
            "ID" => match kind {
                ValueKind::String { .. } | ValueKind::Int(_) => None,
                _ => Some(format!(
                    "ID cannot represent a non-string and non-integer value: {}",
                    print_leaf(value)
                )),
            },
            _ => None,
        };
        if let Some(message) = error {
            self.report(message, value.span);
        }
    }
}

/// A literal as graphql-js prints it in a scalar's or enum's error: after its
/// `replaceVariables` without variable values, which makes a variable item `null` and
/// drops an object field whose value is a variable.
fn print_leaf(value: &Value) -> String {
    fn has_variables(value: &Value) -> bool {
        match &value.kind {
            ValueKind::Variable(_) => true,
            ValueKind::List(items) => items.iter().any(has_variables),
            ValueKind::Object(fields) => fields.iter().any(|f| has_variables(&f.value)),
            _ => false,
        }
    }
    fn replace_variables(value: &Value) -> Value {
        let kind = match &value.kind {
            ValueKind::Variable(_) => ValueKind::Null,
            ValueKind::List(items) => {
                ValueKind::List(items.iter().map(replace_variables).collect())
            }
            ValueKind::Object(fields) => ValueKind::Object(
                fields
                    .iter()
                    .filter(|f| !matches!(f.value.kind, ValueKind::Variable(_)))
                    .map(|f| ObjectField {
                        name: f.name.clone(),
                        value: replace_variables(&f.value),
                        span: f.span,
                    })
                    .collect(),
            ),
            other => other.clone(),
        };
        Value {
            kind,
            span: value.span,
        }
    }
    if has_variables(value) {
        print_value(&replace_variables(value))
    } else {
        print_value(value)
    }
}

/// Is an integer literal (`-?(0|[1-9][0-9]*)`) within `Int`'s range, -2^31 to 2^31 - 1?
/// Literals too long for an `i64` are far outside it.
fn fits_in_32_bits(text: &str) -> bool {
    text.parse::<i64>().is_ok_and(|n| i32::try_from(n).is_ok())
}
