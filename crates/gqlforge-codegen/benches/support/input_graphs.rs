//! Schemas of many input objects, as real ones have them, shared by the unit
//! tests (`src/emit/input_graph_tests.rs`) and the codegen benchmark.

/// A schema shaped like Hasura's: `tables` tables, each with a `*_bool_exp` input that
/// combines itself (`_and`, `_or`, `_not`), compares its columns and follows `relations`
/// relations to other tables' `*_bool_exp` (the first to the next table, so every table is
/// reached from any other).
pub fn hasura_like_schema(tables: usize, relations: usize) -> String {
    let mut sdl = String::from(
        "scalar timestamptz\n\
         input Int_comparison_exp { _eq: Int _neq: Int _gt: Int _gte: Int _lt: Int _lte: Int _in: [Int!] _nin: [Int!] _is_null: Boolean }\n\
         input String_comparison_exp { _eq: String _neq: String _like: String _ilike: String _in: [String!] _nin: [String!] _is_null: Boolean }\n\
         input timestamptz_comparison_exp { _eq: timestamptz _gt: timestamptz _lt: timestamptz _is_null: Boolean }\n\
         enum order_by { asc desc asc_nulls_first desc_nulls_last }\n",
    );
    let related = |t: usize, r: usize| (t + 1 + r * 37) % tables;
    sdl.push_str("type Query {\n");
    for t in 0..tables {
        sdl.push_str(&format!(
            "  t{t}(where: t{t}_bool_exp, order_by: [t{t}_order_by!], limit: Int): [t{t}!]!\n"
        ));
    }
    sdl.push_str("}\n");
    for t in 0..tables {
        sdl.push_str(&format!(
            "type t{t} {{ id: Int! name: String created_at: timestamptz"
        ));
        for r in 0..relations {
            sdl.push_str(&format!(" rel{r}: t{}", related(t, r)));
        }
        sdl.push_str(" }\n");
        sdl.push_str(&format!(
            "input t{t}_bool_exp {{ _and: [t{t}_bool_exp!] _or: [t{t}_bool_exp!] _not: t{t}_bool_exp \
             id: Int_comparison_exp name: String_comparison_exp created_at: timestamptz_comparison_exp"
        ));
        for r in 0..relations {
            sdl.push_str(&format!(" rel{r}: t{}_bool_exp", related(t, r)));
        }
        sdl.push_str(" }\n");
        sdl.push_str(&format!(
            "input t{t}_order_by {{ id: order_by name: order_by created_at: order_by }}\n"
        ));
    }
    sdl
}
