//! A generated module as text: each item is emitted, parsed by `syn` and printed by
//! prettyplease on its own, items shared out among threads, the texts joined in order.
//!
//! prettyplease prints a file's items one after the other, each ending its last line, with
//! nothing between them; so the joined texts are the text of the whole module printed at
//! once, and formatting item by item only changes how fast it goes.

use crate::emit::Emitter;
use crate::generate::{CodegenError, Options};
use crate::ir::OperationIr;
use crate::schema::{SchemaIndex, TypeId};

/// The module of `operations` (named by `emit::name_module`, which returned `used`),
/// formatted with prettyplease.
pub(crate) fn module_text(
    schema: &SchemaIndex,
    operations: &[OperationIr<'_>],
    used: &[TypeId],
    options: &Options,
) -> Result<String, CodegenError> {
    let count = Emitter::new(schema, used, options)?.len(operations);
    let texts = crate::parallel::map(
        count,
        || Emitter::new(schema, used, options),
        |emitter, i| {
            let emitter = emitter.as_ref().map_err(Clone::clone)?;
            let file: syn::File =
                syn::parse2(emitter.item(operations, i)).expect("generated code is valid Rust");
            Ok(prettyplease::unparse(&file))
        },
    );
    let mut out = String::new();
    for text in texts {
        out.push_str(&text?);
    }
    Ok(out)
}
