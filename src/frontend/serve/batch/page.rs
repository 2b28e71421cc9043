//! The batch page and the page of a checked sheet.

use super::*;

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) policies: Vec<PolicyOption>,
    pub(super) max_upload_mb: usize,
    pub(super) max_rows: usize,
    pub(super) today: String,
    pub(super) generator: String,
}

#[derive(Serialize)]
pub(super) struct PolicyOption {
    pub(super) id: String,
    pub(super) title: String,
}

pub(super) fn page_view(app: &App) -> PageView {
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
pub(super) async fn page(State(app): State<Arc<App>>) -> Response {
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
pub(super) struct CheckPage<'a> {
    pub(super) page: PageView,
    pub(super) check: Option<CheckView<'a>>,
    pub(super) problems: &'a [CellProblem],
    /// A refusal of the whole sheet.
    pub(super) error: Option<String>,
    pub(super) policy: String,
    pub(super) format: String,
    pub(super) date: String,
    pub(super) duplex: bool,
}

/// `POST /batch/check`: what the sheet holds and every bad row, as JSON (`Accept:
/// application/json`) or as a page; renders nothing.
pub(super) async fn check_sheet(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
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
