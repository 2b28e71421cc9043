//! `doclist serve`: the checklist as a small local web page (and API).

use super::Failure;
use crate::frontend::serve::{BatchLimits, Config, Limits, ServeError};
use crate::msg;
use clap::Args as ClapArgs;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long, default_value_t = 8080)]
    port: u16,
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    render_threads: Option<u16>,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100_000))]
    render_queue: Option<u32>,
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_connections: u32,
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_connections_per_client: u32,
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    #[arg(long, value_name = "MB", default_value_t = 20)]
    max_upload: usize,
    #[arg(long, value_name = "ROWS", default_value_t = 20_000)]
    max_rows: usize,
    #[arg(long, value_name = "N")]
    max_batches: Option<usize>,
    #[arg(long, value_name = "FILE")]
    office: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let threads = args.render_threads.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let render = (args.render_threads.is_some() || args.render_queue.is_some()).then(|| {
        let queue = args.render_queue.map_or(
            threads * crate::frontend::serve::pool::QUEUE_PER_THREAD,
            |q| q as usize,
        );
        (threads, queue)
    });
    let config = Config {
        addr: SocketAddr::new(args.bind, args.port),
        policies: args.policies,
        templates: args.templates,
        render,
        limits: Limits {
            connections: args.max_connections as usize,
            per_client: args.max_connections_per_client as usize,
            header_read: Duration::from_secs(args.header_timeout),
            ..Limits::default()
        },
        lang: super::lang(),
        office: args.office,
        batch: BatchLimits {
            max_upload: args.max_upload.saturating_mul(1 << 20),
            max_rows: args.max_rows,
            max_jobs: args.max_batches.unwrap_or(BatchLimits::default().max_jobs),
            ..BatchLimits::default()
        },
    };
    crate::frontend::serve::run(&config).map_err(|e| match e {
        ServeError::Policy(_) | ServeError::Templates(_) | ServeError::Office(_) => {
            Failure::input(e)
        }
        ServeError::Bind { .. } => Failure {
            hint: Some(
                msg!(
                    "cli-port-busy",
                    port = args.port.checked_add(1).unwrap_or(8080).to_string()
                )
                .text(super::lang()),
            ),
            ..Failure::other(e)
        },
        other => Failure::other(other),
    })
}
