//! The real parts of a browser test: the built `mvterms serve` on a free port, ChromeDriver,
//! headless Chromium driven through WebDriver, screenshots under `target/screenshots/`, and
//! axe-core run in the page.
//!
//! Nothing here skips: a missing `chromedriver`, `chromium` or `axe.min.js` fails the test with
//! what to install (`.ci/steps/browser.sh` installs all three).

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium's flags on these machines: headless, no sandbox (root), and no background traffic
/// (the closed network refuses it, many connections at a time).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

/// The desktop window; the narrow one is WCAG's reflow width.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const NARROW: u32 = 320;

/// One browser at a time: the machines have two cores, and Chromium wants both.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where screenshots go (not committed: under `target/`).
pub fn screenshots_dir() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// axe-core's browser bundle: `AXE_CORE_JS`, or where `.ci/steps/browser.sh` installs it.
fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-tools/browser/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing: cannot read {} ({e}); run .ci/steps/browser.sh (it installs \
             axe-core with npm into target/ci-tools/browser) or set AXE_CORE_JS",
            path.display()
        )
    })
}

fn program(env: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "{} is missing (set {env} or install Debian's chromium and chromium-driver: \
         apt-get install chromium chromium-driver, as .ci/steps/browser.sh does)",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process in a process group of its own, killed with its group (ChromeDriver's
/// Chromium and its helpers) when the test ends, passed or failed.
struct Process(Child);

impl Process {
    fn spawn(command: &mut Command) -> std::io::Result<Process> {
        use std::os::unix::process::CommandExt;
        command.process_group(0).spawn().map(Process)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The built binary serving the committed corpus, with a throw-away index.
struct Server {
    _process: Process,
    base: String,
    _index: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let index = tempfile::tempdir().unwrap();
        let mut process = Process::spawn(
            Command::new(env!("CARGO_BIN_EXE_mvterms"))
                .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
                .arg(root().join("corpus"))
                .arg("--index")
                .arg(index.path())
                .env("RUST_LOG", "info")
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
        )
        .expect("the mvterms binary starts");
        let stderr = process.0.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the log to the end (the server keeps writing one line per request).
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(at) = line.find("on http://") {
                    let rest = &line[at + "on http://".len()..];
                    let addr: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect();
                    let _ = tx.send(addr);
                    sent = true;
                }
                if std::env::var_os("BROWSER_TEST_LOG").is_some() {
                    eprintln!("server: {line}");
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server says where it listens within 60 s");
        Server {
            _process: process,
            base: format!("http://{addr}"),
            _index: index,
        }
    }
}

/// ChromeDriver on a free port, answering `/status`.
struct Driver {
    _process: Process,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let process = Process::spawn(
            Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .expect("chromedriver starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not listen on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            _process: process,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// One test's browser: the server, the driver, a Chromium session with its own profile.
pub struct Browser {
    pub client: Client,
    base: String,
    axe: String,
    test: &'static str,
    shots: usize,
    // Dropped in this order: Chromium (with its driver) before its profile folder.
    _driver: Driver,
    _profile: tempfile::TempDir,
    _server: Server,
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

impl Browser {
    /// Starts everything for the test named `test` (screenshots are named after it).
    pub async fn start(test: &'static str) -> Browser {
        let serial = SERIAL.lock().await;
        let axe = axe_source();
        let chromium = program("CHROMIUM", "/usr/bin/chromium");
        let server = Server::start();
        let driver = Driver::start();
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("no Chromium session from chromedriver: {e}"));
        let browser = Browser {
            client,
            base: server.base.clone(),
            axe,
            test,
            shots: 0,
            _driver: driver,
            _profile: profile,
            _server: server,
            _serial: serial,
        };
        browser.resize(DESKTOP.0, DESKTOP.1).await;
        browser
    }

    /// The server's address, to build URLs.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens `path` and waits for the document.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    }

    /// The path and query of the page shown.
    pub async fn location(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element '{css}' on {}: {e}", self.url_shown_blocking()))
    }

    pub async fn find_all(&self, css: &str) -> Vec<fantoccini::elements::Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap()
    }

    fn url_shown_blocking(&self) -> &str {
        &self.base
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The text of the whole page.
    pub async fn text(&self) -> String {
        self.find("body").await.text().await.unwrap()
    }

    /// Waits until the page shown is at a path starting with `prefix`.
    pub async fn wait_for_location(&self, prefix: &str) -> String {
        let started = Instant::now();
        loop {
            let at = self.location().await;
            if at.starts_with(prefix) {
                // The new document is there: wait for it to be whole.
                self.client
                    .wait()
                    .at_most(Duration::from_secs(10))
                    .for_element(Locator::Css("body"))
                    .await
                    .unwrap();
                return at;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the browser did not reach {prefix} (still at {at})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
    }

    /// Saves a screenshot of the page as `target/screenshots/<test>-<n>-<name>.png`.
    pub async fn screenshot(&mut self, name: &str) -> PathBuf {
        self.shots += 1;
        // The whole page, not only the first screen: the window grows to the document's height
        // (bounded) for the picture.
        let (width, height) = self.client.get_window_size().await.unwrap();
        let full = self
            .js("return document.documentElement.scrollHeight;")
            .await
            .as_u64()
            .unwrap_or(height);
        let tall = full.clamp(height, 8000);
        if tall != height {
            self.resize(width as u32, tall as u32).await;
        }
        let png = self.client.screenshot().await.unwrap();
        if tall != height {
            self.resize(width as u32, height as u32).await;
        }
        let path = screenshots_dir().join(format!("{}-{:02}-{name}.png", self.test, self.shots));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Presses a key (down and up) where the focus is.
    pub async fn press(&self, key: Key) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.client.perform_actions(keys).await.unwrap();
    }

    /// Injects axe-core (through WebDriver, which the page's Content-Security-Policy does not
    /// govern) and runs it on the whole page; returns the serious and critical violations,
    /// readably.
    pub async fn axe_violations(&self) -> Vec<String> {
        self.client
            .execute(&self.axe, vec![])
            .await
            .expect("axe-core injected");
        let loaded = self.js("return typeof window.axe === 'object';").await;
        assert_eq!(
            loaded,
            json!(true),
            "axe-core did not load in the page (a CSP blocking injected scripts?)"
        );
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(JSON.stringify(r.violations)))
                   .catch(e => done(JSON.stringify({ error: String(e) })));",
                vec![],
            )
            .await
            .expect("axe-core ran");
        let text = result.as_str().expect("axe answers a JSON string");
        let parsed: Value = serde_json::from_str(text).unwrap();
        if let Some(error) = parsed.get("error") {
            panic!("axe-core failed in the page: {error}");
        }
        let mut out = Vec::new();
        for v in parsed.as_array().unwrap() {
            let impact = v["impact"].as_str().unwrap_or("");
            if impact != "serious" && impact != "critical" {
                continue;
            }
            let mut lines = format!(
                "{impact} [{}] {} ({})",
                v["id"].as_str().unwrap_or(""),
                v["help"].as_str().unwrap_or(""),
                v["helpUrl"].as_str().unwrap_or("")
            );
            for node in v["nodes"].as_array().into_iter().flatten().take(5) {
                lines.push_str(&format!(
                    "\n    at {}: {}",
                    node["target"],
                    node["failureSummary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', " ")
                ));
            }
            out.push(lines);
        }
        out
    }

    /// Whether the page scrolls sideways at the current window width: (viewport width, page
    /// width, the widest elements sticking out).
    pub async fn horizontal_overflow(&self) -> Option<(i64, i64, Value)> {
        let v = self
            .js(
                "const vw = document.documentElement.clientWidth;
                 const sw = document.documentElement.scrollWidth;
                 const out = [];
                 if (sw > vw) {
                   for (const el of document.body.querySelectorAll('*')) {
                     const r = el.getBoundingClientRect();
                     if (r.right > vw + 1) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' right=' + Math.round(r.right));
                     if (out.length >= 8) break;
                   }
                 }
                 return [vw, sw, out];",
            )
            .await;
        let (vw, sw) = (v[0].as_i64().unwrap(), v[1].as_i64().unwrap());
        (sw > vw).then(|| (vw, sw, v[2].clone()))
    }

    /// The checks every page state gets: a screenshot, axe-core, and at 320 px no sideways
    /// scroll (with a screenshot there too). Returns the problems found, readably.
    pub async fn check_page(&mut self, name: &str) -> Vec<String> {
        let at = self.location().await;
        let mut problems = Vec::new();
        self.screenshot(name).await;
        for v in self.axe_violations().await {
            problems.push(format!("{at}: axe: {v}"));
        }
        self.resize(NARROW, DESKTOP.1).await;
        let width = self.js("return window.innerWidth;").await;
        if let Some((vw, sw, culprits)) = self.horizontal_overflow().await {
            problems.push(format!(
                "{at}: at {NARROW} px (window.innerWidth {width}) the page is {sw} px wide for a {vw} px viewport: it scrolls sideways; sticking out: {culprits}"
            ));
        }
        self.screenshot(&format!("{name}-320px")).await;
        self.resize(DESKTOP.0, DESKTOP.1).await;
        problems
    }

    /// Ends the WebDriver session (the processes end when the value drops).
    pub async fn close(self) {
        let Browser { client, .. } = self;
        let _ = client.close().await;
    }
}

/// Fails with every problem found, one per line.
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s) in the browser:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
