//! `cargo run --release --example round_font -- ORIGINAL.ttf OUT.ttf`: writes the font with
//! every outline rounded to 1/125 em (see `scripts/derive-fonts.sh`, which makes the
//! built-in fonts with it).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: round_font ORIGINAL.ttf OUT.ttf");
        return ExitCode::from(2);
    };
    let rounded = std::fs::read(input)
        .map_err(|e| format!("cannot read {input}: {e}"))
        .and_then(|bytes| doclist::pdf::round_font(&bytes).map_err(|e| format!("{input}: {e}")))
        .and_then(|rounded| {
            std::fs::write(output, &rounded).map_err(|e| format!("cannot write {output}: {e}"))
        });
    match rounded {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
