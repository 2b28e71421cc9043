//! The outputs: views and Tera templates (`render`: HTML, the PDF markup, JSON, calendars,
//! forms), the PDF typesetter, writer and fonts (`pdf`), and the input's JSON Schema
//! (`schema`).

pub mod pdf;
pub mod render;
pub mod schema;
