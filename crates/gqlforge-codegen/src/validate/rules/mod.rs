//! One module per rule of graphql-js's `specifiedRules` (which follow the spec's
//! section 5, Validation), named as graphql-js names them.

use super::Rule;

mod defer_stream_directive_label;
mod defer_stream_directive_on_root_field;
mod defer_stream_directive_on_valid_operations;
mod executable_definitions;
mod fields_on_correct_type;
mod fragments_on_composite_types;
mod known_argument_names;
mod known_directives;
mod known_fragment_names;
mod known_operation_types;
mod known_type_names;
mod lone_anonymous_operation;
mod max_introspection_depth;
mod no_fragment_cycles;
mod no_undefined_variables;
mod no_unused_fragments;
mod no_unused_variables;
mod overlapping_fields_can_be_merged;
mod possible_fragment_spreads;
mod provided_required_arguments;
mod scalar_leafs;
mod single_field_subscriptions;
mod stream_directive_on_list_field;
#[cfg(test)]
pub(crate) mod test_schema;
#[cfg(test)]
mod type_system_tests;
mod unique_argument_names;
mod unique_directives_per_location;
mod unique_fragment_names;
mod unique_input_field_names;
mod unique_operation_names;
mod unique_variable_names;
mod values_of_correct_type;
pub(crate) use values_of_correct_type::check_literal;
mod variables_are_input_types;
mod variables_in_allowed_position;

/// The rule names, in graphql-js's `specifiedRules` order.
pub const RULE_NAMES: [&str; 32] = [
    "ExecutableDefinitionsRule",
    "KnownOperationTypesRule",
    "UniqueOperationNamesRule",
    "LoneAnonymousOperationRule",
    "SingleFieldSubscriptionsRule",
    "KnownTypeNamesRule",
    "FragmentsOnCompositeTypesRule",
    "VariablesAreInputTypesRule",
    "ScalarLeafsRule",
    "FieldsOnCorrectTypeRule",
    "UniqueFragmentNamesRule",
    "KnownFragmentNamesRule",
    "NoUnusedFragmentsRule",
    "PossibleFragmentSpreadsRule",
    "NoFragmentCyclesRule",
    "UniqueVariableNamesRule",
    "NoUndefinedVariablesRule",
    "NoUnusedVariablesRule",
    "KnownDirectivesRule",
    "UniqueDirectivesPerLocationRule",
    "DeferStreamDirectiveOnRootFieldRule",
    "DeferStreamDirectiveOnValidOperationsRule",
    "DeferStreamDirectiveLabelRule",
    "StreamDirectiveOnListFieldRule",
    "KnownArgumentNamesRule",
    "UniqueArgumentNamesRule",
    "ValuesOfCorrectTypeRule",
    "ProvidedRequiredArgumentsRule",
    "VariablesInAllowedPositionRule",
    "OverlappingFieldsCanBeMergedRule",
    "UniqueInputFieldNamesRule",
    "MaxIntrospectionDepthRule",
];

/// Fresh instances of every rule, in graphql-js's order.
pub(crate) fn specified_rules<'a>() -> Vec<Box<dyn Rule<'a> + 'a>> {
    vec![
        Box::<executable_definitions::ExecutableDefinitionsRule>::default(),
        Box::<known_operation_types::KnownOperationTypesRule>::default(),
        Box::<unique_operation_names::UniqueOperationNamesRule>::default(),
        Box::<lone_anonymous_operation::LoneAnonymousOperationRule>::default(),
        Box::<single_field_subscriptions::SingleFieldSubscriptionsRule>::default(),
        Box::<known_type_names::KnownTypeNamesRule>::default(),
        Box::<fragments_on_composite_types::FragmentsOnCompositeTypesRule>::default(),
        Box::<variables_are_input_types::VariablesAreInputTypesRule>::default(),
        Box::<scalar_leafs::ScalarLeafsRule>::default(),
        Box::<fields_on_correct_type::FieldsOnCorrectTypeRule>::default(),
        Box::<unique_fragment_names::UniqueFragmentNamesRule>::default(),
        Box::<known_fragment_names::KnownFragmentNamesRule>::default(),
        Box::<no_unused_fragments::NoUnusedFragmentsRule>::default(),
        Box::<possible_fragment_spreads::PossibleFragmentSpreadsRule>::default(),
        Box::<no_fragment_cycles::NoFragmentCyclesRule>::default(),
        Box::<unique_variable_names::UniqueVariableNamesRule>::default(),
        Box::<no_undefined_variables::NoUndefinedVariablesRule>::default(),
        Box::<no_unused_variables::NoUnusedVariablesRule>::default(),
        Box::<known_directives::KnownDirectivesRule>::default(),
        Box::<unique_directives_per_location::UniqueDirectivesPerLocationRule>::default(),
        Box::<defer_stream_directive_on_root_field::DeferStreamDirectiveOnRootFieldRule>::default(),
        Box::<defer_stream_directive_on_valid_operations::DeferStreamDirectiveOnValidOperationsRule>::default(),
        Box::<defer_stream_directive_label::DeferStreamDirectiveLabelRule>::default(),
        Box::<stream_directive_on_list_field::StreamDirectiveOnListFieldRule>::default(),
        Box::<known_argument_names::KnownArgumentNamesRule>::default(),
        Box::<unique_argument_names::UniqueArgumentNamesRule>::default(),
        Box::<values_of_correct_type::ValuesOfCorrectTypeRule>::default(),
        Box::<provided_required_arguments::ProvidedRequiredArgumentsRule>::default(),
        Box::<variables_in_allowed_position::VariablesInAllowedPositionRule>::default(),
        Box::<overlapping_fields_can_be_merged::OverlappingFieldsCanBeMergedRule>::default(),
        Box::<unique_input_field_names::UniqueInputFieldNamesRule>::default(),
        Box::<max_introspection_depth::MaxIntrospectionDepthRule>::default(),
    ]
}
