//! `doclist new CITY/PROCEDURE`: the files of a new policy, each key commented, that
//! pass `doclist check` as written: the city's shared file (for a new city), a policy
//! skeleton, its scenarios and a placeholder source text. The files come from
//! `templates/new/`.

use super::Failure;
use crate::msg;
use crate::output::render::Templates;
use clap::Args as ClapArgs;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(ClapArgs)]
pub struct Args {
    id: String,
    #[arg(long, value_name = "DIR", default_value = "policies")]
    policies: PathBuf,
    #[arg(long)]
    city_name: Option<String>,
    #[arg(long)]
    title: Option<String>,
}

#[derive(Serialize)]
struct View {
    id: String,
    city: String,
    city_name: String,
    title: String,
    procedure_id: String,
    source_id: String,
    source_file: String,
    root: String,
    today: String,
    today_version: String,
}

/// A city or procedure name as a policy path takes it: lowercase letters, digits, `-`.
fn plain(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 40
        && part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !part.starts_with('-')
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (city, procedure) = args
        .id
        .split_once('/')
        .filter(|(c, p)| plain(c) && plain(p))
        .ok_or_else(|| Failure::msg(msg!("new-bad-id", id = args.id.as_str())))?;
    let root = &args.policies;
    if !root.join("facts.yaml").is_file() {
        return Err(Failure::msg(msg!(
            "new-no-facts",
            dir = root.display().to_string()
        )));
    }
    let today = chrono::Local::now().date_naive();
    let underscored = procedure.replace('-', "_");
    let view = View {
        id: args.id.clone(),
        city: city.to_string(),
        city_name: args.city_name.clone().unwrap_or_else(|| city.to_string()),
        title: args.title.clone().unwrap_or_else(|| args.id.clone()),
        procedure_id: underscored.clone(),
        source_id: format!("{underscored}_source"),
        source_file: format!("{city}-{procedure}.txt"),
        root: root.display().to_string(),
        today: today.format("%Y-%m-%d").to_string(),
        today_version: today.format("%Y.%m").to_string(),
    };
    let policy = root.join(city).join(format!("{procedure}.yaml"));
    let folder = root.join(city).join(procedure);
    let mut files: Vec<(PathBuf, &str)> = vec![
        (policy.clone(), "new/policy.yaml"),
        (
            root.join(city).join(format!("{procedure}.scenarios.yaml")),
            "new/scenarios.yaml",
        ),
        (
            root.join("sources").join(&view.source_file),
            "new/source.txt",
        ),
    ];
    let common = root.join(city).join("common.yaml");
    if !common.exists() {
        files.push((common, "new/common.yaml"));
    }
    for (path, _) in &files {
        if path.exists() {
            return Err(Failure::msg(msg!(
                "new-exists",
                file = path.display().to_string()
            )));
        }
    }
    if folder.exists() {
        return Err(Failure::msg(msg!(
            "new-exists",
            file = folder.display().to_string()
        )));
    }
    let templates = Templates::load(None).map_err(Failure::other)?;
    let mut made = Vec::new();
    for (path, template) in &files {
        let text = templates.render(template, &view).map_err(Failure::other)?;
        made.push((path.clone(), text));
    }
    for (path, text) in &made {
        write(path, text)?;
    }
    let lang = super::lang();
    for (path, _) in &made {
        eprintln!(
            "{}",
            msg!("new-wrote", file = path.display().to_string()).text(lang)
        );
    }
    eprintln!(
        "{}",
        msg!("new-next", dir = root.display().to_string()).text(lang)
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::cannot_write(&dir.display().to_string(), &e))?;
    }
    crate::util::atomic::write(path, text.as_bytes())
        .map_err(|e| Failure::cannot_write(&path.display().to_string(), &e))
}
