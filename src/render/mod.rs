//! Output formats. Each renderer reads a [`Checklist`](crate::Checklist) and returns bytes;
//! only the CLI and the batch runner write files.

pub mod html;
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
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Pdf => "pdf",
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
    /// The applicant's text holds a character no font of the PDF can draw.
    #[error("field `{field}`: character {position} (U+{codepoint:04X}) cannot be printed: the fonts have no glyph for it (a font that has it can be added with --font)")]
    Undrawable {
        field: String,
        /// 1-based, in characters.
        position: usize,
        codepoint: u32,
    },
}

impl RenderError {
    /// A stable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::Template(_) => "template",
            RenderError::Pdf(_) => "pdf",
            RenderError::NoFonts => "no-fonts",
            RenderError::Undrawable { .. } => "undrawable",
        }
    }

    /// The field at fault and the message without it, for errors of the input.
    pub fn field_problem(&self) -> (String, String) {
        let message = self.to_string();
        match self {
            RenderError::Undrawable { field, .. } => {
                let rest = message
                    .strip_prefix(&format!("field `{field}`: "))
                    .unwrap_or(&message);
                (field.clone(), rest.to_string())
            }
            _ => (String::new(), message),
        }
    }

    /// Whether the input, not doclist or its templates, is at fault.
    pub fn is_input(&self) -> bool {
        matches!(self, RenderError::Undrawable { .. })
    }
}

/// Templates and fonts, loaded once and shared by every checklist of a run.
pub struct Renderer {
    pub templates: Templates,
    /// Loaded only when PDF output is asked for.
    pub fonts: Option<crate::pdf::FontSet>,
    /// Print under each item why it is on the list.
    pub explain: bool,
}

impl Renderer {
    /// Renders one checklist in one format.
    /// With fonts loaded, a checklist whose applicant text they cannot draw is refused in
    /// every format ([`RenderError::Undrawable`]).
    pub fn render(&self, c: &Checklist, format: Format) -> Result<Vec<u8>, RenderError> {
        if let Some(fonts) = &self.fonts {
            pdf::check_drawable(c, fonts)?;
        }
        Ok(match format {
            Format::Json => json::bytes(c),
            Format::Html => html::render(c, &self.templates, self.explain)?.into_bytes(),
            Format::Pdf => pdf::render(c, self)?.bytes,
        })
    }
}
