//! A sheet: any bytes as a CSV file (UTF-8 or GB18030, detected or forced), its header
//! mapped to columns, each row turned into a checklist. It must never panic; bad rows are
//! errors naming the row and field.
#![no_main]

use chrono::NaiveDate;
use doclist::frontend::batch::columns::Columns;
use doclist::frontend::batch::sheet::{self, CsvEncoding};
use doclist::engine::Options;
use doclist::model::policy::Library;
use doclist::frontend::request::checklist_from_raw;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::embedded().expect("the shipped policies load"))
}

fn sheet_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("doclist-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("sheet.csv")
    })
}

fuzz_target!(|data: &[u8]| {
    let lib = library();
    let path = sheet_path();
    std::fs::write(path, data).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for encoding in [None, Some(CsvEncoding::Utf8), Some(CsvEncoding::Gb18030)] {
        let sheet = match sheet::open(path, encoding) {
            Ok(s) => s,
            Err(e) => {
                assert!(!e.message.is_empty());
                continue;
            }
        };
        let columns = match Columns::from_headers(&sheet.headers, lib) {
            Ok(c) => c,
            Err(e) => {
                assert!(!e.text(doclist::util::i18n::Lang::Zh).is_empty());
                continue;
            }
        };
        for row in sheet.take(50) {
            let Ok(row) = row else { continue };
            let input = columns.input(&row.cells);
            let _ = columns.stray_cells(&row.cells);
            for policy in [None, Some("shanghai/residence-permit")] {
                if let Ok(c) =
                    checklist_from_raw(lib, &input, "fuzz row", policy, as_of, Options::default())
                {
                    let _ = doclist::output::render::json::render(&c);
                }
            }
        }
    }
});
