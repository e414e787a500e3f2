//! `mvterms serve`

use super::registry_args::RegistryArgs;
use crate::api::{AppState, serve, shutdown_signal};
use anyhow::Context;
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::init_logging();
    // The registry is opened before the server binds: a corpus that does not load whole stops
    // the start with every problem listed.
    let registry = args.registry.open()?;
    let entries = registry.corpus().entries().len();
    let state = AppState::new(registry).with_history(&args.registry.corpus);
    // Searches, checks and comparisons run on the blocking pool and are CPU-bound: threads
    // beyond a few per core only add memory (each keeps its own malloc arena and stem memo;
    // 64 connections grew the server from 22 MB to 128 MB) and context switches. Heavy requests
    // take at most `admission::Limits::for_this_machine().running` (cores - 1) of these threads,
    // so searches always find one.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(2 * cores)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {} (is another server using that port? try --addr 127.0.0.1:8081)", args.addr))?;
        let addr = listener.local_addr()?;
        tracing::info!("serving {entries} entries on http://{addr} (try http://{addr}/v1/search?q=avatar)");
        serve(listener, state, shutdown_signal()).await.context("the server stopped with an error")
    });
    // Work that ignored its cancellation must not hold the exit (the runtime would otherwise
    // wait for every blocking thread to return): `serve` already gave it a second after
    // cancelling, so leave it almost at once.
    runtime.shutdown_timeout(std::time::Duration::from_millis(250));
    served?;
    Ok(ExitCode::SUCCESS)
}
