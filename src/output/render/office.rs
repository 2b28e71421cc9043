//! The office that prints the checklists (`--office FILE`): a 社区事务受理服务中心's name,
//! address, opening hours and phone, printed on every checklist beside the sources'
//! hotlines.

use serde::Serialize;

/// Who prints the checklist and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Office {
    /// 长宁区新华路街道社区事务受理服务中心.
    pub name: String,
    pub address: Option<String>,
    /// 周一至周五 9:00–17:00.
    pub hours: Option<String>,
    pub phone: Option<String>,
}

impl Office {
    /// The keys an office file may have, in the order they print.
    pub const KEYS: [&'static str; 4] = ["name", "address", "hours", "phone"];
}
