//! The plan on the web page: `GET /plan?city=…` asks the path's questions (`POST
//! /plan/form` draws the form again with the questions that matter for the answers);
//! `POST /plan` answers with the plan page, whose steps link to their checklists with the
//! answers carried over, or its PDF, calendar or JSON.

use super::failed::{busy, internal, render_failed};
use super::form::{FormPage, Submission};
use super::handlers::{errors_json, html, index_page, json, read_body, today, ErrorView};
use super::pool::PoolError;
use super::toolbar::with_toolbar;
use super::App;
use crate::engine::plan::worth_asking;
use crate::engine::questions::Reading;
use crate::engine::Options;
use crate::frontend::plan::{plan_from_raw, route_from_raw};
use crate::frontend::request::RequestError;
use crate::model::applicant::FieldProblem;
use crate::model::plan::Plan;
use crate::model::policy::path::Path;
use crate::output::render::{plan as render, Format};
use crate::util::i18n::Lang;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The plan form's context (`templates/serve/plan-form.html`).
#[derive(Serialize)]
struct PlanForm {
    city: String,
    city_name: String,
    form: FormPage,
}

/// The city a submission names, and its path.
fn path_of<'a>(app: &'a App, sub: &Submission) -> Option<&'a Path> {
    app.library.path_named(&sub.text("city")?)
}

/// The path's questions worth showing for a submission (see [`worth_asking`]), and the
/// problems of the answers given so far.
fn reading(
    app: &App,
    path: &Path,
    sub: &Submission,
    as_of: NaiveDate,
) -> (BTreeSet<String>, Vec<FieldProblem>) {
    let answers: Vec<_> = sub
        .raw
        .iter()
        .filter(|(k, _)| k != "city")
        .cloned()
        .collect();
    let problems = Reading::partial(&path.terms, &answers, as_of).problems;
    let answered: BTreeSet<String> = path
        .terms
        .asked_facts()
        .filter(|f| sub.text(&f.key).is_some())
        .map(|f| f.key.clone())
        .collect();
    let shown = match route_from_raw(&app.library, &sub.raw, "form", as_of) {
        Ok((plan, _, _)) => worth_asking(path, &plan, answered),
        // An answer the path refuses: every question stays, its message beside it.
        Err(_) => path.terms.asked_facts().map(|f| f.key.clone()).collect(),
    };
    (shown, problems)
}

fn form_page(
    app: &App,
    status: StatusCode,
    sub: &Submission,
    problems: &[FieldProblem],
) -> Response {
    let Some(path) = path_of(app, sub) else {
        // No city chosen yet: the start page offers them.
        let Some(city) = sub.text("city") else {
            return axum::response::Redirect::to("/").into_response();
        };
        let cities: Vec<String> = app.library.paths().map(|p| p.city_name.clone()).collect();
        let m = crate::msg!("plan-page-unknown-city", city = city, available = cities);
        return index_page(app, StatusCode::NOT_FOUND, Some(m.text(Lang::Zh)));
    };
    let as_of = sub.as_of(today()).unwrap_or_else(|_| today());
    let (shown, mut found) = reading(app, path, sub, as_of);
    for p in problems {
        if !found.iter().any(|f| f.field == p.field) {
            found.push(p.clone());
        }
    }
    let mut form = FormPage::new(&path.terms, sub, as_of, &found);
    for q in &mut form.questions {
        q.visible = shown.contains(&q.key) || q.error.is_some();
    }
    let page = PlanForm {
        city: path.city.clone(),
        city_name: path.city_name.clone(),
        form,
    };
    match app.renderer.templates.render("serve/plan-form.html", &page) {
        Ok(text) => html(status, text),
        Err(_) => internal("template"),
    }
}

/// The answer of `POST /plan/questions`.
#[derive(Serialize)]
struct QuestionsView<'a> {
    /// The questions to show: answered, or able to change the plan.
    visible: Vec<&'a str>,
    /// The questions to show that have no answer yet.
    open: Vec<&'a str>,
    errors: Vec<ErrorView<'a>>,
}

/// `POST /plan/questions`: which of the path's questions to show for the answers given, as
/// JSON (the plan form's script asks it as answers change).
pub async fn questions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let sub = match read_body(&headers, &body) {
        Ok(s) => s,
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let Some(path) = path_of(&app, &sub) else {
        let cities: Vec<String> = app.library.paths().map(|p| p.city.clone()).collect();
        let p = FieldProblem::new("city", crate::msg!("plan-no-city", available = cities));
        return errors_json(StatusCode::NOT_FOUND, &[p]);
    };
    let as_of = match sub.as_of(today()) {
        Ok(d) => d,
        Err(p) => return errors_json(StatusCode::UNPROCESSABLE_ENTITY, &[p]),
    };
    let (shown, problems) = reading(&app, path, &sub, as_of);
    let keys: Vec<&str> = path
        .terms
        .asked_facts()
        .map(|f| f.key.as_str())
        .filter(|k| shown.contains(*k))
        .collect();
    let view = QuestionsView {
        open: keys
            .iter()
            .copied()
            .filter(|k| sub.text(k).is_none())
            .collect(),
        visible: keys,
        errors: problems.iter().map(ErrorView::new).collect(),
    };
    json(StatusCode::OK, &view)
}

