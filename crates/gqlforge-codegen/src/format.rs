//! A generated module as text: each item is emitted, parsed by `syn` and printed by
//! prettyplease on its own, items shared out among threads, the texts joined in order.
//!
//! prettyplease prints a file's items one after the other, each ending its last line, with
//! nothing between them; so the joined texts are the text of the whole module printed at
//! once, and formatting item by item only changes how fast it goes.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit::Emitter;
use crate::generate::{CodegenError, Options};
use crate::ir::OperationIr;
use crate::schema::{SchemaIndex, TypeId};

/// Most threads used; beyond a few, items are too few to share well.
const MAX_THREADS: usize = 8;

/// The module of `operations` (named by `emit::name_module`, which returned `used`),
/// formatted with prettyplease.
pub(crate) fn module_text(
    schema: &SchemaIndex,
    operations: &[OperationIr<'_>],
    used: &[TypeId],
    options: &Options,
) -> Result<String, CodegenError> {
    let count = Emitter::new(schema, used, options)?.len(operations);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(count);
    let next = AtomicUsize::new(0);
    let worker = || -> Result<Vec<(usize, String)>, CodegenError> {
        let emitter = Emitter::new(schema, used, options)?;
        let mut texts = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return Ok(texts);
            }
            let file: syn::File =
                syn::parse2(emitter.item(operations, i)).expect("generated code is valid Rust");
            texts.push((i, prettyplease::unparse(&file)));
        }
    };
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(&worker)).collect();
        let mut results = vec![worker()];
        for handle in handles {
            results.push(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    });
    let mut items = Vec::with_capacity(count);
    for texts in results {
        items.extend(texts?);
    }
    items.sort_unstable_by_key(|(i, _)| *i);
    let mut out = String::with_capacity(items.iter().map(|(_, text)| text.len()).sum());
    for (_, text) in items {
        out.push_str(&text);
    }
    Ok(out)
}
