//! `doclist serve`: the checklist as a small local web page (and API).

use super::Failure;
use clap::Args as ClapArgs;
use doclist::serve::{Config, Limits, ServeError};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on; 0.0.0.0 makes the page reachable from other machines.
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Read policies from this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// Templates in this directory replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// The largest sheet the batch page accepts, in MB.
    #[arg(long, value_name = "MB", default_value_t = 20)]
    max_upload: usize,
    /// The most rows of one batch sheet.
    #[arg(long, value_name = "ROWS", default_value_t = 20_000)]
    max_rows: usize,
    /// Batch jobs at once (default: the number of cores); more get 429.
    #[arg(long, value_name = "N")]
    max_batches: Option<usize>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = Config {
        addr: SocketAddr::new(args.bind, args.port),
        policies: args.policies,
        templates: args.templates,
        limits: Limits {
            max_upload: args.max_upload.saturating_mul(1 << 20),
            max_rows: args.max_rows,
            max_jobs: args.max_batches.unwrap_or(Limits::default().max_jobs),
        },
    };
    doclist::serve::run(&config).map_err(|e| match e {
        ServeError::Policy(_) | ServeError::Templates(_) => Failure::input(e),
        ServeError::Bind { .. } => Failure {
            hint: Some("another program may be using the port; try --port 8081".to_string()),
            ..Failure::other(e)
        },
        other => Failure::other(other),
    })
}
