//! A CSV sheet of two policies (so people have different page counts) with a bad row at
//! regular places, for the batch tests that follow rows through the whole run.

use std::path::{Path, PathBuf};

/// The sheet's header row.
pub const HEADER: &str =
    "policy,姓名,身份证号,channel,housing,proxy,disabled,registration_date,basis";

/// Writes `s.csv` in `dir` with `n` rows; row `i` is bad when `i % bad_every == bad_at`.
pub fn mixed_sheet(dir: &Path, n: usize, bad_every: usize, bad_at: usize) -> PathBuf {
    let mut text = String::from(HEADER);
    for i in 0..n {
        let row = if i % bad_every == bad_at {
            format!("shanghai/residence-registration,坏行{i},,offline,castle,,,,")
        } else if i % 3 == 0 {
            format!(
                "hangzhou/residence-permit,杭州员工{i},330106198805090012,offline,owned,,,2025-01-10,residence"
            )
        } else {
            let housing = ["owned", "rented", "relative_owned", "dormitory"][i % 4];
            format!("shanghai/residence-registration,员工{i},,offline,{housing},,,,")
        };
        text.push('\n');
        text.push_str(&row);
    }
    text.push('\n');
    let p = dir.join("s.csv");
    std::fs::write(&p, text).unwrap();
    p
}
