//! The web page in a real browser: runs `tests/browser/run.mjs` (playwright-core driving
//! Debian's headless Chromium) against the binary built for these tests.
//!
//! Needs node, npm and /usr/bin/chromium (`.ci/run` installs them); without them this test
//! fails, unless DOCLIST_SKIP_BROWSER=1.

use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn the_web_page_works_in_a_real_browser() {
    if std::env::var("DOCLIST_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("browser test skipped: DOCLIST_SKIP_BROWSER=1");
        return;
    }
    let hint = "`.ci/run` installs it; set DOCLIST_SKIP_BROWSER=1 to skip this test";
    assert!(found("node"), "node is not installed: {hint}");
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing (Debian package chromium): {hint}"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        assert!(found("npm"), "npm is not installed: {hint}");
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
        .env("CHROMIUM", CHROMIUM)
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
