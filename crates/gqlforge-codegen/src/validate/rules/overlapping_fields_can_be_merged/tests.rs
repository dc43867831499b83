//! Tests of OverlappingFieldsCanBeMergedRule, after graphql-js 17's suite.
