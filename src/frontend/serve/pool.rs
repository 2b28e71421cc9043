//! Rendering on a fixed number of threads with a bounded queue.
//!
//! A PDF is CPU work and each render holds its own working memory, so renders run on a
//! few threads (about one per core) and wait in a queue of bounded length; when the queue
//! is full a request is turned away at once (503 with `Retry-After`) instead of adding a
//! thread and a heap. Memory stays flat under any load, and a request that gets in is
//! answered in the time the queue ahead of it takes.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// Renders that may wait per render thread. A PDF takes a few milliseconds, so the last
/// in a full queue waits a second or two; a waiting render holds only its small checklist.
pub const QUEUE_PER_THREAD: usize = 256;

/// Why a render did not run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PoolError {
    /// Every render thread is working and the queue is full.
    #[error("服务器繁忙，请稍后再试 (the server is busy: every renderer is working and the queue is full; try again in a moment)")]
    Busy,
    /// The render failed unexpectedly (a bug), or the pool is gone.
    #[error("the renderer stopped before finishing")]
    Stopped,
}

impl PoolError {
    /// A stable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            PoolError::Busy => "busy",
            PoolError::Stopped => "render-stopped",
        }
    }
}

/// A fixed set of render threads and the queue in front of them.
pub struct RenderPool {
    tx: SyncSender<Job>,
    threads: usize,
    queue: usize,
}

impl RenderPool {
    /// `threads` render threads (at least one) and room for `queue` waiting renders.
    pub fn new(threads: usize, queue: usize) -> RenderPool {
        let threads = threads.max(1);
        let (tx, rx) = mpsc::sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("render-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => match rx.recv() {
                            Ok(job) => job,
                            Err(_) => break,
                        },
                        Err(_) => break,
                    };
                    // A panicking render answers its request with an error; the thread lives on.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                })
                .expect("a render thread starts");
        }
        RenderPool { tx, threads, queue }
    }

    /// One thread per core, and a queue of [`QUEUE_PER_THREAD`] renders per thread.
    pub fn per_core() -> RenderPool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        RenderPool::new(cores, cores * QUEUE_PER_THREAD)
    }

    /// The number of render threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The number of renders that may wait.
    pub fn queue(&self) -> usize {
        self.queue
    }

    /// Queues `f` for a render thread, or says at once (when the returned future is first
    /// polled) that the queue is full. The future holds no borrow of the pool.
    pub fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T, PoolError>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The client went away while the render waited: nothing to do.
            if !tx.is_closed() {
                let _ = tx.send(f());
            }
        });
        let queued = self.tx.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => PoolError::Busy,
            TrySendError::Disconnected(_) => PoolError::Stopped,
        });
        async move {
            queued?;
            rx.await.map_err(|_| PoolError::Stopped)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[tokio::test]
    async fn a_full_queue_turns_work_away_and_the_rest_is_done() {
        let pool = RenderPool::new(1, 1);
        let gate = Arc::new(Barrier::new(2));
        let g = Arc::clone(&gate);
        // The one thread waits at the gate; one more job fits in the queue.
        let first = tokio::spawn(pool.run(move || {
            g.wait();
            1
        }));
        // Until the thread has taken the first job, the second may find the queue full.
        let mut second = tokio::spawn(pool.run(|| 2));
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            if !second.is_finished() {
                break;
            }
            second = tokio::spawn(pool.run(|| 2));
        }
        assert_eq!(pool.run(|| 3).await, Err(PoolError::Busy));
        gate.wait();
        assert_eq!(first.await.unwrap(), Ok(1));
        assert_eq!(second.await.unwrap(), Ok(2));
        assert_eq!(pool.run(|| 4).await, Ok(4));
    }

    #[tokio::test]
    async fn a_panicking_render_is_an_error_and_the_thread_lives_on() {
        let pool = RenderPool::new(1, 4);
        let r: Result<(), _> = pool.run(|| panic!("a bug")).await;
        assert_eq!(r, Err(PoolError::Stopped));
        assert_eq!(pool.run(|| 5).await, Ok(5));
    }
}
