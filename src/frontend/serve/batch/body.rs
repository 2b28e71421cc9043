//! The body of a batch's answer: what the job writes reaches the client in blocks, as it
//! is made.
//!
//! Two things keep a download honest. A client that stops reading would hold its job slot
//! for as long as its connection stays open: a block the client has not taken within
//! [`Limits::download_stall`] ends the job. And a body whose job did not end whole (an
//! error, a client given up, a panic) ends with an error, so the client sees a broken
//! download rather than a short file that looks complete.

use super::*;
use futures_util::Stream;
use tokio::sync::mpsc;

type Block = Result<Bytes, std::io::Error>;

/// How many blocks wait between the job and the client.
const QUEUE: usize = 8;

/// What the job writes into: blocks of [`BLOCK`] bytes handed to the response body.
pub(super) struct BodyWriter {
    tx: mpsc::Sender<Block>,
    buf: Vec<u8>,
    /// The runtime the body is sent on: the job's thread waits on it with a deadline.
    runtime: tokio::runtime::Handle,
    stall: Duration,
    /// Set once the job has written everything: only then does the body end cleanly.
    whole: Arc<AtomicBool>,
}

/// The size of the blocks handed to the body.
const BLOCK: usize = 64 * 1024;

/// A writer for the job and the response body it feeds; `guard` lives as long as the body
/// (its drop tells the job that the client went away). Called on the server's runtime.
pub(super) fn channel<G: Send + 'static>(
    stall: Duration,
    guard: G,
) -> (BodyWriter, impl Stream<Item = Block> + Send + 'static) {
    let (tx, rx) = mpsc::channel::<Block>(QUEUE);
    let whole = Arc::new(AtomicBool::new(false));
    let writer = BodyWriter {
        tx,
        buf: Vec::with_capacity(BLOCK),
        runtime: tokio::runtime::Handle::current(),
        stall,
        whole: Arc::clone(&whole),
    };
    let body = futures_util::stream::unfold(Some((rx, guard)), move |state| {
        let whole = Arc::clone(&whole);
        async move {
            let (mut rx, guard) = state?;
            match rx.recv().await {
                Some(block) => Some((block, Some((rx, guard)))),
                None if whole.load(Ordering::Acquire) => None,
                None => Some((Err(std::io::Error::other("the batch stopped early")), None)),
            }
        }
    });
    (writer, body)
}

impl BodyWriter {
    /// Another writer into the same body (the zip writes through its own).
    pub(super) fn handle(&self) -> BodyWriter {
        BodyWriter {
            tx: self.tx.clone(),
            buf: Vec::with_capacity(BLOCK),
            runtime: self.runtime.clone(),
            stall: self.stall,
            whole: Arc::clone(&self.whole),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let block = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(BLOCK)));
        let (tx, stall) = (&self.tx, self.stall);
        // The deadline's timer belongs to the runtime: it is made inside it.
        let sent = self
            .runtime
            .block_on(async move { tokio::time::timeout(stall, tx.send(Ok(block))).await });
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "client gone",
            )),
            Err(_) => Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("the client took nothing for {} s", self.stall.as_secs_f32()),
            )),
        }
    }

    /// The job wrote everything: the body may end.
    pub(super) fn finish(&mut self) -> std::io::Result<()> {
        self.send()?;
        self.whole.store(true, Ordering::Release);
        Ok(())
    }

    /// Ends the body with an error at once if there is room for it; the body ends in an
    /// error anyway, as the job did not finish.
    pub(super) fn fail(&mut self, e: std::io::Error) {
        self.buf.clear();
        let _ = self.tx.try_send(Err(e));
    }
}

impl Write for BodyWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BLOCK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
