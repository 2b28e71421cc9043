//! Output formats. Each renderer reads a [`Checklist`](crate::Checklist) and returns bytes;
//! only the CLI and the batch runner write files.

pub mod forms;
pub mod html;
pub mod ics;
pub mod json;
pub mod pdf;
pub mod templates;
pub mod view;

pub use templates::{TemplateError, Templates};

use crate::Checklist;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    Pdf,
    /// The dates that matter, as an iCalendar file.
    Ics,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Ics => "ics",
        }
    }
}

/// Why a checklist could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("PDF: {0}")]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("PDF output needs fonts, and none were loaded")]
    NoFonts,
}

/// Templates and fonts, loaded once and shared by every checklist of a run.
pub struct Renderer {
    pub templates: Templates,
    /// Loaded only when PDF output is asked for.
    pub fonts: Option<crate::pdf::FontSet>,
    /// Print under each item why it is on the list.
    pub explain: bool,
    /// Print the forms the checklist asks for (委托书, …) after it, each on a new page.
    pub forms: bool,
}

impl Renderer {
    /// Renders one checklist in one format.
    pub fn render(&self, c: &Checklist, format: Format) -> Result<Vec<u8>, RenderError> {
        Ok(match format {
            Format::Json => json::bytes(c),
            Format::Html => {
                html::render_page(c, &self.templates, self.explain, self.forms)?.into_bytes()
            }
            Format::Pdf => pdf::render(c, self)?.bytes,
            Format::Ics => ics::render(c),
        })
    }
}
