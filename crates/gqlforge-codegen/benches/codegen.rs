//! `cargo bench -p gqlforge-codegen`: speed figures as ratios against a baseline measured
//! in the same run (absolute times drift on shared machines; ratios hold).
//!
//! - schema load + index (GitHub corpus schema) vs graphql-parser's bare parse: goal ≤ 1.5×
//! - parse + validate each GitHub corpus operation: median per operation, goal < 100 µs
//! - generating the GitHub corpus module (every operation: parse, validate, IR, Rust,
//!   prettyplease) vs graphql-parser's bare parse of the schema: goal ≤ 2×
//! - schemas of many input objects, load + generate one operation vs
//!   graphql-parser's bare parse of the same schema: a chain of 20,000 input objects, and a
//!   Hasura-like schema of 1,000 tables × 5 relations (`*_bool_exp` inputs all reaching each
//!   other), goal < 100 ms
//!
//! `-- --smoke` runs every figure once (CI keeps the harness compiling and running).

#[path = "support/input_graphs.rs"]
mod input_graphs;
use input_graphs::hasura_like_schema;
use std::time::{Duration, Instant};

use gqlforge_codegen::{
    generate_file, parse_document, schema::load_sdl, validate, Options, SourceFile,
};

/// The allocator `cargo xtask codegen` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let runs = if smoke { 1 } else { 15 };
    // Without the corpus (a clone without `../shared`) there is nothing to measure.
    let Some(corpus) = gqlforge_corpus::require("cargo bench -p gqlforge-codegen") else {
        return;
    };
    let dir = corpus.join("github");
    let sdl =
        std::fs::read_to_string(dir.join("schema.graphql")).expect("the GitHub corpus schema");

    // Interleave the two so that drift hits both alike.
    let mut ours = Vec::new();
    let mut base = Vec::new();
    for _ in 0..runs {
        base.push(median(1, || {
            std::hint::black_box(graphql_parser::parse_schema::<String>(&sdl).expect("parses"));
        }));
        ours.push(median(1, || {
            std::hint::black_box(load_sdl("schema.graphql", &sdl).expect("loads"));
        }));
    }
    base.sort();
    ours.sort();
    let (b, o) = (base[base.len() / 2], ours[ours.len() / 2]);
    println!(
        "{:<58} {:>10} {:>10} {:>7}  goal",
        "figure", "gqlforge", "baseline", "ratio"
    );
    println!(
        "{:<58} {:>10.2?} {:>10.2?} {:>6.2}×  ≤ 1.5× ({})",
        "GitHub schema: load + index vs graphql-parser parse",
        o,
        b,
        o.as_secs_f64() / b.as_secs_f64(),
        if o.as_secs_f64() <= 1.5 * b.as_secs_f64() {
            "met"
        } else {
            "MISSED"
        }
    );

    let (schema, _) = load_sdl("schema.graphql", &sdl).expect("loads");
    let mut ops: Vec<(String, String)> = std::fs::read_dir(dir.join("operations"))
        .expect("operations folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("readable"),
            )
        })
        .collect();
    ops.sort();
    let op_runs = if smoke { 1 } else { 51 };
    let mut validate_only = Vec::new();
    let mut parse_and_validate = Vec::new();
    for (_, text) in &ops {
        let doc = parse_document(text).expect("corpus operations parse");
        validate_only.push(median(op_runs, || {
            std::hint::black_box(validate(&schema, &doc));
        }));
        parse_and_validate.push(median(op_runs, || {
            let doc = parse_document(text).expect("parses");
            std::hint::black_box(validate(&schema, &doc));
        }));
    }
    validate_only.sort();
    parse_and_validate.sort();
    let m = validate_only[validate_only.len() / 2];
    let mp = parse_and_validate[parse_and_validate.len() / 2];
    let max = *parse_and_validate.last().expect("operations");
    println!(
        "{:<58} {:>10.2?} {:>10} {:>7}  < 100 µs ({})",
        format!(
            "GitHub operations ({}): validate, median per operation",
            ops.len()
        ),
        m,
        "-",
        "-",
        if m < Duration::from_micros(100) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "{:<58} {:>10.2?} {:>10} {:>7}  < 100 µs ({}); slowest {:.2?}",
        "  parse + validate, median per operation",
        mp,
        "-",
        "-",
        if mp < Duration::from_micros(100) {
            "met"
        } else {
            "MISSED"
        },
        max
    );

    // Code generation for the corpus module, interleaved with the baseline parse: the files
    // that define each fragment name once (a module's fragments are one set; the corpus's
    // files come from unrelated projects).
    let files: Vec<SourceFile> = ops
        .iter()
        .map(|(name, text)| SourceFile::new(name.as_str(), text.as_str()))
        .collect();
    let fragment_names = |file: &SourceFile| {
        parse_document(file.text())
            .map(|d| d.fragments().map(|f| f.name.value.clone()).collect())
            .unwrap_or_default()
    };
    let files = gqlforge_corpus::modules(files, fragment_names)
        .into_iter()
        .next()
        .unwrap_or_default();
    let options = Options::default();
    let mut generated = Vec::new();
    let mut base = Vec::new();
    let mut lines = 0;
    for _ in 0..runs {
        base.push(median(1, || {
            std::hint::black_box(graphql_parser::parse_schema::<String>(&sdl).expect("parses"));
        }));
        generated.push(median(1, || {
            let text = generate_file(&schema, &files, &options, "bench").expect("generates");
            lines = text.lines().count();
            std::hint::black_box(text);
        }));
    }
    base.sort();
    generated.sort();
    let (b, g) = (base[base.len() / 2], generated[generated.len() / 2]);
    println!(
        "{:<58} {:>10.2?} {:>10.2?} {:>6.2}×  ≤ 2× ({})",
        format!(
            "GitHub module ({} files, {lines} lines): generate vs parse",
            files.len()
        ),
        g,
        b,
        g.as_secs_f64() / b.as_secs_f64(),
        if g.as_secs_f64() <= 2.0 * b.as_secs_f64() {
            "met"
        } else {
            "MISSED"
        }
    );
    input_graphs(runs);
}

