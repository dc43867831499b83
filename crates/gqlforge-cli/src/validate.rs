//! `cargo gqlforge validate --schema PATH [--format human|json] FILE...`: every operation
//! checked against the schema by every rule graphql-js runs. The files are one module, as
//! in `codegen`: an operation may spread a fragment defined in another of them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gqlforge_codegen::{validate_module, CodegenError, SourceFile};

use crate::Format;

/// The flags of `validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Schema: SDL (`.graphql`) or introspection JSON (`.json`).
    #[arg(long)]
    pub schema: PathBuf,
    /// How errors are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Operation documents: one module, whose fragments any of them may spread.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `validate` with `args`.
pub fn run_args(args: ValidateArgs) -> ExitCode {
    run(&args.schema, args.format, &args.files)
}

/// Runs `validate`. Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.
pub fn run(schema_path: &Path, format: Format, files: &[PathBuf]) -> ExitCode {
    let (schema, warnings) = match gqlforge_codegen::schema::load_schema_file(schema_path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for w in &warnings {
        eprintln!("{w}");
    }

    let mut sources = Vec::with_capacity(files.len());
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        sources.push(SourceFile::new(path.display().to_string(), text));
    }
    // The files are one module: an operation may spread a fragment of another file.
    let errors = validate_module(&schema, &sources).err().unwrap_or_default();
    let mut json = Vec::new();
    let mut invalid = 0usize;
    for error in &errors {
        let CodegenError::Invalid { file, diagnostics } = error else {
            eprintln!("{error}");
            continue;
        };
        invalid += 1;
        for d in diagnostics {
            match format {
                Format::Human => eprintln!("{}", d.render(file)),
                Format::Json => {
                    let mut entry = serde_json::json!({
                        "file": file.name(),
                        "rule": d.rule,
                        "message": d.message,
                        "locations": d.locations(file),
                    });
                    if !d.files.is_empty() {
                        // Locations in several files: the file of each.
                        let names: Vec<&str> = d.files.iter().map(SourceFile::name).collect();
                        entry["location_files"] = serde_json::json!(names);
                    }
                    json.push(entry);
                }
            }
        }
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("JSON values serialize")
        ),
        Format::Human => eprintln!(
            "{} file(s) checked, {} valid, {invalid} invalid",
            files.len(),
            files.len() - invalid
        ),
    }
    if invalid > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
