//! Templates from a `--templates` folder rendered in worker processes whose memory the
//! kernel bounds.
//!
//! A template can make a value grow without writing anything: `{% set s = s ~ s %}` thirty
//! times is a string of gigabytes, and nothing of doclist runs between two such steps to
//! stop it (no filter, no function, no output). Rust gives up the whole process when an
//! allocation fails, so a limit inside the process would stop a server with its other
//! requests. Instead the program that renders a folder of overrides (the `doclist` binary
//! calls [`enable`]) hands each render to a worker: the same program started with
//! [`WORKER_ARG`], holding the templates, with an address-space limit of
//! [`MEMORY_BUDGET`] above what it needs to start. A render that needs more ends the worker
//! alone; the caller gets [`Failed::Memory`] and the next render starts a fresh worker.
//! The built-in templates are trusted and render in the process, as does everything when
//! no program is enabled (tests, a library user).
//!
//! The exchange on the worker's standard input and output: first the templates (JSON list
//! of name and text), then for each render the template's name and the context (JSON); the
//! answer is a byte (0 the page, 1 an error message) and the text. Every piece is a length
//! (8 bytes, little-endian) and its bytes.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::sync::{Mutex, OnceLock};

/// The first argument that makes `doclist` a template worker.
pub const WORKER_ARG: &str = "__render-templates";

/// The most memory one worker may map beyond what it holds when it starts: a page of the
/// largest output (64 MiB) and its copies fit, a value that keeps doubling does not.
pub const MEMORY_BUDGET: u64 = 256 << 20;

/// The longest answer read from a worker: more than the 64 MiB output cap.
const MAX_ANSWER: u64 = 128 << 20;

/// The program started as a worker, when [`enable`] was called.
static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Renders folders of overrides in workers of `program` (the running `doclist` binary),
/// from now on. Only where the kernel can bound a process's memory (Linux).
pub fn enable(program: PathBuf) {
    if cfg!(target_os = "linux") {
        let _ = PROGRAM.set(program);
    }
}

/// Why a render in a worker gave no page.
#[derive(Debug)]
pub enum Failed {
    /// The worker needed more than [`MEMORY_BUDGET`].
    Memory,
    /// The template's own error, as the worker's renderer put it.
    Template(String),
    /// The worker could not be started or stopped otherwise.
    Worker(String),
}

/// A worker started and waiting for renders.
struct Worker {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

/// The workers of one set of templates: idle ones wait here between renders, and a render
/// with none idle starts another.
pub(super) struct Workers {
    program: PathBuf,
    files: Vec<u8>,
    idle: Mutex<Vec<Worker>>,
}

impl Workers {
    /// Workers for these templates, or `None` when renders stay in this process.
    pub(super) fn new(files: &[(String, String)]) -> Option<Workers> {
        let program = PROGRAM.get()?.clone();
        Some(Workers {
            program,
            files: serde_json::to_vec(files).ok()?,
            idle: Mutex::default(),
        })
    }

    /// Renders template `name` with `context` (JSON) in a worker.
    pub(super) fn render(&self, name: &str, context: &[u8]) -> Result<String, Failed> {
        let idle = self.idle.lock().ok().and_then(|mut i| i.pop());
        let mut worker = match idle {
            Some(w) => w,
            None => self.start().map_err(|e| Failed::Worker(e.to_string()))?,
        };
        match worker.exchange(name, context) {
            Ok(answer) => {
                if let Ok(mut idle) = self.idle.lock() {
                    let keep = std::thread::available_parallelism().map_or(2, |n| 2 * n.get());
                    if idle.len() < keep {
                        idle.push(worker);
                    }
                }
                answer.map_err(Failed::Template)
            }
            Err(e) => Err(worker.why_it_ended(&e)),
        }
    }

    fn start(&self) -> std::io::Result<Worker> {
        let mut child = Command::new(&self.program)
            .arg(WORKER_ARG)
            // Small reservations, so that the address space the worker maps is close to
            // the memory it uses and the limit bounds the latter.
            .env("MIMALLOC_ARENA_RESERVE", "16MiB")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("the worker has no pipes"));
        };
        let mut worker = Worker {
            child,
            input: BufWriter::new(input),
            output: BufReader::new(output),
        };
        put(&mut worker.input, &self.files)?;
        Ok(worker)
    }
}

