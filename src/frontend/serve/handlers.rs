//! The request handlers: read the request, ask the library, answer with a page, a file or
//! JSON. No handler keeps anything once it has answered.

use super::failed::{busy, internal, render_failed};
use super::form::{BodyError, FormPage, PolicyView, Submission};
use super::pool::PoolError;
use super::toolbar::{with_toolbar, FirstLink};
use super::App;
use crate::engine::questions::{self, Reading};
use crate::engine::Options;
use crate::frontend::request::{checklist_from_raw, RequestError};
use crate::model::applicant::FieldProblem;
use crate::model::policy::Policy;
use crate::msg;
use crate::output::render::{Format, RenderError, TypeSize};
use crate::util::i18n::{tr, Lang, Msg};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// The script of the form page and the checklist toolbar.
const SCRIPT: &str = include_str!("serve.js");

pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(super) fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}

pub(super) fn json(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec_pretty(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(_) => internal("json"),
    }
}

/// One problem of a request, for API clients: a stable code to act on, and the message
/// in Chinese to show.
#[derive(Serialize)]
pub(super) struct ErrorView<'a> {
    /// The field, or null for the request as a whole.
    field: Option<&'a str>,
    /// The message's id in the catalogue (`value-date-unreal`, `id-check-digit`, …).
    code: &'static str,
    message: String,
}

impl<'a> ErrorView<'a> {
    pub(super) fn new(p: &'a FieldProblem) -> Self {
        ErrorView {
            field: (!p.field.is_empty()).then_some(p.field.as_str()),
            code: p.code(),
            message: p.message(Lang::Zh),
        }
    }
}

#[derive(Serialize)]
struct Errors<'a> {
    errors: Vec<ErrorView<'a>>,
}

pub(super) fn errors_json(status: StatusCode, problems: &[FieldProblem]) -> Response {
    let errors = problems.iter().map(ErrorView::new).collect();
    json(status, &Errors { errors })
}

pub(super) fn problem(field: &str, m: Msg) -> FieldProblem {
    let p = FieldProblem::new(field, m);
    match field {
        "policy" => p.named("办理事项", "Policy"),
        "date" => p.named("办理日期", "Date"),
        "format" => p.named("格式", "Format"),
        _ => p,
    }
}

/// Reads a form or JSON body, or says why not (415 or 400).
pub(super) fn read_body(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Submission, (StatusCode, FieldProblem)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Submission::from_body(content_type, body).map_err(|e| match e {
        BodyError::UnsupportedType(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, problem("", m)),
        BodyError::Malformed(m) => (StatusCode::BAD_REQUEST, problem("", m)),
    })
}

/// The policy a submission names: 422 when it names none, 404 when it is unknown.
fn policy_of<'a>(app: &'a App, sub: &Submission) -> Result<&'a Policy, (StatusCode, FieldProblem)> {
    let Some(id) = &sub.policy else {
        return Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            problem(
                "policy",
                msg!("policy-missing", available = app.library.ids()),
            ),
        ));
    };
    app.library
        .get(id)
        .map_err(|m| (StatusCode::NOT_FOUND, problem("policy", m)))
}

/// What the start page says to a page request naming no procedure it knows: the page
/// lists them by title, so the message names no ids.
fn choose_procedure(sub: &Submission) -> String {
    match &sub.policy {
        Some(given) => msg!("serve-unknown-procedure", given = given.as_str()),
        None => msg!("serve-choose-procedure"),
    }
    .text(Lang::Zh)
}

/// A request's policy as in force on its date, with the date, and the problems with the
/// date (a bad one counts as today; one before the policy's first version keeps the
/// latest version, so the form can still be drawn).
struct Resolved<'a> {
    policy: &'a Policy,
    as_of: NaiveDate,
    problems: Vec<FieldProblem>,
}

fn resolve<'a>(app: &'a App, sub: &Submission) -> Result<Resolved<'a>, (StatusCode, FieldProblem)> {
    let latest = policy_of(app, sub)?;
    let mut problems = Vec::new();
    let as_of = sub.as_of(today()).unwrap_or_else(|p| {
        problems.push(p);
        today()
    });
    let policy = app.library.get_on(&latest.id, as_of).unwrap_or_else(|m| {
        problems.push(problem("date", m));
        latest
    });
    Ok(Resolved {
        policy,
        as_of,
        problems,
    })
}

/// The start page's context (`templates/serve/index.html`).
#[derive(Serialize)]
struct IndexPage {
    /// The cities with a path (不知道该办哪一项？).
    paths: Vec<PathView>,
    cities: Vec<CityView>,
    error: Option<String>,
    generator: String,
}

