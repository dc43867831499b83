//! `cargo bench -p gqlforge-codegen`: speed figures as ratios against a baseline measured
//! in the same run (absolute times drift on shared machines; ratios hold).
//!
//! - schema load + index (GitHub corpus schema) vs graphql-parser's bare parse: goal ≤ 1.5×
//! - parse + validate each GitHub corpus operation: median per operation, goal < 100 µs
//! - generating the GitHub corpus module (every operation: parse, validate, IR, Rust,
//!   prettyplease) vs graphql-parser's bare parse of the schema: goal ≤ 2×
//!
//! `-- --smoke` runs every figure once (CI keeps the harness compiling and running).

use std::time::{Duration, Instant};

use gqlforge_codegen::{generate_file, parse_document, schema::load_sdl, validate, SourceFile};

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

    // Code generation for the whole corpus module, interleaved with the baseline parse.
    let files: Vec<SourceFile> = ops
        .iter()
        .map(|(name, text)| SourceFile::new(name.as_str(), text.as_str()))
        .collect();
    let options = gqlforge_codegen::Options::default();
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
            "GitHub module ({} ops, {lines} lines): generate vs parse",
            ops.len()
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
}
