//! Outside programs some tests need (poppler-utils, qpdf, python3 with openpyxl, node, npm,
//! a Chromium), and the processes tests start.
//!
//! Without a program such a test passes with a visible
//! `SKIPPED: <test>: <program> not found (<package>)` line, so that `cargo test` on a
//! machine with only Rust runs everything else; with `DOCLIST_REQUIRE_TOOLS=1` (as `.ci/run`
//! sets) a missing program fails the test instead. `DOCLIST_PRETEND_MISSING=pdftotext,qpdf`
//! (a comma list) makes programs look missing, to try the skips on a machine that has them.
//!
//! A test asks [`missing`] first and returns when it says so; afterwards it runs a program
//! with [`command`] only, which refuses a program the test did not ask about (so a test
//! that forgets to ask fails wherever the program is, rather than on a fresh clone only).
//! A process a test starts is held by a [`ChildGuard`], which kills it when the test ends,
//! failed or not.

#![allow(dead_code)]

use std::cell::RefCell;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// A program and the Debian package that has it.
pub type Program = (&'static str, &'static str);

pub const PDFTOTEXT: Program = ("pdftotext", "poppler-utils");
pub const PDFFONTS: Program = ("pdffonts", "poppler-utils");
pub const PDFINFO: Program = ("pdfinfo", "poppler-utils");
pub const QPDF: Program = ("qpdf", "qpdf");
pub const PYTHON3: Program = ("python3", "python3");
pub const NODE: Program = ("node", "nodejs");
pub const NPM: Program = ("npm", "npm");
/// `kill -INT`, to stop `doclist serve` as Ctrl-C does.
pub const KILL: Program = ("kill", "procps");
pub const MKFIFO: Program = ("mkfifo", "coreutils");

thread_local! {
    /// The programs the running test asked about and has (each test runs on its own thread).
    static CHECKED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Whether `DOCLIST_PRETEND_MISSING` names `program` (by its name or its whole path).
fn pretend_missing(program: &str) -> bool {
    let Ok(list) = std::env::var("DOCLIST_PRETEND_MISSING") else {
        return false;
    };
    let name = Path::new(program)
        .file_name()
        .and_then(OsStr::to_str)
        .unwrap_or(program);
    list.split(',')
        .map(str::trim)
        .any(|p| p == name || p == program)
}

/// Where `program` is on the PATH (or the path itself, when it names a file).
pub fn find(program: &str) -> Option<PathBuf> {
    if pretend_missing(program) {
        return None;
    }
    let p = Path::new(program);
    if p.components().count() > 1 {
        return p.is_file().then(|| p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|f| f.is_file())
}

/// Whether the tools are required (CI) rather than optional.
pub fn required() -> bool {
    std::env::var("DOCLIST_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// Says `SKIPPED: <test>: <reason>` where the person running the tests sees it (on
/// stderr, not captured like `println!`), or fails the test when tools are required.
/// True: the test should stop here.
pub fn skip_because(test: &str, reason: &str) -> bool {
    let line = format!("SKIPPED: {test}: {reason}");
    if required() {
        panic!("{line}, and DOCLIST_REQUIRE_TOOLS=1");
    }
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    true
}

/// Says `SKIPPED: <test>: <program> not found (<package>)`, as [`skip_because`].
pub fn skip(test: &str, program: &str, package: &str) -> bool {
    skip_because(
        test,
        &format!("{program} not found (Debian package {package})"),
    )
}

/// True (after saying so) when any of `programs` is missing: the test should return.
/// Otherwise the test may run them with [`command`].
pub fn missing(test: &str, programs: &[Program]) -> bool {
    if let Some((p, package)) = programs.iter().find(|(p, _)| find(p).is_none()) {
        return skip(test, p, package);
    }
    CHECKED.with(|c| {
        c.borrow_mut()
            .extend(programs.iter().map(|(p, _)| p.to_string()))
    });
    false
}

/// Like [`missing`] for a browser named by path or name (`CHROMIUM`); returns its path.
pub fn browser(test: &str, name: &str) -> Option<PathBuf> {
    let Some(path) = find(name) else {
        skip(test, name, "chromium");
        return None;
    };
    Some(path)
}

/// True (after saying so) when python3 or its `module` (from Debian's `package`) is
/// missing; otherwise the test may run python3 with [`command`].
pub fn missing_python_module(test: &str, module: &str, package: &str) -> bool {
    if missing(test, &[PYTHON3]) {
        return true;
    }
    let found = !pretend_missing(module)
        && command(PYTHON3)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
    !found && skip(test, &format!("python3 module {module}"), package)
}

/// The command that runs `program`, which the test has asked [`missing`] about.
pub fn command((program, package): Program) -> Command {
    let checked = CHECKED.with(|c| c.borrow().iter().any(|p| p == program));
    assert!(
        checked,
        "the test runs {program} without asking tools::missing first: \
         where {package} is not installed it fails instead of saying SKIPPED"
    );
    Command::new(program)
}

/// Runs `program args…` and returns its stdout; fails the test when it fails.
pub fn stdout<S: AsRef<OsStr>>(program: Program, args: &[S]) -> String {
    let o = command(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.0));
    assert!(
        o.status.success(),
        "{} {:?} failed: {}{}",
        program.0,
        args.iter().map(AsRef::as_ref).collect::<Vec<&OsStr>>(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text of the PDF file `pdf` as `pdftotext` reads it (`args` before the file name).
pub fn pdftotext(args: &[&str], pdf: &Path) -> String {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.extend([pdf.as_os_str(), OsStr::new("-")]);
    stdout(PDFTOTEXT, &all)
}

/// The text of the PDF `bytes` as `pdftotext` reads it.
pub fn pdf_bytes_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("text.pdf");
    std::fs::write(&path, bytes).expect("the PDF is written");
    pdftotext(&[], &path)
}

/// The page count `pdfinfo` gives for the PDF file `pdf`.
pub fn pdf_pages(pdf: &Path) -> usize {
    let info = stdout(PDFINFO, &[pdf]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count from pdfinfo: {info}"))
}

/// A process the test started, killed and waited for when dropped: a test that fails (or
/// returns) while it runs leaves no server or batch behind.
pub struct ChildGuard(Child);

impl ChildGuard {
    /// Starts `cmd`.
    pub fn spawn(cmd: &mut Command) -> ChildGuard {
        match cmd.spawn() {
            Ok(child) => ChildGuard(child),
            Err(e) => panic!("cannot start {:?}: {e}", cmd.get_program()),
        }
    }

    /// Sends SIGINT, as Ctrl-C does (with `kill`, which the test has asked about), and
    /// waits up to 30 s for the process to end.
    pub fn interrupt(&mut self) -> ExitStatus {
        let sent = command(KILL)
            .args(["-INT", &self.0.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -INT {}", self.0.id());
        self.wait_for(Duration::from_secs(30))
    }

    /// Waits up to `limit` for the process to end; fails the test (and so kills it) after.
    pub fn wait_for(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.0.try_wait().expect("the child's status") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the child did not end within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl std::ops::Deref for ChildGuard {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for ChildGuard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}
