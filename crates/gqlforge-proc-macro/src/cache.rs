//! Values loaded from files, cached for the life of the compiler process: many `gql!`
//! invocations against one schema parse it once. An entry is keyed by the file's
//! canonical path and reused while its modification time and length are unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

pub(crate) struct Cache<T> {
    entries: Mutex<Option<HashMap<PathBuf, Entry<T>>>>,
}

struct Entry<T> {
    modified: Option<SystemTime>,
    len: u64,
    value: Arc<T>,
}

impl<T> Cache<T> {
    pub(crate) const fn new() -> Self {
        Cache {
            entries: Mutex::new(None),
        }
    }

    /// The value for the file at `path`: cached while the file is unchanged, else `load`ed
    /// from its text (errors are not cached).
    pub(crate) fn get_or_load(
        &self,
        path: &Path,
        load: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Arc<T>, String> {
        let read_error = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
        let canonical = path.canonicalize().map_err(read_error)?;
        let meta = std::fs::metadata(&canonical).map_err(read_error)?;
        let (modified, len) = (meta.modified().ok(), meta.len());
        {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(entry) = entries.as_ref().and_then(|m| m.get(&canonical)) {
                if entry.modified == modified && entry.len == len && modified.is_some() {
                    return Ok(entry.value.clone());
                }
            }
        }
        let text = std::fs::read_to_string(&canonical).map_err(read_error)?;
        let value = Arc::new(load(&text)?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get_or_insert_with(HashMap::new).insert(
            canonical,
            Entry {
                modified,
                len,
                value: value.clone(),
            },
        );
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn loads_once_while_the_file_is_unchanged() {
        let dir = std::env::temp_dir().join(format!("gqlforge-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("schema.graphql");
        std::fs::write(&file, "type Query { a: Int }").expect("write");
        let cache = Cache::new();
        let loads = Cell::new(0);
        let load = |text: &str| {
            loads.set(loads.get() + 1);
            Ok(text.len())
        };
        assert_eq!(*cache.get_or_load(&file, load).expect("loads"), 21);
        assert_eq!(*cache.get_or_load(&file, load).expect("cached"), 21);
        assert_eq!(loads.get(), 1);
        // Same path, other length: loaded again.
        std::fs::write(&file, "type Query { a: Int b: Int }").expect("write");
        assert_eq!(*cache.get_or_load(&file, load).expect("reloads"), 28);
        assert_eq!(loads.get(), 2);
        let missing = cache.get_or_load(&dir.join("missing.graphql"), load);
        assert!(missing.expect_err("missing").starts_with("cannot read "));
        std::fs::remove_dir_all(&dir).ok();
    }
}
