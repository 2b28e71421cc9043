//! The `doclist` command line: parses arguments, calls the library, reports errors once.

use std::process::ExitCode;

/// Batch runs build and drop many small strings on several threads at once; mimalloc's
/// per-thread heaps make that cheaper than the system allocator. Built with `no_thp`, it
/// does not ask the kernel for transparent huge pages: each would be 2 MiB zeroed on first
/// touch, which cost a short `render` process more time and memory than its whole heap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    doclist::frontend::cli::run()
}
