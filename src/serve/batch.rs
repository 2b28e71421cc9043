//! The batch for HR in the browser and as an API: the page, the sheet templates, the check
//! before rendering, and `POST /batch`, which answers a `.zip` streamed as it is made (or
//! the merged print file alone).
//!
//! Nothing is kept: an upload goes to a private temporary directory that is removed when
//! its response ends, finished or abandoned. Jobs run at most [`Limits::max_jobs`] at a
//! time; beyond that the answer is 429 with `Retry-After`. The progress of a job is a pair
//! of counters under a token the page chose, dropped a minute after the job.

use super::handlers::{html, internal, json};
use super::App;
use crate::applicant::parse_date;
use crate::batch::check::{self, CellProblem, CheckOptions, Checked};
use crate::batch::summary::Counts;
use crate::batch::{self, sheet, template, BatchOptions, Output};
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::render::Format;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
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
const SCRIPT: &str = include_str!("batch.js");

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
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_upload: 20 << 20,
            max_rows: 20_000,
            max_jobs: cores(),
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

// ---------------------------------------------------------------- answers

/// A problem with the request as a whole: its status, a stable code and a message.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

fn refuse(status: StatusCode, code: &'static str, message: Msg) -> Refusal {
    Refusal {
        status,
        code,
        message: message.text(Lang::Zh),
    }
}

/// The JSON of every error answer: `{code, message, errors: [{code, row, column, header,
/// field, message}], …}`, with what the check found when there was a check.
#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    errors: Vec<CellProblem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<CheckView<'a>>,
}

impl Refusal {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: &self.message,
            errors: vec![CellProblem {
                code: self.code,
                row: 0,
                column: None,
                header: None,
                field: String::new(),
                title: self.message.clone(),
                message: self.message.clone(),
            }],
            check: None,
        };
        let mut res = json(self.status, &body);
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        res
    }
}

fn busy() -> Refusal {
    refuse(StatusCode::TOO_MANY_REQUESTS, "busy", msg!("batch-busy"))
}

// ---------------------------------------------------------------- the upload

/// What the form or API sent: the fields and the sheet, in a private temporary directory.
struct Upload {
    dir: tempfile::TempDir,
    sheet: Option<PathBuf>,
    /// The file name the client gave, for messages.
    file_name: String,
    fields: BTreeMap<String, String>,
}

/// The fields a batch request may carry besides `sheet`.
const FIELDS: &[&str] = &[
    "policy",
    "format",
    "date",
    "duplex",
    "download",
    "merged",
    "skip_errors",
    "progress",
];

async fn read_upload(mut form: Multipart, max_upload: usize) -> Result<Upload, Refusal> {
    let dir = tempfile::Builder::new()
        .prefix("doclist-batch-")
        .tempdir()
        .map_err(|e| {
            eprintln!("error: temporary directory: {e}");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                msg!("batch-internal"),
            )
        })?;
    let mut up = Upload {
        dir,
        sheet: None,
        file_name: String::new(),
        fields: BTreeMap::new(),
    };
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(max_upload)
        } else {
            refuse(
                StatusCode::BAD_REQUEST,
                "bad_form",
                msg!("batch-bad-form", detail = e.body_text()),
            )
        }
    };
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "sheet" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let lower = file_name.to_ascii_lowercase();
            let path = up.dir.path().join(if lower.ends_with(".xlsx") {
                "sheet.xlsx"
            } else if lower.ends_with(".xls") {
                "sheet.xls"
            } else {
                "sheet.csv"
            });
            let mut file = std::fs::File::create(&path).map_err(|e| {
                eprintln!("error: temporary file: {e}");
                refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    msg!("batch-internal"),
                )
            })?;
            let mut size = 0usize;
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                size += chunk.len();
                if size > max_upload {
                    return Err(too_large(max_upload));
                }
                file.write_all(&chunk).map_err(|e| {
                    eprintln!("error: temporary file: {e}");
                    refuse(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        msg!("batch-internal"),
                    )
                })?;
            }
            if size > 0 {
                up.sheet = Some(path);
                up.file_name = file_name;
            }
        } else if FIELDS.contains(&name.as_str()) {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                value.extend_from_slice(&chunk);
                if value.len() > 1024 {
                    return Err(refuse(
                        StatusCode::BAD_REQUEST,
                        "bad_form",
                        msg!("batch-field-too-long", field = name.as_str()),
                    ));
                }
            }
            let value = String::from_utf8_lossy(&value).trim().to_string();
            up.fields.insert(name, value);
        } else {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "bad_form",
                msg!(
                    "batch-unknown-field",
                    field = name.as_str(),
                    allowed = format!("sheet, {}", FIELDS.join(", "))
                ),
            ));
        }
    }
    Ok(up)
}