/// A city's path, as the start page offers it.
#[derive(Serialize)]
struct PathView {
    city: String,
    city_name: String,
    title: String,
    summary: Option<String>,
}

#[derive(Serialize)]
struct CityView {
    name: String,
    procedures: Vec<PolicyView>,
}

pub(super) fn index_page(app: &App, status: StatusCode, error: Option<String>) -> Response {
    let mut cities: Vec<CityView> = Vec::new();
    for p in app.library.policies() {
        let view = PolicyView::new(p);
        match cities.iter_mut().find(|c| c.name == p.city_name) {
            Some(c) => c.procedures.push(view),
            None => cities.push(CityView {
                name: p.city_name.clone(),
                procedures: vec![view],
            }),
        }
    }
    let paths = app
        .library
        .paths()
        .map(|p| PathView {
            city: p.city.clone(),
            city_name: p.city_name.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
        })
        .collect();
    let page = IndexPage {
        paths,
        cities,
        error,
        generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
    };
    match app.renderer.templates.render("serve/index.html", &page) {
        Ok(text) => html(status, text),
        Err(_) => internal("template"),
    }
}

fn form_page(
    app: &App,
    status: StatusCode,
    r: &Resolved<'_>,
    sub: &Submission,
    problems: &[FieldProblem],
) -> Response {
    let page = FormPage::new(r.policy, sub, r.as_of, problems);
    match app.renderer.templates.render("serve/form.html", &page) {
        Ok(text) => html(status, text),
        Err(_) => internal("template"),
    }
}

/// `GET /`: the cities and their procedures.
pub async fn index(State(app): State<Arc<App>>) -> Response {
    index_page(&app, StatusCode::OK, None)
}

/// `GET /form?policy=ID`: the form, optionally filled from the query.
pub async fn form_get(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    match Submission::from_form(query.unwrap_or_default().as_bytes()) {
        Ok(sub) => show_form(&app, &sub),
        Err(BodyError::Malformed(m) | BodyError::UnsupportedType(m)) => {
            index_page(&app, StatusCode::BAD_REQUEST, Some(m.text(Lang::Zh)))
        }
    }
}

/// `POST /form`: the form again with the questions that matter for the answers given
/// (the "更新问题" button, which works without JavaScript).
pub async fn form_post(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    match read_body(&headers, &body) {
        Ok(sub) => show_form(&app, &sub),
        Err((status, p)) => errors_json(status, &[p]),
    }
}

fn show_form(app: &App, sub: &Submission) -> Response {
    if sub.policy.is_none() {
        return Redirect::to("/").into_response();
    }
    let r = match resolve(app, sub) {
        Ok(r) => r,
        Err((status, _)) => return index_page(app, status, Some(choose_procedure(sub))),
    };
    // Values already given are checked as the page is drawn, so a bad one is marked at once.
    let mut problems = r.problems.clone();
    problems.extend(Reading::partial(r.policy, &sub.raw, r.as_of).problems);
    form_page(app, StatusCode::OK, &r, sub, &problems)
}

/// The answer of `POST /questions`.
#[derive(Serialize)]
struct QuestionsView<'a> {
    policy: &'a str,
    /// The questions to show: answered, or able to change the checklist.
    visible: Vec<&'a str>,
    /// The questions to show that have no answer yet.
    open: Vec<&'a str>,
    errors: Vec<ErrorView<'a>>,
}

