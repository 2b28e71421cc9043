//! The batch for HR in the browser and as an API: the page, the sheet templates, the check
//! before rendering, and `POST /batch`, which answers a `.zip` streamed as it is made (or
//! the merged print file alone).
//!
//! Nothing is kept: an upload goes to a private temporary directory that is removed when
//! its response ends, finished or abandoned. Jobs run at most [`Limits::max_jobs`] at a
//! time; beyond that the answer is 429 with `Retry-After`. The progress of a job is a pair
//! of counters under a token the page chose, dropped a minute after the job.

use super::failed::internal;
use super::handlers::{html, json};
use super::App;
use crate::frontend::batch::dry_run::{self, CellProblem, DryRun, DryRunOptions};
use crate::frontend::batch::summary::Counts;
use crate::frontend::batch::{self, sheet, template, BatchOptions, Output};
use crate::model::answer::parse_date;
use crate::msg;
use crate::output::render::Format;
use crate::util::i18n::{Lang, Msg};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The page's script (no inline script: the pages' CSP allows only scripts of this site).
const SCRIPT: &str = include_str!("../batch.js");

/// Room for the form fields and multipart framing around the sheet itself.
const FORM_OVERHEAD: usize = 64 * 1024;

/// How long the upload and the check may take before the answer starts (408 beyond).
const CHECK_TIMEOUT: Duration = Duration::from_secs(300);

/// What a client is told to wait before trying again when every job slot is taken.
const RETRY_AFTER_SECONDS: u32 = 30;

/// The bounds of the batch routes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest sheet accepted, in bytes (413 beyond).
    pub max_upload: usize,
    /// The most data rows of one sheet (422 `too_many_rows` beyond).
    pub max_rows: usize,
    /// Batch jobs (checks included) at once (429 beyond).
    pub max_jobs: usize,
    /// The slowest an upload may come, in bytes a second on average once
    /// [`Limits::upload_grace`] has passed (408 beyond).
    pub min_upload_rate: usize,
    /// The time an upload has before its pace counts.
    pub upload_grace: Duration,
    /// The longest a download may stand still (the client taking nothing) before its job
    /// is given up and its slot freed.
    pub download_stall: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_upload: 20 << 20,
            max_rows: 20_000,
            max_jobs: cores(),
            min_upload_rate: 8 << 10,
            upload_grace: Duration::from_secs(10),
            download_stall: Duration::from_secs(30),
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The batch jobs of one server: the slots and the progress of those running.
pub struct Batches {
    limits: Limits,
    slots: Arc<Semaphore>,
    /// Running jobs by token, and finished ones for [`FINISHED_KEPT`] (when they finished).
    progress: Mutex<HashMap<String, Tracked>>,
}

/// A job's counters, and when it finished.
type Tracked = (Arc<Progress>, Option<Instant>);

/// How long the counters of a finished job stay readable, so that a page polling now and
/// then sees the end.
const FINISHED_KEPT: Duration = Duration::from_secs(60);

impl Batches {
    pub fn new(limits: Limits) -> Batches {
        Batches {
            limits,
            slots: Arc::new(Semaphore::new(limits.max_jobs.max(1))),
            progress: Mutex::new(HashMap::new()),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }
}

/// The routes of the batch, with their own body limit and timeout, and `GET /healthz`.
pub fn routes(limits: Limits) -> Router<Arc<App>> {
    Router::new()
        .route("/batch", get(page).post(run))
        .route("/batch/check", post(check_sheet))
        .route("/batch/template.xlsx", get(template_xlsx))
        .route("/batch/template.csv", get(template_csv))
        .route("/batch/progress/{token}", get(progress))
        .route("/assets/batch.js", get(script))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            limits.max_upload.saturating_add(FORM_OVERHEAD),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            CHECK_TIMEOUT,
        ))
        .route("/healthz", get(healthz))
}

/// `GET /healthz`: 200 while the server serves; the free job slots, for a load balancer.
async fn healthz(State(app): State<Arc<App>>) -> Response {
    let b = &app.batches;
    json(
        StatusCode::OK,
        &serde_json::json!({
            "status": "ok",
            "batch_slots": b.limits.max_jobs,
            "batch_slots_free": b.slots.available_permits(),
        }),
    )
}

mod body;
pub mod dirs;
mod job;
mod pace;
mod page;
mod progress;
mod refusal;
mod templates;
mod upload;

use job::*;
use page::*;
use progress::*;
use refusal::*;
use templates::*;
use upload::*;