fn too_large(max_upload: usize) -> Refusal {
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        msg!("batch-too-large", max = max_upload / (1 << 20)),
    )
}

/// What a request asks for, read from its fields.
#[derive(Debug, Clone)]
struct JobRequest {
    policy: Option<String>,
    format: Format,
    as_of: NaiveDate,
    duplex: bool,
    merged: bool,
    /// The merged print file alone instead of the zip.
    merged_only: bool,
    skip_errors: bool,
    progress: Option<String>,
}

fn flag(fields: &BTreeMap<String, String>, key: &str, default: bool) -> bool {
    match fields.get(key).map(|v| v.to_ascii_lowercase()) {
        None => default,
        Some(v) => matches!(v.as_str(), "1" | "on" | "true" | "yes"),
    }
}

fn job_request(app: &App, fields: &BTreeMap<String, String>) -> Result<JobRequest, Refusal> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let policy = fields.get("policy").filter(|p| !p.is_empty()).cloned();
    if let Some(p) = &policy {
        app.library.get(p).map_err(|m| {
            refuse(
                unprocessable,
                "unknown_policy",
                msg!("batch-unknown-policy", detail = m),
            )
        })?;
    }
    let format = match fields
        .get("format")
        .map(|f| f.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("pdf") => Format::Pdf,
        Some("html") => Format::Html,
        Some("json") => Format::Json,
        Some(other) => {
            return Err(refuse(
                unprocessable,
                "bad_format",
                msg!("batch-bad-format", value = other),
            ))
        }
    };
    let as_of = match fields.get("date").filter(|d| !d.is_empty()) {
        None => chrono::Local::now().date_naive(),
        Some(d) => parse_date(d).map_err(|m| {
            let p = crate::applicant::FieldProblem::new("date", m).named("办理日期", "Date");
            refuse(
                unprocessable,
                "bad_date",
                msg!("batch-bad-date", detail = p.message(Lang::Zh)),
            )
        })?,
    };
    let merged_only = match fields.get("download").map(String::as_str) {
        None | Some("") | Some("zip") => false,
        Some("merged") => true,
        Some(other) => {
            return Err(refuse(
                unprocessable,
                "bad_download",
                msg!("batch-bad-download", value = other),
            ))
        }
    };
    if merged_only && format != Format::Pdf {
        return Err(refuse(
            unprocessable,
            "bad_download",
            msg!("batch-merged-needs-pdf"),
        ));
    }
    let progress = fields
        .get("progress")
        .filter(|t| {
            (8..=64).contains(&t.len())
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .cloned();
    Ok(JobRequest {
        policy,
        format,
        as_of,
        duplex: flag(fields, "duplex", false),
        merged: flag(fields, "merged", true) && format == Format::Pdf,
        merged_only,
        skip_errors: flag(fields, "skip_errors", false),
        progress,
    })
}

/// Sets the flag when dropped: a request whose client went away stops its work.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The sheet's name for messages: the first worksheet of a workbook, or the file's name.
fn sheet_label(up: &Upload, path: &std::path::Path) -> String {
    if path.extension().is_some_and(|e| e == "xlsx") {
        use calamine::Reader;
        if let Ok(book) = calamine::open_workbook::<calamine::Xlsx<_>, _>(path) {
            if let Some(name) = book.sheet_names().first() {
                return name.clone();
            }
        }
    }
    if up.file_name.is_empty() {
        "sheet".to_string()
    } else {
        up.file_name.clone()
    }
}

/// What the check found, for the page and the API.
#[derive(Serialize)]
struct CheckView<'a> {
    sheet: &'a str,
    rows: usize,
    good: usize,
    bad: usize,
    /// How the good rows stand: 可办理, 暂不可办理, 待确认.
    standing: Counts,
    per_policy: Vec<PolicyCount<'a>>,
    too_many_rows: bool,
    max_rows: usize,
}

