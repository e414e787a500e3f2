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


WORST_HEAD = ("1 Scope\n\nThis Recommendation defines terms for metaverse services.\n\n"
              "3 Definitions\n\n3.1 avatar: a representation of a user in a virtual world.\n\n"
              "5 Body\n\n")
ORDINARY = ("a representation of the user in a virtual world that other users can see and "
            "interact with in real time through an immersive persistent shared space").split()

# The draft bounds of src/check/bounds.rs, and just under each.
MAX_WORD_CHARS, MAX_PARAGRAPH_BYTES, MAX_PARAGRAPHS, MAX_DEFINITIONS, MAX_TERM_WORDS = (
    10_000, 256 * 1024, 200_000, 10_000, 50)


def _within(size, head, piece):
    """`head` then `piece(i)` for i = 0, 1, … while the draft stays within `size` bytes."""
    out, total, i = [head], len(head.encode()), 0
    while True:
        p = piece(i)
        n = len(p.encode())
        if total + n > size:
            break
        out.append(p)
        total += n
        i += 1
    return "".join(out).encode()


def _paragraphs(size, unit):
    """Paragraphs of `unit` repeated, each just under max_paragraph_bytes (or smaller for a
    small `size`), filling `size`."""
    per = max(1, min(MAX_PARAGRAPH_BYTES - 1000, size // 2) // len(unit.encode()))
    para = unit * per + "\n\n"
    return _within(size, WORST_HEAD, lambda i: para)


def worst_case_drafts(size=1 << 20):
    """Drafts the check takes on (each just inside every bound of src/check/bounds.rs) and
    slowest to check, at about `size` bytes each (at most the API's 8 MiB): the classes of
    issue 14 F1–F3 cut down to what the bounds admit — hyphenated words, CJK, zero-width
    spaces, the longest words and combining-mark words in paragraphs just under
    max_paragraph_bytes; just under max_definitions, max_paragraphs and max_term_words."""
    size = min(size, 8 * 1024 * 1024)
    word = "a" * (MAX_WORD_CHARS - 1) + " "
    marks = "a" + "\u0301" * (MAX_WORD_CHARS - 2) + " "
    n_def = MAX_DEFINITIONS - 1
    def_len = max(20, size // n_def - 20)

    def definition(i):
        text = " ".join(ORDINARY[(i * 7 + k * k) % len(ORDINARY)] for k in range(def_len // 6))
        return "3.1.%d term %d: %s.\n" % (i + 2, i, text[:def_len])

    n_par = MAX_PARAGRAPHS - 1000
    par_len = max(2, size // n_par - 3)

    def paragraph(i):
        words = " ".join(ORDINARY[(i + k) % len(ORDINARY)] for k in range(par_len // 4 + 1))
        return words[:par_len].strip() + ".\n\n"

    term = "-".join(["real", "time"] * (MAX_TERM_WORDS // 2 - 1))  # 48 words, and the number
    return {
        "hyphen-paragraphs": _paragraphs(size, "real-time "),
        "cjk-paragraphs": _paragraphs(size, "\u8a9e"),
        "zwsp-paragraphs": _paragraphs(size, "a\u200b"),
        "longest-words": _paragraphs(size, word),
        "combining-words": _paragraphs(size, marks),
        "most-definitions": _within(size, WORST_HEAD.split("5 Body")[0], lambda i: definition(i) if i < n_def else "x"*size),
        "most-paragraphs": _within(size, WORST_HEAD, lambda i: paragraph(i) if i < n_par else "x"*size),
        "longest-terms": _within(size, WORST_HEAD.split("5 Body")[0],
                                 lambda i: "3.1.%d %s-%d: %s.\n" % (i + 2, term, i, " ".join(ORDINARY[:12]))
                                 if i < n_def else "x"*size),
    }


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def dump(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
