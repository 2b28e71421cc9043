//! The batch jobs' temporary folders, which hold a sheet of names and ID numbers while a
//! job runs. Each is readable by the server's user only, known while it lives, and gone
//! on every way out: the job's end, the server's stop with jobs still under way (the
//! process would end before their threads drop them), and, for a server that was killed,
//! the next start, which sweeps the folders such a server left.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The start of every job folder's name.
pub(super) const PREFIX: &str = "doclist-batch-";

/// A folder this old is no job's: far longer than any batch runs.
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The job folders that exist now, each with the flag that stops its job.
static LIVE: Mutex<Vec<(PathBuf, Option<Arc<AtomicBool>>)>> = Mutex::new(Vec::new());

/// How long a stopping server waits for its jobs to stop writing before it removes
/// what is left of their folders.
const STOP_WAIT: Duration = Duration::from_secs(3);

/// One job's folder: removed with everything in it when dropped.
#[derive(Debug)]
pub(super) struct JobDir {
    dir: PathBuf,
}

impl JobDir {
    /// A new folder in the temporary directory, 0700 where modes exist.
    pub(super) fn new() -> std::io::Result<JobDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        // Kept by path: the folder is removed by [`Drop`] before it is forgotten, so that
        // a process ending meanwhile still finds it in the list.
        let dir = builder.tempdir()?.keep();
        live().push((dir.clone(), None));
        Ok(JobDir { dir })
    }

    /// The flag that stops this folder's job: a stopping server sets it before it
    /// removes the folder.
    pub(super) fn stopped_by(&self, stop: Arc<AtomicBool>) {
        if let Some(entry) = live().iter_mut().find(|(p, _)| p == &self.dir) {
            entry.1 = Some(stop);
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for JobDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        live().retain(|(p, _)| p != &self.dir);
    }
}

fn live() -> std::sync::MutexGuard<'static, Vec<(PathBuf, Option<Arc<AtomicBool>>)>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every job folder that still exists: for a server stopping while jobs run.
/// Their jobs are told to stop first; a folder a job is still writing into is removed
/// again until it is gone (for at most [`STOP_WAIT`]). Returns how many were removed.
pub fn remove_live() -> usize {
    let dirs: Vec<PathBuf> = {
        let list = live();
        for (_, stop) in list.iter() {
            if let Some(stop) = stop {
                stop.store(true, Ordering::Relaxed);
            }
        }
        list.iter().map(|(p, _)| p.clone()).collect()
    };
    let deadline = Instant::now() + STOP_WAIT;
    let mut left = dirs.clone();
    while !left.is_empty() {
        for d in &left {
            let _ = std::fs::remove_dir_all(d);
        }
        left.retain(|d| d.exists());
        if left.is_empty() || Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    dirs.len() - left.len()
}

/// Removes the job folders in `tmp` that this user owns and that nothing has touched for
/// `older_than`: what a server that was killed left behind. Returns how many.
pub fn sweep_stale(tmp: &Path, older_than: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return 0;
    };
    let me = owner_of_new_folder(tmp);
    let now = std::time::SystemTime::now();
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX))
        .filter(|e| {
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                return false;
            };
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= older_than);
            meta.is_dir() && old && owned_by(&meta, me)
        })
        .filter(|e| std::fs::remove_dir_all(e.path()).is_ok())
        .count()
}

/// The user a folder made now belongs to: this process's.
#[cfg(unix)]
fn owner_of_new_folder(tmp: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::Builder::new()
        .prefix(".doclist-probe-")
        .tempdir_in(tmp)
        .ok()?;
    std::fs::metadata(probe.path()).ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn owner_of_new_folder(_: &Path) -> Option<u32> {
    None
}

#[cfg(unix)]
fn owned_by(meta: &std::fs::Metadata, me: Option<u32>) -> bool {
    use std::os::unix::fs::MetadataExt;
    me == Some(meta.uid())
}

#[cfg(not(unix))]
fn owned_by(_: &std::fs::Metadata, _: Option<u32>) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_folder_is_swept_and_a_fresh_one_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let stale = tmp.path().join(format!("{PREFIX}old"));
        let fresh = tmp.path().join(format!("{PREFIX}new"));
        let other = tmp.path().join("someone-else");
        for d in [&stale, &fresh, &other] {
            std::fs::create_dir_all(d.join("out")).unwrap();
            std::fs::write(d.join("sheet.csv"), "姓名\n张三\n").unwrap();
        }
        let old = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
        std::fs::File::open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::fs::File::open(&other)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(sweep_stale(tmp.path(), STALE_AFTER), 1);
        assert!(!stale.exists());
        assert!(fresh.exists() && other.exists());
    }
}
