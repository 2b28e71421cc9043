//! The toolbar on top of a checklist page the server answers with: back to the form, the
//! PDF, the calendar, 大字版, print; and a link to the procedure that comes first.

use super::form::Submission;
use super::App;
use serde::Serialize;

/// The toolbar's context (`templates/serve/toolbar.html`).
#[derive(Serialize)]
struct ToolbarView {
    /// Every answer, to send again as hidden fields (back to the form, or as PDF).
    fields: Vec<Hidden>,
    /// Where 修改回答 goes: the form again.
    back: &'static str,
    /// Where the PDF and the calendar are asked for.
    action: &'static str,
    /// The checklist of the procedure that comes first, with the answers carried over.
    first: Option<FirstLink>,
    /// The page offers 大字版 / 标准字号.
    size_choice: bool,
    /// The page is in large type.
    large: bool,
}

/// A link to the checklist of the procedure that comes first.
#[derive(Serialize)]
pub(super) struct FirstLink {
    pub title: String,
    pub href: String,
}

impl FirstLink {
    /// The form of `first`'s procedure, filled with the submission's answers, on its day.
    pub(super) fn new(first: &crate::model::checklist::FirstStep, sub: &Submission) -> FirstLink {
        let mut pairs: Vec<(String, String)> = sub
            .hidden_fields()
            .into_iter()
            .filter(|(k, _)| k != "policy" && k != "date")
            .collect();
        pairs.push(("policy".to_string(), first.procedure.clone()));
        if let Some(d) = first.date {
            pairs.push(("date".to_string(), d.format("%Y-%m-%d").to_string()));
        }
        FirstLink {
            title: first.title.clone(),
            href: format!(
                "/form?{}",
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            ),
        }
    }
}

/// One hidden field.
#[derive(Serialize)]
struct Hidden {
    name: String,
    value: String,
}

/// Puts the toolbar (back to the form, PDF, print) at the top of the checklist page; the
/// toolbar does not print. A page without `<head>`/`<body>` is left as it is.
/// `routes`: where 修改回答 goes, and where the PDF and the calendar are asked for.
pub(super) fn with_toolbar(
    app: &App,
    page: std::borrow::Cow<'_, str>,
    sub: &Submission,
    (back, action): (&'static str, &'static str),
    first: Option<FirstLink>,
    large: Option<bool>,
) -> Result<String, crate::output::render::TemplateError> {
    let view = ToolbarView {
        back,
        action,
        first,
        size_choice: large.is_some(),
        large: large == Some(true),
        fields: sub
            .hidden_fields()
            .into_iter()
            .map(|(name, value)| Hidden { name, value })
            .collect(),
    };
    let bar = app.renderer.templates.render("serve/toolbar.html", &view)?;
    let style = app.renderer.templates.render("serve/toolbar.css", &view)?;
    let lower = page.to_ascii_lowercase();
    let (Some(head_end), Some(body_start)) = (lower.find("</head>"), lower.find("<body")) else {
        return Ok(page.into_owned());
    };
    let Some(body_open_end) = lower[body_start..].find('>').map(|i| body_start + i + 1) else {
        return Ok(page.into_owned());
    };
    if head_end > body_start {
        return Ok(page.into_owned());
    }
    let mut out = String::with_capacity(page.len() + bar.len() + style.len() + 32);
    out.push_str(&page[..head_end]);
    out.push_str("<style>\n");
    out.push_str(&style);
    out.push_str("</style>\n");
    out.push_str(&page[head_end..body_open_end]);
    out.push('\n');
    out.push_str(&bar);
    out.push_str(&page[body_open_end..]);
    Ok(out)
}