#[derive(Serialize)]
struct PolicyCount<'a> {
    id: &'a str,
    title: String,
    people: usize,
}

fn check_view<'a>(app: &App, sheet: &'a str, c: &'a Checked) -> CheckView<'a> {
    CheckView {
        sheet,
        rows: c.rows,
        good: c.good,
        bad: c.bad,
        standing: c.standing,
        per_policy: c
            .per_policy
            .iter()
            .map(|(id, n)| PolicyCount {
                id,
                title: app
                    .library
                    .get(id)
                    .map(|p| p.title.clone())
                    .unwrap_or_default(),
                people: *n,
            })
            .collect(),
        too_many_rows: c.too_many_rows,
        max_rows: app.batches.limits.max_rows,
    }
}

/// Reads the sheet and checks every row, off the async threads; stops early when `stop`
/// is set.
async fn run_check(
    app: &Arc<App>,
    path: PathBuf,
    label: String,
    req: &JobRequest,
    stop: Arc<AtomicBool>,
) -> Result<Checked, Refusal> {
    let app = Arc::clone(app);
    let policy = req.policy.clone();
    let as_of = req.as_of;
    let checked = tokio::task::spawn_blocking(move || {
        let sheet = sheet::open(&path, None).map_err(|e| {
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_sheet",
                msg!("batch-bad-sheet", detail = e.message),
            )
        })?;
        let opts = CheckOptions {
            policy: policy.as_deref(),
            as_of,
            max_rows: app.batches.limits.max_rows,
        };
        check::check(sheet.until(stop), &label, &app.library, &opts).map_err(|e| match e {
            batch::BatchError::Header { message, .. } => refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_header",
                msg!("batch-bad-header", detail = message),
            ),
            other => refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_sheet",
                msg!("batch-bad-sheet", detail = other.to_string()),
            ),
        })
    })
    .await;
    match checked {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: check: {e}");
            Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                msg!("batch-internal"),
            ))
        }
    }
}

/// Takes a job slot, reads the upload and the request's fields, and checks the sheet.
async fn prepare(
    app: &Arc<App>,
    form: Multipart,
    stop: &Arc<AtomicBool>,
) -> Result<(OwnedSemaphorePermit, Upload, JobRequest, String, Checked), Refusal> {
    let permit = Arc::clone(&app.batches.slots)
        .try_acquire_owned()
        .map_err(|_| busy())?;
    let up = read_upload(form, app.batches.limits.max_upload).await?;
    let req = job_request(app, &up.fields)?;
    let Some(path) = up.sheet.clone() else {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_sheet",
            msg!("batch-no-sheet"),
        ));
    };
    if path.extension().is_some_and(|e| e == "xls") {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_sheet",
            msg!("batch-xls"),
        ));
    }
    let label = sheet_label(&up, &path);
    let checked = run_check(app, path, label.clone(), &req, Arc::clone(stop)).await?;
    Ok((permit, up, req, label, checked))
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}

// ---------------------------------------------------------------- the page

#[derive(Serialize)]
struct PageView {
    policies: Vec<PolicyOption>,
    max_upload_mb: usize,
    max_rows: usize,
    today: String,
    generator: String,
}

#[derive(Serialize)]
struct PolicyOption {
    id: String,
    title: String,
}

fn page_view(app: &App) -> PageView {
    PageView {
        policies: app
            .library
            .policies()
            .iter()
            .map(|p| PolicyOption {
                id: p.id.clone(),
                title: p.title.clone(),
            })
            .collect(),
        max_upload_mb: app.batches.limits.max_upload / (1 << 20),
        max_rows: app.batches.limits.max_rows,
        today: chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
    }
}

/// `GET /batch`: choose the procedure, download the template, upload the sheet.
async fn page(State(app): State<Arc<App>>) -> Response {
    match app
        .renderer
        .templates
        .render("serve/batch.html", &page_view(&app))
    {
        Ok(text) => html(StatusCode::OK, text),
        Err(_) => internal("template"),
    }
}

