//! Scratch: where generation time goes.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (schema, _) = gqlforge_codegen::schema::load_schema_file(args[0].as_ref()).unwrap();
    let files: Vec<_> = args[1..]
        .iter()
        .map(|p| gqlforge_codegen::SourceFile::new(p.as_str(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let o = Default::default();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let tokens = gqlforge_codegen::generate(&schema, &files, &o).unwrap();
        let t1 = t.elapsed();
        let s = tokens.to_string();
        let t2 = t.elapsed();
        let file: syn::File = syn::parse2(tokens).unwrap();
        let t3 = t.elapsed();
        let out = prettyplease::unparse(&file);
        let t4 = t.elapsed();
        eprintln!(
            "tokens {t1:?} to_string {:?} parse {:?} unparse {:?} ({} bytes)",
            t2 - t1,
            t3 - t2,
            t4 - t3,
            out.len() + s.len() * 0
        );
    }
}
