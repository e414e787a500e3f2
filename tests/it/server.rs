//! The server on a real socket (port 0), driven with raw TCP: limits answered in the JSON shape,
//! what the HTTP library answers itself, slow clients, admission control of heavy requests,
//! cancellation on timeout and a bounded shutdown with work in flight.

use super::helpers::{assert_error, state};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mvterms::api::admission::{Admission, Limits};
use mvterms::api::{AppState, ServeOptions, router, serve_with};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tower::ServiceExt;

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(state: AppState, options: ServeOptions) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(serve_with(listener, state, options, async move {
        let _ = stopped.await;
    }));
    Running { addr, stop, done }
}

/// Sends raw bytes and reads until the server closes the connection.
async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), socket.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The server still answers a request; then it is stopped.
async fn serves_on_and_stops(server: Running) {
    let fine = raw(
        server.addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&fine), 200, "{fine:.300}");
    server.stop.send(()).unwrap();
    server.done.await.unwrap().unwrap();
}

fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer:.200}"))
}

fn json_of(answer: &str) -> Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {answer:.300}"))
}

/// A comparison that takes long (seconds in a debug build): 20 texts of 1 002 words, no two
/// with a common start or end, so each of the 190 word diffs fills a table of a million cells.
fn long_compare() -> Value {
    let texts: Vec<String> = (0..20)
        .map(|k| format!("s{k} {}e{k}", "w ".repeat(1000)))
        .collect();
    json!({ "texts": texts })
}

fn tight(running: usize, queued: usize) -> Admission {
    Admission::new(Limits {
        running,
        queued,
        wait: Duration::from_millis(100),
        retry_after: 1,
        held_bytes: mvterms::api::admission::HELD_BYTES,
    })
}

