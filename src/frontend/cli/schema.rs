//! `doclist schema`: the JSON Schema of one policy's applicant input.

use super::Failure;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long)]
    policy: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let lib = super::load_library_for(args.policies.as_deref(), Some(&args.policy))?;
    let policy = match &args.date {
        Some(d) => {
            let date = super::render::as_of(Some(d))?;
            lib.get_on(&args.policy, date)
        }
        None => lib.get(&args.policy),
    }
    .map_err(|e| Failure::option("--policy", e))?;
    let schema = crate::output::schema::input_schema(policy);
    let mut s = serde_json::to_string_pretty(&schema).map_err(Failure::other)?;
    s.push('\n');
    super::output::emit(args.output.as_deref(), s.as_bytes())
}
