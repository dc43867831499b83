//! Temp directories for tests that write files (configs, schemas, outputs).

use std::path::PathBuf;

/// A fresh directory under the system's temp directory, removed when dropped. Its name holds
/// the test's name and the process id, so tests running side by side never share one.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Empties (or creates) `gqlforge-{test}-{pid}` in the temp directory.
    pub fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("gqlforge-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    /// `relative` inside the directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    /// Writes `text` to `relative` (creating its folders) and returns its path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// `relative`'s path as text, for command lines and expected messages.
    pub fn show(&self, relative: &str) -> String {
        self.path(relative).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
