//! A copy of the shipped policies folder, for tests that edit it as a maintainer would.

use std::path::Path;

/// `policies/` copied into a new temporary folder.
pub fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy_dir(Path::new("policies"), dir.path());
    dir
}

/// Copies `from` into `to`, folders and all.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the folder is made");
    for e in std::fs::read_dir(from).expect("the folder reads") {
        let e = e.expect("an entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("its type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("the file is copied");
        }
    }
}