/// The check page's context (`templates/serve/batch-check.html`), for browsers without
/// JavaScript: what was read, the bad rows, and the form to go on.
#[derive(Serialize)]
struct CheckPage<'a> {
    page: PageView,
    check: Option<CheckView<'a>>,
    problems: &'a [CellProblem],
    /// A refusal of the whole sheet.
    error: Option<String>,
    policy: String,
    format: String,
    date: String,
    duplex: bool,
}

/// `POST /batch/check`: what the sheet holds and every bad row, as JSON (`Accept:
/// application/json`) or as a page; renders nothing.
async fn check_sheet(State(app): State<Arc<App>>, headers: HeaderMap, form: Multipart) -> Response {
    let stop = Arc::new(AtomicBool::new(false));
    let _stop = StopOnDrop(Arc::clone(&stop));
    let json_wanted = wants_json(&headers);
    let prepared = prepare(&app, form, &stop).await;
    let (up, checked, label, error) = match prepared {
        Ok((_permit, up, _req, label, checked)) => (Some(up), Some(checked), label, None),
        Err(r) if json_wanted || r.status == StatusCode::TOO_MANY_REQUESTS => {
            return r.into_response()
        }
        Err(r) => (None, None, String::new(), Some(r)),
    };
    if json_wanted {
        let c = checked.as_ref().expect("checked when not refused");
        return json(
            StatusCode::OK,
            &ErrorBody {
                code: if c.problems.is_empty() {
                    "ok"
                } else {
                    "bad_rows"
                },
                message: "",
                errors: c.problems.clone(),
                check: Some(check_view(&app, &label, c)),
            },
        );
    }
    let field = |k: &str| {
        up.as_ref()
            .and_then(|u| u.fields.get(k).cloned())
            .unwrap_or_default()
    };
    let view = CheckPage {
        page: page_view(&app),
        check: checked.as_ref().map(|c| check_view(&app, &label, c)),
        problems: checked.as_ref().map_or(&[], |c| c.problems.as_slice()),
        error: error.as_ref().map(|e| e.message.clone()),
        policy: field("policy"),
        format: field("format"),
        date: field("date"),
        duplex: up
            .as_ref()
            .is_some_and(|u| flag(&u.fields, "duplex", false)),
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    match app
        .renderer
        .templates
        .render("serve/batch-check.html", &view)
    {
        Ok(text) => html(status, text),
        Err(_) => internal("template"),
    }
}

// ---------------------------------------------------------------- templates

#[derive(serde::Deserialize, Default)]
struct TemplateQuery {
    #[serde(default)]
    policy: Option<String>,
}

fn template_policy(app: &App, query: Option<String>) -> Result<Option<String>, Refusal> {
    let q: TemplateQuery =
        serde_urlencoded::from_str(&query.unwrap_or_default()).unwrap_or_default();
    match q.policy.filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) => match app.library.get(&p) {
            Ok(_) => Ok(Some(p)),
            Err(m) => Err(refuse(StatusCode::NOT_FOUND, "unknown_policy", m)),
        },
    }
}

fn attachment(content_type: &'static str, ascii_name: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition(ascii_name, name)),
        ],
        body,
    )
        .into_response()
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
fn disposition(ascii_name: &str, name: &str) -> HeaderValue {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

fn template_name(policy: Option<&str>, ext: &str) -> (String, String) {
    let id = policy.map_or("all".to_string(), |p| p.replace('/', "-"));
    (
        format!("doclist-template-{id}.{ext}"),
        format!("人员名单模板-{id}.{ext}"),
    )
}

/// `GET /batch/template.xlsx?policy=ID`: the sheet to fill in.
async fn template_xlsx(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let policy = match template_policy(&app, q) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    match template::xlsx(&app.library, policy.as_deref()) {
        Ok(bytes) => {
            let (ascii, name) = template_name(policy.as_deref(), "xlsx");
            attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &ascii,
                &name,
                bytes,
            )
        }
        Err(_) => internal("sheet template"),
    }
}

