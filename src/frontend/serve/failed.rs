//! Answers that are not what was asked for: a failure of ours (500), every renderer busy
//! (503), a body too large (413), a post from another site (403). None quotes the
//! request's answers.

use super::handlers::{errors_json, html, problem};
use crate::msg;
use crate::output::render::{Format, RenderError, TemplateError};
use crate::util::i18n::{tr, Lang};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A failure of ours, not the request's: answered with 500 and logged by its kind only
/// (a message could quote the applicant's answers, and the log never holds them).
pub(super) fn internal(kind: &str) -> Response {
    eprintln!(
        "error: {kind}: the request failed (run the same input with `doclist render` to see why)"
    );
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        format!("{}\n", tr(Lang::Zh, "serve-internal")),
    )
        .into_response()
}

/// 413 in the API's error shape.
pub fn too_large() -> Response {
    errors_json(
        StatusCode::PAYLOAD_TOO_LARGE,
        &[problem(
            "",
            msg!("serve-too-large", limit = super::BODY_LIMIT / 1024),
        )],
    )
}

/// A page of one sentence, in Chinese.
fn sentence(status: StatusCode, text: &str) -> Response {
    html(
        status,
        format!(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{t}</title><p>{t}</p></html>\n",
            t = tera::escape_html(text)
        ),
    )
}

/// A form posted from a page of another site: 403.
pub(super) fn cross_site() -> Response {
    sentence(
        StatusCode::FORBIDDEN,
        &msg!("serve-cross-site").text(Lang::Zh),
    )
}

/// Every render thread is working and the queue is full: 503, try again in a second.
pub(super) fn busy(format: Format) -> Response {
    let text = msg!("serve-busy").text(Lang::Zh);
    let mut res = if format == Format::Html {
        sentence(StatusCode::SERVICE_UNAVAILABLE, &text)
    } else {
        errors_json(
            StatusCode::SERVICE_UNAVAILABLE,
            &[problem("", msg!("serve-busy"))],
        )
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

/// A render that failed: 500. A template that needed more memory than it may have is told
/// in words (its message names the template, never an answer); anything else by its kind
/// only, as [`internal`].
pub(super) fn render_failed(e: &RenderError) -> Response {
    match e {
        RenderError::Template(t @ TemplateError::Memory(_)) => {
            eprintln!("error: {t}");
            let text = format!("{}\n", t.text(Lang::Zh));
            (StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
        }
        _ => internal(e.code()),
    }
}
