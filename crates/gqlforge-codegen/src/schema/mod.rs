//! Loading a schema (SDL or introspection JSON) into a [`SchemaIndex`].

pub(crate) mod builtins;
mod index;
mod introspection;
mod sdl;

pub use index::*;
pub use introspection::load_introspection;
pub use sdl::load_sdl;
