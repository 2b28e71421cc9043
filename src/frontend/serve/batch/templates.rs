//! The sheet templates (`.xlsx` with drop-downs, `.csv`) and the page's script.

use super::*;

#[derive(serde::Deserialize, Default)]
pub(super) struct TemplateQuery {
    #[serde(default)]
    pub(super) policy: Option<String>,
}

pub(super) fn template_policy(app: &App, query: Option<String>) -> Result<Option<String>, Refusal> {
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

pub(super) fn attachment(
    content_type: &'static str,
    ascii_name: &str,
    name: &str,
    body: Vec<u8>,
) -> Response {
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
pub(super) fn disposition(ascii_name: &str, name: &str) -> HeaderValue {
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

pub(super) fn template_name(policy: Option<&str>, ext: &str) -> (String, String) {
    let id = policy.map_or("all".to_string(), |p| p.replace('/', "-"));
    (
        format!("doclist-template-{id}.{ext}"),
        format!("人员名单模板-{id}.{ext}"),
    )
}

/// `GET /batch/template.xlsx?policy=ID`: the sheet to fill in.
pub(super) async fn template_xlsx(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
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
pub(super) async fn template_csv(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
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
pub(super) async fn script() -> Response {
    crate::frontend::serve::handlers::javascript(SCRIPT)
}