/// `GET /batch/template.csv?policy=ID`: the header row as CSV (UTF-8 with BOM).
async fn template_csv(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let policy = match template_policy(&app, q) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    match template::csv(&app.library, policy.as_deref()) {
        Ok(bytes) => {
            let (ascii, name) = template_name(policy.as_deref(), "csv");
            attachment("text/csv; charset=utf-8", &ascii, &name, bytes)
        }
        Err(_) => internal("sheet template"),
    }
}

/// `GET /assets/batch.js`.
async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=300"),
            ),
        ],
        SCRIPT,
    )
        .into_response()
}

// ---------------------------------------------------------------- progress

const CHECKING: u8 = 0;
const RENDERING: u8 = 1;
const DONE: u8 = 2;
const FAILED: u8 = 3;

/// The counters of one job: rows done of rows in all, and the stage.
#[derive(Default)]
struct Progress {
    total: AtomicU64,
    done: AtomicU64,
    state: AtomicU8,
}

/// Keeps a job's progress visible under its token while it runs.
struct Listed {
    app: Arc<App>,
    token: Option<String>,
}

impl Listed {
    fn new(app: &Arc<App>, token: Option<String>, p: &Arc<Progress>) -> Listed {
        if let Some(t) = &token {
            let mut map = app.batches.progress.lock().expect("progress lock");
            map.retain(|_, (_, end)| end.is_none_or(|e| e.elapsed() < FINISHED_KEPT));
            map.insert(t.clone(), (Arc::clone(p), None));
        }
        Listed {
            app: Arc::clone(app),
            token,
        }
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        if let Some(t) = &self.token {
            if let Ok(mut map) = self.app.batches.progress.lock() {
                if let Some(entry) = map.get_mut(t) {
                    entry.1 = Some(Instant::now());
                }
            }
        }
    }
}

/// `GET /batch/progress/{token}`: `{state, done, total}` of a job running or just finished;
/// 404 when no job of this server has the token (long finished, never started, or on
/// another copy behind a load balancer).
async fn progress(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    let p = app
        .batches
        .progress
        .lock()
        .expect("progress lock")
        .get(&token)
        .filter(|(_, end)| end.is_none_or(|e| e.elapsed() < FINISHED_KEPT))
        .map(|(p, _)| Arc::clone(p));
    match p {
        None => json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({"state": "unknown"}),
        ),
        Some(p) => {
            let state = match p.state.load(Ordering::Relaxed) {
                CHECKING => "checking",
                RENDERING => "rendering",
                DONE => "done",
                _ => "failed",
            };
            json(
                StatusCode::OK,
                &serde_json::json!({
                    "state": state,
                    "done": p.done.load(Ordering::Relaxed),
                    "total": p.total.load(Ordering::Relaxed),
                }),
            )
        }
    }
}

// ---------------------------------------------------------------- the job

