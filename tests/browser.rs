//! The web page in a real browser: runs `tests/browser/run.mjs` (playwright-core driving
//! Debian's headless Chromium) against the binary built for these tests.
//!
//! Needs node, npm and a Chromium: `CHROMIUM` names the browser (default: `chromium` on
//! the PATH, Debian's package). Without them the test says `SKIPPED:` and passes, unless
//! `DOCLIST_REQUIRE_TOOLS=1` (`.ci/run` sets it and installs them).

#[path = "common/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

#[test]
fn the_web_page_works_in_a_real_browser() {
    const TEST: &str = "the_web_page_works_in_a_real_browser";
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string());
    if tools::missing(TEST, &[("node", "nodejs"), ("npm", "npm")]) {
        return;
    }
    let Some(chromium) = tools::find(&chromium) else {
        tools::skip(TEST, &chromium, "chromium");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci --prefix tests/browser failed");
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_doclist"));
    // target/debug/doclist -> target/browser-screenshots
    let shots = bin
        .parent()
        .and_then(Path::parent)
        .unwrap_or(&dir)
        .join("browser-screenshots");
    let out = Command::new("node")
        .arg(dir.join("run.mjs"))
        .env("DOCLIST_BIN", bin)
        .env("DOCLIST_SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
}