/// `POST /questions`: which questions to show for the answers given, as JSON.
pub async fn questions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let sub = match read_body(&headers, &body) {
        Ok(s) => s,
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let Resolved {
        policy,
        as_of,
        mut problems,
    } = match resolve(&app, &sub) {
        Ok(r) => r,
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let reading = Reading::partial(policy, &sub.raw, as_of);
    problems.extend(reading.problems.iter().cloned());
    let shown = questions::shown(policy, &reading);
    let view = QuestionsView {
        policy: &policy.id,
        visible: shown.iter().map(|f| f.key.as_str()).collect(),
        open: shown
            .iter()
            .filter(|f| !reading.is_given(&f.key))
            .map(|f| f.key.as_str())
            .collect(),
        errors: problems.iter().map(ErrorView::new).collect(),
    };
    json(StatusCode::OK, &view)
}

fn parse_format(s: &str) -> Result<Format, FieldProblem> {
    match s.to_ascii_lowercase().as_str() {
        "html" => Ok(Format::Html),
        "pdf" => Ok(Format::Pdf),
        "json" => Ok(Format::Json),
        "ics" => Ok(Format::Ics),
        _ => Err(problem("format", msg!("format-not-allowed", value = s))),
    }
}

/// `POST /checklist`: the checklist in the format asked for; bad answers give 422, with
/// the form and a message beside each field (html), or `{errors: [{field, message}]}`.
pub async fn checklist(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let sub = match read_body(&headers, &body) {
        Ok(s) => s,
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let format = match sub.format.as_deref().map(parse_format) {
        None => Format::Html,
        Some(Ok(f)) => f,
        Some(Err(p)) => return errors_json(StatusCode::UNPROCESSABLE_ENTITY, &[p]),
    };
    let size = match sub.type_size() {
        Ok(size) => size,
        Err(p) => return errors_json(StatusCode::UNPROCESSABLE_ENTITY, &[p]),
    };
    let r = match resolve(&app, &sub) {
        Ok(r) => r,
        Err((status, _)) if format == Format::Html => {
            return index_page(&app, status, Some(choose_procedure(&sub)))
        }
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let bad = |problems: Vec<FieldProblem>| {
        if format == Format::Html {
            form_page(&app, StatusCode::UNPROCESSABLE_ENTITY, &r, &sub, &problems)
        } else {
            errors_json(StatusCode::UNPROCESSABLE_ENTITY, &problems)
        }
    };
    if !r.problems.is_empty() {
        return bad(r.problems.clone());
    }
    let (policy, as_of) = (r.policy, r.as_of);
    let checklist = match checklist_from_raw(
        &app.library,
        &sub.raw,
        "form",
        None,
        as_of,
        Options {
            show_id: false,
            templates: app.renderer.templates.digest(),
        },
    ) {
        Ok(c) => c,
        Err(RequestError::Input(e)) => return bad(e.problems),
        Err(RequestError::Policy { message, .. }) => return bad(vec![problem("policy", message)]),
        Err(RequestError::NoPolicy { available, .. }) => {
            return bad(vec![problem(
                "policy",
                msg!("policy-missing", available = available),
            )])
        }
    };
    let first = checklist.first.clone();
    let renderer = Arc::clone(&app.renderer);
    // Rendering (the PDF above all) is CPU work: it runs on the render threads, off the
    // threads serving requests, and waits in their bounded queue.
    let rendered = app
        .pool
        .run(move || renderer.render_sized(&checklist, format, size))
        .await;
    let bytes = match rendered {
        Ok(Ok(b)) => b,
        Ok(Err(e @ RenderError::Undrawable { .. })) => return bad(vec![e.field_problem()]),
        Ok(Err(e)) => return render_failed(&e),
        Err(PoolError::Busy) => return busy(format),
        Err(e) => return internal(e.code()),
    };
    match format {
        Format::Json => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Format::Pdf | Format::Ics => {
            let (ext, mime) = match format {
                Format::Pdf => ("pdf", "application/pdf"),
                _ => ("ics", "text/calendar; charset=utf-8"),
            };
            let file = format!(
                "attachment; filename=\"checklist-{}-{}.{ext}\"",
                policy.id.replace('/', "-"),
                as_of.format("%Y-%m-%d")
            );
            let disposition = HeaderValue::from_str(&file).unwrap_or(HeaderValue::from_static(
                "attachment; filename=\"checklist\"",
            ));
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Format::Html => match with_toolbar(
            &app,
            String::from_utf8_lossy(&bytes),
            &sub,
            ("/form", "/checklist"),
            first.as_ref().map(|f| FirstLink::new(f, &sub)),
            Some(size == TypeSize::Large),
        ) {
            Ok(page) => html(StatusCode::OK, page),
            Err(_) => internal("template"),
        },
    }
}

/// `GET /assets/serve.js`.
pub async fn script() -> Response {
    javascript(SCRIPT)
}

/// A script of the pages, as the browser fetches it (cached for five minutes).
pub fn javascript(body: &'static str) -> Response {
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
        body,
    )
        .into_response()
}

/// The client asks for JSON (`Accept: application/json`) rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/html"))
}

/// Anything else: 404, as the start page with a line saying so (JSON for API clients).
pub async fn not_found(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let message = tr(Lang::Zh, "serve-not-found");
    if wants_json(&headers) {
        return errors_json(
            StatusCode::NOT_FOUND,
            &[problem("", msg!("serve-not-found"))],
        );
    }
    index_page(&app, StatusCode::NOT_FOUND, Some(message))
}
