//! Scratch: generate for a schema and operation files, print to stdout.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (schema, _) = gqlforge_codegen::schema::load_schema_file(args[0].as_ref()).unwrap();
    let mut files: Vec<_> = args[1..]
        .iter()
        .map(|p| gqlforge_codegen::SourceFile::new(p.as_str(), std::fs::read_to_string(p).unwrap()))
        .collect();
    files.sort_by(|a, b| a.name().cmp(b.name()));
    match gqlforge_codegen::generate_file(&schema, &files, &Default::default(), "generated") {
        Ok(s) => print!("{s}"),
        Err(e) => {
            for e in e {
                eprintln!("{e}");
            }
            std::process::exit(1)
        }
    }
}
