//! Writing results: to stdout, or atomically to a file (never a half-written file).

use super::Failure;
use std::io::Write;
use std::path::Path;

/// Writes to the file if given (atomically), else to stdout.
pub fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        Some(p) => crate::util::atomic::write(p, bytes)
            .map_err(|e| Failure::cannot_write(&p.display().to_string(), &e)),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::cannot_write("<stdout>", &e))
        }
    }
}