/// `GET /plan?city=ID`: the path's questions, optionally filled from the query.
pub async fn form_get(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    match Submission::from_form(query.unwrap_or_default().as_bytes()) {
        Ok(sub) => form_page(&app, StatusCode::OK, &sub, &[]),
        Err(super::form::BodyError::Malformed(m) | super::form::BodyError::UnsupportedType(m)) => {
            index_page(&app, StatusCode::BAD_REQUEST, Some(m.text(Lang::Zh)))
        }
    }
}

/// `POST /plan/form`: the form again with the answers given (修改回答, 更新问题).
pub async fn form_post(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    match read_body(&headers, &body) {
        Ok(sub) => form_page(&app, StatusCode::OK, &sub, &[]),
        Err((status, p)) => errors_json(status, &[p]),
    }
}

/// Where each step's checklist opens with the answers carried over: the person's answers,
/// what the earlier steps changed, the step's procedure and its day.
fn links(plan: &Plan, sub: &Submission) -> Vec<String> {
    plan.steps
        .iter()
        .map(|step| {
            let mut pairs: Vec<(String, String)> = sub
                .hidden_fields()
                .into_iter()
                .filter(|(k, _)| k != "city" && k != "date")
                .filter(|(k, _)| !step.answers.iter().any(|(a, _)| a == k))
                .collect();
            for (k, v) in &step.answers {
                let text = match v {
                    crate::model::fact::Value::Date(d) => d.format("%Y-%m-%d").to_string(),
                    other => other.to_string(),
                };
                pairs.push((k.clone(), text));
            }
            pairs.push(("policy".to_string(), step.procedure.clone()));
            if let Some(d) = step.date {
                pairs.push(("date".to_string(), d.format("%Y-%m-%d").to_string()));
            }
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            format!("/form?{query}")
        })
        .collect()
}

fn attachment(bytes: Vec<u8>, mime: &'static str, name: String) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// `POST /plan` (a form or JSON, with `city`, the answers, `date` and `format`): the plan
/// page, or its PDF, calendar or JSON. Bad answers: the form again with a message beside
/// each (html), or `{errors: [{field, message}]}`.
pub async fn plan(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let sub = match read_body(&headers, &body) {
        Ok(s) => s,
        Err((status, p)) => return errors_json(status, &[p]),
    };
    let format = match sub.format.as_deref() {
        None | Some("html") => Format::Html,
        Some("pdf") => Format::Pdf,
        Some("ics") => Format::Ics,
        Some("json") => Format::Json,
        Some(other) => {
            let m = crate::msg!("format-not-allowed", value = other);
            return errors_json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &[FieldProblem::new("format", m)],
            );
        }
    };
    let bad = |status: StatusCode, problems: Vec<FieldProblem>| {
        if format == Format::Html {
            form_page(&app, status, &sub, &problems)
        } else {
            errors_json(status, &problems)
        }
    };
    let as_of: NaiveDate = match sub.as_of(today()) {
        Ok(d) => d,
        Err(p) => return bad(StatusCode::UNPROCESSABLE_ENTITY, vec![p]),
    };
    let opts = Options {
        show_id: false,
        templates: app.renderer.templates.digest(),
    };
    let plan = match plan_from_raw(&app.library, &sub.raw, "form", as_of, opts) {
        Ok((plan, _)) => plan,
        Err(RequestError::Input(e)) => return bad(StatusCode::UNPROCESSABLE_ENTITY, e.problems),
        Err(e) => {
            let p = FieldProblem::whole(crate::msg!("plan-refused", detail = e.text(Lang::Zh)));
            return bad(StatusCode::UNPROCESSABLE_ENTITY, vec![p]);
        }
    };
    let links = links(&plan, &sub);
    let renderer = Arc::clone(&app.renderer);
    let rendered = app
        .pool
        .run(move || render::render(&plan, &renderer, format, &links))
        .await;
    let bytes = match rendered {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return render_failed(&e),
        Err(PoolError::Busy) => return busy(format),
        Err(e) => return internal(e.code()),
    };
    let name = |ext: &str| {
        format!(
            "plan-{}-{}.{ext}",
            sub.text("city").unwrap_or_default(),
            as_of
        )
    };
    match format {
        Format::Html => match with_toolbar(
            &app,
            String::from_utf8_lossy(&bytes),
            &sub,
            ("/plan/form", "/plan"),
            None,
            None,
        ) {
            Ok(page) => html(StatusCode::OK, page),
            Err(_) => internal("template"),
        },
        Format::Pdf => attachment(bytes, "application/pdf", name("pdf")),
        Format::Ics => attachment(bytes, "text/calendar; charset=utf-8", name("ics")),
        Format::Json => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
    }
}