impl Worker {
    /// Sends one render and reads its answer: the page, or the template's error.
    fn exchange(&mut self, name: &str, context: &[u8]) -> std::io::Result<Result<String, String>> {
        put(&mut self.input, name.as_bytes())?;
        put(&mut self.input, context)?;
        self.input.flush()?;
        let mut kind = [0u8];
        self.output.read_exact(&mut kind)?;
        let text = String::from_utf8(take(&mut self.output, MAX_ANSWER)?)
            .map_err(|_| std::io::Error::other("an answer that is not UTF-8"))?;
        Ok(if kind[0] == 0 { Ok(text) } else { Err(text) })
    }

    /// After a failed exchange: why the worker ended (it is ended now if it had not).
    fn why_it_ended(mut self, e: &std::io::Error) -> Failed {
        let _ = self.child.kill();
        let status = self.child.wait();
        let mut said = String::new();
        if let Some(err) = self.child.stderr.take() {
            let _ = err.take(64 << 10).read_to_string(&mut said);
        }
        // What Rust writes when an allocation fails, before it aborts.
        if said.contains("memory allocation of") {
            return Failed::Memory;
        }
        let last = said.lines().rev().find(|l| !l.trim().is_empty());
        Failed::Worker(match (last, status) {
            (Some(line), _) => line.to_string(),
            (None, Ok(status)) => format!("{e} ({status})"),
            (None, Err(_)) => e.to_string(),
        })
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes one piece: its length and its bytes.
fn put(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// Reads one piece of at most `max` bytes.
fn take(r: &mut impl Read, max: u64) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > max {
        return Err(std::io::Error::other(format!("a piece of {len} bytes")));
    }
    let mut bytes = Vec::new();
    r.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

/// The worker: bounds its own memory, reads the templates, then renders until its
/// standard input closes. Ends itself when the process that started it is gone.
pub fn run() -> ExitCode {
    watch_parent();
    if let Err(e) = limit_memory() {
        eprintln!("cannot limit the worker's memory: {e}");
        return ExitCode::FAILURE;
    }
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    let files: Vec<(String, String)> = match take(&mut input, u64::MAX)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("no templates: {e}");
            return ExitCode::FAILURE;
        }
    };
    let templates = super::Templates::in_process(files);
    loop {
        let Ok(name) = take(&mut input, u64::MAX) else {
            return ExitCode::SUCCESS;
        };
        let Ok(context) = take(&mut input, u64::MAX) else {
            return ExitCode::SUCCESS;
        };
        let name = String::from_utf8_lossy(&name);
        let rendered = serde_json::from_slice::<serde_json::Value>(&context)
            .map_err(|e| e.to_string())
            .and_then(|c| templates.render(&name, &c).map_err(|e| e.message()));
        let (kind, text) = match rendered {
            Ok(page) => (0u8, page),
            Err(message) => (1u8, message),
        };
        let sent = output
            .write_all(&[kind])
            .and_then(|()| put(&mut output, text.as_bytes()))
            .and_then(|()| output.flush());
        if sent.is_err() {
            return ExitCode::FAILURE;
        }
    }
}

/// Bounds this process's address space to what it maps now plus [`MEMORY_BUDGET`], and
/// writes no core file when it is overrun.
#[cfg(target_os = "linux")]
fn limit_memory() -> std::io::Result<()> {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let status = std::fs::read_to_string("/proc/self/status")?;
    let mapped_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmSize:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| std::io::Error::other("no VmSize in /proc/self/status"))?;
    let hard = getrlimit(Resource::As).maximum;
    let limit = (mapped_kib * 1024 + MEMORY_BUDGET).min(hard.unwrap_or(u64::MAX));
    let none = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    setrlimit(Resource::Core, none)?;
    setrlimit(
        Resource::As,
        Rlimit {
            current: Some(limit),
            maximum: Some(limit),
        },
    )?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn limit_memory() -> std::io::Result<()> {
    Err(std::io::Error::other("only on Linux"))
}

/// Ends this worker when the process that started it has gone (its parent changes), so
/// that a render running for ever does not outlive a command line that gave up on it.
fn watch_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_millis(500));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(1);
            }
        });
    }
}
