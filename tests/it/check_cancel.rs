//! A check stops when told (issue 14): cancelled from outside, past its deadline, or when the
//! request that runs it times out. The draft is one that takes several seconds to check in a
//! debug build, so a check that ignores its token runs to the end and fails these tests.

use crate::helpers::state;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mvterms::api::router;
use mvterms::cancel::Cancel;
use mvterms::check::{CheckOptions, DraftInput, check_draft_with};
use mvterms::error::Error;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// About 7.5 MB (under the API's 8 MiB): 9 000 definitions and 80 000 paragraphs of body, each with hyphenated words and
/// terms of the draft (several seconds of rules in a debug build, after a second of reading).
fn heavy_draft() -> String {
    let mut s = String::from(
        "1 Scope\n\nThis Recommendation defines terms for the real-time metaverse.\n\n3 Definitions\n\n",
    );
    for i in 0..9000 {
        s.push_str(&format!(
            "3.1.{i} term{i}: a thing {i} that the real-time avatar uses.\n\n"
        ));
    }
    s.push_str("5 Body\n\n");
    for i in 0..80_000 {
        s.push_str(&format!(
            "The real-time avatar {i} meets a virtual world, and real time matters to term{}.\n\n",
            i % 9000
        ));
    }
    s
}

fn input(draft: &str) -> DraftInput<'_> {
    DraftInput {
        name: "heavy.txt".into(),
        bytes: draft.as_bytes(),
        format: None,
    }
}

/// How long the work may go on once it is told to stop: far less than the seconds of rules
/// still ahead when it is told (so a check that ignores its token fails), with room for
/// `cargo test` running other tests on the same two cores.
const PROMPT: Duration = Duration::from_millis(1500);

/// How long the check runs before it is stopped: past the reading of the draft (not
/// cancellable: about 0.9 s in an idle debug build, measured here because a loaded machine is
/// slower), well into the rules.
fn run_for(draft: &str) -> Duration {
    let started = Instant::now();
    mvterms::check::parse_draft(&input(draft)).unwrap();
    started.elapsed() * 3 / 2 + Duration::from_millis(300)
}

#[test]
fn a_cancelled_check_stops_within_a_second() {
    let draft = heavy_draft();
    let run_for = run_for(&draft);
    let registry = state().registry;
    let (cancel, guard) = Cancel::new();
    let worker = std::thread::spawn(move || {
        check_draft_with(
            &input(&draft),
            &CheckOptions::default(),
            (&*registry).into(),
            &cancel,
        )
        .map(|_| ())
    });
    std::thread::sleep(run_for);
    let told = Instant::now();
    drop(guard);
    let result = worker.join().unwrap();
    assert_stopped(result, told.elapsed(), "it was cancelled");
}

/// The check ended with `Cancelled`, within [`PROMPT`] of being told to stop.
fn assert_stopped<T: std::fmt::Debug>(result: Result<T, Error>, after: Duration, told: &str) {
    assert!(
        matches!(result, Err(Error::Cancelled)),
        "the check was not stopped when {told}: {result:?}"
    );
    assert!(
        after < PROMPT,
        "the check went on for {after:?} after {told}"
    );
}

#[test]
fn a_check_stops_at_its_deadline() {
    let draft = heavy_draft();
    let run_for = run_for(&draft);
    let registry = state().registry;
    let started = Instant::now();
    let cancel = Cancel::never().with_deadline(started + run_for);
    let result = check_draft_with(
        &input(&draft),
        &CheckOptions::default(),
        (&*registry).into(),
        &cancel,
    );
    let late = started.elapsed().saturating_sub(run_for);
    assert_stopped(result, late, "its deadline passed");
}

/// The request times out (503 `timeout`) and the blocking thread that ran its check returns
/// promptly: dropping the runtime waits for every blocking task, so it takes as long as the
/// check still runs.
#[test]
fn a_timed_out_check_request_stops_its_work() {
    let body = heavy_draft();
    let mut app = state();
    app.request_timeout = run_for(&body);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (status, answer) = runtime.block_on(async move {
        let request = Request::post("/v1/check")
            .header("content-type", "text/plain")
            .body(Body::from(body))
            .unwrap();
        let response = router(app).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    });
    let answered = Instant::now();
    drop(runtime);
    let took = answered.elapsed();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert!(answer.contains("\"timeout\""), "{answer}");
    assert!(
        took < PROMPT,
        "the check went on for {took:?} after its request timed out"
    );
}

/// `mvterms check` installs no signal handler: SIGTERM (and Ctrl-C's SIGINT, unless the caller
/// started it with SIGINT ignored, as a non-interactive shell does with `&`) ends it at once,
/// in the middle of a long check.
#[test]
fn the_cli_check_stops_at_once_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heavy.txt");
    let draft = heavy_draft();
    let run_for = run_for(&draft);
    std::fs::write(&path, draft).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mvterms"))
        .args(["check", "--corpus"])
        .arg(crate::helpers::root().join("corpus"))
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(run_for);
    assert!(
        child.try_wait().unwrap().is_none(),
        "the check ended before the signal"
    );
    let told = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let took = told.elapsed();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(15), "{status:?}");
    assert!(took < PROMPT, "the CLI went on for {took:?} after SIGTERM");
}
