//! `doclist policies`: what policies there are and what each asks.

use super::Failure;
use crate::model::fact::FactType;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let lib = super::load_library(args.policies.as_deref())?;
    let mut out = String::new();
    for p in lib.policies() {
        out.push_str(&format!(
            "{}  {}  (version {}, effective {}, verified {})\n",
            p.id, p.title, p.version, p.effective, p.last_verified
        ));
        for old in lib.versions(&p.id).iter().filter(|v| v.file != p.file) {
            out.push_str(&format!(
                "    earlier version {} (effective {}, verified {})\n",
                old.version, old.effective, old.last_verified
            ));
        }
        for f in p.asked_facts() {
            let ty = match &f.ty {
                FactType::Enum(c) => c
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
                other => other.name().to_string(),
            };
            out.push_str(&format!("    {:<24} {:<10} {}\n", f.key, f.label, ty));
        }
        out.push('\n');
    }
    super::output::emit(None, out.as_bytes())
}