/// `POST /batch`: multipart `sheet` (.xlsx or CSV), `policy`, `format` (pdf, html, json),
/// `date`, `duplex`, `download` (`zip` or `merged`), `merged` (the print file in the zip,
/// default on), `skip_errors` (go on with the good rows), `progress` (a token for
/// `GET /batch/progress/{token}`). Answers the zip or the PDF, streamed; 422 with every
/// bad row as JSON; 413 for a sheet too large; 429 with `Retry-After` when busy.
async fn run(State(app): State<Arc<App>>, form: Multipart) -> Response {
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(Arc::clone(&stop));
    let (permit, up, req, label, checked) = match prepare(&app, form, &stop).await {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let unprocessable = |code: &'static str, message: String| {
        json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ErrorBody {
                code,
                message: &message,
                errors: checked.problems.clone(),
                check: Some(check_view(&app, &label, &checked)),
            },
        )
    };
    if checked.too_many_rows {
        return unprocessable(
            "too_many_rows",
            msg!("batch-too-many-rows", max = app.batches.limits.max_rows).text(Lang::Zh),
        );
    }
    if !checked.problems.is_empty() && !req.skip_errors {
        return unprocessable(
            "bad_rows",
            msg!("batch-bad-rows", bad = checked.bad, good = checked.good).text(Lang::Zh),
        );
    }
    if checked.good == 0 {
        return unprocessable("no_rows", msg!("batch-no-rows").text(Lang::Zh));
    }
    let progress = Arc::new(Progress::default());
    progress
        .total
        .store((checked.good + checked.bad) as u64, Ordering::Relaxed);
    progress.state.store(RENDERING, Ordering::Relaxed);
    let listed = Listed::new(&app, req.progress.clone(), &progress);

    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let date = req.as_of.format("%Y-%m-%d").to_string();
    let (content_type, ascii, name) = if req.merged_only {
        (
            "application/pdf",
            format!("checklists-{date}.pdf"),
            format!("{}-{date}.pdf", MERGED_STEM),
        )
    } else {
        (
            "application/zip",
            format!("checklists-{date}.zip"),
            format!("材料清单-{date}.zip"),
        )
    };
    let job = Job {
        app: Arc::clone(&app),
        req,
        label,
        checked,
        progress,
        stop,
    };
    std::thread::spawn(move || {
        // Everything the job holds (the slot, the upload's directory, the progress entry)
        // goes when this thread ends, whether the client waited or not.
        let _held = (permit, listed);
        let mut out = ChannelWriter::new(tx);
        let result = job.run(&up, &mut out);
        match result {
            Ok(()) => job.progress.state.store(DONE, Ordering::Relaxed),
            Err(e) => {
                job.progress.state.store(FAILED, Ordering::Relaxed);
                if !job.stop.load(Ordering::Relaxed) {
                    eprintln!("error: batch: {e}");
                }
                out.fail(e);
            }
        }
        drop(up);
    });
    // The client may go away while the body streams: the stream's end stops the job.
    let body = futures_util::stream::unfold((rx, guard), |(mut rx, guard)| async move {
        rx.recv().await.map(|chunk| (chunk, (rx, guard)))
    });
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition(&ascii, &name)),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// The merged print file's name (without `.pdf`).
pub const MERGED_STEM: &str = "合并打印";

/// Hands what is written to the response body in blocks; fails once the body is gone.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

const BLOCK: usize = 64 * 1024;

impl ChannelWriter {
    fn new(tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>) -> ChannelWriter {
        ChannelWriter {
            tx,
            buf: Vec::with_capacity(BLOCK),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let block = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(BLOCK)));
        self.tx
            .blocking_send(Ok(block))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }

    /// Ends the body with an error, so that the client sees a broken download rather than
    /// a short file that looks whole.
    fn fail(&mut self, e: std::io::Error) {
        self.buf.clear();
        let _ = self.tx.blocking_send(Err(e));
    }
}

