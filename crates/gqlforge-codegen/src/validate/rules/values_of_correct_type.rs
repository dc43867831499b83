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

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::validate::rules::test_schema::{expect_errors, TEST_SCHEMA};

    /// Custom scalars (which accept any literal), an enum with a default, nested lists.
    const CUSTOM_SCHEMA: &str = r#"
scalar Any
scalar Custom
enum E { A B }
input I { any: Any, list: [Any!]!, e: E = A }
type Query {
  anyArg(arg: Any): String
  customArg(arg: Custom!): String
  inputArg(arg: I): String
  intListArg(arg: [[Int!]]): String
}
"#;

    #[test]
    fn good_int_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: 2)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_negative_int_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: -2)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_boolean_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                booleanArgField(booleanArg: true)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_string_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: "foo")
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_float_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: 1.1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_negative_float_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: -1.1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_into_float() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_into_id() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                idArgField(idArg: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn string_into_id() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                idArgField(idArg: "someIdString")
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn good_enum_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: SIT)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn enum_with_undefined_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                enumArgField(enumArg: UNKNOWN)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn enum_with_null_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                enumArgField(enumArg: NO_FUR)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn null_into_nullable_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: null)
              }
            }
            {
              dog(a: null, b: null, c:{ requiredField: true, intField: null }) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_into_string() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: 1)
              }
            }
            "#,
            &[("String cannot represent a non string value: 1", &[(4, 43)])],
        );
    }

    #[test]
    fn float_into_string() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: 1.0)
              }
            }
            "#,
            &[(
                "String cannot represent a non string value: 1.0",
                &[(4, 43)],
            )],
        );
    }

    #[test]
    fn boolean_into_string() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: true)
              }
            }
            "#,
            &[(
                "String cannot represent a non string value: true",
                &[(4, 43)],
            )],
        );
    }

    #[test]
    fn unquoted_string_into_string() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: BAR)
              }
            }
            "#,
            &[(
                "String cannot represent a non string value: BAR",
                &[(4, 43)],
            )],
        );
    }

    #[test]
    fn string_into_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: "3")
              }
            }
            "#,
            &[("Int cannot represent non-integer value: \"3\"", &[(4, 37)])],
        );
    }

    #[test]
    fn big_int_into_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: 829384293849283498239482938)
              }
            }
            "#,
            &[(
                "Int cannot represent non 32-bit signed integer value: 829384293849283498239482938",
                &[(4, 37)],
            )],
        );
    }

    #[test]
    fn int_range_limits() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                a: intArgField(intArg: 2147483647)
                b: intArgField(intArg: -2147483648)
                c: intArgField(intArg: 2147483648)
                d: intArgField(intArg: -2147483649)
                e: intArgField(intArg: -0)
              }
            }
            "#,
            &[
                (
                    "Int cannot represent non 32-bit signed integer value: 2147483648",
                    &[(6, 40)],
                ),
                (
                    "Int cannot represent non 32-bit signed integer value: -2147483649",
                    &[(7, 40)],
                ),
            ],
        );
    }

    #[test]
    fn unquoted_string_into_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: FOO)
              }
            }
            "#,
            &[("Int cannot represent non-integer value: FOO", &[(4, 37)])],
        );
    }

    #[test]
    fn simple_float_into_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: 3.0)
              }
            }
            "#,
            &[("Int cannot represent non-integer value: 3.0", &[(4, 37)])],
        );
    }

    #[test]
    fn float_into_int() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(intArg: 3.333)
              }
            }
            "#,
            &[("Int cannot represent non-integer value: 3.333", &[(4, 37)])],
        );
    }

    #[test]
    fn string_into_float() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: "3.333")
              }
            }
            "#,
            &[(
                "Float cannot represent non numeric value: \"3.333\"",
                &[(4, 41)],
            )],
        );
    }

    #[test]
    fn boolean_into_float() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: true)
              }
            }
            "#,
            &[("Float cannot represent non numeric value: true", &[(4, 41)])],
        );
    }

    #[test]
    fn unquoted_into_float() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: FOO)
              }
            }
            "#,
            &[("Float cannot represent non numeric value: FOO", &[(4, 41)])],
        );
    }

    #[test]
    fn huge_float_is_a_float() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                floatArgField(floatArg: 1e999)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn int_into_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                booleanArgField(booleanArg: 2)
              }
            }
            "#,
            &[(
                "Boolean cannot represent a non boolean value: 2",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn float_into_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                booleanArgField(booleanArg: 1.0)
              }
            }
            "#,
            &[(
                "Boolean cannot represent a non boolean value: 1.0",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn string_into_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                booleanArgField(booleanArg: "true")
              }
            }
            "#,
            &[(
                "Boolean cannot represent a non boolean value: \"true\"",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn unquoted_into_boolean() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                booleanArgField(booleanArg: TRUE)
              }
            }
            "#,
            &[(
                "Boolean cannot represent a non boolean value: TRUE",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn float_into_id() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                idArgField(idArg: 1.0)
              }
            }
            "#,
            &[(
                "ID cannot represent a non-string and non-integer value: 1.0",
                &[(4, 35)],
            )],
        );
    }

    #[test]
    fn boolean_into_id() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                idArgField(idArg: true)
              }
            }
            "#,
            &[(
                "ID cannot represent a non-string and non-integer value: true",
                &[(4, 35)],
            )],
        );
    }

    #[test]
    fn unquoted_into_id() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                idArgField(idArg: SOMETHING)
              }
            }
            "#,
            &[(
                "ID cannot represent a non-string and non-integer value: SOMETHING",
                &[(4, 35)],
            )],
        );
    }

    #[test]
    fn int_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: 2)
              }
            }
            "#,
            &[(
                "Enum \"DogCommand\" cannot represent non-enum value: 2.",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn float_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: 1.0)
              }
            }
            "#,
            &[(
                "Enum \"DogCommand\" cannot represent non-enum value: 1.0.",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn string_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: "SIT")
              }
            }
            "#,
            &[
                (
                    "Enum \"DogCommand\" cannot represent non-enum value: \"SIT\". Did you mean the enum value \"SIT\"?",
                    &[(4, 45)],
                ),
            ],
        );
    }

    #[test]
    fn boolean_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: true)
              }
            }
            "#,
            &[(
                "Enum \"DogCommand\" cannot represent non-enum value: true.",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn unknown_enum_value_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: JUGGLE)
              }
            }
            "#,
            &[(
                "Value \"JUGGLE\" does not exist in \"DogCommand\" enum.",
                &[(4, 45)],
            )],
        );
    }

    #[test]
    fn different_case_enum_value_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                doesKnowCommand(dogCommand: sit)
              }
            }
            "#,
            &[
                (
                    "Value \"sit\" does not exist in \"DogCommand\" enum. Did you mean the enum value \"SIT\"?",
                    &[(4, 45)],
                ),
            ],
        );
    }

    #[test]
    fn list_and_object_into_enum() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                a: doesKnowCommand(dogCommand: [SIT])
                b: doesKnowCommand(dogCommand: {SIT: 1})
              }
            }
            "#,
            &[
                (
                    "Enum \"DogCommand\" cannot represent non-enum value: [SIT]. Did you mean the enum value \"SIT\"?",
                    &[(4, 48)],
                ),
                (
                    "Enum \"DogCommand\" cannot represent non-enum value: { SIT: 1 }.",
                    &[(5, 48)],
                ),
            ],
        );
    }

    #[test]
    fn good_list_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: ["one", null, "two"])
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn empty_list_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: [])
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn null_value() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: null)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn single_value_into_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: "one")
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn incorrect_item_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: ["one", 2])
              }
            }
            "#,
            &[("String cannot represent a non string value: 2", &[(4, 59)])],
        );
    }

    #[test]
    fn single_value_of_incorrect_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListArgField(stringListArg: 1)
              }
            }
            "#,
            &[("String cannot represent a non string value: 1", &[(4, 51)])],
        );
    }

    #[test]
    fn null_items_in_a_non_null_item_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringListNonNullArgField(stringListNonNullArg: ["one", null, [null]])
              }
            }
            "#,
            &[
                (
                    "Expected value of non-null type \"String!\" not to be null.",
                    &[(4, 73)],
                ),
                (
                    "String cannot represent a non string value: [null]",
                    &[(4, 79)],
                ),
            ],
        );
    }

    #[test]
    fn list_in_a_scalar_position() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                stringArgField(stringArg: ["one", 2])
              }
            }
            "#,
            &[(
                "String cannot represent a non string value: [\"one\", 2]",
                &[(4, 43)],
            )],
        );
    }

    #[test]
    fn arg_on_optional_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                isHouseTrained(atOtherHomes: true)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_arg_on_optional_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog {
                isHouseTrained
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req1: 1, req2: 2)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_args_reverse_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req2: 2, req1: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn no_args_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn one_arg_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts(opt1: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn second_arg_on_multiple_optional() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOpts(opt2: 1)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_required_args_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn multiple_required_and_one_optional_arg_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4, opt1: 5)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn all_required_and_optional_args_on_mixed_list() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleOptAndReq(req1: 3, req2: 4, opt1: 5, opt2: 6)
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn incorrect_value_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req2: "two", req1: "one")
              }
            }
            "#,
            &[
                (
                    "Int cannot represent non-integer value: \"two\"",
                    &[(4, 36)],
                ),
                (
                    "Int cannot represent non-integer value: \"one\"",
                    &[(4, 49)],
                ),
            ],
        );
    }

    #[test]
    fn incorrect_value_and_missing_argument() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req1: "one")
              }
            }
            "#,
            &[(
                "Int cannot represent non-integer value: \"one\"",
                &[(4, 36)],
            )],
        );
    }

    #[test]
    fn null_value_for_non_null_argument() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                multipleReqs(req1: null)
              }
            }
            "#,
            &[(
                "Expected value of non-null type \"Int!\" not to be null.",
                &[(4, 36)],
            )],
        );
    }

    #[test]
    fn optional_arg_despite_required_field_in_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn partial_object_only_required() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { requiredField: true })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn partial_object_required_field_can_be_falsy() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { requiredField: false })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn partial_object_including_required() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { requiredField: true, intField: 4 })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn full_object() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  requiredField: true,
                  intField: 4,
                  stringField: "foo",
                  booleanField: false,
                  stringListField: ["one", "two"]
                })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn full_object_with_fields_in_different_order() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  stringListField: ["one", "two"],
                  booleanField: false,
                  requiredField: true,
                  stringField: "foo",
                  intField: 4,
                })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn partial_object_missing_required() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { intField: 4 })
              }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" to include required field \"requiredField\", found: { intField: 4 }.",
                    &[(4, 45)],
                ),
            ],
        );
    }

    #[test]
    fn partial_object_invalid_field_type() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  stringListField: ["one", 2],
                  requiredField: true,
                })
              }
            }
            "#,
            &[("String cannot represent a non string value: 2", &[(5, 44)])],
        );
    }

    #[test]
    fn partial_object_null_to_non_null_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  requiredField: true,
                  nonNullField: null,
                })
              }
            }
            "#,
            &[(
                "Expected value of non-null type \"Boolean!\" not to be null.",
                &[(6, 33)],
            )],
        );
    }

    #[test]
    fn partial_object_unknown_field_arg() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  requiredField: true,
                  invalidField: "value"
                })
              }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" not to include unknown field \"invalidField\". Did you mean \"intField\"? Found: { requiredField: true, invalidField: \"value\" }.",
                    &[(6, 19)],
                ),
            ],
        );
    }

    #[test]
    fn object_errors_come_in_schema_order_then_unknown_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: {
                  unknown: 1,
                  stringField: 2,
                  intField: "x",
                  intFeld: 3,
                })
              }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" to include required field \"requiredField\", found: { unknown: 1, stringField: 2, intField: \"x\", intFeld: 3 }.",
                    &[(4, 45)],
                ),
                (
                    "Int cannot represent non-integer value: \"x\"",
                    &[(7, 29)],
                ),
                (
                    "String cannot represent a non string value: 2",
                    &[(6, 32)],
                ),
                (
                    "Expected value of type \"ComplexInput\" not to include unknown field \"unknown\", found: { unknown: 1, stringField: 2, intField: \"x\", intFeld: 3 }.",
                    &[(5, 19)],
                ),
                (
                    "Expected value of type \"ComplexInput\" not to include unknown field \"intFeld\". Did you mean \"intField\"? Found: { unknown: 1, stringField: 2, intField: \"x\", intFeld: 3 }.",
                    &[(8, 19)],
                ),
            ],
        );
    }

    #[test]
    fn the_last_of_repeated_fields_is_checked() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { requiredField: 1, requiredField: true, intField: 1, intField: "x" })
              }
            }
            "#,
            &[("Int cannot represent non-integer value: \"x\"", &[(4, 109)])],
        );
    }

    #[test]
    fn scalar_and_list_into_input_object() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: 1)
              }
            }
            {
              complicatedArgs {
                complexArgField(complexArg: [{requiredField: true}, 2])
              }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" to be an object, found: 1.",
                    &[(4, 45)],
                ),
                (
                    "Expected value of type \"ComplexInput\" to be an object, found: [{ requiredField: true }, 2].",
                    &[(9, 45)],
                ),
            ],
        );
    }

    #[test]
    fn long_values_are_printed_as_graphql_js_prints_them() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                complexArgField(complexArg: { stringListField: ["a very long string", "another very long string", "and more"], intField: 1 })
              }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" to include required field \"requiredField\", found: {\n  stringListField: [\"a very long string\", \"another very long string\", \"and more\"]\n  intField: 1\n}.",
                    &[(4, 45)],
                ),
            ],
        );
    }

    #[test]
    fn custom_scalars_accept_complex_literals() {
        expect_errors(
            RULE,
            CUSTOM_SCHEMA,
            r#"
            {
              a: anyArg(arg: 123)
              b: anyArg(arg: "abc")
              c: anyArg(arg: [123, "abc"])
              d: anyArg(arg: {deep: [123, "abc"]})
              e: customArg(arg: {x: $v, y: [ENUM, null]})
              f: inputArg(arg: {any: {a: 1}, list: [1, "x", {}]})
              g: inputArg(arg: {any: null, list: null})
              h: customArg(arg: null)
            }
            "#,
            &[
                (
                    "Expected value of non-null type \"[Any!]!\" not to be null.",
                    &[(9, 50)],
                ),
                (
                    "Expected value of non-null type \"Custom!\" not to be null.",
                    &[(10, 33)],
                ),
            ],
        );
    }

    #[test]
    fn nested_lists_and_defaults_of_input_fields() {
        expect_errors(
            RULE,
            CUSTOM_SCHEMA,
            r#"
            {
              a: intListArg(arg: [[1, 2], null, 3, [null], ["x"]])
              b: inputArg(arg: {list: [], e: C})
              c: inputArg(arg: {list: [null], e: "A"})
            }
            "#,
            &[
                (
                    "Expected value of non-null type \"Int!\" not to be null.",
                    &[(3, 53)],
                ),
                (
                    "Int cannot represent non-integer value: \"x\"",
                    &[(3, 61)],
                ),
                (
                    "Value \"C\" does not exist in \"E\" enum. Did you mean the enum value \"A\" or \"B\"?",
                    &[(4, 46)],
                ),
                (
                    "Expected value of non-null type \"Any!\" not to be null.",
                    &[(5, 40)],
                ),
                (
                    "Enum \"E\" cannot represent non-enum value: \"A\". Did you mean the enum value \"A\"?",
                    &[(5, 50)],
                ),
            ],
        );
    }

    #[test]
    fn with_directives_of_valid_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @include(if: true) {
                name
              }
              human @skip(if: false) {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn with_directive_with_incorrect_types() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              dog @include(if: "yes") {
                name @skip(if: ENUM)
              }
            }
            "#,
            &[
                (
                    "Boolean cannot represent a non boolean value: \"yes\"",
                    &[(3, 32)],
                ),
                (
                    "Boolean cannot represent a non boolean value: ENUM",
                    &[(4, 32)],
                ),
            ],
        );
    }

    #[test]
    fn variables_with_valid_default_values() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query WithDefaultValues(
              $a: Int = 1,
              $b: String = "ok",
              $c: ComplexInput = { requiredField: true, intField: 3 }
              $d: Int! = 123
            ) {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variables_with_valid_default_null_values() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query WithDefaultValues(
              $a: Int = null,
              $b: String = null,
              $c: ComplexInput = { requiredField: true, intField: null }
            ) {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variables_with_invalid_default_null_values() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query WithDefaultValues(
              $a: Int! = null,
              $b: String! = null,
              $c: ComplexInput = { requiredField: null, intField: null }
            ) {
              dog { name }
            }
            "#,
            &[
                (
                    "Expected value of non-null type \"Int!\" not to be null.",
                    &[(3, 26)],
                ),
                (
                    "Expected value of non-null type \"String!\" not to be null.",
                    &[(4, 29)],
                ),
                (
                    "Expected value of non-null type \"Boolean!\" not to be null.",
                    &[(5, 51)],
                ),
            ],
        );
    }

    #[test]
    fn variables_with_invalid_default_values() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query InvalidDefaultValues(
              $a: Int = "one",
              $b: String = 4,
              $c: ComplexInput = "NotVeryComplex"
            ) {
              dog { name }
            }
            "#,
            &[
                (
                    "Int cannot represent non-integer value: \"one\"",
                    &[(3, 25)],
                ),
                (
                    "String cannot represent a non string value: 4",
                    &[(4, 28)],
                ),
                (
                    "Expected value of type \"ComplexInput\" to be an object, found: \"NotVeryComplex\".",
                    &[(5, 34)],
                ),
            ],
        );
    }

    #[test]
    fn variables_with_complex_invalid_default_values() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query WithDefaultValues(
              $a: ComplexInput = { requiredField: 123, intField: "abc" }
            ) {
              dog { name }
            }
            "#,
            &[
                (
                    "Boolean cannot represent a non boolean value: 123",
                    &[(3, 51)],
                ),
                (
                    "Int cannot represent non-integer value: \"abc\"",
                    &[(3, 66)],
                ),
            ],
        );
    }

    #[test]
    fn complex_variables_missing_required_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query MissingRequiredField($a: ComplexInput = {intField: 3}) {
              dog { name }
            }
            "#,
            &[
                (
                    "Expected value of type \"ComplexInput\" to include required field \"requiredField\", found: { intField: 3 }.",
                    &[(2, 59)],
                ),
            ],
        );
    }

    #[test]
    fn list_variables_with_invalid_item() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query InvalidItem($a: [String] = ["one", 2]) {
              dog { name }
            }
            "#,
            &[("String cannot represent a non string value: 2", &[(2, 54)])],
        );
    }

    #[test]
    fn variables_of_unknown_or_output_types_are_not_checked() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($a: Unknown = 1, $b: Dog = 2, $c: [Dog] = [3]) {
              dog { name }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn exactly_one_one_of_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: "abc" })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn exactly_one_non_nullable_variable_for_one_of() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($string: String!) {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: $string })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn more_than_one_one_of_field() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: "abc", intField: 123 })
              }
            }
            "#,
            &[
                (
                    "Within OneOf Input Object type \"OneOfInput\", exactly one field must be specified, and the value for that field must be non-null.",
                    &[(4, 41)],
                ),
            ],
        );
    }

    #[test]
    fn one_of_field_with_null() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: null })
              }
            }
            "#,
            &[
                (
                    "Within OneOf Input Object type \"OneOfInput\", exactly one field must be specified, and the value for that field must be non-null.",
                    &[(4, 41)],
                ),
            ],
        );
    }

    #[test]
    fn one_of_field_with_nullable_variable_is_left_to_variables_in_allowed_position() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($string: String) {
              complicatedArgs {
                oneOfArgField(oneOfArg: { stringField: $string })
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn one_of_with_no_fields_and_with_unknown_fields() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                a: oneOfArgField(oneOfArg: {})
                b: oneOfArgField(oneOfArg: { stringField: "a", unknown: 1 })
                c: oneOfArgField(oneOfArg: { unknown: 1 })
              }
            }
            "#,
            &[
                (
                    "Within OneOf Input Object type \"OneOfInput\", exactly one field must be specified, and the value for that field must be non-null.",
                    &[(4, 44)],
                ),
                (
                    "Expected value of type \"OneOfInput\" not to include unknown field \"unknown\", found: { stringField: \"a\", unknown: 1 }.",
                    &[(5, 64)],
                ),
                (
                    "Expected value of type \"OneOfInput\" not to include unknown field \"unknown\", found: { unknown: 1 }.",
                    &[(6, 46)],
                ),
                (
                    "Within OneOf Input Object type \"OneOfInput\", exactly one field must be specified, and the value for that field must be non-null.",
                    &[(6, 44)],
                ),
            ],
        );
    }

    #[test]
    fn unknown_arguments_and_fields_are_not_checked() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            {
              complicatedArgs {
                intArgField(other: "x")
                unknownField(intArg: "x")
              }
              dog @unknown(if: 1) @include(if: true, x: "y") {
                name
              }
            }
            "#,
            &[],
        );
    }

    #[test]
    fn variables_inside_scalar_and_enum_literals_print_as_graphql_js_replaces_them() {
        expect_errors(
            RULE,
            TEST_SCHEMA,
            r#"
            query ($v: Int) {
              complicatedArgs {
                a: intArgField(intArg: [$v, 1])
                b: intArgField(intArg: { a: $v, b: [$v] })
                c: enumArgField(enumArg: { a: $v })
                d: stringArgField(stringArg: [{ a: $v }])
              }
            }
            "#,
            &[
                (
                    "Int cannot represent non-integer value: [null, 1]",
                    &[(4, 40)],
                ),
                (
                    "Int cannot represent non-integer value: { b: [null] }",
                    &[(5, 40)],
                ),
                (
                    "Enum \"FurColor\" cannot represent non-enum value: {  }.",
                    &[(6, 42)],
                ),
                (
                    "String cannot represent a non string value: [{  }]",
                    &[(7, 46)],
                ),
            ],
        );
    }
}
