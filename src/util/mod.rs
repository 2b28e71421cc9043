//! The few utilities every layer uses: the message catalogue (`i18n`), reading outside
//! text within bounds and showing it back safely (`input_text`), did-you-mean hints
//! (`suggest`) and writing files atomically (`atomic`).

pub mod atomic;
pub mod i18n;
pub mod input_text;
pub mod suggest;