/// Waits until `admission` has a free place (the heavy work holding it has ended).
async fn until_free(admission: &Admission, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if admission.admit().await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_long_uri_and_large_headers_answer_414_and_431_in_the_json_shape() {
    let server = start(state(), ServeOptions::default()).await;
    let long = format!(
        "GET /v1/search?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(20_000)
    );
    let answer = raw(server.addr, long.as_bytes()).await;
    assert_eq!(status_of(&answer), 414, "{answer:.300}");
    assert_error(&json_of(&answer), "uri_too_long");

    let big = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(40_000)
    );
    let answer = raw(server.addr, big.as_bytes()).await;
    assert_eq!(status_of(&answer), 431, "{answer:.300}");
    assert_error(&json_of(&answer), "headers_too_large");

    // Under the limits the same requests are served.
    let fine = raw(
        server.addr,
        b"GET /v1/search?q=avatar&limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status_of(&fine), 200, "{fine:.300}");
    serves_on_and_stops(server).await;
}

#[tokio::test]
async fn what_the_http_library_refuses_itself_is_a_bare_4xx_and_the_server_goes_on() {
    // The README's error table lists these: the request cannot be parsed, so no app sees it.
    let server = start(state(), ServeOptions::default()).await;
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"GET /v1/\xffsearch HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), 400),
        (b"GET /v1/\x00search HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), 400),
        (
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
            400,
        ),
        (
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
            400,
        ),
        (
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/\x01plain\r\nContent-Length: 1\r\n\r\na"
                .to_vec(),
            400,
        ),
        (
            format!(
                "GET /v1/search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
                "a".repeat(70_000)
            )
            .into_bytes(),
            414,
        ),
    ];
    for (request, status) in cases {
        let answer = raw(server.addr, &request).await;
        assert_eq!(
            status_of(&answer),
            status,
            "{:.80} → {answer:.200}",
            String::from_utf8_lossy(&request)
        );
    }
    serves_on_and_stops(server).await;
}

#[tokio::test]
async fn a_client_dribbling_its_headers_is_disconnected_after_the_header_timeout() {
    let options = ServeOptions {
        header_read_timeout: Duration::from_millis(300),
        ..ServeOptions::default()
    };
    let server = start(state(), options).await;
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    // Keeps dribbling a header byte now and then; the server closes regardless.
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if slow.write_all(b"X").await.is_err() {
                break;
            }
            let mut byte = [0u8; 1];
            match tokio::time::timeout(Duration::from_millis(1), slow.read(&mut byte)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(_)) | Err(_) => {}
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the slow connection is still open after 10 s"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Another client is served meanwhile and after.
    serves_on_and_stops(server).await;
}

#[tokio::test]
async fn heavy_requests_beyond_the_limit_answer_503_overloaded_while_search_answers() {
    let mut state = state();
    state.admission = tight(1, 0);
    let app = router(state.clone());
    let first = tokio::spawn(
        app.clone()
            .oneshot(post_json("/v1/compare", &long_compare())),
    );
    // Once the first holds the place, a second heavy request is refused at once (the first
    // is given the time to take it: its body is long to read in a debug build).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let response = app
            .clone()
            .oneshot(post_json(
                "/v1/compare",
                &json!({"texts": ["a virtual world"], "nearest": 3}),
            ))
            .await
            .unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE || Instant::now() > deadline {
            break response;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body: Value =
        serde_json::from_slice(&refused.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_error(&body, "overloaded");
    // A check is heavy too.
    let check = app
        .clone()
        .oneshot(
            Request::post("/v1/check")
                .header("content-type", "text/plain")
                .body(Body::from(
                    "3 Definitions\n3.1 avatar: a user's representation\n",
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(check.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Light requests do not wait for heavy ones: search, a compare of entries or short texts.
    let search = app
        .clone()
        .oneshot(
            Request::get("/v1/search?q=avatar")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(search.status(), StatusCode::OK);
    let ids = app
        .clone()
        .oneshot(post_json(
            "/v1/compare",
            &json!({"ids": ["ball-2021-primer", "ball-2022"]}),
        ))
        .await
        .unwrap();
    assert_eq!(ids.status(), StatusCode::OK);
    let short_text = app
        .clone()
        .oneshot(post_json(
            "/v1/compare",
            &json!({"ids": ["ball-2022"], "texts": ["An immersive virtual world."]}),
        ))
        .await
        .unwrap();
    assert_eq!(short_text.status(), StatusCode::OK);
    // Dropping the first request (its client gone) stops its work and frees the place.
    first.abort();
    assert!(
        until_free(&state.admission, Duration::from_secs(2)).await,
        "the cancelled comparison still holds its place"
    );
}

/// A client that starts a check of `length` bytes and sends only its first line.
async fn slow_check(addr: SocketAddr, length: usize) -> TcpStream {
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {length}\r\n\r\n3 Definitions\n"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow
}

#[tokio::test]
async fn a_client_sending_its_draft_slowly_holds_no_heavy_place() {
    let mut state = state();
    state.admission = tight(1, 0);
    let server = start(state, ServeOptions::default()).await;
    let slow = slow_check(server.addr, 1000).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let draft = "3 Definitions\n3.1 avatar: a user's representation\n";
    let request = format!(
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{draft}",
        draft.len()
    );
    let answer = raw(server.addr, request.as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer:.300}");
    drop(slow);
    serves_on_and_stops(server).await;
}

#[tokio::test]
async fn bodies_held_by_heavy_requests_are_bounded_in_bytes() {
    const BUDGET: usize = 1024 * 1024;
    let mut state = state();
    state.admission = Admission::new(Limits {
        held_bytes: BUDGET,
        ..Limits::for_cores(2)
    });
    let admission = state.admission.clone();
    let server = start(state, ServeOptions::default()).await;
    // A client that declares most of the budget and sends its draft slowly holds those bytes
    // from the start (they are what its body will take).
    let slow = slow_check(server.addr, 900_000).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while admission.held_bytes() < 900_000 {
        assert!(Instant::now() < deadline, "the slow body is not counted");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let check = |draft: String, chunked: bool| {
        let head = if chunked {
            "Transfer-Encoding: chunked".to_string()
        } else {
            format!("Content-Length: {}", draft.len())
        };
        let body = if chunked {
            // Pieces of 64 KiB, as a client streaming a file sends them.
            let mut out = String::new();
            for piece in draft.as_bytes().chunks(64 * 1024) {
                out.push_str(&format!(
                    "{:x}\r\n{}\r\n",
                    piece.len(),
                    std::str::from_utf8(piece).unwrap()
                ));
            }
            out + "0\r\n\r\n"
        } else {
            draft
        };
        format!(
            "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n{head}\r\nConnection: close\r\n\r\n{body}"
        )
    };
    let large = format!(
        "3 Definitions\n3.1 avatar: a user.\n\n5 Body\n\n{}",
        "A user meets an avatar.\n".repeat(8_000)
    );
    assert!(large.len() > BUDGET - 900_000);
    for chunked in [false, true] {
        let answer = raw(server.addr, check(large.clone(), chunked).as_bytes()).await;
        assert_eq!(status_of(&answer), 503, "chunked {chunked}: {answer:.300}");
        assert!(
            answer.to_ascii_lowercase().contains("retry-after: 2"),
            "{answer:.300}"
        );
        let body = json_of(&answer);
        assert_error(&body, "overloaded");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("bodies") && message.contains("1 MiB"),
            "{message}"
        );
    }
    // A draft that fits beside the slow body is checked, and the refused ones hold nothing.
    let small = check("3 Definitions\n3.1 avatar: a user.\n".into(), false);
    let answer = raw(server.addr, small.as_bytes()).await;
    assert_eq!(status_of(&answer), 200, "{answer:.300}");
    assert_eq!(admission.held_bytes(), 900_000);
    // The slow client gone, its bytes are free: the large draft is taken, whole or in pieces.
    drop(slow);
    let deadline = Instant::now() + Duration::from_secs(10);
    while admission.held_bytes() > 0 {
        assert!(
            Instant::now() < deadline,
            "the slow body's bytes are still held"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for chunked in [false, true] {
        let answer = raw(server.addr, check(large.clone(), chunked).as_bytes()).await;
        assert_eq!(status_of(&answer), 200, "chunked {chunked}: {answer:.300}");
    }
    assert_eq!(admission.held_bytes(), 0);
    serves_on_and_stops(server).await;
}

#[tokio::test]
async fn a_timed_out_comparison_stops_its_work() {
    let mut state = state();
    state.admission = tight(1, 0);
    state.request_timeout = Duration::from_millis(300);
    let response = router(state.clone())
        .oneshot(post_json("/v1/compare", &long_compare()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_error(&body, "timeout");
    // The place is held until the work itself has stopped: within a second, not the seconds
    // the comparison would take.
    assert!(
        until_free(&state.admission, Duration::from_secs(1)).await,
        "the comparison went on after its timeout"
    );
}

#[tokio::test]
async fn shutdown_with_long_work_in_flight_is_bounded_and_answers_it() {
    let mut state = state();
    state.admission = tight(1, 0);
    let options = ServeOptions {
        grace: Duration::from_millis(300),
        after_cancel: Duration::from_secs(3),
        ..ServeOptions::default()
    };
    let server = start(state.clone(), options).await;
    let body = long_compare().to_string();
    let request = format!(
        "POST /v1/compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let client = tokio::spawn(async move { raw(server.addr, request.as_bytes()).await });
    // Let the comparison start, then stop the server.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopping = Instant::now();
    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server.done)
        .await
        .expect("the server stops within the grace period and the wait after cancelling")
        .unwrap()
        .unwrap();
    assert!(stopping.elapsed() < Duration::from_secs(5));
    let answer = client.await.unwrap();
    assert_eq!(status_of(&answer), 503, "{answer:.300}");
    assert_error(&json_of(&answer), "timeout");
    assert!(until_free(&state.admission, Duration::from_secs(3)).await);
}

#[test]
fn sigterm_stops_the_server_promptly_with_a_long_check_in_flight() {
    use std::io::{BufRead, BufReader, Read, Write};
    let index = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mvterms"))
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(index.path())
        .current_dir(super::helpers::root())
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "the server exited");
        if let Some(at) = line.find("on http://") {
            let rest = &line[at + "on http://".len()..];
            break rest[..rest.find(' ').unwrap()].to_string();
        }
    };
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    // A check that runs for long and is within the check's bounds (9 000 definitions of 100
    // words, 5 MB, take seconds even in a release build): the server must not wait for it.
    let words = [
        "a",
        "representation",
        "of",
        "user",
        "in",
        "virtual",
        "world",
        "real",
        "time",
    ];
    let body: String = std::iter::once("3 Definitions\n".to_string())
        .chain((0..9_000).map(|i| {
            let text: Vec<&str> = (0..100)
                .map(|k| words[(i * 7 + k * k) % words.len()])
                .collect();
            format!("3.1.{i} term {i}: {}.\n", text.join(" "))
        }))
        .collect();
    let mut socket = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        socket,
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let sent = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if sent.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the server did not stop within 20 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // Grace (5 s) and the wait after cancelling (1 s), with room for a slow machine.
    assert!(
        sent.elapsed() < Duration::from_secs(10),
        "{:?}",
        sent.elapsed()
    );
    let mut answer = String::new();
    let _ = socket.read_to_string(&mut answer);
    // The check either finished within the grace period (a whole 200: shutdown is graceful)
    // or was cancelled at its end (503, or no answer at all). Cancellation at the end of the
    // grace period is tested in-process with a short grace in
    // `shutdown_with_long_work_in_flight_is_bounded_and_answers_it`; this test is about the
    // signal and the bounded exit of the real binary.
    assert!(
        answer.is_empty()
            || answer.starts_with("HTTP/1.1 503")
            || answer.starts_with("HTTP/1.1 200"),
        "{answer:.200}"
    );
}