/// Medians of `runs` interleaved timings of `base` and `ours` (drift hits both alike).
fn interleaved(
    runs: usize,
    mut base: impl FnMut(),
    mut ours: impl FnMut(),
) -> (Duration, Duration) {
    let mut b = Vec::with_capacity(runs);
    let mut o = Vec::with_capacity(runs);
    for _ in 0..runs {
        b.push(median(1, &mut base));
        o.push(median(1, &mut ours));
    }
    (median_of(b), median_of(o))
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Schemas of many input objects: load + generate one operation over them, against
/// graphql-parser's bare parse of the same text.
fn input_graphs(runs: usize) {
    let mut chain = String::from("type Query { f(i: I0): Int }\n");
    for i in 0..19_999 {
        chain.push_str(&format!("input I{i} {{ next: I{} }}\n", i + 1));
    }
    chain.push_str("input I19999 { x: Int }\n");
    let hasura = hasura_like_schema(1000, 5);
    let figures = [
        (
            "20,000 chained inputs: load + generate 1 op vs parse",
            chain,
            None,
            "query Q($i: I0) { f(i: $i) }",
        ),
        (
            "Hasura-like, 1,000 tables × 5 rels: load + generate 1 op",
            hasura,
            Some(Duration::from_millis(100)),
            "query Rows($where: t0_bool_exp, $limit: Int) { t0(where: $where, limit: $limit) { id name rel0 { id } } }",
        ),
    ];
    let options = Options::default();
    for (figure, sdl, goal, operation) in &figures {
        let files = [SourceFile::new("op.graphql", *operation)];
        let mut lines = 0;
        // Of each run, the part spent generating (the rest is loading).
        let mut generating = Vec::with_capacity(runs);
        let (b, o) = interleaved(
            runs,
            || {
                std::hint::black_box(graphql_parser::parse_schema::<String>(sdl).expect("parses"));
            },
            || {
                let (schema, _) = load_sdl("schema.graphql", sdl).expect("loads");
                let start = Instant::now();
                let text = generate_file(&schema, &files, &options, "bench").expect("generates");
                generating.push(start.elapsed());
                lines = text.lines().count();
                std::hint::black_box(text);
            },
        );
        let goal = match goal {
            Some(goal) if o < *goal => format!("< {goal:?} (met)"),
            Some(goal) => format!("< {goal:?} (MISSED)"),
            None => "-".to_owned(),
        };
        println!(
            "{:<58} {:>10.2?} {:>10.2?} {:>6.2}×  {goal}; generate {:.2?}; {} KiB schema, {lines} lines",
            figure,
            o,
            b,
            o.as_secs_f64() / b.as_secs_f64(),
            median_of(generating),
            sdl.len() / 1024,
        );
    }
}
