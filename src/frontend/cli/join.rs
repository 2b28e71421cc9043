//! `doclist join`: the output directories of a sharded batch (`batch --shard K/N`) made
//! into one, as a single run would have written it.

use super::Failure;
use crate::frontend::batch::{self, join, report_files};
use crate::msg;
use crate::output::pdf::{copy_in_row_order, Merged, Source};
use crate::util::i18n::Lang;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(required = true, value_name = "SHARD-DIR")]
    shards: Vec<PathBuf>,
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    #[arg(long)]
    duplex: bool,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let joined = join::read(&args.shards).map_err(Failure::msg)?;
    // Each merge file is the one its shard wrote, not another's: checked before anything
    // is written.
    if let Some(name) = &joined.merge {
        for (dir, wrote) in &joined.merge_digests {
            let path = dir.join(name);
            if wrote.is_some() && batch::shard::file_digest(&path).ok() != *wrote {
                let file = path.display().to_string();
                return Err(Failure::msg(msg!("join-merge-changed", file = file)));
            }
        }
    }
    let renderer = super::renderer(args.templates.as_deref(), args.font.as_deref(), false)?;
    let out_dir = &args.out_dir;
    std::fs::create_dir_all(out_dir)
        .map_err(|e| Failure::cannot_write(&out_dir.display().to_string(), &e))?;
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let errors = batch::errors_file::Errors::of(out_dir, joined.errors).map_err(|e| {
        Failure::cannot_write(&out_dir.join("errors.csv").display().to_string(), &e)
    })?;
    let reports = report_files::Reports {
        summary: &joined.summary,
        errors: &errors,
        templates: &renderer.templates,
        as_of: joined.as_of,
        jobs,
    };
    report_files::write(&mut report_files::Folder(out_dir), &reports).map_err(|e| {
        Failure::cannot_write(&out_dir.join(e.name).display().to_string(), &e.error)
    })?;
    if let Some(name) = &joined.merge {
        let fonts = renderer
            .fonts
            .as_ref()
            .ok_or_else(|| Failure::other(msg!("join-no-fonts").text(super::lang())))?;
        let mut sources = Vec::with_capacity(args.shards.len());
        for dir in &args.shards {
            let path = dir.join(name);
            let source = Source::open(&path, fonts).map_err(|e| {
                let file = path.display().to_string();
                Failure::msg(msg!(
                    "join-bad-merge-file",
                    file = file,
                    detail = e.to_string()
                ))
            })?;
            sources.push(source);
        }
        let path = out_dir.join(name);
        let cannot =
            |e: &dyn std::fmt::Display| Failure::cannot_write(&path.display().to_string(), e);
        let file = crate::util::atomic::Pending::beside(&path).map_err(|e| cannot(&e))?;
        let mut merged = Merged::new(
            std::io::BufWriter::with_capacity(1 << 16, file),
            args.duplex,
        )
        .map_err(|e| cannot(&e))?;
        merged.set_date(joined.as_of);
        let people = copy_in_row_order(&mut sources, &mut merged).map_err(|e| match e {
            crate::output::pdf::PdfError::NotMerged(detail) => Failure::msg(msg!(
                "join-bad-merge-file",
                file = name.as_str(),
                detail = detail
            )),
            e => cannot(&e),
        })?;
        let title = msg!("merge-title", people = people, date = joined.as_of).text(Lang::Zh);
        let (out, _) = merged.finish(&title, fonts).map_err(|e| cannot(&e))?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(crate::util::atomic::Pending::commit)
            .map_err(|e| cannot(&e))?;
    }
    let counts = joined.summary.counts();
    eprintln!(
        "{}",
        msg!(
            "join-done",
            shards = args.shards.len(),
            rows = counts.rows(),
            dir = out_dir.display().to_string()
        )
        .text(super::lang())
    );
    Ok(())
}