impl Write for ChannelWriter {
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

struct Job {
    app: Arc<App>,
    req: JobRequest,
    label: String,
    checked: Checked,
    progress: Arc<Progress>,
    stop: Arc<AtomicBool>,
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Job {
    /// Renders every row into the upload's directory and writes the zip (or the merged
    /// PDF) to `out` as the files appear; each file is removed once it is in the zip.
    fn run(&self, up: &Upload, out: &mut ChannelWriter) -> std::io::Result<()> {
        let path = up.sheet.as_ref().expect("a checked upload has a sheet");
        let out_dir = up.dir.path().join("out");
        // Beside the checklists, not among them: the zip takes those as they appear.
        let merged_path = up.dir.path().join(format!("{MERGED_STEM}.pdf"));
        let req = &self.req;
        let opts = BatchOptions {
            out_dir: out_dir.clone(),
            output: Output::Files(req.format),
            policy: req.policy.clone(),
            as_of: req.as_of,
            jobs: cores(),
            show_id: false,
            merge: (req.merged || req.merged_only).then(|| batch::merge::MergeTo {
                path: merged_path.clone(),
                duplex: req.duplex,
            }),
            shard: None,
        };
        let ext = req.format.extension();
        let expected: Vec<String> = self
            .checked
            .stems
            .iter()
            .map(|(_, stem)| format!("{stem}.{ext}"))
            .collect();
        let wake = (Mutex::new(0u64), Condvar::new());
        let tick = |n: u64| {
            self.progress.done.fetch_add(n, Ordering::Relaxed);
            let (lock, cv) = &wake;
            if let Ok(mut g) = lock.lock() {
                *g += n;
            }
            cv.notify_all();
        };
        let app = &self.app;
        // The zip writes through its own handle of the same body.
        let mut zip = (!req.merged_only)
            .then(|| zip::ZipWriter::new_stream(ChannelWriter::new(out.tx.clone())));
        // Entries carry the local time of the batch (the zip format's default is 1980).
        let now = chrono::Local::now().naive_local();
        let time = {
            use chrono::{Datelike, Timelike};
            zip::DateTime::from_date_and_time(
                now.year().clamp(1980, 2107) as u16,
                now.month() as u8,
                now.day() as u8,
                now.hour() as u8,
                now.minute() as u8,
                now.second().min(58) as u8,
            )
            .unwrap_or_default()
        };
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let file_options = if req.format == Format::Pdf {
            stored
        } else {
            deflated
        };
        let mut zipped = 0;
        let mut add_ready = |zip: &mut Option<zip::ZipWriter<_>>, all: bool| {
            while zipped < expected.len() {
                let name = &expected[zipped];
                let file = out_dir.join(name);
                if !file.exists() {
                    if all {
                        zipped += 1;
                        continue;
                    }
                    break;
                }
                if let Some(z) = zip.as_mut() {
                    let z: &mut zip::ZipWriter<_> = z;
                    z.start_file(name.as_str(), file_options).map_err(io_err)?;
                    let mut f = std::fs::File::open(&file)?;
                    std::io::copy(&mut f, z)?;
                }
                std::fs::remove_file(&file)?;
                zipped += 1;
            }
            Ok::<(), std::io::Error>(())
        };
        let report = std::thread::scope(|s| {
            // The sheet's reader is not Send: it is opened on the thread that reads it.
            let runner = s.spawn(|| {
                let sheet = sheet::open(path, None)
                    .map_err(|e| io_err(e.message.to_string()))?
                    .until(Arc::clone(&self.stop));
                batch::run(
                    sheet,
                    &self.label,
                    &app.library,
                    &app.renderer,
                    &opts,
                    &tick,
                )
                .map_err(io_err)
            });
            let mut failed = None;
            while !runner.is_finished() {
                {
                    let (lock, cv) = &wake;
                    let g = lock.lock().expect("wake lock");
                    let _ = cv.wait_timeout(g, Duration::from_millis(100));
                }
                if failed.is_none() {
                    if let Err(e) = add_ready(&mut zip, false) {
                        // The client is gone (or the disk failed): stop reading the sheet.
                        self.stop.store(true, Ordering::Relaxed);
                        failed = Some(e);
                    }
                }
            }
            let report = runner.join().expect("the batch does not panic");
            match failed {
                Some(e) => Err(e),
                None => Ok(report),
            }
        })?;
        let report = report?;
        add_ready(&mut zip, true)?;
        if self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "client gone",
            ));
        }

        // The merge file was written while the batch ran; it is copied out in pieces.
        let merged = report
            .merged
            .map(|_| std::fs::File::open(&merged_path))
            .transpose()?;
        let Some(mut z) = zip else {
            if let Some(mut f) = merged {
                std::io::copy(&mut f, out)?;
            }
            return out.flush();
        };
        if let Some(mut f) = merged {
            z.start_file(format!("{MERGED_STEM}.pdf"), stored)
                .map_err(io_err)?;
            std::io::copy(&mut f, &mut z)?;
        }
        z.start_file("summary.csv", deflated).map_err(io_err)?;
        z.write_all(&report.summary.to_csv())?;
        z.start_file("summary.html", deflated).map_err(io_err)?;
        batch::report::write_summary_html(
            &report.summary,
            &app.renderer.templates,
            req.as_of,
            cores(),
            &mut z,
        )
        .map_err(io_err)?;
        z.start_file("errors.csv", deflated).map_err(io_err)?;
        z.write_all(&batch::errors_csv(&report.errors))?;
        z.start_file("calendar.ics", deflated).map_err(io_err)?;
        report.summary.write_calendar(req.as_of, &mut z)?;
        z.finish().map_err(io_err)?.flush()
    }
}
