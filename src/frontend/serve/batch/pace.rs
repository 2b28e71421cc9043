//! Reading an upload's parts at the pace it must keep: after a short grace, the bytes
//! received must keep up with [`Limits::min_upload_rate`]. A client that trickles its sheet
//! (a byte a second) would otherwise hold a job slot until the request's deadline, and a
//! few of them every slot.

use super::*;
use axum::extract::multipart::{Field, MultipartError};

/// How far an upload has come since it began.
pub(super) struct Pace {
    start: tokio::time::Instant,
    bytes: u64,
    limits: Limits,
}

impl Pace {
    pub(super) fn new(limits: &Limits) -> Pace {
        Pace {
            start: tokio::time::Instant::now(),
            bytes: 0,
            limits: *limits,
        }
    }

    /// The next part of the form, if the upload keeps pace.
    pub(super) async fn next_field<'a>(
        &mut self,
        form: &'a mut Multipart,
    ) -> Result<Option<Field<'a>>, Refusal> {
        let next = self.within(form.next_field()).await?;
        next.map_err(|e| self.unreadable(e))
    }

    /// The next bytes of a part, if the upload keeps pace.
    pub(super) async fn chunk(&mut self, field: &mut Field<'_>) -> Result<Option<Bytes>, Refusal> {
        let chunk = self
            .within(field.chunk())
            .await?
            .map_err(|e| self.unreadable(e))?;
        self.bytes += chunk.as_ref().map_or(0, |c| c.len() as u64);
        Ok(chunk)
    }

    /// Waits for `next` until the moment by which one more byte is due: 408 after.
    async fn within<T>(&self, next: impl Future<Output = T>) -> Result<T, Refusal> {
        let rate = self.limits.min_upload_rate.max(1) as f64;
        let due =
            self.limits.upload_grace + Duration::from_secs_f64((self.bytes + 1) as f64 / rate);
        tokio::time::timeout_at(self.start + due, next)
            .await
            .map_err(|_| {
                refuse(
                    StatusCode::REQUEST_TIMEOUT,
                    "too_slow",
                    msg!(
                        "batch-upload-too-slow",
                        rate = self.limits.min_upload_rate >> 10,
                        seconds = self.limits.upload_grace.as_secs() as usize
                    ),
                )
            })
    }

    /// A form that could not be read: too large (413), or malformed (400).
    fn unreadable(&self, e: MultipartError) -> Refusal {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(self.limits.max_upload)
        } else {
            refuse(
                StatusCode::BAD_REQUEST,
                "bad_form",
                msg!("batch-bad-form", detail = e.body_text()),
            )
        }
    }
}
