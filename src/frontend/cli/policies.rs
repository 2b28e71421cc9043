//! `doclist policies`: what policies there are and what each asks.

use super::Failure;
use crate::model::fact::FactType;
use crate::msg;
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
        let head = msg!(
            "policies-policy",
            id = &p.id,
            title = &p.title,
            version = &p.version,
            effective = p.effective,
            verified = p.last_verified,
            fingerprint = p.fingerprint(None)
        );
        out.push_str(&head.text(super::lang()));
        out.push('\n');
        for old in lib.versions(&p.id).iter().filter(|v| v.file != p.file) {
            let line = msg!(
                "policies-earlier",
                version = &old.version,
                effective = old.effective,
                verified = old.last_verified,
                fingerprint = old.fingerprint(None)
            );
            out.push_str("    ");
            out.push_str(&line.text(super::lang()));
            out.push('\n');
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
