//! Temp directories for tests that write files (configs, schemas, outputs).

use std::path::{Path, PathBuf};

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

/// Copies the directory `from` to `to` (created), files and subdirectories alike.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", entry.path().display()));
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
