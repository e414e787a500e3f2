"""Shared by bench/soak.py and bench/admission.py: start a release server on a free loopback
port, talk to it over keep-alive connections, read its memory, and the drafts they send."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build_release():
    log("cargo build --release")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "mvterms")


class Server:
    """`mvterms serve` on 127.0.0.1 and a port the kernel picks; stopped with SIGTERM."""

    def __init__(self, binary):
        self.dir = tempfile.TemporaryDirectory(prefix="mvterms-load-")
        self.log_path = os.path.join(self.dir.name, "serve.log")
        self.log = open(self.log_path, "w")
        env = dict(os.environ, RUST_LOG="info,tantivy=warn,mvterms::request=warn")
        self.proc = subprocess.Popen(
            [binary, "serve", "--addr", "127.0.0.1:0",
             "--corpus", os.path.join(ROOT, "corpus"),
             "--index", os.path.join(self.dir.name, "index")],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited at start: {open(self.log_path).read()}")
            m = re.search(r"on http://(127\.0\.0\.1:\d+)", open(self.log_path).read())
            if m:
                host, port = m.group(1).split(":")
                self.host, self.port = host, int(port)
                return
            time.sleep(0.05)
        raise SystemExit("the server did not start within 60 s")

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        """SIGTERM; returns the seconds the server took to exit."""
        started = time.monotonic()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        return time.monotonic() - started


class Client:
    """One keep-alive connection; reconnects when the server closed it (idle timeout)."""

    def __init__(self, server, timeout=60):
        self.server, self.timeout, self.conn = server, timeout, None

    def request(self, method, path, body=None, content_type=None):
        """Returns (status, headers dict, body bytes); status 0 for a connection error."""
        headers = {"Content-Type": content_type} if content_type else {}
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.server.host, self.server.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("connection", "").lower() == "close":
                    self.close()
                return r.status, {k.lower(): v for k, v in r.getheaders()}, data
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError, http.client.CannotSendRequest,
                    http.client.BadStatusLine) as err:
                # Closed by the server while idle: once more on a new connection.
                self.close()
                if attempt == 1:
                    return 0, {"error": repr(err)}, b""
            except (socket.timeout, OSError) as err:
                self.close()
                return 0, {"error": repr(err)}, b""
        return 0, {}, b""

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def queries():
    with open(os.path.join(ROOT, "bench", "queries.txt")) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def entry_ids():
    ids = []
    for collection in ("metaverse", "vocabulary"):
        d = os.path.join(ROOT, "corpus", collection)
        ids += sorted(name[:-5] for name in os.listdir(d) if name.endswith(".toml"))
    return ids


def ordinary_draft(i):
    """A small draft in the ITU style: clause 3 with a few definitions, some prose."""
    return (
        "1 Scope\n\nThis Recommendation describes metaverse services for users.\n\n"
        "3 Definitions\n\n3.1 Terms defined elsewhere\n\n"
        "3.1.1 avatar [b-ITU-T F.748.15]: A digital representation of a user.\n\n"
        "3.2 Terms defined in this Recommendation\n\n"
        f"3.2.1 metaverse service {i}: A service offering immersive, persistent virtual "
        "worlds where users interact in real time.\n\n"
        "3.2.2 digital twin: A virtual representation of a physical object.\n\n"
        "6 Requirements\n\nThe metaverse shall support avatars and real-time interaction "
        "between users in virtual worlds.\n"
    ).encode()


def adversarial_drafts(scale=1):
    """Drafts of the classes that made checks super-linear or memory-hungry (issue 14 F1–F3),
    at `scale` × their base size (base sizes of about 16–64 KB)."""
    n = scale
    return {
        "hyphen-run": ("3 Definitions\n3.1 a " + "a-" * (16000 * n) + "\n").encode(),
        "giant-word": ("3 Definitions\n3.1 a " + "a" * (64000 * n) + "\n").encode(),
        "combining-marks": ("3 Definitions\n3.1 a " + "a\u0301" * (16000 * n) + "\n").encode(),
        "zwj-run": ("3 Definitions\n3.1 a " + "a\u200d" * (16000 * n) + "\n").encode(),
        "cjk-run": ("3 Definitions\n3.1 a " + "\u8a9e" * (16000 * n) + "\n").encode(),
        "digit-run": ("3 Definitions\n3.1 a " + "7" * (64000 * n) + "\n").encode(),
        "many-definitions": ("3 Definitions\n" + "".join(
            f"3.1.{i} term{i}: a thing {i}\n" for i in range(1000 * n))).encode(),
        "short-lines": ("3 Definitions\n" + "x\n" * (20000 * n)).encode(),
    }


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
