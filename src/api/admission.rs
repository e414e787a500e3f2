//! Admission control for heavy requests (a draft check, a comparison with long free texts or
//! with the whole corpus, exports): at most [`Limits::running`] run at once; the others wait in a
//! bounded queue, first come first served, for at most [`Limits::wait`] — half the request's
//! time limit, so that a request admitted at the end of its wait still has the other half to
//! run. Only when the queue is full, or the wait is over, is a request answered `503
//! overloaded` with `Retry-After`. Light requests (search, entries) never wait here.
//!
//! Why waiting and not refusing: a heavy request of a real draft takes tens of milliseconds, so
//! a client that arrives while another check runs is better served a little later than told to
//! come back in seconds (the service has the capacity, only not this instant). Why `503` and not
//! `429` when it must refuse: `429 Too Many Requests` says that *this client* sent too many, and
//! the server cannot say that truthfully — it has no client identity (no keys; many CI jobs
//! reach it through one proxy or NAT address), and the client refused when the queue is full is
//! whoever came next, not the one that filled it. What is exhausted is the server's capacity,
//! which is what `503 Service Unavailable` with `Retry-After` means (RFC 9110, 15.6.4).
//!
//! The limit counts threads, not requests: an admitted request's work on the blocking pool keeps
//! its place until the work has ended, even when the request was answered `503 timeout` or its
//! client went away first. With [`Limits::running`] below the blocking pool's size, search
//! always finds a thread. A waiting request holds its body (at most [`super::BODY_LIMIT`]) and
//! nothing else.
//!
//! Use it as a layer ([`heavy`]) on routes that are always heavy, or call [`Admission::admit`]
//! in a handler that is heavy only for some bodies and run its work [`within`] the admission.

use super::AppState;
use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Heavy requests that may wait for each running place ([`Limits::for_cores`]).
pub const QUEUED_PER_PLACE: usize = 64;

/// How much heavy work a server takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Heavy requests that run at once.
    pub running: usize,
    /// Heavy requests that may wait for one of those places.
    pub queued: usize,
    /// Longest a heavy request waits for a place before it is answered `503 overloaded`.
    pub wait: Duration,
    /// `Retry-After` of the `503 overloaded` answer, in seconds.
    pub retry_after: u64,
}

impl Limits {
    /// For a machine with `cores` cores: one heavy request per core but one (at least one), so
    /// a core stays free for searches; 64 per running place may wait (a real draft's check
    /// takes 10–100 ms: the queue is served in seconds), each for up to half of
    /// [`super::REQUEST_TIMEOUT`].
    pub fn for_cores(cores: usize) -> Limits {
        let running = cores.saturating_sub(1).max(1);
        Limits {
            running,
            queued: QUEUED_PER_PLACE * running,
            wait: super::REQUEST_TIMEOUT / 2,
            retry_after: 2,
        }
    }

