//! Executable documents: syntax tree with spans, lexer, parser, printer.

mod ast;
mod lexer;
mod parser;
mod printer;

pub use ast::*;
pub use parser::{parse_const_value, parse_document, MAX_DEPTH};
pub(crate) use printer::{print_block_string, print_string};
pub use printer::{print_document, print_value};
