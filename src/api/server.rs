//! Serving the router on a socket: HTTP/1.1 through hyper (for the options `axum::serve` does
//! not expose: a header-read timeout against slow clients), and a shutdown that is graceful for
//! ordinary requests and bounded for long ones.
//!
//! On shutdown the listener closes at once; requests in flight get [`ServeOptions::grace`] to
//! finish; then the server's [`crate::cancel::Cancel`] is cancelled (long work stops at its next check and
//! answers `503 timeout`) and, after [`ServeOptions::after_cancel`], the connections still open
//! are left behind and [`serve_with`] returns.

use super::{AppState, router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// How a server treats its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// A client must send a request's whole head (request line and headers) within this time
    /// after the connection opens or the previous answer, or the connection is closed.
    pub header_read_timeout: Duration,
    /// On shutdown, how long requests in flight may go on before their work is cancelled.
    pub grace: Duration,
    /// After cancelling, how long to wait for the last answers before leaving them.
    pub after_cancel: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_read_timeout: Duration::from_secs(5),
            grace: Duration::from_secs(5),
            after_cancel: Duration::from_secs(1),
        }
    }
}

/// Serves the API on a bound listener until `shutdown` completes, with the default options.
/// Taking a listener lets tests bind port 0.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, ServeOptions::default(), shutdown).await
}

/// Serves the API on a bound listener until `shutdown` completes, then stops as described in
/// the module's documentation.
pub async fn serve_with(
    listener: TcpListener,
    mut state: AppState,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stopping, stop_work) = state.shutdown.child();
    state.shutdown = stopping;
    let service = TowerToHyperService::new(router(state));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!("cannot accept a connection: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers go out as soon as written (no Nagle delay on small answers).
        let _ = stream.set_nodelay(true);
        let connection = http.serve_connection(TokioIo::new(stream), service.clone());
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!("connection closed: {err}");
            }
        });
    }
    drop(listener);
    let closed = graceful.shutdown();
    tokio::pin!(closed);
    if tokio::time::timeout(options.grace, &mut closed)
        .await
        .is_ok()
    {
        return Ok(());
    }
    tracing::warn!(
        "requests still running after {:.0} s: stopping their work",
        options.grace.as_secs_f64()
    );
    stop_work.cancel();
    if tokio::time::timeout(options.after_cancel, &mut closed)
        .await
        .is_err()
    {
        tracing::warn!("leaving the connections still open");
    }
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
