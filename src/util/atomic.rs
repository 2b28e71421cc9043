//! Writing files whole or not at all.
//!
//! On Linux the bytes go into an unnamed file in the target's directory (`O_TMPFILE`),
//! which gets its name only once it is complete: a killed run leaves nothing behind, and
//! the directory is locked once per file instead of twice. Where that is not available,
//! or the target already exists, a named temporary file beside the target is renamed
//! over it.
//!
//! A symbolic link is followed: the file it points to is replaced, the link stays. A
//! target that exists and is not a regular file (`/dev/null`, a pipe) is written
//! through, in place, never replaced.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The prefix of temporary files; a later run removes any left by a killed one.
pub const TEMP_PREFIX: &str = ".doclist-";

/// Writes `bytes` to `path` atomically: readers see the old file or the whole new one.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Like [`write`], for output made piece by piece: `fill` writes into a buffered temporary
/// file, which replaces `path` only when `fill` succeeds.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match target(path)? {
        Target::File(path) => {
            let mut w = BufWriter::new(Pending::beside(&path)?);
            fill(&mut w)?;
            w.into_inner().map_err(|e| e.into_error())?.commit()
        }
        Target::Through => {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut w = BufWriter::new(file);
            fill(&mut w)?;
            w.flush()
        }
    }
}

/// Where the bytes for `path` go.
enum Target {
    /// A regular file (that may not exist yet) at this path, links resolved.
    File(PathBuf),
    /// Something that is not a regular file: written through.
    Through,
}

/// Symbolic links followed this many times at most (as the kernel does).
const MAX_LINKS: usize = 40;

fn target(path: &Path) -> std::io::Result<Target> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::File(path)),
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let to = std::fs::read_link(&path)?;
            path = match path.parent() {
                Some(dir) => dir.join(to),
                None => to,
            };
        } else if kind.is_file() {
            return Ok(Target::File(path));
        } else if kind.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        } else {
            return Ok(Target::Through);
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// A file being written that appears at its path, whole, only on [`Pending::commit`];
/// dropped without a commit, it leaves nothing (or, without unnamed files, a temporary
/// file that [`clean_stale`] removes).
pub struct Pending {
    path: PathBuf,
    dir: PathBuf,
    file: Temp,
}

enum Temp {
    Unnamed(File),
    Named(tempfile::NamedTempFile),
}

impl Pending {
    /// Starts a file that will replace `path`.
    pub fn beside(path: &Path) -> std::io::Result<Pending> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = match unnamed::create(dir) {
            Some(file) => Temp::Unnamed(file),
            None => Temp::Named(named_temp(dir)?),
        };
        Ok(Pending {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            file,
        })
    }

    /// Gives the complete file its name, replacing what was there.
    pub fn commit(self) -> std::io::Result<()> {
        match self.file {
            Temp::Unnamed(file) => unnamed::name(file, &self.dir, &self.path),
            Temp::Named(tmp) => tmp.persist(&self.path).map(drop).map_err(|e| e.error),
        }
    }

    fn file(&mut self) -> &mut File {
        match &mut self.file {
            Temp::Unnamed(file) => file,
            Temp::Named(tmp) => tmp.as_file_mut(),
        }
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file().write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

/// A named temporary file in `dir`, with ordinary file permissions (the umask still
/// applies), not a temporary file's private ones.
fn named_temp(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(target_os = "linux")]
mod unnamed {
    use super::{named_temp, File};
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::io::{Seek, SeekFrom};
    use std::os::fd::AsRawFd;
    use std::path::Path;

    /// An unnamed file in `dir`, or `None` where the file system cannot make one.
    pub fn create(dir: &Path) -> Option<File> {
        let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
        openat(CWD, dir, flags, Mode::from_raw_mode(0o666))
            .ok()
            .map(File::from)
    }

    /// Gives the complete unnamed `file` the name `path`, replacing what is there.
    pub fn name(mut file: File, dir: &Path, path: &Path) -> std::io::Result<()> {
        let me = format!("/proc/self/fd/{}", file.as_raw_fd());
        match linkat(CWD, &me, CWD, path, AtFlags::SYMLINK_FOLLOW) {
            Ok(()) => return Ok(()),
            Err(Errno::EXIST) => {
                // Link under a temporary name, then rename over the old file.
                let tmp = tempfile::Builder::new()
                    .prefix(super::TEMP_PREFIX)
                    .make_in(dir, |p| {
                        linkat(CWD, &me, CWD, p, AtFlags::SYMLINK_FOLLOW)
                            .map_err(std::io::Error::from)
                    });
                if let Ok(tmp) = tmp {
                    return tmp.persist(path).map(drop).map_err(|e| e.error);
                }
            }
            Err(_) => {}
        }
        // No /proc, or linking refused: copy into a named temporary file.
        file.seek(SeekFrom::Start(0))?;
        let mut tmp = named_temp(dir)?;
        std::io::copy(&mut file, &mut tmp)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod unnamed {
    use super::File;
    use std::path::Path;

    pub fn create(_dir: &Path) -> Option<File> {
        None
    }

    pub fn name(_file: File, _dir: &Path, _path: &Path) -> std::io::Result<()> {
        unreachable!("no unnamed files here")
    }
}

/// Removes temporary files a killed run left in `dir`.
pub fn clean_stale(dir: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && entry.path().is_file() {
            std::fs::remove_file(entry.path())?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        // Nothing else is left in the directory.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.txt"]);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.txt");
        write(&path, b"kept").unwrap();
        let err = write_with(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("stopped"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "stopped");
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let fresh = dir.path().join("c.txt");
        assert!(write_with(&fresh, |_| Err(std::io::Error::other("no"))).is_err());
        assert!(!fresh.exists());
    }

    #[test]
    fn a_pending_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lines.txt");
        let mut p = Pending::beside(&path).unwrap();
        p.write_all(b"one\n").unwrap();
        assert!(!path.exists());
        p.write_all(b"two\n").unwrap();
        p.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");
        let mut dropped = Pending::beside(&dir.path().join("gone.txt")).unwrap();
        dropped.write_all(b"x").unwrap();
        drop(dropped);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["lines.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_special_files_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        write(&real, b"old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A link to a file not there yet makes the file.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(dir.path().join("later.txt"), &dangling).unwrap();
        write(&dangling, b"made").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("later.txt")).unwrap(),
            b"made"
        );
        // A character device stays one.
        write(Path::new("/dev/null"), b"gone").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        assert!(write(dir.path(), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn files_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.txt");
        write(&path, b"x").unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain), "as File::create would make it");
    }
}
