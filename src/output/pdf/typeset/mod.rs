//! Typesetting: block markup (see `docs/pdf-markup.md`) → positioned lines and boxes on
//! A4 pages. `markup` parses, `coverage` checks every character against the fonts,
//! `layout` turns blocks into chunks (with `text` and `linebreak` setting the lines),
//! `paginate` distributes chunks over pages and `running` adds header and footer. It
//! knows the fonts' metrics, and nothing of PDF objects: `page` and `meta` are what it
//! hands to the writer.

pub(crate) mod coverage;
pub(crate) mod layout;
pub(crate) mod linebreak;
pub(crate) mod markup;
pub(crate) mod meta;
pub(crate) mod page;
pub(crate) mod paginate;
pub(crate) mod running;
pub(crate) mod text;
pub(crate) mod theme;
