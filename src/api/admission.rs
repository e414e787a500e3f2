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
//! The bodies are bounded too: those of the heavy requests being received, waiting or running
//! may hold at most [`Limits::held_bytes`] in all ([`HELD_BYTES`] by default: eight bodies of
//! the largest size, so 64 waiting 8 MiB drafts cannot hold 512 MB). A body counts from its
//! first byte — its declared `Content-Length` at once, or as it arrives — until the request's
//! work has ended; a request whose body does not fit is answered `503 overloaded` at once,
//! before the rest of its body is read.
//!
//! Use it as a layer ([`heavy`]) on routes that are always heavy, or call [`Admission::admit`]
//! in a handler that is heavy only for some bodies and run its work [`within`] the admission.

use super::AppState;
use super::error::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Heavy requests that may wait for each running place ([`Limits::for_cores`]).
pub const QUEUED_PER_PLACE: usize = 64;

/// Bytes of request bodies the heavy requests being received, waiting or running may hold in
/// all, by default: eight bodies of the largest size (64 MiB).
pub const HELD_BYTES: usize = 8 * super::BODY_LIMIT;

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
    /// Most bytes of request bodies held by heavy requests being received, waiting or running
    /// ([`HELD_BYTES`] by default); a body that does not fit is answered `503 overloaded`.
    pub held_bytes: usize,
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
            held_bytes: HELD_BYTES,
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
    /// One permit per byte of the bodies heavy requests hold.
    bytes: Arc<Semaphore>,
}

/// A heavy request's place; dropping it frees the place and its body's bytes.
#[derive(Debug)]
pub struct Admitted {
    _running: OwnedSemaphorePermit,
    _admitted: OwnedSemaphorePermit,
    _body: Option<HeldBody>,
}

/// The bytes of a heavy request's body, counted against [`Limits::held_bytes`] until dropped
/// (the default counts none).
#[derive(Debug, Default)]
pub struct HeldBody {
    permit: Option<OwnedSemaphorePermit>,
}

impl HeldBody {
    /// How many bytes are counted.
    pub fn bytes(&self) -> usize {
        self.permit.as_ref().map_or(0, |p| p.num_permits())
    }
}

impl Admission {
    pub fn new(limits: Limits) -> Admission {
        let running = limits.running.max(1);
        Admission {
            limits,
            running: Arc::new(Semaphore::new(running)),
            admitted: Arc::new(Semaphore::new(running + limits.queued)),
            bytes: Arc::new(Semaphore::new(
                limits.held_bytes.clamp(1, Semaphore::MAX_PERMITS),
            )),
        }
    }

    /// Counts `more` bytes of a heavy request's body in `held`, or answers `503 overloaded` when
    /// the bodies held would pass [`Limits::held_bytes`]. A single body larger than the whole
    /// budget counts as the whole budget, so that it is taken when nothing else is held.
    pub fn hold(&self, held: &mut HeldBody, more: usize) -> Result<(), ApiError> {
        let room = self.limits.held_bytes.max(1).saturating_sub(held.bytes());
        let more = more.min(room);
        if more == 0 {
            return Ok(());
        }
        let n = u32::try_from(more).unwrap_or(u32::MAX);
        let permit = self.bytes.clone().try_acquire_many_owned(n).map_err(|_| {
            self.overloaded(&format!(
                "and the bodies of the heavy requests received, waiting or running hold as \
                     many bytes as they may ({} MiB)",
                self.limits.held_bytes / (1024 * 1024)
            ))
        })?;
        match &mut held.permit {
            Some(p) => p.merge(permit),
            None => held.permit = Some(permit),
        }
        Ok(())
    }

    /// Reads a heavy request's body (up to [`super::BODY_LIMIT`]: over it, `413
    /// payload_too_large`), its bytes counted against [`Limits::held_bytes`] from the first:
    /// its declared `Content-Length` before any is read, or each piece as it arrives.
    pub async fn read_body(
        &self,
        headers: &HeaderMap,
        body: Body,
    ) -> Result<(Bytes, HeldBody), ApiError> {
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok());
        if declared.is_some_and(|n| n > super::BODY_LIMIT) {
            return Err(super::error::payload_too_large());
        }
        let mut held = HeldBody { permit: None };
        self.hold(&mut held, declared.unwrap_or(0))?;
        let mut stream = body.into_data_stream();
        let mut data = Vec::with_capacity(declared.unwrap_or(0));
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| super::error::payload_too_large())?;
            if data.len() + chunk.len() > super::BODY_LIMIT {
                return Err(super::error::payload_too_large());
            }
            let short = (data.len() + chunk.len()).saturating_sub(held.bytes());
            if short > 0 {
                self.hold(&mut held, short)?;
            }
            data.extend_from_slice(&chunk);
        }
        Ok((Bytes::from(data), held))
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Bytes of bodies heavy requests hold now.
    pub fn held_bytes(&self) -> usize {
        self.limits
            .held_bytes
            .clamp(1, Semaphore::MAX_PERMITS)
            .saturating_sub(self.bytes.available_permits())
    }

    /// Waits for a place (first come, first served: tokio's semaphore is fair), or answers `503
    /// overloaded` when the queue is full or the wait too long.
    pub async fn admit(&self) -> Result<Admitted, ApiError> {
        self.admit_holding(None).await
    }

    /// [`Admission::admit`] for a request holding `body` (from [`Admission::read_body`] or
    /// [`Admission::hold`]): its bytes stay counted until the place is freed.
    pub async fn admit_holding(&self, body: Option<HeldBody>) -> Result<Admitted, ApiError> {
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
            _body: body,
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

/// Layer for routes that are always heavy: reads the body (up to [`super::BODY_LIMIT`], its
/// bytes counted against [`Limits::held_bytes`]), then admits the request or answers `503
/// overloaded`. The body is read first so that a client sending it slowly holds no place
/// (only its body's bytes).
pub async fn heavy(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let (bytes, held) = match state.admission.read_body(&parts.headers, body).await {
        Ok(read) => read,
        Err(err) => return err.into_response(),
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    match state.admission.admit_holding(Some(held)).await {
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
            held_bytes: 100,
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
    async fn bodies_are_held_within_the_byte_budget() {
        let admission = Admission::new(limits(2, 4));
        let mut first = HeldBody::default();
        admission.hold(&mut first, 60).unwrap();
        let mut second = HeldBody::default();
        let refused = admission.hold(&mut second, 50).unwrap_err();
        assert_eq!(refused.code, "overloaded");
        assert_eq!(refused.retry_after, Some(3));
        admission.hold(&mut second, 40).unwrap();
        assert_eq!(admission.held_bytes(), 100);
        // Held while the request waits and runs; freed with its place.
        let place = admission.admit_holding(Some(first)).await.unwrap();
        drop(second);
        assert_eq!(admission.held_bytes(), 60);
        drop(place);
        assert_eq!(admission.held_bytes(), 0);
        // A body larger than the whole budget is taken when nothing else is held.
        let mut huge = HeldBody::default();
        admission.hold(&mut huge, 1_000).unwrap();
        assert_eq!(huge.bytes(), 100);
        assert!(admission.hold(&mut HeldBody::default(), 1).is_err());
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
