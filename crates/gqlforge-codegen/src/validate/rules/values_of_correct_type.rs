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
use crate::document::{print_value, Value, ValueKind};
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
            let mut check = LiteralCheck {
                schema: cx.schema,
                errors: Vec::new(),
            };
            check.check(value, ty);
            for (message, span) in check.errors {
                cx.report(RULE, message, vec![span]);
            }
        }
        Flow::SkipChildren
    }
}

/// One check of a literal against a type, collecting `(message, span)` errors.
struct LiteralCheck<'s> {
    schema: &'s SchemaIndex,
    errors: Vec<(String, Span)>,
}

impl LiteralCheck<'_> {
    fn report(&mut self, message: String, span: Span) {
        self.errors.push((message, span));
    }

    fn check(&mut self, value: &Value, ty: &Type) {
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
                    for v in values {
                        self.check(v, item);
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

    fn check_object(&mut self, value: &Value, id: TypeId, one_of: bool) {
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
                Some(field) => self.check(&field.value, &def.ty),
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
            let exactly_one_non_null = match known_fields.as_slice() {
                [field] => field.value.kind != ValueKind::Null,
                _ => false,
            };
            if !exactly_one_non_null {
                self.report(
                    format!(
                        "Within OneOf Input Object type \"{type_name}\", exactly one field must \
                         be specified, and the value for that field must be non-null."
                    ),
                    value.span,
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
        let printed = print_value(value);
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
                    print_value(value)
                )),
            },
            "Float" => match kind {
                ValueKind::Int(_) | ValueKind::Float(_) => None,
                _ => Some(format!(
                    "Float cannot represent non numeric value: {}",
                    print_value(value)
                )),
            },
            "String" => match kind {
                ValueKind::String { .. } => None,
                _ => Some(format!(
                    "String cannot represent a non string value: {}",
                    print_value(value)
                )),
            },
            "Boolean" => match kind {
                ValueKind::Boolean(_) => None,
                _ => Some(format!(
                    "Boolean cannot represent a non boolean value: {}",
                    print_value(value)
                )),
            },
            "ID" => match kind {
                ValueKind::String { .. } | ValueKind::Int(_) => None,
                _ => Some(format!(
                    "ID cannot represent a non-string and non-integer value: {}",
                    print_value(value)
                )),
            },
            _ => None,
        };
        if let Some(message) = error {
            self.report(message, value.span);
        }
    }
}

/// Is an integer literal (`-?(0|[1-9][0-9]*)`) within `Int`'s range, -2^31 to 2^31 - 1?
/// Literals too long for an `i64` are far outside it.
fn fits_in_32_bits(text: &str) -> bool {
    text.parse::<i64>().is_ok_and(|n| i32::try_from(n).is_ok())
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};
}
