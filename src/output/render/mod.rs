//! Output formats. Each renderer reads a [`Checklist`](crate::Checklist) and returns bytes;
//! only the CLI and the batch runner write files.

mod cites;
pub mod forms;
pub mod html;
pub mod ics;
pub mod json;
pub mod office;
pub mod pdf;
pub mod plan;
mod template_source;
pub mod templates;
pub mod view;
pub mod worker;

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
    Pdf(#[from] crate::output::pdf::PdfError),
    #[error("PDF output needs fonts, and none were loaded")]
    NoFonts,
    /// The applicant's text holds a character no font of the PDF can draw.
    #[error("field `{field}`: character {position} (U+{codepoint:04X}) cannot be printed: the fonts have no glyph for it (a font that has it can be added with --font)")]
    Undrawable {
        field: String,
        /// The field's Chinese label.
        label: String,
        /// 1-based, in characters.
        position: usize,
        codepoint: u32,
    },
}

impl RenderError {
    /// The error in `lang`: the catalogue's words where it has them.
    pub fn text(&self, lang: crate::util::i18n::Lang) -> String {
        match self {
            RenderError::Template(e) => e.text(lang),
            e => e.to_string(),
        }
    }

    /// A stable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::Template(_) => "template",
            RenderError::Pdf(_) => "pdf",
            RenderError::NoFonts => "no-fonts",
            RenderError::Undrawable { .. } => "undrawable",
        }
    }

    /// The problem as a reader sees it: the field at fault for errors of the input.
    pub fn field_problem(&self) -> crate::model::applicant::FieldProblem {
        use crate::model::applicant::FieldProblem;
        match self {
            RenderError::Undrawable {
                field,
                label,
                position,
                codepoint,
            } => FieldProblem::new(
                field,
                crate::msg!(
                    "value-undrawable",
                    position = *position,
                    code = format!("U+{codepoint:04X}")
                ),
            )
            .named(label, field),
            _ => FieldProblem::whole(crate::msg!("row-render-failed", detail = self.to_string())),
        }
    }

    /// Whether the input, not doclist or its templates, is at fault.
    pub fn is_input(&self) -> bool {
        matches!(self, RenderError::Undrawable { .. })
    }
}

/// The type size a checklist is printed in (HTML and PDF; JSON and ICS have none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TypeSize {
    #[default]
    Normal,
    /// 大字版: for people who read with difficulty (14 pt body text on paper).
    Large,
}

/// Templates and fonts, loaded once and shared by every checklist of a run.
pub struct Renderer {
    pub templates: Templates,
    /// Loaded only when PDF output is asked for.
    pub fonts: Option<crate::output::pdf::FontSet>,
    /// Print under each item why it is on the list.
    pub explain: bool,
    /// Print the forms the checklist asks for (委托书, …) after it, each on a new page.
    pub forms: bool,
    /// The office that prints the checklists, named on every page.
    pub office: Option<office::Office>,
}

impl Renderer {
    /// Refuses a checklist whose applicant text the loaded fonts cannot draw, whatever the
    /// format, so that no output accepts what another refuses.
    pub fn check(&self, c: &Checklist) -> Result<(), RenderError> {
        match &self.fonts {
            Some(fonts) => pdf::check_drawable(c, fonts),
            None => Ok(()),
        }
    }

    /// Renders one checklist in one format.
    /// With fonts loaded, a checklist whose applicant text they cannot draw is refused in
    /// every format ([`RenderError::Undrawable`]).
    pub fn render(&self, c: &Checklist, format: Format) -> Result<Vec<u8>, RenderError> {
        self.render_sized(c, format, TypeSize::Normal)
    }

    /// Renders one checklist in one format and type size.
    pub fn render_sized(
        &self,
        c: &Checklist,
        format: Format,
        size: TypeSize,
    ) -> Result<Vec<u8>, RenderError> {
        self.check(c)?;
        Ok(match format {
            Format::Json => json::bytes(c),
            Format::Html => {
                let view = view::View::new(c, self.explain)
                    .sized(size)
                    .printed_by(self.office.as_ref());
                let view = if self.forms { view.with_forms() } else { view };
                html::render_view(&view, &self.templates)?.into_bytes()
            }
            Format::Pdf => pdf::render(c, self, size)?.bytes,
            Format::Ics => ics::render(c),
        })
    }
}
