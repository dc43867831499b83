//! A module's documents as one set of fragments: an operation may spread a fragment defined
//! in any file of the module, and every fragment name is defined once in the module.
//!
//! Each document is validated as graphql-js validates it, together with the fragments it
//! spreads (transitively) from the module's other files: for a document that spreads only its
//! own fragments, that is graphql-js on the document alone. The other documents' fragments
//! are validated at their own offsets in one address space (each file after the ones before
//! it), so every finding is reported in the file where its node is. On top, what only the
//! whole module can tell: a name defined in two files (UniqueFragmentNamesRule, with both
//! places) and a fragment no operation of the module uses (NoUnusedFragmentsRule; a fragment
//! a document does not use itself is not reported when another document does).

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::document::{Definition, Document, FragmentDefinition, Selection, SelectionSet};
use crate::fast_hash::{FastMap, FastSet};
use crate::generate::CodegenError;
use crate::schema::SchemaIndex;
use crate::source::{SourceFile, Span};

/// Every fragment of a module's documents by name: the first definition, in file order (a
/// valid module has one per name).
pub(crate) fn fragments_of<'a>(
    documents: &[&'a Document],
) -> FastMap<&'a str, &'a FragmentDefinition> {
    let mut set = FastMap::default();
    for document in documents {
        for fragment in document.fragments() {
            set.entry(fragment.name.value.as_str()).or_insert(fragment);
        }
    }
    set
}

/// The names of the fragments spread directly in a selection set (its inline fragments
/// included), in source order.
fn spreads<'a>(set: &'a SelectionSet, out: &mut Vec<&'a str>) {
    let mut stack: Vec<&Selection> = set.selections.iter().rev().collect();
    while let Some(selection) = stack.pop() {
        match selection {
            Selection::Field(field) => {
                if let Some(set) = &field.selection_set {
                    stack.extend(set.selections.iter().rev());
                }
            }
            Selection::InlineFragment(inline) => {
                stack.extend(inline.selection_set.selections.iter().rev());
            }
            Selection::FragmentSpread(spread) => out.push(&spread.name.value),
        }
    }
}

