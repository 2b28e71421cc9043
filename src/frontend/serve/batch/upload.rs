//! The upload: reading the sheet and the form fields within bounds, the job a form asks
//! for, and the check of a sheet before anything is made.

use super::*;

/// What the form or API sent: the fields and the sheet, in a private temporary directory.
pub(super) struct Upload {
    pub(super) dir: super::dirs::JobDir,
    pub(super) sheet: Option<PathBuf>,
    /// The file name the client gave, for messages.
    pub(super) file_name: String,
    pub(super) fields: BTreeMap<String, String>,
}

/// The fields a batch request may carry besides `sheet`.
pub(super) const FIELDS: &[&str] = &[
    "policy",
    "format",
    "date",
    "duplex",
    "download",
    "merged",
    "skip_errors",
    "progress",
    "plan",
];

/// The longest file name kept from an upload, in characters (for messages and pages).
const MAX_FILE_NAME: usize = 100;

pub(super) async fn read_upload(mut form: Multipart, limits: &Limits) -> Result<Upload, Refusal> {
    let max_upload = limits.max_upload;
    let mut pace = pace::Pace::new(limits);
    // Names and ID numbers: readable by this user only, while the batch runs.
    let dir = super::dirs::JobDir::new().map_err(|e| {
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
    while let Some(mut field) = pace.next_field(&mut form).await? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "sheet" {
            let file_name = crate::util::input_text::shown(
                field.file_name().unwrap_or_default(),
                MAX_FILE_NAME,
            );
            let lower = file_name.to_ascii_lowercase();
            let path = up.dir.path().join(if lower.ends_with(".xlsx") {
                "sheet.xlsx"
            } else if lower.ends_with(".xls") {
                "sheet.xls"
            } else {
                "sheet.csv"
            });
            let mut file = private_file(&path).map_err(|e| {
                eprintln!("error: temporary file: {e}");
                refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    msg!("batch-internal"),
                )
            })?;
            let mut size = 0usize;
            while let Some(chunk) = pace.chunk(&mut field).await? {
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
            while let Some(chunk) = pace.chunk(&mut field).await? {
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

pub(super) fn too_large(max_upload: usize) -> Refusal {
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        msg!("batch-too-large", max = max_upload / (1 << 20)),
    )
}

/// What a request asks for, read from its fields.
#[derive(Debug, Clone)]
pub(super) struct JobRequest {
    pub(super) policy: Option<String>,
    pub(super) format: Format,
    pub(super) as_of: NaiveDate,
    pub(super) duplex: bool,
    pub(super) merged: bool,
    /// The merged print file alone instead of the zip.
    pub(super) merged_only: bool,
    pub(super) skip_errors: bool,
    pub(super) progress: Option<String>,
    /// Also each person's next step on their city's path (`batch --plan`).
    pub(super) plan: bool,
}

pub(super) fn flag(fields: &BTreeMap<String, String>, key: &str, default: bool) -> bool {
    match fields.get(key).map(|v| v.to_ascii_lowercase()) {
        None => default,
        Some(v) => matches!(v.as_str(), "1" | "on" | "true" | "yes"),
    }
}

pub(super) fn job_request(
    app: &App,
    fields: &BTreeMap<String, String>,
) -> Result<JobRequest, Refusal> {
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
            let p = crate::model::applicant::FieldProblem::new("date", m).named("办理日期", "Date");
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
        plan: flag(fields, "plan", false),
    })
}

/// Sets the flag when dropped: a request whose client went away stops its work.
pub(super) struct StopOnDrop(pub(super) Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A new file readable and writable by this user only.
fn private_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The sheet's name for messages: the first worksheet of a workbook, or the file's name.
/// A workbook is opened only once it is within the bounds the batch reads it in (opening
/// it reads its shared strings whole).
pub(super) fn sheet_label(up: &Upload, path: &std::path::Path) -> String {
    let bounded = || {
        crate::frontend::batch::bounds::check_xlsx(
            path,
            &crate::frontend::batch::bounds::XlsxLimits::default(),
        )
        .is_ok()
    };
    if path.extension().is_some_and(|e| e == "xlsx") && bounded() {
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
pub(super) struct CheckView<'a> {
    pub(super) sheet: &'a str,
    pub(super) rows: usize,
    pub(super) good: usize,
    pub(super) bad: usize,
    /// The problems found past those listed.
    pub(super) unlisted: usize,
    /// How the good rows stand: 可办理, 暂不可办理, 待确认.
    pub(super) standing: Counts,
    pub(super) per_policy: Vec<PolicyCount<'a>>,
    pub(super) too_many_rows: bool,
    pub(super) max_rows: usize,
}

#[derive(Serialize)]
pub(super) struct PolicyCount<'a> {
    pub(super) id: &'a str,
    pub(super) title: String,
    pub(super) people: usize,
}

pub(super) fn check_view<'a>(app: &App, sheet: &'a str, c: &'a DryRun) -> CheckView<'a> {
    CheckView {
        sheet,
        rows: c.rows,
        good: c.good,
        bad: c.bad,
        unlisted: c.unlisted,
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
pub(super) async fn run_check(
    app: &Arc<App>,
    path: PathBuf,
    label: String,
    req: &JobRequest,
    stop: Arc<AtomicBool>,
) -> Result<DryRun, Refusal> {
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
        let opts = DryRunOptions {
            policy: policy.as_deref(),
            as_of,
            max_rows: app.batches.limits.max_rows,
        };
        dry_run::run(sheet.until(stop), &label, &app.library, &opts).map_err(|e| match e {
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
            eprintln!(
                "error: check: {}",
                crate::util::input_text::shown(&e.to_string(), 500)
            );
            Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                msg!("batch-internal"),
            ))
        }
    }
}

/// Takes a job slot, reads the upload and the request's fields, and checks the sheet.
pub(super) async fn prepare(
    app: &Arc<App>,
    form: Multipart,
    stop: &Arc<AtomicBool>,
) -> Result<(OwnedSemaphorePermit, Upload, JobRequest, String, DryRun), Refusal> {
    let permit = Arc::clone(&app.batches.slots)
        .try_acquire_owned()
        .map_err(|_| busy())?;
    let up = read_upload(form, &app.batches.limits).await?;
    // A server that stops sets it, so that the job writes no more before its folder goes.
    up.dir.stopped_by(Arc::clone(stop));
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

pub(super) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}