    /// For this machine.
    pub fn for_this_machine() -> Limits {
        Limits::for_cores(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}

/// The places for heavy requests of one server; clones share them.
#[derive(Debug, Clone)]
pub struct Admission {
    limits: Limits,
    /// One permit per heavy request running.
    running: Arc<Semaphore>,
    /// One permit per heavy request running or waiting.
    admitted: Arc<Semaphore>,
}

/// A heavy request's place; dropping it frees the place.
#[derive(Debug)]
pub struct Admitted {
    _running: OwnedSemaphorePermit,
    _admitted: OwnedSemaphorePermit,
}

impl Admission {
    pub fn new(limits: Limits) -> Admission {
        let running = limits.running.max(1);
        Admission {
            limits,
            running: Arc::new(Semaphore::new(running)),
            admitted: Arc::new(Semaphore::new(running + limits.queued)),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Waits for a place (first come, first served: tokio's semaphore is fair), or answers `503
    /// overloaded` when the queue is full or the wait too long.
    pub async fn admit(&self) -> Result<Admitted, ApiError> {
        let admitted = self.admitted.clone().try_acquire_owned().map_err(|_| {
            self.overloaded(&format!(
                "{} more are waiting, which is as many as may wait",
                self.limits.queued
            ))
        })?;
        let running = tokio::time::timeout(self.limits.wait, self.running.clone().acquire_owned())
            .await
            .map_err(|_| {
                self.overloaded(&format!(
                    "this one waited {:.1} s for its turn, the longest a request waits",
                    self.limits.wait.as_secs_f64()
                ))
            })?
            .map_err(|_| ApiError::internal())?;
        Ok(Admitted {
            _running: running,
            _admitted: admitted,
        })
    }

    fn overloaded(&self, why: &str) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            format!(
                "the server is busy: {} heavy requests (checks, comparisons, exports) run at \
                 once, {why}; try again in {} s",
                self.limits.running, self.limits.retry_after
            ),
        )
        .with_retry_after(self.limits.retry_after)
    }
}

tokio::task_local! {
    static HELD: Arc<Admitted>;
}

/// Runs `request` (a handler's future) holding `admitted`: the blocking work it starts through
/// [`super::error::blocking`] keeps the place until that work has ended.
pub async fn within<F: Future>(admitted: Admitted, request: F) -> F::Output {
    HELD.scope(Arc::new(admitted), request).await
}

/// The admission of the request being served, if it is a heavy one.
pub(super) fn held() -> Option<Arc<Admitted>> {
    HELD.try_with(Arc::clone).ok()
}

/// Layer for routes that are always heavy: reads the body (up to [`super::BODY_LIMIT`]), then
/// admits the request or answers `503 overloaded`. The body is read first so that a client
/// sending it slowly holds no place.
pub async fn heavy(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::BODY_LIMIT).await else {
        return super::error::payload_too_large().into_response();
    };
    let request = Request::from_parts(parts, axum::body::Body::from(bytes));
    match state.admission.admit().await {
        Ok(admitted) => within(admitted, next.run(request)).await,
        Err(err) => err.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(running: usize, queued: usize) -> Limits {
        Limits {
            running,
            queued,
            wait: Duration::from_millis(50),
            retry_after: 3,
        }
    }

    #[test]
    fn a_core_is_left_for_search() {
        assert_eq!(Limits::for_cores(1).running, 1);
        assert_eq!(Limits::for_cores(2).running, 1);
        assert_eq!(Limits::for_cores(8).running, 7);
        assert_eq!(Limits::for_cores(2).queued, QUEUED_PER_PLACE);
        assert_eq!(Limits::for_cores(2).wait, super::super::REQUEST_TIMEOUT / 2);
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once_with_retry_after() {
        let admission = Admission::new(limits(1, 0));
        let first = admission.admit().await.unwrap();
        let refused = admission.admit().await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.code, "overloaded");
        assert_eq!(refused.retry_after, Some(3));
        drop(first);
        assert!(admission.admit().await.is_ok());
    }

    #[tokio::test]
    async fn a_queued_request_runs_when_a_place_frees_or_gives_up_after_the_wait() {
        let admission = Admission::new(limits(1, 1));
        let first = admission.admit().await.unwrap();
        // Waits the whole 50 ms, then is refused.
        assert_eq!(admission.admit().await.unwrap_err().code, "overloaded");
        let waiting = {
            let admission = admission.clone();
            tokio::spawn(async move { admission.admit().await.map(|_| ()) })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        drop(first);
        assert!(waiting.await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn the_place_is_held_until_the_blocking_work_ends() {
        let admission = Admission::new(limits(1, 0));
        let (started, running) = std::sync::mpsc::channel::<()>();
        let (finish, finished) = std::sync::mpsc::channel::<()>();
        let request = within(admission.admit().await.unwrap(), async move {
            super::super::error::blocking(move || {
                started.send(()).unwrap();
                finished.recv().unwrap();
                Ok(())
            })
            .await
        });
        // The request is dropped (a timeout, a client gone) while its work still runs.
        let handle = tokio::spawn(request);
        tokio::task::spawn_blocking(move || running.recv().unwrap())
            .await
            .unwrap();
        handle.abort();
        let _ = handle.await;
        assert_eq!(admission.admit().await.unwrap_err().code, "overloaded");
        finish.send(()).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while admission.admit().await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the place was not freed"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}