/// Validates every document of a module (all parsed) as described in the module docs.
pub(crate) fn validate(
    schema: &SchemaIndex,
    files: &[SourceFile],
    documents: &[Document],
) -> Result<(), Vec<CodegenError>> {
    // Each file's place in the one address space: after the files before it and a byte.
    let mut bases = Vec::with_capacity(files.len());
    let mut next = 0u32;
    for file in files {
        bases.push(next);
        next = next.saturating_add(file.text().len() as u32 + 1);
    }
    // Where each name is defined: (file, definition), in file order.
    let mut defined: BTreeMap<&str, Vec<(usize, &FragmentDefinition)>> = BTreeMap::new();
    for (i, document) in documents.iter().enumerate() {
        for fragment in document.fragments() {
            defined
                .entry(fragment.name.value.as_str())
                .or_default()
                .push((i, fragment));
        }
    }
    let unused = unused_fragments(documents, &defined);

    let found = crate::parallel::map(documents.len(), |i| {
        let document = &documents[i];
        let foreign = foreign_fragments(i, document, &defined);
        if foreign.is_empty() {
            return crate::validate(schema, document)
                .into_iter()
                .map(|d| Located::in_file(i, d))
                .collect();
        }
        let mut definitions = Vec::with_capacity(document.definitions.len() + foreign.len());
        for definition in &document.definitions {
            let mut definition = definition.clone();
            definition.shift_spans(bases[i]);
            definitions.push(definition);
        }
        for (j, fragment) in &foreign {
            let mut definition = Definition::Fragment((*fragment).clone());
            definition.shift_spans(bases[*j]);
            definitions.push(definition);
        }
        let augmented = Document { definitions };
        crate::validate(schema, &augmented)
            .into_iter()
            .map(|d| Located::from_module(i, &bases, d))
            .collect::<Vec<Located>>()
    });

    let mut seen = FastSet::default();
    let mut by_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); files.len()];
    let mut add = |located: &Located, by_file: &mut Vec<Vec<Diagnostic>>| {
        if located.diagnostic.rule == "NoUnusedFragmentsRule"
            && !located
                .spans
                .first()
                .is_some_and(|at| unused.contains(&(at.0, at.1.start)))
        {
            return;
        }
        if seen.insert((
            located.diagnostic.rule,
            located.diagnostic.message.clone(),
            located.spans.clone(),
        )) {
            by_file[located.file()].push(located.to_diagnostic(files));
        }
    };
    // A file's own findings first, then those other documents' validation found in it.
    for (i, findings) in found.iter().enumerate() {
        for located in findings.iter().filter(|l| l.file() == i) {
            add(located, &mut by_file);
        }
    }
    for (i, findings) in found.iter().enumerate() {
        for located in findings.iter().filter(|l| l.file() != i) {
            add(located, &mut by_file);
        }
    }
    for (name, definitions) in &defined {
        let (first_file, first) = definitions[0];
        let mut files_seen = FastSet::default();
        files_seen.insert(first_file);
        for (file, definition) in &definitions[1..] {
            // Two definitions in one file: graphql-js's own rule reported it there.
            if !files_seen.insert(*file) {
                continue;
            }
            let located = Located {
                diagnostic: Diagnostic::new(
                    "UniqueFragmentNamesRule",
                    format!("There can be only one fragment named \"{name}\"."),
                    Vec::new(),
                ),
                spans: vec![(first_file, first.name.span), (*file, definition.name.span)],
                origin: *file,
            };
            add(&located, &mut by_file);
        }
    }

    let errors: Vec<CodegenError> = files
        .iter()
        .zip(by_file)
        .filter(|(_, diagnostics)| !diagnostics.is_empty())
        .map(|(file, diagnostics)| CodegenError::Invalid {
            file: file.clone(),
            diagnostics,
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The fragments a document spreads (transitively) that are defined only in other files of
/// the module, each as its first definition there, in the order first spread.
fn foreign_fragments<'a>(
    file: usize,
    document: &'a Document,
    defined: &BTreeMap<&str, Vec<(usize, &'a FragmentDefinition)>>,
) -> Vec<(usize, &'a FragmentDefinition)> {
    let own: FastSet<&str> = document
        .fragments()
        .map(|f| f.name.value.as_str())
        .collect();
    let mut names = Vec::new();
    for definition in &document.definitions {
        match definition {
            Definition::Operation(op) => spreads(&op.selection_set, &mut names),
            Definition::Fragment(fragment) => spreads(&fragment.selection_set, &mut names),
            Definition::TypeSystem(_) => {}
        }
    }
    let mut foreign = Vec::new();
    let mut taken = FastSet::default();
    let mut next = 0;
    while next < names.len() {
        let name = names[next];
        next += 1;
        if own.contains(name) || !taken.insert(name) {
            continue;
        }
        let Some(&(j, fragment)) = defined
            .get(name)
            .and_then(|defs| defs.iter().find(|(j, _)| *j != file))
        else {
            continue;
        };
        foreign.push((j, fragment));
        spreads(&fragment.selection_set, &mut names);
    }
    foreign
}

/// The fragment definitions, as (file, span start), that no operation of the module reaches.
fn unused_fragments(
    documents: &[Document],
    defined: &BTreeMap<&str, Vec<(usize, &FragmentDefinition)>>,
) -> FastSet<(usize, u32)> {
    let mut names = Vec::new();
    for document in documents {
        for op in document.operations() {
            spreads(&op.selection_set, &mut names);
        }
    }
    let mut used = FastSet::default();
    while let Some(name) = names.pop() {
        if used.insert(name) {
            for (_, fragment) in defined.get(name).into_iter().flatten() {
                spreads(&fragment.selection_set, &mut names);
            }
        }
    }
    defined
        .iter()
        .filter(|(name, _)| !used.contains(*name))
        .flat_map(|(_, definitions)| definitions.iter().map(|(i, f)| (*i, f.span.start)))
        .collect()
}

/// A diagnostic with each span's file.
struct Located {
    diagnostic: Diagnostic,
    spans: Vec<(usize, Span)>,
    /// The file whose validation found it.
    origin: usize,
}

impl Located {
    /// A diagnostic of one file validated alone.
    fn in_file(file: usize, diagnostic: Diagnostic) -> Located {
        let spans = diagnostic.spans.iter().map(|s| (file, *s)).collect();
        Located {
            diagnostic,
            spans,
            origin: file,
        }
    }

    /// A diagnostic of file `origin` validated with other files' fragments: its spans are
    /// in the module's address space.
    fn from_module(origin: usize, bases: &[u32], diagnostic: Diagnostic) -> Located {
        let spans = diagnostic
            .spans
            .iter()
            .map(|s| {
                let file = bases
                    .partition_point(|base| *base <= s.start)
                    .saturating_sub(1);
                let base = bases.get(file).copied().unwrap_or(0);
                (
                    file,
                    Span::new((s.start - base) as usize, (s.end - base) as usize),
                )
            })
            .collect();
        Located {
            diagnostic,
            spans,
            origin,
        }
    }

    /// The file it is reported in: its first span's, else the one whose validation found it.
    fn file(&self) -> usize {
        self.spans.first().map_or(self.origin, |s| s.0)
    }

    fn to_diagnostic(&self, files: &[SourceFile]) -> Diagnostic {
        let mut diagnostic = self.diagnostic.clone();
        diagnostic.spans = self.spans.iter().map(|s| s.1).collect();
        let reported = self.file();
        if self.spans.iter().any(|s| s.0 != reported) {
            diagnostic.files = self.spans.iter().map(|s| files[s.0].clone()).collect();
        }
        diagnostic
    }
}
