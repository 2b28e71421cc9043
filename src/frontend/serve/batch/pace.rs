//! The pace an upload must keep: after a short grace, the bytes received must keep up with
//! [`Limits::min_upload_rate`]. A client that trickles its sheet (a byte a second) would
//! otherwise hold a job slot until the request's deadline, and a few of them every slot.

use super::*;

/// How far an upload has come since it began.
pub(super) struct Pace {
    start: tokio::time::Instant,
    bytes: u64,
    grace: Duration,
    rate: u64,
}

/// The upload fell behind its pace.
pub(super) struct TooSlow;

impl Pace {
    pub(super) fn new(limits: &Limits) -> Pace {
        Pace {
            start: tokio::time::Instant::now(),
            bytes: 0,
            grace: limits.upload_grace,
            rate: limits.min_upload_rate.max(1) as u64,
        }
    }

    /// Waits for `next` (the next part of the body) for as long as the upload keeps pace:
    /// until the moment by which one more byte is due.
    pub(super) async fn next<T>(&mut self, next: impl Future<Output = T>) -> Result<T, TooSlow> {
        let due = self.grace + Duration::from_secs_f64((self.bytes + 1) as f64 / self.rate as f64);
        tokio::time::timeout_at(self.start + due, next)
            .await
            .map_err(|_| TooSlow)
    }

    /// Counts `n` bytes received.
    pub(super) fn got(&mut self, n: usize) {
        self.bytes += n as u64;
    }
}
