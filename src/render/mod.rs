//! Output formats. Each renderer reads a [`Checklist`](crate::Checklist) and returns bytes
//! or text; only the CLI writes files.

pub mod html;
pub mod json;
pub mod templates;
pub mod view;

pub use templates::Templates;
